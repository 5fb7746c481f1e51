"""Coverage per OPD and the dashboard: who counts (distinct active ASN, by their current OPD, at
held ASN events of the year), the roll-up over sub-units, and the pages with charts, tables and
XLSX at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.org.models import Employee
from sehati.org.tests.factories import EmployeeFactory
from sehati.outreach.coverage import coverage_by_opd
from sehati.outreach.dashboard import dashboard_build, dashboard_charts
from sehati.outreach.services import event_mark_held
from sehati.outreach.tests.events_helpers import FROZEN, TODAY, attend, client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


def _held(world: World, days_ago: int, *people: Any, **kwargs: Any) -> Any:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=days_ago), **kwargs)
    for person in people:
        attend(event, person)
    return event_mark_held(event=event, actor=world.users["upg"], today=TODAY, confirm=True)


def test_who_counts_for_coverage(world: World) -> None:
    e = world.employees
    contract = EmployeeFactory(opd=world.dinkes, pemda=world.pemda, status=Employee.Status.OTHER)
    retired = EmployeeFactory(opd=world.dinkes, pemda=world.pemda)
    mover = EmployeeFactory(opd=world.dinkes, pemda=world.pemda)
    # Budi twice (counted once), Puskesmas staff (a sub-unit of Dinkes), the mover, a non-ASN
    # and someone no longer active.
    _held(world, 30, e["budi"], e["puskesmas_staff"], mover, contract, retired)
    _held(world, 10, e["budi"])
    # Not counted: a planned event, a public event, last year's event.
    make_attended = make_event(world, held_on=TODAY - dt.timedelta(days=5))
    attend(make_attended, e["rina"])
    _held(world, 20, e["hasan"], audience="public")
    _held(world, 400, e["colleague_dinkes"])
    retired.is_active = False
    retired.save()
    mover.opd = world.dukcapil  # moved after attending: counts for Disdukcapil now
    mover.save()
    coverage = coverage_by_opd(pemda_id=world.pemda.pk, year=2026)
    rows = {r.opd_id: r for r in coverage.rows}
    dinkes, puskesmas, dukcapil = (
        rows[world.dinkes.pk],
        rows[world.puskesmas.pk],
        rows[world.dukcapil.pk],
    )
    # Dinkes with Puskesmas: budi, rina, hasan, colleague, puskesmas staff = 5 ASN.
    assert (dinkes.staff, dinkes.reached, dinkes.percent) == (5, 2, Decimal("40.0"))
    assert (dinkes.depth, puskesmas.depth) == (0, 1)
    assert (puskesmas.staff, puskesmas.reached, puskesmas.percent) == (1, 1, Decimal("100.0"))
    # Disdukcapil: siti, rahmat, yani, dewi, dukcapil staff and the mover = 6 ASN.
    assert (dukcapil.staff, dukcapil.reached) == (6, 1)
    assert (coverage.total.staff, coverage.total.reached) == (11, 3)
    assert coverage.total.percent == Decimal("27.3")
    assert coverage.events_held == 2
    assert [r.opd_id for r in coverage.top_rows] == [world.dinkes.pk, world.dukcapil.pk]
    last_year = coverage_by_opd(pemda_id=world.pemda.pk, year=2025)
    assert last_year.total.reached == 1 and last_year.events_held == 1
    other = coverage_by_opd(pemda_id=world.other_pemda.pk, year=2026)
    assert other.total.reached == 0


def test_dashboard_figures_and_charts(world: World) -> None:
    e = world.employees
    _held(world, 30, e["budi"], e["rina"], target_count=10)  # October
    held_public = make_event(world, held_on=TODAY - dt.timedelta(days=2), audience="public")
    attend(held_public, name="Warga")  # planned still: overdue, counted in people not coverage
    make_event(world, held_on=TODAY + dt.timedelta(days=7))
    cancelled = make_event(world, held_on=TODAY + dt.timedelta(days=8))
    from sehati.outreach.services import event_cancel

    event_cancel(event=cancelled, actor=world.users["upg"], reason="Batal", confirm=True)
    board = dashboard_build(pemda_id=world.pemda.pk, year=2026, today=TODAY)
    assert (board.events_held, board.events_planned, board.events_cancelled) == (1, 2, 1)
    assert board.months[9].held == 1 and board.months[10].planned == 2
    assert board.overdue == 1
    kinds = {k.kind: (k.registered, k.attended) for k in board.kinds}
    assert kinds == {"asn": (2, 2), "public": (1, 1), "vendor": (0, 0)}
    assert [(t.target, t.attended, t.percent) for t in board.targets] == [(10, 2, Decimal("20.0"))]
    charts = dashboard_charts(board)
    assert [c.id for c in charts] == [
        "kegiatan-per-bulan",
        "peserta-per-sasaran",
        "target-dan-hadir",
        "cakupan-opd",
    ]
    # The OPD furthest behind first: Disdukcapil (0 of 6), then Dinkes (2 of 5).
    assert charts[3].labels == [world.dukcapil.name, world.dinkes.name]
    assert charts[3].series[0].values == [Decimal("0.0"), Decimal("40.0")]


def test_pages_and_downloads(world: World, django_assert_max_num_queries: Any) -> None:
    _held(world, 30, world.employees["budi"], target_count=4)
    kepala = client_for(world, "kepala_opd")
    with django_assert_max_num_queries(14):
        page = kepala.get(reverse("outreach:dashboard")).content.decode()
    assert page.count("<canvas") == 4 and "chart.umd.min.js" in page
    assert 'id="cakupan-opd-table"' in page and ">20,0</td>" in page  # Dinkes: 1 of 5
    assert 'data-stat="coverage">10,0 persen' in page  # the pemda: 1 of 10
    with django_assert_max_num_queries(10):
        coverage = kepala.get(reverse("outreach:coverage"), {"tahun": 2026}).content.decode()
    assert 'id="coverage-table"' in coverage and 'data-opd="total"' in coverage
    book = load_workbook(BytesIO(kepala.get(reverse("outreach:dashboard_xlsx")).content))
    assert book.sheetnames == [
        "Ringkasan",
        "Per bulan",
        "Per jenis peserta",
        "Target dan hadir",
        "Cakupan per OPD",
    ]
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary["Kegiatan terlaksana"] == 1 and summary["ASN tercapai (orang)"] == 1
    sheet = load_workbook(
        BytesIO(kepala.get(reverse("outreach:coverage_xlsx"), {"tahun": 2026}).content)
    ).active
    rows = list(sheet.values)
    assert rows[0][0] == "OPD (dengan sub-unitnya)" and rows[-1][0] == "Seluruh pemda"
    empty = kepala.get(reverse("outreach:dashboard"), {"tahun": 2020}).content.decode()
    assert "Belum ada data untuk grafik ini." in empty
    assert client_for(world, "pelapor").get(reverse("outreach:dashboard")).status_code == 403
