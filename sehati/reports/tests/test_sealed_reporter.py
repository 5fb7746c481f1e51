"""Issue #9 acceptance, point 1: a copy of the database read without the key does not link a
confidential report to its reporter (docs/adr/0003-sealed-confidential-reporter.md).

A confidential report goes the whole way a reporter takes it: a draft that becomes
confidential, evidence, a UP3 finding about the reporter, submission, a request for documents, a
message each way, reminders; then the reporter's declaration refers to it and a sanction case
about the reporter lists it. Every table is then read with plain SQL (as from a stolen dump, no
key), the rows that belong to the report are collected (by foreign key, by timeline subject, by
register number or link in text), and none of them may hold the reporter: not their employee id
or account id in a column that refers to one, nor their name, NIP, username or e-mail in text,
nor a reference to a row that does (a declaration, a sanction case, a finding). The same journey
with a report that is not confidential must be found by the same scan (the scan can fail).
With the key, the application still knows the reporter."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from sehati.accounts.models import User
from sehati.accounts.policies import Action, report_scope_for
from sehati.cases import services as case_svc
from sehati.cases.models import Case
from sehati.core.crypto import DecryptionError, decrypt, key_ring, new_key_line
from sehati.core.tests.samples import PNG_BYTES
from sehati.declarations.models import Declaration
from sehati.declarations.services import declaration_answer
from sehati.declarations.tests.helpers import open_period as declaration_period_open
from sehati.monitoring.models import Finding
from sehati.notifications.models import Notice
from sehati.notifications.reminders import reminders_send
from sehati.org.models import Employee
from sehati.reports.models import GiftReport, reporter_is
from sehati.reports.services import (
    report_create,
    report_evidence_attach,
    report_submit,
    report_update_draft,
)
from sehati.sanctions.examination import GiftData, sanction_case_open_with_gifts
from sehati.sanctions.models import SanctionCase

pytestmark = pytest.mark.django_db

D = dt.date
DATA = {
    "kind": "receipt",
    "received_on": D(2026, 10, 1),
    "category": "other",
    "form": "goods",
    "value_idr": 750_000,
    "giver_name": "PT Contoh Jaya",
    "giver_relation": "vendor",
    "description": "Parsel",
    "place": "Kantor",
    "chronology": "Diantar kurir ke kantor.",
}
ALL_OK = dict.fromkeys(case_svc.CHECKLIST_KEYS, "ok")


def declare(world: Any, *, answer: str, **kwargs: Any) -> Declaration:
    """Budi answers a declaration period opened for the whole pemda."""
    period = declaration_period_open(world)
    declaration = Declaration.objects.get(period=period, employee=world.employees["budi"])
    declaration_answer(
        declaration=declaration,
        actor=world.users["pelapor"],
        answer=answer,
        today=D(2026, 11, 23),
        now=timezone.now(),
        **kwargs,
    )
    declaration.refresh_from_db()
    return declaration


def journey(world: Any, *, confidential: bool, capture: Any) -> GiftReport:
    """What a reporter and the UPG do with one report, through the services."""
    budi, upg = world.users["pelapor"], world.users["upg"]
    finding = Finding.objects.create(
        pemda=world.pemda,
        number="TMU/2026/0007",
        source=Finding.Source.VISIT,
        category=Finding.Category.GRATIFICATION,
        severity="tinggi",
        opd=world.dinkes,
        employee=world.employees["budi"],
        observed_on=D(2026, 10, 2),
        description="Parsel di meja pegawai.",
        sent_on=D(2026, 10, 2),
        followup_due=D(2026, 10, 9),
    )
    with capture(execute=True):
        draft, _created = report_create(actor=budi, data=DATA, idempotency_key="kunci-1")
        draft = report_update_draft(
            report=draft, actor=budi, data={"confidential": confidential, "place": "Rumah"}
        )
        report_evidence_attach(
            report=draft, actor=budi, upload=SimpleUploadedFile("foto.png", PNG_BYTES)
        )
        report = report_submit(report=draft, actor=budi, today=D(2026, 10, 5)).report
        case = Case.objects.get(report=report)
        case_svc.case_verify(
            case=case,
            actor=upg,
            checklist={**ALL_OK, "evidence": "missing"},
            missing_note="Foto parsel dari dekat",
            today=D(2026, 10, 6),
            after_finding=True,
            finding_reference=finding.number,
        )
        case.refresh_from_db()
        case_svc.case_message_send(case=case, actor=budi, body="Foto menyusul besok.")
        case_svc.case_message_send(case=case, actor=upg, body="Baik, kami tunggu.")
    for day in range(7, 31):
        with capture(execute=True):
            reminders_send(today=D(2026, 10, day), pemda=world.pemda)
    with capture(execute=True):
        declare(world, answer=Declaration.Answer.REPORTED, report_ids=[report.pk])
        sanction_case_open_with_gifts(
            pemda=world.pemda,
            actor=world.users["inspektur"],
            employee=world.employees["budi"],
            source=SanctionCase.Source.MANUAL,
            description="Pemeriksaan atas temuan.",
            today=D(2026, 11, 23),
            gifts=[GiftData(description="Parsel", value_idr=750_000, report_id=report.pk)],
        )
    report = GiftReport.objects.get(pk=report.pk)
    assert report.after_finding and report.finding_reference == finding.number
    return report


@dataclass
class Leak:
    table: str
    column: str
    value: Any


def _targets() -> dict[str, type[models.Model]]:
    return {"report": GiftReport, "case": Case, "employee": Employee, "user": User}


def _fk_kind(field: models.Field[Any, Any]) -> str | None:
    """Which of report/case/employee/user a column refers to (history copies included)."""
    remote = getattr(field, "related_model", None)
    if not field.is_relation or remote is None or isinstance(remote, str):
        return None
    for kind, model in _targets().items():
        if remote is model or remote._meta.concrete_model is model:
            return kind
    return None


def scan(report: GiftReport, reporter: Employee, account: User) -> tuple[int, list[Leak]]:
    """Read every table raw; of the rows that belong to `report`, those that name `reporter`.
    Returns (rows that belong to the report, leaks)."""
    case = Case.objects.get(report=report)
    ids = {"report": report.pk, "case": case.pk}
    subject_types = {
        ContentType.objects.get_for_model(GiftReport).pk: report.pk,
        ContentType.objects.get_for_model(Case).pk: case.pk,
    }
    markers = [report.register_number, f"/laporan/{report.pk}/", f"/kasus/{case.pk}/"]
    markers.append(f"case:{case.pk}")
    names = [reporter.name, reporter.nip, account.username]
    if account.email:
        names.append(account.email)
    linked = 0
    leaks: list[Leak] = []
    tables = _dump()
    for table, (model, rows) in tables.items():
        fields = {f.column: f for f in model._meta.concrete_fields}
        own = model._meta.concrete_model in (GiftReport, Case) or (
            table == GiftReport.history.model._meta.db_table
        )
        for values in rows:
            belongs = own and values.get("id") == (
                report.pk if table != Case._meta.db_table else case.pk
            )
            for column, value in values.items():
                field = fields.get(column)
                kind = _fk_kind(field) if field is not None else None
                if kind in ids and value == ids[kind]:
                    belongs = True
                if isinstance(value, str) and any(m and m in value for m in markers):
                    belongs = True
            subject = values.get("subject_type_id"), values.get("subject_id")
            if subject[0] in subject_types and subject_types[subject[0]] == subject[1]:
                belongs = True
            if not belongs:
                continue
            linked += 1
            for column, value in values.items():
                field = fields.get(column)
                kind = _fk_kind(field) if field is not None else None
                if (
                    (kind == "employee" and value == reporter.pk)
                    or ((kind == "user" or column == "actor_ref") and value == account.pk)
                    or (isinstance(value, str) and any(n and n in value for n in names))
                ):
                    leaks.append(Leak(table, column, value))
                elif kind is None and field is not None and field.is_relation and value:
                    # One step further: the row this one refers to must not name the reporter.
                    target = _row(tables, field.related_model, value)
                    if target is not None and _names(target, reporter, account):
                        leaks.append(Leak(table, column, value))
    return linked, leaks


def _dump() -> dict[str, tuple[type[models.Model], list[dict[str, Any]]]]:
    """Every table, read with plain SQL: what a copy of the database shows without the key."""
    out: dict[str, tuple[type[models.Model], list[dict[str, Any]]]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in out or not model._meta.managed:
            continue
        with connection.cursor() as cur:
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cur.description]
            out[table] = (model, [dict(zip(columns, r, strict=True)) for r in cur.fetchall()])
    return out


def _row(tables: Any, model: Any, pk: Any) -> tuple[Any, dict[str, Any]] | None:
    entry = tables.get(model._meta.db_table)
    if entry is None:
        return None
    column = model._meta.pk.column
    for values in entry[1]:
        if values.get(column) == pk:
            return model, values
    return None


def _names(target: tuple[Any, dict[str, Any]], reporter: Employee, account: User) -> bool:
    """Whether a row is the reporter, or refers to them (their employee record or account)."""
    model, values = target
    concrete = model._meta.concrete_model
    if concrete is Employee and values.get("id") == reporter.pk:
        return True
    if concrete is User and values.get("id") == account.pk:
        return True
    for f in model._meta.concrete_fields:
        kind = _fk_kind(f)
        value = values.get(f.column)
        if (kind == "employee" and value == reporter.pk) or (
            kind == "user" and value == account.pk
        ):
            return True
    return False


def test_a_confidential_report_is_not_linked_to_its_reporter_without_the_key(
    world, private_media, django_capture_on_commit_callbacks
) -> None:
    report = journey(world, confidential=True, capture=django_capture_on_commit_callbacks)
    budi, account = world.employees["budi"], world.users["pelapor"]
    assert Notice.objects.filter(user=account).exists()  # the reporter was notified…
    assert GiftReport.objects.filter(pk=report.pk, reporter__isnull=True).exists()
    linked, leaks = scan(report, budi, account)
    assert linked > 20  # report, versions, items, case, messages, events, files, reminders…
    assert leaks == []


def test_the_scan_finds_the_reporter_of_a_report_that_is_not_confidential(
    world, private_media, django_capture_on_commit_callbacks
) -> None:
    report = journey(world, confidential=False, capture=django_capture_on_commit_callbacks)
    _linked, leaks = scan(report, world.employees["budi"], world.users["pelapor"])
    # Every channel the confidential journey must close is seen open here: the report and its
    # versions, the reporter's name on events, notices and reminder logs addressed to them (with
    # a link to the report), the declaration and the sanction case one step away.
    assert {leak.table for leak in leaks} >= {
        "reports_giftreport",
        "reports_historicalgiftreport",
        "core_timelineevent",
        "notifications_notice",
        "notifications_reminderlog",
        "declarations_declaration_reports",
        "sanctions_sanctiongift",
    }


def test_with_the_key_the_application_still_knows_the_reporter(
    world, private_media, django_capture_on_commit_callbacks
) -> None:
    report = journey(world, confidential=True, capture=django_capture_on_commit_callbacks)
    budi, account = world.employees["budi"], world.users["pelapor"]
    assert report.reporter == budi and report.reporter_id == budi.pk
    assert report.created_by == account
    loaded = GiftReport.objects.select_related("reporter", "created_by").get(pk=report.pk)
    assert loaded.reporter == budi and loaded.created_by == account
    # The reporter's own list, and the blind index lookup, find it; nobody else's does.
    assert report in report_scope_for(account, Action.REPORT_VIEW)
    assert GiftReport.objects.filter(reporter_is(budi.pk), pk=report.pk).exists()
    colleague = world.employees["colleague_dinkes"]
    assert not GiftReport.objects.filter(reporter_is(colleague.pk), pk=report.pk).exists()
    # The same idempotency key again answers with the same report.
    again, created = report_create(actor=account, data=DATA, idempotency_key="kunci-1")
    assert (again.pk, created) == (report.pk, False)
    # The reporter's notices name no report and do not link to it.
    for notice in Notice.objects.filter(user=account):
        assert report.register_number not in notice.title + notice.body
        assert f"/laporan/{report.pk}/" not in notice.url and "/kasus/" not in notice.url
    # The messages and the case keep working for the UPG.
    case = Case.objects.get(report=report)
    assert case.messages.filter(from_reporter=True, author=None).count() == 1


def test_a_sealed_reporter_cannot_be_read_with_another_key(world, settings) -> None:
    budi = world.users["pelapor"]
    report, _created = report_create(actor=budi, data={**DATA, "confidential": True})
    with connection.cursor() as cur:
        cur.execute("SELECT reporter_sealed FROM reports_giftreport WHERE id = %s", [report.pk])
        token = cur.fetchone()[0]
    assert token.startswith("enc1:")
    aad = "reports.giftreport.reporter_sealed"
    assert decrypt(token, aad=aad) == f"{budi.employee_id}:{budi.pk}"
    kid, b64 = new_key_line()
    settings.SEHATI_FIELD_KEYS = f"{kid}:{b64}"
    key_ring.cache_clear()
    try:
        with pytest.raises(DecryptionError):
            decrypt(token, aad=aad)
    finally:
        key_ring.cache_clear()


def test_key_rotation_keeps_the_reporter_found(world, settings) -> None:
    budi = world.users["pelapor"]
    report, _created = report_create(actor=budi, data={**DATA, "confidential": True})
    old_ref = GiftReport.objects.values_list("reporter_ref", flat=True).get(pk=report.pk)
    kid, b64 = new_key_line()
    ring = key_ring()
    settings.SEHATI_FIELD_KEYS = ",".join(
        [f"{kid}:{b64}"] + [f"{k}:{base64.b64encode(v).decode()}" for k, v in ring.keys]
    )
    key_ring.cache_clear()
    try:
        # Before the rewrite the old index is still found through the older key in the ring.
        assert (
            GiftReport.objects.filter(reporter_is(budi.employee_id)).filter(pk=report.pk).exists()
        )
        call_command("field_keys", "reencrypt", stdout=io.StringIO())
        new_ref = GiftReport.objects.values_list("reporter_ref", flat=True).get(pk=report.pk)
        assert new_ref != old_ref
        assert GiftReport.objects.get(pk=report.pk).reporter_id == budi.employee_id
        assert GiftReport.objects.filter(reporter_is(budi.employee_id), pk=report.pk).exists()
    finally:
        key_ring.cache_clear()


def test_a_declared_gifts_draft_made_confidential_leaves_the_declaration(world) -> None:
    budi = world.users["pelapor"]
    gift = {
        "description": "Parsel buah",
        "received_on": D(2026, 11, 10),
        "giver_name": "PT Contoh",
        "value_idr": 400_000,
    }
    declaration = declare(world, answer=Declaration.Answer.UNREPORTED, gifts=[gift])
    gift = declaration.gifts.get()
    assert gift.report is not None
    report_update_draft(report=gift.report, actor=budi, data={"confidential": True})
    gift.refresh_from_db()
    assert gift.report is None  # the draft is still budi's, the declaration no longer says so
    assert GiftReport.objects.filter(reporter_is(budi.employee_id), confidential=True).count() == 1


def test_the_declaration_page_shows_a_confidential_report_only_to_identity_viewers(
    world, django_capture_on_commit_callbacks
) -> None:
    from django.test import Client
    from django.urls import reverse

    budi, upg = world.users["pelapor"], world.users["upg"]
    report, _created = report_create(actor=budi, data={**DATA, "confidential": True})
    report = report_submit(report=report, actor=budi, today=D(2026, 10, 5)).report
    declaration = declare(world, answer=Declaration.Answer.REPORTED, report_ids=[report.pk])
    assert declaration.reports.count() == 0 and declaration.linked_report_ids() == [report.pk]
    url = reverse("declarations:declaration_detail", kwargs={"declaration_id": declaration.pk})
    client = Client()
    client.force_login(upg)
    page = client.get(url).content.decode()
    assert report.register_number not in page and "1 laporan rahasia" in page
    world.pemda.upg_head = upg
    world.pemda.save(update_fields=["upg_head"])
    page = client.get(url).content.decode()
    assert report.register_number in page
    # The reporter's own answer page still ticks it.
    mine = Client()
    mine.force_login(budi)
    answer_url = reverse("declarations:answer", kwargs={"declaration_id": declaration.pk})
    assert (
        f'value="{report.pk}" id="report-{report.pk}" checked'
        in mine.get(answer_url).content.decode()
    )


def test_a_sealed_reporter_is_protected_from_deletion_as_a_linked_one_is(world) -> None:
    budi = world.users["pelapor"]
    report_create(actor=budi, data={**DATA, "confidential": True})
    with pytest.raises(models.ProtectedError), transaction.atomic():
        world.employees["budi"].delete()
    with pytest.raises(models.ProtectedError), transaction.atomic():
        budi.delete()
    assert Employee.objects.filter(pk=world.employees["budi"].pk).exists()
