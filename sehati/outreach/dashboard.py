"""The socialisation dashboard of a year (issue #7 point 5): events per month, participants by
kind, target against attendance per held event, coverage per OPD. One object feeds the page (as
charts, each followed by its table), the XLSX workbook and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.core.charts import Chart, Series
from sehati.outreach.coverage import Coverage, coverage_by_opd, percent
from sehati.outreach.models import Event, Participant

MONTHS = (
    gettext_lazy("Jan"),
    gettext_lazy("Feb"),
    gettext_lazy("Mar"),
    gettext_lazy("Apr"),
    gettext_lazy("Mei"),
    gettext_lazy("Jun"),
    gettext_lazy("Jul"),
    gettext_lazy("Agu"),
    gettext_lazy("Sep"),
    gettext_lazy("Okt"),
    gettext_lazy("Nov"),
    gettext_lazy("Des"),
)
S = Event.Status
K = Participant.Kind
# The target chart names at most this many held events (the latest); the table lists them all.
TARGET_CHART_EVENTS = 24
# The coverage chart shows the OPD furthest behind (the coverage page lists them all).
COVERAGE_CHART_OPD = 12


@dataclass
class MonthRow:
    month: int
    planned: int = 0
    held: int = 0
    cancelled: int = 0


@dataclass
class KindRow:
    kind: str
    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class TargetRow:
    event_id: int
    title: str
    held_on: dt.date
    audience: str
    target: int
    attended: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.attended, self.target)


@dataclass
class Dashboard:
    year: int
    months: list[MonthRow] = field(default_factory=list)
    kinds: list[KindRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    coverage: Coverage | None = None
    overdue: int = 0  # planned events whose date has passed: not marked held, not counted

    @property
    def events_planned(self) -> int:
        return sum(m.planned for m in self.months)

    @property
    def events_held(self) -> int:
        return sum(m.held for m in self.months)

    @property
    def events_cancelled(self) -> int:
        return sum(m.cancelled for m in self.months)

    @property
    def registered(self) -> int:
        return sum(k.registered for k in self.kinds)

    @property
    def attended(self) -> int:
        return sum(k.attended for k in self.kinds)

    @property
    def target_total(self) -> int:
        return sum(t.target for t in self.targets)

    @property
    def attended_held(self) -> int:
        return sum(t.attended for t in self.targets)


def dashboard_build(*, pemda_id: int, year: int, today: dt.date) -> Dashboard:
    """The figures of `year`: counts of events by month and status; registered and present
    people by kind (events not cancelled); target and attendance of each held event; coverage
    per OPD. Six queries."""
    events = Event.objects.filter(pemda_id=pemda_id, held_on__year=year)
    board = Dashboard(year=year, months=[MonthRow(m) for m in range(1, 13)])
    for item in (
        events.annotate(m=ExtractMonth("held_on")).values("m", "status").annotate(n=Count("id"))
    ):
        row = board.months[item["m"] - 1]
        setattr(row, str(item["status"]), item["n"])
    kinds = {k.value: KindRow(k.value, str(k.label)) for k in K}
    people = Participant.objects.filter(event__in=events.exclude(status=S.CANCELLED))
    for item in people.values("kind").annotate(
        n=Count("id"), present=Count("id", filter=Q(attended_at__isnull=False))
    ):
        kinds[item["kind"]].registered = item["n"]
        kinds[item["kind"]].attended = item["present"]
    board.kinds = list(kinds.values())
    held = (
        events.filter(status=S.HELD)
        .annotate(present=Count("participants", filter=Q(participants__attended_at__isnull=False)))
        .order_by("held_on", "id")
    )
    board.targets = [
        TargetRow(e.pk, e.title, e.held_on, e.audience, e.target_count, e.present) for e in held
    ]
    board.coverage = coverage_by_opd(pemda_id=pemda_id, year=year)
    board.overdue = events.filter(status=S.PLANNED, held_on__lt=today).count()
    return board


def _short(title: str, limit: int = 28) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def dashboard_charts(board: Dashboard) -> list[Chart]:
    """The page's four charts; each is drawn with the table of its numbers after it."""
    charts = [
        Chart(
            id="kegiatan-per-bulan",
            title=_("Kegiatan per bulan, %(year)d") % {"year": board.year},
            labels=[str(m) for m in MONTHS],
            series=[
                Series(_("Terlaksana"), [m.held for m in board.months]),
                Series(_("Direncanakan"), [m.planned for m in board.months]),
                Series(_("Dibatalkan"), [m.cancelled for m in board.months]),
            ],
            label_header=_("Bulan"),
        ),
        Chart(
            id="peserta-per-sasaran",
            title=_("Peserta menurut jenis (kegiatan yang tidak dibatalkan)"),
            labels=[k.label for k in board.kinds],
            series=[
                Series(_("Terdaftar"), [k.registered for k in board.kinds]),
                Series(_("Hadir"), [k.attended for k in board.kinds]),
            ],
            label_header=_("Jenis peserta"),
        ),
    ]
    latest = board.targets[-TARGET_CHART_EVENTS:]
    notes = []
    if len(board.targets) > len(latest):
        notes.append(
            _("Grafik memuat %(n)d kegiatan terakhir; tabel unduhan XLSX memuat semuanya.")
            % {"n": len(latest)}
        )
    charts.append(
        Chart(
            id="target-dan-hadir",
            title=_("Target dan kehadiran per kegiatan terlaksana"),
            labels=[f"{t.held_on:%d-%m} {_short(t.title)}" for t in latest],
            series=[
                Series(_("Hadir"), [t.attended for t in latest]),
                Series(_("Target"), [t.target for t in latest], as_line=True),
            ],
            label_header=_("Kegiatan"),
            notes=notes,
        )
    )
    coverage = board.coverage
    staffed = [r for r in (coverage.top_rows if coverage else []) if r.staff]
    rows = sorted(staffed, key=lambda r: (r.percent or 0, r.name.lower()))[:COVERAGE_CHART_OPD]
    charts.append(
        Chart(
            id="cakupan-opd",
            title=_("Cakupan ASN terendah per OPD, %(year)d") % {"year": board.year},
            kind="horizontalBar",
            labels=[r.name for r in rows],
            series=[Series(_("Cakupan"), [r.percent for r in rows])],
            unit=_("persen"),
            y_max=100,
            label_header=_("OPD (dengan sub-unitnya)"),
            notes=[
                _("%(n)d OPD dengan cakupan terendah; semua OPD ada pada tab Cakupan per OPD.")
                % {"n": COVERAGE_CHART_OPD},
                _(
                    "Cakupan: ASN aktif OPD (dengan sub-unitnya) yang hadir pada paling sedikit "
                    "satu kegiatan ASN yang terlaksana tahun ini, dibagi seluruh ASN aktif OPD "
                    "itu. Pegawai yang pindah dihitung pada OPD-nya sekarang."
                ),
            ],
        )
    )
    return charts
