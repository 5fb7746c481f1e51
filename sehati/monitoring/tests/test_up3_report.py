"""The monthly UP3 report to the regent and the overview (issue #5 points 6-7), on a hand-built
October 2026: visits in and out of the month, findings opened, answered and closed on both
sides of its edges, follow-up times in working days across a weekend and a regional holiday,
meetings, and the same figures in the PDF, the XLSX and the pages."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sehati.core.errors import ApplicationError
from sehati.monitoring import up3_report as rpt
from sehati.monitoring.models import Finding, Meeting, Monitor, ProneService, Visit
from sehati.org.models import CalendarOverride, Kecamatan, ServiceUnit
from sehati.org.tests.factories import KecamatanFactory, ServiceUnitFactory

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 23)
# 03:00 UTC is 11:00 WITA on 23 November 2026.
NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@dataclass
class Month:
    kandangan: Kecamatan
    angkinang: Kecamatan
    puskesmas: ServiceUnit
    dukcapil_unit: ServiceUnit
    pasar: ServiceUnit
    monitors: dict[str, Monitor] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)


def _monitor(world: Any, name: str, kec: Kecamatan, **extra: Any) -> Monitor:
    values: dict[str, Any] = {
        "term_start": D(2026, 1, 1),
        "term_end": D(2027, 12, 31),
        "decree_number": "SK-UP3/2026",
        "decree_date": D(2025, 12, 20),
        **extra,
    }
    return Monitor.objects.create(pemda=world.pemda, name=name, kecamatan=kec, **values)


def _visit(monitor: Monitor, unit: ServiceUnit, day: dt.date, status: str = "submitted") -> Visit:
    return Visit.objects.create(
        pemda=monitor.pemda,
        monitor=monitor,
        client_uuid=uuid.uuid4(),
        service_unit=unit,
        visited_on=day,
        status=status,
    )


def _finding(world: Any, number: str, **values: Any) -> Finding:
    sent_on = values.pop("sent_on")
    defaults: dict[str, Any] = {
        "source": "kunjungan" if values.get("visit") else "aduan",
        "category": "pungli",
        "severity": "sedang",
        "opd": world.dinkes,
        "observed_on": sent_on,
        "description": "Diminta uang tambahan",
        "followup_due": sent_on + dt.timedelta(days=14),
    }
    return Finding.objects.create(
        pemda=world.pemda, number=number, sent_on=sent_on, **{**defaults, **values}
    )


def build_month(world: Any) -> Month:
    """October 2026 in the world's pemda (see the module docstring), plus noise in the other
    pemda that no figure may count."""
    pemda = world.pemda
    kandangan = Kecamatan.objects.get(pemda=pemda, name="Kandangan")
    angkinang = KecamatanFactory(pemda=pemda, name="Angkinang")
    m = Month(
        kandangan=kandangan,
        angkinang=angkinang,
        puskesmas=ServiceUnit.objects.get(pemda=pemda, name="Puskesmas Kandangan"),
        dukcapil_unit=ServiceUnitFactory(
            pemda=pemda, opd=world.dukcapil, kecamatan=angkinang, name="Loket Dukcapil Angkinang"
        ),
        pasar=ServiceUnitFactory(
            pemda=pemda, opd=world.dukcapil, kecamatan=angkinang, name="Pasar Angkinang"
        ),
    )
    # A regional holiday on Monday 12 October (the pemda's override of the national calendar).
    CalendarOverride.objects.create(
        pemda=pemda, day=D(2026, 10, 12), action="add", name="Hari jadi", legal_basis="Perbup"
    )
    andi = _monitor(world, "Andi", kandangan, is_coordinator=True, user=world.users["pemantau"])
    budi = _monitor(world, "Budi", angkinang)
    citra = _monitor(world, "Citra", kandangan, term_end=D(2026, 9, 30))  # term over
    dedi = _monitor(world, "Dedi", angkinang, is_active=False)  # inactive, but visited
    m.monitors = {"andi": andi, "budi": budi, "citra": citra, "dedi": dedi}

    v1 = _visit(andi, m.puskesmas, D(2026, 10, 2))
    v2 = _visit(andi, m.puskesmas, D(2026, 10, 9))
    _visit(andi, m.dukcapil_unit, D(2026, 10, 31))
    _visit(dedi, m.dukcapil_unit, D(2026, 10, 1))
    _visit(andi, m.puskesmas, D(2026, 10, 20), status="draft")  # a draft: not a visit yet
    _visit(andi, m.puskesmas, D(2026, 9, 30))  # the month before
    _visit(budi, m.dukcapil_unit, D(2026, 11, 2))  # the month after

    f = m.findings
    # Sent Friday, answered Monday: 1 working day.
    f["F1"] = _finding(
        world,
        "TMU/2026/0001",
        visit=v1,
        service_unit=m.puskesmas,
        sent_on=D(2026, 10, 2),
        status="responded",
        responded_on=D(2026, 10, 5),
    )
    # Sent Friday 9, answered Wednesday 14, across the weekend and the holiday on 12: 2 days.
    f["F2"] = _finding(
        world,
        "TMU/2026/0002",
        visit=v2,
        service_unit=m.puskesmas,
        category="standar",
        severity="rendah",
        sent_on=D(2026, 10, 9),
        status="closed",
        responded_on=D(2026, 10, 14),
        closed_on=D(2026, 10, 20),
    )
    # From a tip, about the Dukcapil counter; due 29 October, never answered; marked for KPK.
    f["F3"] = _finding(
        world,
        "TMU/2026/0003",
        opd=world.dukcapil,
        service_unit=m.dukcapil_unit,
        severity="tinggi",
        sent_on=D(2026, 10, 15),
        followup_due=D(2026, 10, 29),
        kpk_marked_on=D(2026, 10, 20),
    )
    # Sent in September (Friday 25), answered Thursday 1 October: 4 working days; closed in
    # November.
    f["F4"] = _finding(
        world,
        "TMU/2026/0004",
        service_unit=m.puskesmas,
        sent_on=D(2026, 9, 25),
        followup_due=D(2026, 10, 9),
        status="closed",
        responded_on=D(2026, 10, 1),
        closed_on=D(2026, 11, 2),
    )
    # Sent in November: nothing in October's figures.
    f["F5"] = _finding(
        world,
        "TMU/2026/0005",
        opd=world.dukcapil,
        service_unit=m.dukcapil_unit,
        sent_on=D(2026, 11, 3),
        followup_due=D(2026, 11, 17),
    )
    # Due in September, answered only in November: still waiting at the end of October.
    f["F6"] = _finding(
        world,
        "TMU/2026/0006",
        category="lainnya",
        sent_on=D(2026, 9, 1),
        followup_due=D(2026, 9, 15),
        status="responded",
        responded_on=D(2026, 11, 5),
    )

    rapat = Meeting.objects.create(
        pemda=pemda,
        held_on=D(2026, 10, 7),
        place="Aula Inspektorat",
        agenda="Evaluasi kunjungan September",
        minutes="Pemantau melaporkan loket tanpa standar pelayanan. " * 10,
        other_attendees="Inspektur",
    )
    rapat.attendees.set([andi, dedi])
    m.meetings["oktober"] = rapat
    m.meetings["september"] = Meeting.objects.create(
        pemda=pemda, held_on=D(2026, 9, 30), place="Aula", agenda="Rapat", minutes="Notulen"
    )
    # The other pemda: a monitor, a visit, a finding and a meeting in October.
    other_kec = KecamatanFactory(pemda=world.other_pemda, name="Lain")
    other_unit = ServiceUnitFactory(
        pemda=world.other_pemda, opd=world.other_opd, kecamatan=other_kec
    )
    stranger = Monitor.objects.create(
        pemda=world.other_pemda,
        name="Orang lain",
        kecamatan=other_kec,
        term_start=D(2026, 1, 1),
        term_end=D(2027, 12, 31),
        decree_number="SK",
        decree_date=D(2025, 12, 1),
    )
    _visit(stranger, other_unit, D(2026, 10, 5))
    Finding.objects.create(
        pemda=world.other_pemda,
        number="TMU/2026/0001",
        source="aduan",
        category="pungli",
        severity="tinggi",
        opd=world.other_opd,
        observed_on=D(2026, 10, 5),
        description="Lain",
        sent_on=D(2026, 10, 5),
        followup_due=D(2026, 10, 6),
    )
    Meeting.objects.create(
        pemda=world.other_pemda, held_on=D(2026, 10, 8), place="Lain", agenda="x", minutes="y"
    )
    # Titik rawan: the puskesmas (visited) and the market (not); an inactive one does not count.
    ProneService.objects.create(
        pemda=pemda, service_unit=m.puskesmas, area="kesehatan", name="Surat sehat"
    )
    ProneService.objects.create(
        pemda=pemda, service_unit=m.pasar, area="pendapatan", name="Retribusi"
    )
    ProneService.objects.create(
        pemda=pemda, service_unit=m.dukcapil_unit, area="adminduk", name="KTP", is_active=False
    )
    return m


@pytest.fixture
def month(world: Any) -> Month:
    return build_month(world)


def october(world: Any) -> rpt.Up3Month:
    return rpt.up3_month(pemda=world.pemda, year=2026, month=10, today=TODAY)


# --- the figures --------------------------------------------------------------------------------


def test_visits_per_kecamatan_and_per_monitor(world, month) -> None:
    r = october(world)
    assert (r.first, r.last, r.as_of, r.partial) == (
        D(2026, 10, 1),
        D(2026, 10, 31),
        D(2026, 10, 31),
        False,
    )
    assert r.visits_total == 4  # no draft, nothing from September, November or the other pemda
    kec = {k.kecamatan: (k.monitors, k.visits, k.units) for k in r.visits_by_kecamatan}
    # Kandangan: Andi on duty (Citra's term ended); Angkinang: Budi on duty, Dedi's visit counted.
    assert kec == {"Angkinang": (1, 1, 1), "Kandangan": (1, 3, 2)}
    assert r.monitors_on_duty == 2
    monitors = [(m.name, m.kecamatan, m.visits, m.units, m.findings) for m in r.visits_by_monitor]
    assert monitors == [
        ("Budi", "Angkinang", 0, 0, 0),  # on duty without a visit: listed
        ("Dedi", "Angkinang", 1, 1, 0),  # inactive, but visited in the month
        ("Andi", "Kandangan", 3, 2, 2),
    ]


def test_findings_opened_closed_and_by_category_and_status(world, month) -> None:
    r = october(world)
    assert r.findings_opened == 3
    assert [f.number for f in r.findings] == ["TMU/2026/0001", "TMU/2026/0002", "TMU/2026/0003"]
    categories = {c.code: c.count for c in r.findings_by_category}
    assert categories["pungli"] == 2 and categories["standar"] == 1 and categories["lainnya"] == 0
    assert len(categories) == len(Finding.Category.choices)  # every category, zeros included
    assert {s.code: s.count for s in r.findings_by_status} == {
        "sent": 1,
        "responded": 1,
        "closed": 1,
    }
    assert r.findings_closed == 1  # F2; F4 was closed in November
    assert [f.number for f in r.kpk_marked] == ["TMU/2026/0003"]


def test_followup_times_count_working_days_across_weekend_and_holiday(world, month) -> None:
    r = october(world)
    # Responded in October: F4 (4 days, sent in September), F1 (1 day), F2 (2 days: 12 Oct is
    # the pemda's holiday). F6 answered in November is not counted.
    assert r.followup == rpt.FollowupTimes(
        count=3, average=Decimal("2.3"), median=Decimal("2.0"), maximum=4
    )
    days = {f.number: f.days_to_response for f in r.findings}
    assert days == {"TMU/2026/0001": 1, "TMU/2026/0002": 2, "TMU/2026/0003": None}


def test_overdue_at_month_end_and_today_for_the_current_month(world, month) -> None:
    r = october(world)
    # F6 was waiting since its September deadline (answered in November); F3 passed its
    # deadline on 29 October.
    assert [f.number for f in r.overdue] == ["TMU/2026/0006", "TMU/2026/0003"]
    current = rpt.up3_month(pemda=world.pemda, year=2026, month=11, today=TODAY)
    assert current.as_of == TODAY and current.partial
    # In November F6 is answered; F5 passed 17 November; F3 is still waiting.
    assert [f.number for f in current.overdue] == ["TMU/2026/0003", "TMU/2026/0005"]


def test_meetings_with_attendance_out_of_monitors_on_duty(world, month) -> None:
    r = october(world)
    assert len(r.meetings) == 1
    row = r.meetings[0]
    # Andi and Dedi came; on duty on 7 October: Andi and Budi (Dedi inactive, Citra's term over).
    assert (row.place, row.present, row.active_monitors) == ("Aula Inspektorat", 2, 2)
    assert row.minutes_excerpt.startswith("Pemantau melaporkan")
    assert row.minutes_excerpt.endswith("…") and len(row.minutes_excerpt) <= rpt.EXCERPT_CHARS + 1


def test_the_month_is_computed_in_a_fixed_number_of_queries(
    world, month, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        october(world)


@pytest.mark.parametrize(
    ("year", "month_", "code"),
    [
        (2026, 13, rpt.Up3ReportError.INVALID_MONTH),
        (2026, 0, rpt.Up3ReportError.INVALID_MONTH),
        (1999, 5, rpt.Up3ReportError.INVALID_MONTH),
        (2026, 12, rpt.Up3ReportError.FUTURE_MONTH),
    ],
)
def test_bad_or_future_months_are_refused(world, year, month_, code) -> None:
    with pytest.raises(ApplicationError) as refused:
        rpt.up3_month(pemda=world.pemda, year=year, month=month_, today=TODAY)
    assert refused.value.code == code


def test_month_parse_and_default() -> None:
    assert rpt.month_parse("2026-10") == (2026, 10)
    assert rpt.month_default(D(2026, 1, 15)) == (2025, 12)
    for bad in ("2026-1", "10-2026", "2026/10", "", "2026-10-01"):
        with pytest.raises(ApplicationError):
            rpt.month_parse(bad)


# --- the documents ------------------------------------------------------------------------------


def test_pdf_opens_on_the_letterhead_with_the_month(world, month) -> None:
    world.pemda.upg_head = world.users["upg"]
    world.pemda.save()
    with time_machine.travel(NOW, tick=False):
        data = rpt.up3_month_pdf(report=october(world))
    assert data.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert "Oktober 2026" in flat
    assert "Bupati Uji" in flat  # "Kabupaten Uji" -> the regent
    assert "TMU/2026/0003" in flat and "Aula Inspektorat" in flat
    assert "Koordinator UP3" in flat and "Andi" in flat


def test_xlsx_has_one_sheet_per_table_with_numbers_and_dates(world, month) -> None:
    data = rpt.up3_month_xlsx(report=october(world))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Ringkasan",
        "Kunjungan per kecamatan",
        "Kunjungan per pemantau",
        "Temuan",
        "Rapat",
    ]
    summary = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Kunjungan pemantauan"] == 4
    assert summary["Temuan baru (dikirim ke OPD)"] == 3
    assert summary["Temuan melewati tenggat tindak lanjut"] == 2
    assert summary["Rata-rata hari kerja sampai tanggapan"] == pytest.approx(2.3)
    kec = wb["Kunjungan per kecamatan"]
    assert kec["A1"].font.b and kec.column_dimensions["A"].width == 30
    rows = list(kec.iter_rows(min_row=2, values_only=True))
    assert rows == [("Angkinang", 1, 1, 1), ("Kandangan", 1, 3, 2), ("Jumlah", 2, 4, 3)]
    monitors = list(wb["Kunjungan per pemantau"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in monitors] == [("Budi", 0), ("Dedi", 1), ("Andi", 3)]
    findings = list(wb["Temuan"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in findings] == ["TMU/2026/0001", "TMU/2026/0002", "TMU/2026/0003"]
    first = findings[0]
    assert isinstance(first[2], dt.datetime) and first[2].date() == D(2026, 10, 2)  # a date
    assert first[10] == 1 and isinstance(first[10], int)
    assert wb["Temuan"]["C2"].number_format == "DD/MM/YYYY"
    meetings = list(wb["Rapat"].iter_rows(min_row=2, values_only=True))
    assert len(meetings) == 1 and meetings[0][2:4] == (2, 2)


# --- the overview -------------------------------------------------------------------------------


def test_overview_per_kecamatan_unit_and_prone_coverage(world, month) -> None:
    o = rpt.up3_overview(pemda=world.pemda, date_from=D(2026, 1, 1), date_to=TODAY, today=TODAY)
    assert (o.findings_total, o.findings_open, o.findings_overdue, o.findings_closed) == (
        6,
        4,
        2,
        2,
    )
    assert o.visits_total == 6  # the submitted ones of September to November
    kec = {t.label: (t.total, t.open, t.overdue, t.closed, t.visits) for t in o.by_kecamatan}
    assert kec == {
        "Angkinang": (2, 2, 2, 0, 2),  # F3, F5 via their unit; Dedi's and Budi's visits
        "Kandangan": (3, 1, 0, 2, 4),  # F1, F2, F4
        "(tanpa kecamatan)": (1, 1, 0, 0, 0),  # F6: no unit, no visit
    }
    assert [c.code for c in o.categories] == ["pungli", "standar", "lainnya"]
    kandangan = next(t for t in o.by_kecamatan if t.label == "Kandangan")
    assert kandangan.by_category == {"pungli": 2, "standar": 1}
    assert kandangan.category_counts == [2, 1, 0]
    units = {t.label: (t.total, t.overdue, t.visits) for t in o.by_unit}
    assert units == {
        "Puskesmas Kandangan": (3, 0, 3),
        "Loket Dukcapil Angkinang": (2, 2, 3),
        "(tanpa unit layanan)": (1, 0, 0),
    }
    assert [(p.service_unit, p.visits) for p in o.prone] == [
        ("Pasar Angkinang", 0),  # not visited first
        ("Puskesmas Kandangan", 3),
    ]
    assert (o.prone_units, o.prone_visited, o.coverage_percent) == (2, 1, 50)


def test_overview_period_refusals(world) -> None:
    with pytest.raises(ApplicationError) as refused:
        rpt.up3_overview(pemda=world.pemda, date_from=TODAY, date_to=D(2026, 1, 1), today=TODAY)
    assert refused.value.code == rpt.Up3ReportError.INVALID_PERIOD


def test_chart_is_accessible_inline_svg_with_escaped_labels(world, month) -> None:
    tally = rpt.FindingTally(
        key=1,
        label='<script>x</script> "A"',
        detail="",
        total=3,
        open=2,
        overdue=1,
        closed=1,
        visits=0,
    )
    svg = str(rpt.findings_chart_svg(rows=[tally], title="Temuan per kecamatan"))
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-label=" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert str(rpt.findings_chart_svg(rows=[], title="kosong")) == ""


# --- the pages ----------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(NOW, tick=False)
def test_monthly_page_defaults_to_the_previous_month(
    world, month, django_assert_max_num_queries
) -> None:
    client = _client(world.users["upg"])
    with django_assert_max_num_queries(30):
        page = client.get(reverse("monitoring:up3_monthly"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Oktober 2026" in body and 'id="fig-visits">4<' in body
    assert "?bulan=2026-10" in body  # the download buttons
    chosen = client.get(reverse("monitoring:up3_monthly"), {"bulan": "2026-09"})
    assert chosen.status_code == 200 and "September 2026" in chosen.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("bulan", "message"),
    [
        ("2026-13", "Bulan tidak valid"),
        ("abc", "Format bulan tidak dikenal"),
        ("2026-12", "belum berjalan"),
        ("2026-10\x00", "Format bulan tidak dikenal"),
    ],
)
@pytest.mark.parametrize("name", ["up3_monthly", "up3_monthly_pdf", "up3_monthly_xlsx"])
def test_bad_month_is_a_clear_400(world, bulan, message, name) -> None:
    page = _client(world.users["upg"]).get(reverse(f"monitoring:{name}"), {"bulan": bulan})
    assert page.status_code == 400
    assert message in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_downloads(world, month) -> None:
    client = _client(world.users["inspektur"])
    pdf = client.get(reverse("monitoring:up3_monthly_pdf"), {"bulan": "2026-10"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="laporan-up3-2026-10.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(reverse("monitoring:up3_monthly_xlsx"), {"bulan": "2026-10"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == rpt.XLSX_CONTENT_TYPE
    assert load_workbook(io.BytesIO(xlsx.content))["Ringkasan"]["B6"].value == 4


@time_machine.travel(NOW, tick=False)
def test_report_pages_are_for_the_upg_and_the_inspektur(world, month) -> None:
    for key in ("pemantau", "kepala_opd", "pelapor"):
        client = _client(world.users[key])
        for name in ("up3_monthly", "up3_monthly_pdf", "up3_overview"):
            assert client.get(reverse(f"monitoring:{name}")).status_code == 403, (key, name)


@time_machine.travel(NOW, tick=False)
def test_overview_page_with_chart_and_tables(world, month, django_assert_max_num_queries) -> None:
    client = _client(world.users["upg"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("monitoring:up3_overview"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="fig-total">6<' in body
    assert 'role="img"' in body and "<script" not in body.split("<main", 1)[1].split("</main>")[0]
    assert "Pasar Angkinang" in body and "1 dari 2 unit layanan rawan" in body
    narrow = client.get(
        reverse("monitoring:up3_overview"), {"dari": "2026-11-01", "sampai": "2026-11-23"}
    )
    assert 'id="fig-total">1<' in narrow.content.decode()  # F5 only
    for bad in ({"dari": "kemarin"}, {"dari": "2026-11-23", "sampai": "2026-01-01"}):
        refused = client.get(reverse("monitoring:up3_overview"), bad)
        assert refused.status_code == 400
