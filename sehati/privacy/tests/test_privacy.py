"""UU PDP duties (issue #9 point 3): retention with legal holds, data-subject requests with their
3 x 24-hour deadline, and the access report "who saw which person's data"."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sehati.accounts.services import token_create
from sehati.cases.models import Case
from sehati.cases.services import case_open, reporter_identity_viewed
from sehati.cases.tests.factories import submitted_report
from sehati.core.audit import audit_verify
from sehati.core.errors import ApplicationError
from sehati.core.models import TimelineEvent
from sehati.monitoring.models import Tip, TipMessage
from sehati.outreach.tests.events_helpers import attend, make_event
from sehati.privacy import services as svc
from sehati.privacy.models import DataSubjectRequest, LegalHold, RetentionDone
from sehati.privacy.selectors import access_events, access_rows
from sehati.reports.models import GiftReport

TODAY = dt.date(2036, 11, 24)


def _closed_report(world: Any, *, closed_on: dt.date, confidential: bool = False) -> GiftReport:
    report = submitted_report(
        world.users["pelapor"],
        reporter_nik="3201010101010001",
        reporter_address="Jl. Mawar 1",
        reporter_phone="08123456789",
        reporter_jabatan="Perawat",
        confidential=confidential,
    )
    case = getattr(report, "case", None) or case_open(
        report=report, actor=world.users["upg"], today=dt.date(2026, 10, 5)
    )
    Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    return GiftReport.objects.get(pk=report.pk)


def _closed_tip(world: Any, *, closed_on: dt.date, code: str = "a") -> Tip:
    tip = Tip.objects.create(
        pemda=world.pemda,
        receipt_code_hash=code * 64,
        description="Pungutan di loket",
        contact="warga@contoh.id",
        status=Tip.Status.CLOSED,
    )
    TipMessage.objects.create(pemda=world.pemda, tip=tip, from_tipster=True, body="Terima kasih")
    aware = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(12)))
    Tip.objects.filter(pk=tip.pk).update(updated_at=aware)
    return tip


def test_schedule_defaults_and_rules(world: Any) -> None:
    rows = {r.kind.key: r for r in svc.retention_schedule(world.pemda)}
    assert (rows["gift_report"].keep_years, rows["gift_report"].action) == (10, "anonymise")
    assert (rows["tip"].keep_years, rows["tip"].action) == (5, "anonymise")
    assert rows["outreach_participant"].keep_years == 2
    assert all(r.is_default for r in rows.values())
    admin = world.users["admin_pemda"]
    svc.retention_rule_set(
        pemda=world.pemda, actor=admin, record_type="tip", keep_years=3, action="delete"
    )
    rows = {r.kind.key: r for r in svc.retention_schedule(world.pemda)}
    assert (rows["tip"].keep_years, rows["tip"].action, rows["tip"].is_default) == (
        3,
        "delete",
        False,
    )
    # The other pemda keeps its defaults.
    assert {r.kind.key: r.keep_years for r in svc.retention_schedule(world.other_pemda)}["tip"] == 5
    for kwargs, code in [
        (
            {"record_type": "gift_report", "keep_years": 5, "action": "delete"},
            "privacy_retention_action",
        ),
        ({"record_type": "tip", "keep_years": 0, "action": "delete"}, "privacy_keep_years"),
        ({"record_type": "tip", "keep_years": 101, "action": "delete"}, "privacy_keep_years"),
        ({"record_type": "nope", "keep_years": 5, "action": "delete"}, "privacy_record_type"),
    ]:
        with pytest.raises(ApplicationError) as err:
            svc.retention_rule_set(pemda=world.pemda, actor=admin, **kwargs)
        assert err.value.code == code


def test_retention_anonymises_expired_reports_and_spares_held_ones(world: Any) -> None:
    admin = world.users["admin_pemda"]
    old = _closed_report(world, closed_on=dt.date(2026, 11, 24))  # 10 years before TODAY
    held = _closed_report(world, closed_on=dt.date(2026, 1, 5))
    recent = _closed_report(world, closed_on=dt.date(2026, 11, 25))  # one day short
    svc.legal_hold_place(
        pemda=world.pemda,
        actor=admin,
        record_type="gift_report",
        object_id=held.pk,
        reason="Perkara 12/2036",
    )
    expired = {e.row.kind.key: e for e in svc.retention_expired(world.pemda, TODAY)}
    assert expired["gift_report"].due == [old.pk]
    assert expired["gift_report"].held == [held.pk]

    run = svc.retention_run(pemda=world.pemda, today=TODAY)
    assert run.counts["gift_report"] == {"anonymised": 1, "deleted": 0, "held": 1}
    old.refresh_from_db()
    assert (old.reporter_nik, old.reporter_address, old.reporter_phone, old.reporter_jabatan) == (
        "",
        "",
        "",
        "",
    )
    # History rows lose the identity too; the report itself stays (a legal record).
    assert not GiftReport.history.filter(id=old.pk).exclude(reporter_nik="").exists()
    assert GiftReport.objects.filter(pk=old.pk).exists()
    for other in (held, recent):
        other.refresh_from_db()
        assert other.reporter_nik == "3201010101010001"
    assert TimelineEvent.objects.filter(type="retention_anonymised", subject_id=old.pk).count() == 1
    # Idempotent: the next day takes nothing again.
    again = svc.retention_run(pemda=world.pemda, today=TODAY + dt.timedelta(days=1))
    assert again.counts["gift_report"]["anonymised"] == 1  # `recent` expired overnight
    assert RetentionDone.objects.filter(record_type="gift_report").count() == 2

    # Released, the hold no longer protects the report.
    hold = LegalHold.objects.get(object_id=held.pk)
    with pytest.raises(ApplicationError):
        svc.legal_hold_release(hold=hold, actor=admin, reason=" ")
    svc.legal_hold_release(hold=hold, actor=admin, reason="Perkara selesai")
    with pytest.raises(ApplicationError) as err:
        svc.legal_hold_release(hold=hold, actor=admin, reason="lagi")
    assert err.value.code == "privacy_hold_released"
    svc.retention_run(pemda=world.pemda, today=TODAY)
    held.refresh_from_db()
    assert held.reporter_nik == ""
    assert audit_verify()[1] == []


def test_holds_are_checked(world: Any) -> None:
    admin = world.users["admin_pemda"]
    tip = _closed_tip(world, closed_on=dt.date(2030, 1, 1))
    with pytest.raises(ApplicationError) as err:
        svc.legal_hold_place(
            pemda=world.pemda, actor=admin, record_type="tip", object_id=tip.pk, reason=""
        )
    assert err.value.code == "privacy_reason_required"
    with pytest.raises(ApplicationError) as err:  # another pemda's tip is not found
        svc.legal_hold_place(
            pemda=world.other_pemda, actor=admin, record_type="tip", object_id=tip.pk, reason="x"
        )
    assert err.value.code == "privacy_record_not_found"
    svc.legal_hold_place(
        pemda=world.pemda, actor=admin, record_type="tip", object_id=tip.pk, reason="x"
    )
    with pytest.raises(ApplicationError) as err:
        svc.legal_hold_place(
            pemda=world.pemda, actor=admin, record_type="tip", object_id=tip.pk, reason="y"
        )
    assert err.value.code == "privacy_hold_active"


def test_tips_are_anonymised_or_deleted_as_set(world: Any) -> None:
    admin = world.users["admin_pemda"]
    first = _closed_tip(world, closed_on=dt.date(2031, 11, 24), code="a")
    second = _closed_tip(world, closed_on=dt.date(2031, 11, 24), code="b")
    open_tip = Tip.objects.create(
        pemda=world.pemda, receipt_code_hash="c" * 64, description="x", contact="08111"
    )
    Tip.objects.filter(pk=open_tip.pk).update(updated_at=timezone.now() - dt.timedelta(days=4000))
    run = svc.retention_run(pemda=world.pemda, today=TODAY)
    assert run.counts["tip"]["anonymised"] == 2
    first.refresh_from_db()
    assert first.contact == "" and first.description == "Pungutan di loket"
    open_tip.refresh_from_db()
    assert open_tip.contact == "08111"  # not closed: never expires

    svc.retention_rule_set(
        pemda=world.pemda, actor=admin, record_type="tip", keep_years=1, action="delete"
    )
    third = _closed_tip(world, closed_on=dt.date(2035, 1, 1), code="d")
    run = svc.retention_run(pemda=world.pemda, today=TODAY)
    assert run.counts["tip"]["deleted"] == 1  # the anonymised ones are done already
    assert not Tip.objects.filter(pk=third.pk).exists()
    assert not TipMessage.objects.filter(tip_id=third.pk).exists()
    assert Tip.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert TimelineEvent.objects.filter(type="retention_deleted", data__object_id=third.pk).exists()


def test_public_participants_are_anonymised_not_civil_servants(world: Any) -> None:
    event = make_event(world, held_on=dt.date(2026, 10, 1))
    public = attend(event, name="Warga Bernama")
    asn = attend(event, world.employees["colleague_dinkes"])
    svc.retention_run(pemda=world.pemda, today=dt.date(2028, 10, 1))
    public.refresh_from_db()
    asn.refresh_from_db()
    assert public.name == "Peserta (dianonimkan)" and public.contact == ""
    assert asn.name == world.employees["colleague_dinkes"].name
    assert event.participants.count() == 2  # attendance figures stay


def test_data_subject_request_deadline_is_72_hours(world: Any) -> None:
    admin = world.users["admin_pemda"]
    now = timezone.now()
    received = now - dt.timedelta(hours=80)
    dsr = svc.dsr_create(
        pemda=world.pemda,
        actor=admin,
        kind="access",
        subject_name="Budi",
        details="Minta salinan data saya",
        received_at=received,
        employee=world.employees["budi"],
    )
    assert dsr.due_at - dsr.received_at == dt.timedelta(hours=72)
    assert dsr.number.startswith(f"PDP-{timezone.localtime(received).year}-")
    second = svc.dsr_create(
        pemda=world.pemda,
        actor=admin,
        kind="correction",
        subject_name="Ani",
        details="x",
        received_at=now,
    )
    assert int(second.number[-4:]) == int(dsr.number[-4:]) + 1
    from sehati.privacy.selectors import dsr_hours_left, dsr_list, dsr_overdue

    assert dsr_overdue(dsr) and not dsr_overdue(second)
    assert 70 <= dsr_hours_left(second) <= 72
    assert list(dsr_list(world.pemda, status="overdue")) == [dsr]
    assert list(dsr_list(world.other_pemda)) == []
    for bad in (now + dt.timedelta(days=1), now - dt.timedelta(days=400)):
        with pytest.raises(ApplicationError):
            svc.dsr_create(
                pemda=world.pemda,
                actor=admin,
                kind="access",
                subject_name="X",
                details="x",
                received_at=bad,
            )
    with pytest.raises(ApplicationError):
        svc.dsr_close(request=dsr, actor=admin, status="done", response="  ")
    svc.dsr_close(request=dsr, actor=admin, status="done", response="Salinan dikirim.")
    with pytest.raises(ApplicationError) as err:
        svc.dsr_close(request=dsr, actor=admin, status="refused", response="x")
    assert err.value.code == "privacy_request_closed"
    event = TimelineEvent.objects.get(type="dsr_closed")
    assert event.data["late"] is True
    # The subject's name is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject_name FROM privacy_datasubjectrequest WHERE id = %s", [dsr.pk]
        )
        assert cursor.fetchone()[0].startswith("enc1:")


def test_access_report_names_who_saw_whose_data_and_keeps_confidentiality(world: Any) -> None:
    upg, admin = world.users["upg"], world.users["admin_pemda"]
    open_report = _closed_report(world, closed_on=dt.date(2030, 1, 1))
    secret = _closed_report(world, closed_on=dt.date(2030, 1, 1), confidential=True)
    reporter_identity_viewed(report=open_report, actor=upg)
    reporter_identity_viewed(report=secret, actor=upg)
    today = timezone.localdate()
    budi = world.employees["budi"]

    rows = access_rows(
        access_events(world.pemda, start=today, end=today, viewer=admin), viewer=admin
    )
    viewed = [r for r in rows if r["type"] == "identity_viewed"]
    assert len(viewed) == 2
    assert {r["actor"] for r in viewed} == {str(upg)} or all(r["actor"] for r in viewed)
    persons = sorted(r["person"] for r in viewed)
    assert persons == sorted([f"{budi.name} ({budi.nip})", "(pelapor dirahasiakan)"])

    # By person: every action on Budi's records, but not his confidential report for the admin.
    mine = access_events(world.pemda, start=today, end=today, viewer=admin, employee=budi)
    assert mine.filter(subject_id=open_report.pk, type="identity_viewed").exists()
    assert not mine.filter(subject_id=secret.pk).exists()
    # The head of the UPG sees both.
    world.pemda.upg_head = upg
    world.pemda.save()
    theirs = access_events(world.pemda, start=today, end=today, viewer=upg, employee=budi)
    assert theirs.filter(subject_id=secret.pk, type="identity_viewed").exists()
    # Another day, another pemda: nothing.
    assert not access_events(
        world.pemda,
        start=today - dt.timedelta(days=9),
        end=today - dt.timedelta(days=1),
        viewer=admin,
    ).exists()
    assert not access_events(world.other_pemda, start=today, end=today, viewer=admin).exists()


def _client(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_pages_for_the_admin(world: Any) -> None:
    client = _client(world, "admin_pemda")
    tip = _closed_tip(world, closed_on=dt.date(2015, 1, 1))
    page = client.get(reverse("privacy:index"))
    assert page.status_code == 200 and "Jadwal retensi" in page.content.decode()
    response = client.post(
        reverse("privacy:retention_rule", args=["tip"]),
        {"tip-keep_years": "7", "tip-action": "delete"},
    )
    assert response.status_code == 302
    assert {r.kind.key: r.keep_years for r in svc.retention_schedule(world.pemda)}["tip"] == 7
    # Bad input: a message, nothing saved, no 500.
    client.post(
        reverse("privacy:retention_rule", args=["tip"]),
        {"tip-keep_years": "x", "tip-action": "delete"},
    )
    assert {r.kind.key: r.keep_years for r in svc.retention_schedule(world.pemda)}["tip"] == 7
    assert client.post(reverse("privacy:retention_rule", args=["nope"]), {}).status_code == 404
    # Running needs the confirmation.
    client.post(reverse("privacy:retention_run"), {})
    assert Tip.objects.filter(pk=tip.pk).exists()
    client.post(reverse("privacy:retention_run"), {"confirm": "on"})
    assert not Tip.objects.filter(pk=tip.pk).exists()

    response = client.post(
        reverse("privacy:hold_list"), {"record_type": "tip", "object_id": "999999", "reason": "x"}
    )
    assert response.status_code == 422 and "tidak ada di pemda ini" in response.content.decode()
    empty = client.get(reverse("privacy:dsr_list"))
    assert "Belum ada permintaan subjek data" in empty.content.decode()
    response = client.post(
        reverse("privacy:dsr_create"),
        {
            "kind": "access",
            "subject_name": "Budi",
            "nip": world.employees["budi"].nip,
            "details": "Salinan data",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    dsr = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "privacy:dsr_detail", args=[dsr.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "sisa 7" in detail and "laporan akses</a>" in detail
    bad = client.post(reverse("privacy:dsr_create"), {"kind": "access", "nip": "1" * 18})
    assert bad.status_code == 422 and "Tidak ada pegawai dengan NIP itu" in bad.content.decode()
    assert DataSubjectRequest.objects.count() == 1
    report = client.get(
        reverse("privacy:access_report"), {"start": "2026-01-02", "end": "2026-01-01"}
    )
    assert (
        report.status_code == 422
        and "Tanggal akhir sebelum tanggal awal" in report.content.decode()
    )
    today = timezone.localdate().isoformat()
    report = client.get(
        reverse("privacy:access_report"), {"start": today, "end": today, "unduh": "xlsx"}
    )
    assert report.status_code == 200 and report["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    assert TimelineEvent.objects.filter(type="access_report_viewed").exists()


def test_pages_are_closed_to_others(world: Any) -> None:
    for persona in ("pelapor", "upg", "kepala_opd"):
        assert _client(world, persona).get(reverse("privacy:index")).status_code == 403
    inspektur = _client(world, "inspektur")
    assert inspektur.get(reverse("privacy:index")).status_code == 200
    assert inspektur.post(reverse("privacy:retention_run"), {"confirm": "on"}).status_code == 403


def test_api(world: Any) -> None:
    _row, raw = token_create(user=world.users["admin_pemda"], name="uji")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    listed = client.get("/api/v1/privacy/retention").json()
    assert [r["record_type"] for r in listed] == ["gift_report", "tip", "outreach_participant"]
    put = client.patch(
        "/api/v1/privacy/retention/tip",
        json.dumps({"keep_years": 4, "action": "delete"}),
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["keep_years"] == 4
    bad = client.patch(
        "/api/v1/privacy/retention/gift_report",
        json.dumps({"keep_years": 4, "action": "delete"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "privacy_retention_action"
    created = client.post(
        "/api/v1/privacy/requests",
        json.dumps(
            {
                "kind": "restriction",
                "subject_name": "Ani",
                "details": "Hentikan pemrosesan",
                "received_at": timezone.now().isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"].startswith("PDP-") and body["overdue"] is False
    closed = client.post(
        f"/api/v1/privacy/requests/{body['id']}/close",
        json.dumps({"status": "done", "response": "Dibatasi.", "confirm": True}),
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "done"
    today = timezone.localdate().isoformat()
    report = client.get("/api/v1/privacy/access-report", {"start": today, "end": today})
    assert report.status_code == 200
    long = client.get("/api/v1/privacy/access-report", {"start": "2020-01-01", "end": "2026-01-01"})
    assert long.status_code == 422
    naive = client.post(
        "/api/v1/privacy/requests",
        json.dumps(
            {
                "kind": "access",
                "subject_name": "Ani",
                "details": "x",
                "received_at": timezone.localtime().replace(tzinfo=None).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert naive.status_code == 201, naive.content
    soon = timezone.localdate() + dt.timedelta(days=10)
    for start, end in [("0001-01-01", "0001-01-01"), (soon.isoformat(), soon.isoformat())]:
        odd = client.get("/api/v1/privacy/access-report/xlsx", {"start": start, "end": end})
        assert odd.status_code == 422 and odd.json()["code"] == "privacy_period"
