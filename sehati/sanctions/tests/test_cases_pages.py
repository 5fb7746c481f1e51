"""Sanction case pages and API (issue #6 points 2, 4, 5): opening from a UP3 finding, the
decision's confirmation step showing the deduction, the civil servant's own view (no internal
minutes, never another's case) and appeal, letters as PDF, and the API operations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sehati.accounts.services import token_create
from sehati.core.tests.samples import PNG_BYTES
from sehati.sanctions import examination as ex
from sehati.sanctions.models import SanctionAppeal, SanctionCase, TppDeduction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _on_the_day(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='uji')[1]}")


def case_about(world: Any, key: str, **kw: Any) -> SanctionCase:
    employee = world.employees[key]
    employee.tpp_monthly_idr = 4_000_000
    employee.save()
    return ex.sanction_case_open_with_gifts(
        pemda=employee.pemda,
        actor=world.users["inspektur"],
        employee=employee,
        source="manual",
        description="Menerima uang dan tidak melapor.",
        today=TODAY,
        **kw,
    )


def test_open_from_a_finding_then_examine_and_decide_with_confirmation(world: Any) -> None:
    from sehati.monitoring.models import Finding

    employee = world.employees["colleague_dinkes"]
    employee.tpp_monthly_idr = 4_000_000
    employee.save()
    finding = Finding.objects.create(
        pemda=world.pemda,
        number="TMU/2026/0007",
        source="lainnya",
        category="pungli",
        severity="sedang",
        opd=world.dinkes,
        observed_on=dt.date(2026, 3, 2),
        description="Petugas meminta uang pelicin.",
        gift_description="Uang Rp300.000",
        sent_on=dt.date(2026, 3, 2),
        followup_due=dt.date(2026, 3, 20),
        employee=employee,
    )
    upg = login(world.users["upg"])
    page = upg.get(reverse("monitoring:finding_detail", args=[finding.pk])).content.decode()
    assert f"{reverse('sanctions:case_open')}?finding={finding.pk}" in page
    form = upg.get(reverse("sanctions:case_open"), {"finding": finding.pk}).content.decode()
    assert employee.name in form and "TMU/2026/0007" in form and "Uang Rp300.000" in form
    response = upg.post(
        reverse("sanctions:case_open"),
        {
            "employee": employee.pk,
            "finding": finding.pk,
            "source": "up3",
            "source_reference": "TMU/2026/0007",
            "description": "Petugas meminta uang pelicin.",
            "gift_description": "Uang Rp300.000",
            "gift_received_on": "2026-03-02",
            "gift_value_idr": "300000",
        },
    )
    case = SanctionCase.objects.get()
    assert response.status_code == 302 and case.finding == finding
    assert case.gifts.get().value_idr == 300_000
    # The UPG opens; only the Inspektorat examines and decides.
    assert upg.get(reverse("sanctions:case_decide", args=[case.pk])).status_code == 403
    insp = login(world.users["inspektur"])
    response = insp.post(
        reverse("sanctions:case_step_add", args=[case.pk]),
        {
            "kind": "summons",
            "occurred_on": "2026-03-18",
            "at_time": "09:00",
            "place": "Inspektorat",
            "purpose": "Klarifikasi",
            "letter_number": "700/3",
        },
    )
    assert response.status_code == 302
    response = insp.post(
        reverse("sanctions:case_evidence", args=[case.pk]),
        {"file": SimpleUploadedFile("bukti.png", PNG_BYTES, "image/png"), "note": "Foto"},
    )
    assert response.status_code == 302
    data = {
        "decision": "not_reported",
        "decision_number": "700/9/INSP",
        "decided_on": "2026-03-16",
    }
    confirm = insp.post(reverse("sanctions:case_decide", args=[case.pk]), data)
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Rp2.000.000" in text and "2026-03" in text
    case.refresh_from_db()
    assert case.status == "open"  # nothing written before the confirmation
    done = insp.post(reverse("sanctions:case_decide", args=[case.pk]), {**data, "confirm": "1"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.decision == "not_reported"
    assert TppDeduction.objects.get(case=case).deduction_idr == 2_000_000
    detail = insp.get(reverse("sanctions:case_detail", args=[case.pk])).content.decode()
    assert "bukti.png" in detail and "Rp2.000.000" in detail
    pdf = insp.get(reverse("sanctions:case_decision_pdf", args=[case.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pdf = insp.get(reverse("sanctions:case_summons_pdf", args=[case.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_civil_servant_sees_only_their_own_case_without_internal_minutes(
    world: Any,
) -> None:
    own = case_about(world, "budi")
    colleague = case_about(world, "colleague_dinkes")
    ex.sanction_step_add(
        case=own,
        actor=world.users["inspektur"],
        data=ex.StepData(kind="clarification", occurred_on=TODAY, text="NOTULA-RAHASIA"),
        today=TODAY,
    )
    budi = login(world.users["pelapor"])
    listing = budi.get(reverse("sanctions:case_list")).content.decode()
    assert "Sanksi saya" in listing
    assert f"#{own.pk}" in listing and f"#{colleague.pk}<" not in listing
    page = budi.get(reverse("sanctions:case_detail", args=[own.pk])).content.decode()
    assert "NOTULA-RAHASIA" not in page
    assert budi.get(reverse("sanctions:case_detail", args=[colleague.pk])).status_code == 404
    assert budi.get(reverse("sanctions:case_decision_pdf", args=[colleague.pk])).status_code == 404
    body = api(world.users["pelapor"]).get("/api/v1/sanction-cases").json()
    assert [c["id"] for c in body["items"]] == [own.pk]
    detail = api(world.users["pelapor"]).get(f"/api/v1/sanction-cases/{own.pk}").json()
    assert detail["steps"] == []  # the clarification is internal
    assert (
        api(world.users["pelapor"]).get(f"/api/v1/sanction-cases/{colleague.pk}").status_code == 404
    )
    # An empty "Sanksi saya" for someone without a case.
    empty = login(world.users["upg_pembantu"]).get(reverse("sanctions:case_list")).content.decode()
    assert "Tidak ada kasus sanksi tentang Anda." in empty


def test_the_civil_servant_appeals_and_the_inspektorat_records_the_outcome(world: Any) -> None:
    own = case_about(world, "budi")
    from sehati.sanctions.services import sanction_decide

    sanction_decide(
        case=own,
        actor=world.users["inspektur"],
        decision="not_reported",
        decision_number="700/9",
        decided_on=TODAY,
        today=TODAY,
    )
    budi = login(world.users["pelapor"])
    page = budi.get(reverse("sanctions:case_detail", args=[own.pk])).content.decode()
    assert reverse("sanctions:case_appeal", args=[own.pk]) in page
    response = budi.post(
        reverse("sanctions:case_appeal", args=[own.pk]),
        {
            "grounds": "Saya sudah melapor ke UPG pembantu.",
            "file": SimpleUploadedFile("s.png", PNG_BYTES, "image/png"),
        },
    )
    assert response.status_code == 302
    appeal = SanctionAppeal.objects.get()
    assert appeal.status == "pending" and appeal.filed_on == TODAY
    insp = login(world.users["inspektur"])
    response = insp.post(
        reverse("sanctions:case_appeal_outcome", args=[own.pk]),
        {"outcome": "changed", "decision_number": "700/10", "decided_on": "2026-03-16"},
    )
    assert (
        response.status_code == 200
        and "Isi persen potongan yang baru." in response.content.decode()
    )
    response = insp.post(
        reverse("sanctions:case_appeal_outcome", args=[own.pk]),
        {"outcome": "cancelled", "decision_number": "700/10", "decided_on": "2026-03-16"},
    )
    assert response.status_code == 302
    assert not TppDeduction.objects.filter(case=own).exists()  # March not processed: rewritten


def test_letter_templates_page_saves_and_refuses_unknown_placeholders(world: Any) -> None:
    insp = login(world.users["inspektur"])
    page = insp.get(reverse("sanctions:letter_templates")).content.decode()
    assert "{hari_tanggal}" in page and "naskah bawaan" in page
    bad = insp.post(
        reverse("sanctions:letter_templates"),
        {
            "code": "sanksi-panggilan",
            "sanksi-panggilan-subject": "P",
            "sanksi-panggilan-body": "{nomor_kasus} {salah}",
        },
    )
    assert bad.status_code == 200 and "{salah}" in bad.content.decode()
    ok = insp.post(
        reverse("sanctions:letter_templates"),
        {
            "code": "sanksi-panggilan",
            "sanksi-panggilan-subject": "Panggilan",
            "sanksi-panggilan-body": "Yth. {nama_pegawai}",
        },
    )
    assert ok.status_code == 302
    assert login(world.users["upg"]).get(reverse("sanctions:letter_templates")).status_code == 403


def test_api_operations(world: Any, private_media: Any) -> None:
    insp = api(world.users["inspektur"])
    employee = world.employees["budi"]
    employee.tpp_monthly_idr = 4_000_000
    employee.save()
    response = insp.post(
        "/api/v1/sanction-cases",
        {
            "employee_id": employee.pk,
            "source": "kpk",
            "source_reference": "R-12/KPK",
            "description": "Surat KPK tentang pemberian yang tidak dilaporkan.",
            "gifts": [{"description": "Jam tangan", "value_idr": 2_500_000}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    url = f"/api/v1/sanction-cases/{case_id}"
    assert (
        insp.post(
            f"{url}/steps",
            {"kind": "note", "occurred_on": "2026-03-16", "text": "Cek"},
            content_type="application/json",
        ).status_code
        == 201
    )
    files = insp.post(f"{url}/files", {"file": SimpleUploadedFile("b.png", PNG_BYTES, "image/png")})
    assert files.status_code == 201 and files.json()[0]["purpose"] == "sanction_evidence"
    preview = insp.get(f"{url}/deduction-preview", {"decided_on": "2026-03-16"}).json()
    assert preview["rule"]["percent"] == 50
    decided = insp.post(
        f"{url}/decide",
        {"decision": "not_reported", "decision_number": "700/1", "decided_on": "2026-03-16"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert (
        insp.post(
            f"{url}/decide",
            {"decision": "not_proven", "decision_number": "x", "decided_on": "2026-03-16"},
            content_type="application/json",
        ).status_code
        == 409
    )
    budi = api(world.users["pelapor"])
    filed = budi.post(f"{url}/appeals", {"grounds": "Keberatan"}, content_type="application/json")
    assert filed.status_code == 201 and filed.json()["appeals"][0]["status"] == "pending"
    attached = budi.post(
        f"{url}/appeal/files", {"file": SimpleUploadedFile("a.png", PNG_BYTES, "image/png")}
    )
    assert attached.status_code == 201
    outcome = insp.post(
        f"{url}/appeal-outcome",
        {
            "outcome": "changed",
            "percent": 25,
            "decision_number": "700/2",
            "decided_on": "2026-03-16",
        },
        content_type="application/json",
    )
    assert (
        outcome.status_code == 200 and outcome.json()["deductions"][0]["deduction_idr"] == 1_000_000
    )
    wrong = insp.post(
        f"{url}/discipline",
        {
            "tier": "berat",
            "penalty": "teguran_lisan",
            "decision_number": "1",
            "decided_on": "2026-03-16",
            "decided_by": "Bupati",
        },
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "sanction_penalty_tier_mismatch"
    assert (
        insp.post(
            f"{url}/discipline",
            {
                "tier": "berat",
                "penalty": "bebas_jabatan_12",
                "decision_number": "1",
                "decided_on": "2026-03-16",
                "decided_by": "Bupati",
            },
            content_type="application/json",
        ).status_code
        == 200
    )
    letter = budi.get(f"{url}/letters/decision")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert budi.get(f"{url}/letters/summons").status_code == 409  # no summons yet
    # The employee sees the appeal file, not the evidence.
    own_files = budi.get(f"{url}/files").json()
    assert [f["purpose"] for f in own_files] == ["sanction_appeal"]
    assert len(insp.get(f"{url}/files").json()) == 2
