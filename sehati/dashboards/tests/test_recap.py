"""The periodic recap to KPK and the regent (issue #8 point 2): the annex's totals equal the
database for the period, the letter carries the period, totals and number once issued, an issued
recap is frozen, and the pemda's setting decides quarters or semesters."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db.models import Sum
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.reports.models import GiftReport

Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _data(world: Any) -> list[GiftReport]:
    budi, rina, siti = world.users["pelapor"], world.users["upg_pembantu"], world.users["upg"]
    a = submitted_report(
        budi, received_on=dt.date(2026, 7, 1), submitted_on=dt.date(2026, 7, 3), value_idr=800_000
    )
    b = submitted_report(
        budi,
        kind="refusal",
        received_on=dt.date(2026, 8, 3),
        submitted_on=dt.date(2026, 8, 4),
        value_idr=5_000_000,
    )
    c = submitted_report(
        rina,
        received_on=dt.date(2026, 9, 7),
        submitted_on=dt.date(2026, 9, 8),
        category="other",
        form="food",
        value_idr=450_000,
        object_location="distributed",
        distributed_to="Panti Asuhan Harapan",
        distributed_on=dt.date(2026, 9, 9),
    )
    d = submitted_report(siti, received_on=dt.date(2026, 9, 28), submitted_on=dt.date(2026, 9, 30))
    submitted_report(budi)  # October: another quarter
    submitted_report(
        world.users["other_pemda_user"],
        received_on=dt.date(2026, 8, 3),
        submitted_on=dt.date(2026, 8, 4),
    )
    case = Case.objects.get(report=a)
    case.forwarded_on, case.forward_channel = dt.date(2026, 7, 10), "gol"
    case.sk_date, case.sk_number, case.decision = dt.date(2026, 8, 20), "SK-1/GRAT/2026", "state"
    case.status, case.followup, case.followup_on = "decided", "handover", dt.date(2026, 9, 1)
    case.save()
    return [a, b, c, d]


def _totals(workbook: bytes) -> dict[str, int]:
    ws = load_workbook(io.BytesIO(workbook))["Ringkasan"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[:3] == ("Uraian", "Jumlah", "Kode"))
    return {row[2]: row[1] for row in rows[start + 1 :]}


def test_recap_xlsx_totals_equal_the_database(world: Any) -> None:
    made = _data(world)
    upg = _client(world.users["upg"])
    page_xlsx = upg.get("/rekap/2026-q3/xlsx/")
    assert page_xlsx.headers["Cache-Control"] == "private, no-store"
    totals = _totals(page_xlsx.content)
    assert totals == _totals(upg.get("/api/v1/recaps/2026-q3/xlsx").content)
    reports = GiftReport.objects.filter(
        pemda=world.pemda, status="submitted", submitted_on__range=Q3
    )
    assert totals["reports"] == reports.count() == 4
    for kind in ("receipt", "refusal", "solicitation"):
        assert totals[f"reports_{kind}"] == reports.filter(kind=kind).count()
    assert totals["reports_value_idr"] == reports.aggregate(v=Sum("value_idr"))["v"]
    assert (
        totals["distributions"]
        == GiftReport.objects.filter(
            pemda=world.pemda, object_location="distributed", distributed_on__range=Q3
        ).count()
        == 1
    )
    cases = Case.objects.filter(pemda=world.pemda)
    assert totals["forwarded"] == cases.filter(forwarded_on__range=Q3).count() == 1
    assert totals["decisions"] == cases.filter(sk_date__range=Q3).count() == 1
    assert totals["decisions_state"] == 1
    assert totals["followups"] == cases.filter(followup_on__range=Q3).count() == 1
    book = load_workbook(io.BytesIO(page_xlsx.content))
    rows = list(book["Laporan"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(r.register_number for r in made)
    text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row)
    for report in made:
        assert report.reporter.name not in text
    assert "Panti Asuhan Harapan" in text and "SK-1/GRAT/2026" in text
    # The API's figures are the same.
    api = upg.get("/api/v1/recaps/2026-q3").json()
    assert api["totals"] == totals and api["issued"] is None and api["ended"] is True


def test_issue_freezes_the_recap_and_the_letter_carries_it(world: Any) -> None:
    _data(world)
    upg = _client(world.users["upg"])
    assert upg.get("/rekap/2026-q3/").status_code == 200
    form = {
        "letter_number": "700/123/UPG/2026",
        "letter_date": "2026-10-05",
        "signatory_name": "Siti Aminah",
        "signatory_position": "Kepala UPG",
    }
    refused = upg.post("/rekap/2026-q3/", form)  # no confirmation
    assert refused.status_code == 422
    assert "Centang konfirmasi" in refused.content.decode()
    assert upg.post("/rekap/2026-q3/", {**form, "confirm": "on"}).status_code == 302
    # A report filed later with an old date would not change the issued recap.
    submitted_report(
        world.users["pelapor"], received_on=dt.date(2026, 9, 1), submitted_on=dt.date(2026, 9, 2)
    )
    api = upg.get("/api/v1/recaps/2026-q3").json()
    assert api["totals"]["reports"] == 4
    assert api["issued"]["letter_number"] == "700/123/UPG/2026"
    pdf = upg.get("/rekap/2026-q3/pdf/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "700/123/UPG/2026" in text and "Triwulan III 2026" in text
    assert "Siti Aminah" in text and "Komisi Pemberantasan Korupsi" in text
    again = upg.post(
        "/api/v1/recaps/2026-q3/issue",
        {**form, "confirm": True},
        content_type="application/json",
    )
    assert again.status_code == 409
    future = upg.post(
        "/api/v1/recaps/2026-q4/issue",
        {**form, "letter_date": "2026-11-01", "confirm": True},
        content_type="application/json",
    )
    assert future.status_code == 422 and "belum berakhir" in future.json()["message"]
    assert upg.get("/rekap/2026-q9/").status_code == 404
    # The regent reads, cannot issue; the head of an OPD has no recap.
    regent = _client(world.users["kepala_daerah"])
    assert regent.get("/rekap/2026-q3/xlsx/").status_code == 200
    assert (
        regent.post("/api/v1/recaps/2026-q2/issue", {}, content_type="application/json").status_code
        == 403
    )
    assert _client(world.users["kepala_opd"]).get("/rekap/").status_code == 403


def test_semester_setting_lists_semesters(world: Any) -> None:
    upg = _client(world.users["upg"])
    assert [p["code"] for p in upg.get("/api/v1/recaps?year=2026").json()] == [
        "2026-q1",
        "2026-q2",
        "2026-q3",
        "2026-q4",
    ]
    world.pemda.recap_period = "semester"
    world.pemda.save()
    listed = upg.get("/api/v1/recaps?year=2026").json()
    assert [(p["code"], p["first_day"], p["last_day"]) for p in listed] == [
        ("2026-s1", "2026-01-01", "2026-06-30"),
        ("2026-s2", "2026-07-01", "2026-12-31"),
    ]
    assert "Semester I 2026" in upg.get("/rekap/?tahun=2026").content.decode()


def test_every_download_is_audited(world: Any) -> None:
    """An export leaves a trace in the pemda's audit chain (issue #9 point 2); open data does
    not (no user)."""
    from sehati.core.audit import audit_verify
    from sehati.core.models import TimelineEvent

    upg = _client(world.users["upg"])
    assert upg.get("/rekap/2026-q3/xlsx/?x=1").status_code == 200
    assert upg.get("/api/v1/recaps/2026-q3/pdf").status_code == 200
    events = TimelineEvent.objects.filter(pemda=world.pemda, type="file_downloaded").order_by("seq")
    assert [(e.actor_id, e.data["path"], e.data["file"]) for e in events] == [
        (world.users["upg"].pk, "/rekap/2026-q3/xlsx/", "lampiran-rekap-gratifikasi-2026-q3.xlsx"),
        (world.users["upg"].pk, "/api/v1/recaps/2026-q3/pdf", "rekap-gratifikasi-2026-q3.pdf"),
    ]
    assert events[0].data["query"] == "x=1"
    Client().get("/transparansi/data.csv")
    assert TimelineEvent.objects.filter(type="file_downloaded").count() == 2
    assert audit_verify()[1] == []
