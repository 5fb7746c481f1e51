"""UPG case pages: the queue (filters, fixed query budget, bulk actions), the case page with its
step forms, the reporter's reply, confidential identity."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from sehati.cases import services as svc
from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.core.models import TimelineEvent

pytestmark = pytest.mark.django_db
ALL_OK = {f"check_{k}": "ok" for k in svc.CHECKLIST_KEYS}


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 10, 8, 3, 0, tzinfo=dt.UTC), tick=False):
        yield dt.date(2026, 10, 8)


def test_queue_shows_the_scope_and_filters(client, world, today) -> None:
    dinkes = submitted_report(world.users["pelapor"], giver_name="PT Dinkes Rekan")
    dukcapil = submitted_report(world.users["upg"], giver_name="CV Dukcapil Rekan")
    client.force_login(world.users["upg_pembantu"])  # dinkes only
    page = client.get(reverse("cases:case_list")).content.decode()
    assert dinkes.register_number in page and dukcapil.register_number not in page
    client.force_login(world.users["upg"])
    page = client.get(reverse("cases:case_list")).content.decode()
    assert dinkes.register_number in page and dukcapil.register_number in page
    page = client.get(reverse("cases:case_list"), {"q": "Dukcapil Rekan"}).content.decode()
    assert dinkes.register_number not in page and dukcapil.register_number in page
    page = client.get(reverse("cases:case_list"), {"handler": "central"}).content.decode()
    assert dinkes.register_number not in page and dukcapil.register_number in page
    page = client.get(
        reverse("cases:case_list"), {"value_min": "1.000.000", "status": ""}
    ).content.decode()
    assert "Tidak ada kasus" in page
    bad = client.get(reverse("cases:case_list"), {"value_min": "banyak", "status": "x"})
    assert bad.status_code == 200  # a bad filter is shown, never a 500


def test_overdue_cases_stand_out(client, world) -> None:
    report = submitted_report(
        world.users["pelapor"], received_on=dt.date(2026, 8, 3), submitted_on=dt.date(2026, 9, 10)
    )
    client.force_login(world.users["upg"])
    with time_machine.travel(dt.datetime(2026, 10, 8, 3, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("cases:case_list"), {"due": "overdue"}).content.decode()
    assert report.register_number in page and "table-danger" in page


@pytest.mark.parametrize("n", [3, 30])
def test_queue_runs_a_fixed_number_of_queries(
    client, world, today, n, django_assert_num_queries
) -> None:
    for i in range(n):
        submitted_report(world.users["pelapor"], giver_name=f"Pemberi {i}")
    client.force_login(world.users["upg"])
    client.get(reverse("cases:case_list"))  # warm per-process caches (calendar)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("cases:case_list"), {"status": "open"})
    assert response.status_code == 200
    assert response.content.decode().count('name="case"') == min(n, 25)


# session, user, grants, MFA, pemda, calendar overrides, count, notice badge, employee (nav),
# OPD filter count + list, the page of cases (reports, reporters, OPD, assignee joined)
QUEUE_QUERIES = 12


def test_case_page_and_steps_through_the_forms(client, world, today) -> None:
    report = submitted_report(world.users["pelapor"])
    case = report.case
    client.force_login(world.users["upg"])
    url = reverse("cases:case_detail", args=[case.pk])
    assert "Ambil untuk diverifikasi" in client.get(url).content.decode()
    client.post(reverse("cases:case_take", args=[case.pk]))
    bad = client.post(reverse("cases:case_verify", args=[case.pk]), {})
    assert bad.status_code == 200 and "Periksa isian" in bad.content.decode()
    client.post(
        reverse("cases:case_verify", args=[case.pk]),
        {**ALL_OK, "check_evidence": "missing", "missing_note": "Foto parsel"},
    )
    case.refresh_from_db()
    assert case.status == "incomplete"
    # The reporter sees the request and answers it.
    client.force_login(world.users["pelapor"])
    mine = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Foto parsel" in mine and "melengkapi" in mine
    client.post(reverse("cases:report_reply", args=[report.pk]), {"body": "Foto sudah diunggah."})
    assert case.messages.filter(from_reporter=True).count() == 1
    client.force_login(world.users["upg"])
    client.post(reverse("cases:case_verify", args=[case.pk]), ALL_OK)
    client.post(
        reverse("cases:case_analyse", args=[case.pk]),
        {"must_report": "1", "recommendation": "Dari rekanan: wajib lapor."},
    )
    future = client.post(
        reverse("cases:case_forward", args=[case.pk]),
        {"sent_on": "2026-10-20", "channel": "email"},
    )
    assert "sesudah hari ini" in future.content.decode()
    client.post(
        reverse("cases:case_forward", args=[case.pk]),
        {"sent_on": "2026-10-08", "channel": "gol", "gol_reference": "GOL-77"},
    )
    case.refresh_from_db()
    assert (case.status, case.gol_reference) == ("forwarded", "GOL-77")
    # The pembantu may not deal with KPK.
    client.force_login(world.users["upg_pembantu"])
    denied = client.post(
        reverse("cases:case_decision", args=[case.pk]),
        {
            "decision": "state",
            "sk_number": "1",
            "sk_date": "2026-10-08",
            "signatory_level": "direktur",
        },
    )
    assert denied.status_code == 403


def test_bulk_take_and_forward(client, world, today) -> None:
    cases = [submitted_report(world.users["pelapor"]).case for _ in range(2)]
    client.force_login(world.users["upg"])
    client.post(reverse("cases:case_bulk"), {"action": "take", "case": [c.pk for c in cases]})
    assert set(Case.objects.values_list("status", flat=True)) == {"verification"}
    for c in cases:
        svc.case_verify(
            case=c,
            actor=world.users["upg"],
            checklist=dict.fromkeys(svc.CHECKLIST_KEYS, "ok"),
            missing_note="",
            today=today,
        )
    svc.case_analyse(
        case=cases[0],
        actor=world.users["upg"],
        recommendation="x",
        must_report=True,
        override_reason="",
        today=today,
    )
    response = client.post(
        reverse("cases:case_bulk"),
        {
            "action": "forward",
            "case": [c.pk for c in cases],
            "sent_on": "2026-10-08",
            "channel": "gol",
            "gol_reference": "UNGGAH-1",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "1 kasus diproses" in text and cases[1].report.register_number in text  # refused one
    assert Case.objects.get(pk=cases[0].pk).status == "forwarded"
    assert Case.objects.get(pk=cases[1].pk).status == "complete"


def test_confidential_identity_is_hidden_and_each_view_is_logged(client, world, today) -> None:
    report = submitted_report(world.users["pelapor"], confidential=True)
    name = report.reporter.name
    client.force_login(world.users["upg"])
    page = client.get(reverse("cases:case_detail", args=[report.case.pk])).content.decode()
    assert name not in page and "Dirahasiakan" in page
    world.pemda.upg_head = world.users["upg"]
    world.pemda.save()
    page = client.get(reverse("cases:case_detail", args=[report.case.pk])).content.decode()
    assert name in page
    assert TimelineEvent.objects.filter(type="identity_viewed", subject_id=report.pk).count() == 1


def test_the_timeline_and_audit_log_do_not_name_a_confidential_reporter(
    client, world, today
) -> None:
    from sehati.reports.services import report_create, report_update_draft

    budi = world.users["pelapor"]
    draft, _new = report_create(
        actor=budi,
        data={
            "kind": "receipt",
            "received_on": dt.date(2026, 10, 1),
            "category": "other",
            "form": "goods",
            "value_idr": 500_000,
            "giver_name": "CV Rahasia",
            "giver_relation": "vendor",
            "description": "Jam",
            "place": "Kantor",
            "chronology": "Diberikan.",
        },
    )
    report_update_draft(report=draft, actor=budi, data={"confidential": True})
    from sehati.reports.services import report_submit

    report_submit(report=draft, actor=budi, today=today)
    name = budi.get_full_name() or budi.username
    labels = set(
        TimelineEvent.objects.filter(subject_id=draft.pk).values_list("actor_label", flat=True)
    )
    assert name not in labels and "Pelapor (dirahasiakan)" in labels
    client.force_login(world.users["inspektur"])
    audit = client.get(reverse("accounts:audit_list"), {"q": name}).content.decode()
    assert "CV Rahasia" not in audit and "Laporan dikirim" not in audit


def test_step_files_are_stored_with_the_step_or_not_at_all(
    client, world, today, private_media
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sehati.core.models import StoredFile
    from sehati.core.tests.samples import PDF_BYTES, PE_BYTES

    report = submitted_report(world.users["pelapor"])
    case = report.case
    upg = world.users["upg"]
    svc.case_verify(
        case=case,
        actor=upg,
        checklist=dict.fromkeys(svc.CHECKLIST_KEYS, "ok"),
        missing_note="",
        today=today,
    )
    svc.case_analyse(
        case=case, actor=upg, recommendation="x", must_report=True, override_reason="", today=today
    )
    svc.case_forward_to_kpk(
        case=case, actor=upg, sent_on=today, channel="email", gol_reference="", today=today
    )
    client.force_login(upg)
    decision = {
        "decision": "state",
        "sk_number": "SK-5",
        "sk_date": "2026-10-08",
        "signatory_level": "direktur",
    }
    bad = client.post(
        reverse("cases:case_decision", args=[case.pk]),
        {**decision, "attachments": SimpleUploadedFile("sk.pdf", PE_BYTES, "application/pdf")},
    )
    assert "bukan PDF" in bad.content.decode()
    case.refresh_from_db()
    assert case.status == "forwarded" and StoredFile.objects.count() == 0  # nothing written
    client.post(
        reverse("cases:case_decision", args=[case.pk]),
        {**decision, "attachments": SimpleUploadedFile("sk.pdf", PDF_BYTES, "application/pdf")},
    )
    case.refresh_from_db()
    assert case.status == "decided"
    sk = StoredFile.objects.get()
    assert (sk.purpose, sk.subject_id) == ("sk", report.pk)  # on the report: the reporter gets it
    client.force_login(world.users["pelapor"])
    download = client.get(reverse("core:file_download", args=[sk.public_id]))
    assert download.status_code == 200
    client.force_login(world.users["upg"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "sk.pdf" in page


@pytest.mark.parametrize("n", [2, 12])
def test_custody_ledger_runs_a_fixed_number_of_queries(
    client, world, today, n, django_assert_num_queries
) -> None:
    upg = world.users["upg"]
    for i in range(n):
        case = submitted_report(world.users["pelapor"]).case
        svc.custody_receive(
            case=case,
            actor=upg,
            description=f"Barang {i}",
            quantity=1,
            received_from="Budi",
            received_on=today,
            storage_location="Lemari",
            condition="Baik",
            today=today,
        )
    client.force_login(upg)
    client.get(reverse("cases:custody_list"))
    with django_assert_num_queries(CUSTODY_QUERIES):
        page = client.get(reverse("cases:custody_list"))
    assert page.content.decode().count("TTB/2026/") == n


CUSTODY_QUERIES = 9  # session, user, grants, MFA, pemda, notice badge, employee (nav), count, page


def test_exempt_gift_shows_its_exemption_on_the_case(client, world, today) -> None:
    report = submitted_report(
        world.users["pelapor"],
        received_on=dt.date(2026, 2, 10),
        submitted_on=dt.date(2026, 2, 11),
        category="ceremony",
        form="money",
        value_idr=1_200_000,
        giver_relation="other",
    )
    client.force_login(world.users["upg"])
    page = client.get(reverse("cases:case_detail", args=[report.case.pk])).content.decode()
    assert "tidak wajib lapor" in page and "dikecualikan" in page
