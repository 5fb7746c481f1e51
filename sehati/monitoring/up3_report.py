"""The UP3 figures (issue #5 points 6-7): the monthly activity report to the regent, the overview
of findings per kecamatan and per service unit, and the documents made from them (PDF, XLSX, a
server-drawn bar chart).

UP3 sends a monthly activity report to the Bupati (GRATIFICATION_LAW.md §6.1); findings go to
the Bupati through the UPG, so the report is addressed to the regent through the head of the UPG.
Selectors only read; every figure is computed from the rows with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sehati.core.errors import ApplicationError
from sehati.documents.pdf import pdf_render
from sehati.monitoring.models import Finding, Meeting, Monitor, ProneService, Visit
from sehati.org.models import Kecamatan, Pemda, ServiceUnit
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError, WorkCalendar

FIRST_YEAR, LAST_YEAR = 2015, 2040  # the working-day calendar's range
EXCERPT_CHARS = 240
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_ONE_PLACE = Decimal("0.1")


class Up3ReportError(StrEnum):
    INVALID_MONTH = "up3_month_invalid"
    FUTURE_MONTH = "up3_month_future"
    INVALID_PERIOD = "up3_period_invalid"


# --- months and periods -----------------------------------------------------------------------


def month_bounds(*, year: int, month: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of a month that has begun (a future month has nothing to report)."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise ApplicationError(
            _("Bulan tidak valid: pilih bulan antara Januari %(first)d dan Desember %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code=Up3ReportError.INVALID_MONTH,
        )
    first = dt.date(year, month, 1)
    if first > today:
        raise ApplicationError(
            _("Bulan %(month)s belum berjalan; laporan hanya untuk bulan yang sudah dimulai.")
            % {"month": f"{month:02d}-{year}"},
            code=Up3ReportError.FUTURE_MONTH,
        )
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def month_parse(text: str) -> tuple[int, int]:
    """`"2026-11"` -> (2026, 11); anything else is refused with a clear message."""
    match = _MONTH_RE.match((text or "").strip())
    if not match:
        raise ApplicationError(
            _("Format bulan tidak dikenal: gunakan TTTT-BB, misalnya 2026-10."),
            code=Up3ReportError.INVALID_MONTH,
        )
    return int(match.group(1)), int(match.group(2))


def month_default(today: dt.date) -> tuple[int, int]:
    """The month a report is usually made for: the previous one."""
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return previous.year, previous.month


def period_check(*, date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise ApplicationError(
            _("Tanggal awal periode tidak boleh sesudah tanggal akhir."),
            code=Up3ReportError.INVALID_PERIOD,
        )
    if date_from.year < FIRST_YEAR or date_to.year > LAST_YEAR:
        raise ApplicationError(
            _("Periode harus di antara tahun %(first)d dan %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code=Up3ReportError.INVALID_PERIOD,
        )


# --- rows of the figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class KecamatanVisits:
    kecamatan_id: int | None
    kecamatan: str
    monitors: int  # monitors on duty in the month
    visits: int
    units: int  # distinct service units visited


@dataclass(frozen=True)
class MonitorVisits:
    monitor_id: int
    name: str
    kecamatan: str
    is_coordinator: bool
    visits: int
    units: int
    findings: int  # findings opened in the month from the monitor's visits


@dataclass(frozen=True)
class FollowupTimes:
    """Working days from sending a finding to the OPD to the OPD's response."""

    count: int
    average: Decimal | None
    median: Decimal | None
    maximum: int | None


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: int
    held_on: dt.date
    place: str
    present: int
    active_monitors: int
    other_attendees: str
    minutes_excerpt: str


@dataclass(frozen=True)
class FindingRow:
    finding_id: int
    number: str
    observed_on: dt.date
    sent_on: dt.date
    followup_due: dt.date
    kecamatan: str
    service_unit: str
    opd: str
    category: str
    category_label: str
    severity: str
    severity_label: str
    status: str
    status_label: str
    days_to_response: int | None
    kpk_marked_on: dt.date | None


@dataclass(frozen=True)
class Up3Month:
    """The figures of one month's activity report to the regent."""

    pemda: Pemda
    year: int
    month: int
    first: dt.date
    last: dt.date
    as_of: dt.date  # the month's last day, or today for the current month
    visits_total: int
    visits_by_kecamatan: list[KecamatanVisits]
    visits_by_monitor: list[MonitorVisits]
    findings_opened: int
    findings_by_category: list[CodeCount]
    findings_by_status: list[CodeCount]
    findings_closed: int
    followup: FollowupTimes
    overdue: list[FindingRow]  # waiting for the OPD past the deadline on `as_of`
    kpk_marked: list[FindingRow]  # marked for KPK in the month
    meetings: list[MeetingRow]
    findings: list[FindingRow]  # annex: the findings opened in the month

    @property
    def partial(self) -> bool:
        return self.as_of < self.last

    @property
    def label(self) -> str:
        return str(formats.date_format(self.first, "F Y"))

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def monitors_on_duty(self) -> int:
        return sum(row.monitors for row in self.visits_by_kecamatan)


def _label_of(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code or "—"


def _working_days(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int | None:
    try:
        return calendar.working_days_between(start, end)
    except CalendarRangeError:
        return None


def _finding_kecamatan(f: Finding) -> Kecamatan | None:
    """Where a finding happened: its own kecamatan, else its unit's, else its monitor's."""
    if f.kecamatan is not None:
        return f.kecamatan
    if f.service_unit is not None and f.service_unit.kecamatan is not None:
        return f.service_unit.kecamatan
    if f.visit is not None:
        return f.visit.monitor.kecamatan
    return None


_FINDING_RELATED = (
    "kecamatan",
    "service_unit",
    "service_unit__kecamatan",
    "opd",
    "visit",
    "visit__monitor",
    "visit__monitor__kecamatan",
)


def _finding_row(f: Finding, calendar: WorkCalendar) -> FindingRow:
    kec = _finding_kecamatan(f)
    return FindingRow(
        finding_id=f.pk,
        number=f.number,
        observed_on=f.observed_on,
        sent_on=f.sent_on,
        followup_due=f.followup_due,
        kecamatan=kec.name if kec else "",
        service_unit=f.service_unit.name if f.service_unit else "",
        opd=f.opd.name,
        category=f.category,
        category_label=_label_of(Finding.Category, f.category),
        severity=f.severity,
        severity_label=_label_of(Finding.Severity, f.severity),
        status=f.status,
        status_label=_label_of(Finding.Status, f.status),
        days_to_response=(
            _working_days(calendar, f.sent_on, f.responded_on) if f.responded_on else None
        ),
        kpk_marked_on=f.kpk_marked_on,
    )


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def followup_times(days: Sequence[int]) -> FollowupTimes:
    if not days:
        return FollowupTimes(0, None, None, None)
    return FollowupTimes(
        count=len(days),
        average=_one_place(Decimal(sum(days)) / Decimal(len(days))),
        median=_one_place(Decimal(str(statistics.median(days)))),
        maximum=max(days),
    )


def waiting_past_due(as_of: dt.date) -> Q:
    """Findings waiting for the OPD's follow-up past their deadline on `as_of`, as far as the
    dates tell: sent by then, due before then, and not answered or closed by then (still
    waiting now, or answered/closed only later)."""
    return Q(sent_on__lte=as_of, followup_due__lt=as_of) & (
        Q(status=Finding.Status.SENT)
        | Q(responded_on__gt=as_of)
        | Q(responded_on__isnull=True, closed_on__gt=as_of)
    )


def _on_duty_q(first: dt.date, last: dt.date) -> Q:
    return Q(is_active=True, term_start__lte=last, term_end__gte=first)


def up3_month(*, pemda: Pemda, year: int, month: int, today: dt.date) -> Up3Month:
    """The figures of the monthly activity report (issue #5 point 6) for a month that has begun.

    Visits: submitted visits dated in the month, per monitor and per the monitor's kecamatan;
    every monitor on duty in the month is listed, with or without visits. Findings: those sent to
    the OPD in the month, by category and by their current status; those closed in the month;
    follow-up times (working days from sending to the OPD's response, for responses in the
    month); those waiting past their deadline at the month's end (today for the current month);
    those marked for KPK in the month. Meetings: held in the month, with attendance out of the
    monitors on duty that day."""
    first, last = month_bounds(year=year, month=month, today=today)
    as_of = min(last, today)
    calendar = work_calendar_for(pemda)

    visits = list(
        Visit.objects.filter(
            pemda=pemda, status=Visit.Status.SUBMITTED, visited_on__range=(first, last)
        ).values_list("monitor_id", "service_unit_id")
    )
    visit_monitor_ids = {m for m, _u in visits}
    monitors = list(
        Monitor.objects.filter(pemda=pemda)
        .filter(_on_duty_q(first, last) | Q(pk__in=visit_monitor_ids))
        .select_related("kecamatan")
        .order_by("kecamatan__name", "name", "id")
    )
    opened = list(
        Finding.objects.filter(pemda=pemda, sent_on__range=(first, last))
        .select_related(*_FINDING_RELATED)
        .order_by("sent_on", "number")
    )
    findings = [_finding_row(f, calendar) for f in opened]

    visits_per_monitor = Counter(m for m, _u in visits)
    units_per_monitor: dict[int, set[int]] = defaultdict(set)
    for monitor_id, unit_id in visits:
        units_per_monitor[monitor_id].add(unit_id)
    findings_per_monitor = Counter(f.visit.monitor_id for f in opened if f.visit is not None)
    by_monitor = [
        MonitorVisits(
            monitor_id=m.pk,
            name=m.name,
            kecamatan=m.kecamatan.name,
            is_coordinator=m.is_coordinator,
            visits=visits_per_monitor[m.pk],
            units=len(units_per_monitor[m.pk]),
            findings=findings_per_monitor[m.pk],
        )
        for m in monitors
    ]

    kecamatan_of = {m.pk: m.kecamatan_id for m in monitors}
    on_duty = [m for m in monitors if m.is_active and m.term_start <= last and m.term_end >= first]
    monitors_per_kec = Counter(m.kecamatan_id for m in on_duty)
    visits_per_kec = Counter(kecamatan_of[m] for m, _u in visits)
    units_per_kec: dict[int, set[int]] = defaultdict(set)
    for monitor_id, unit_id in visits:
        units_per_kec[kecamatan_of[monitor_id]].add(unit_id)
    by_kecamatan = [
        KecamatanVisits(
            kecamatan_id=k.pk,
            kecamatan=k.name,
            monitors=monitors_per_kec[k.pk],
            visits=visits_per_kec[k.pk],
            units=len(units_per_kec[k.pk]),
        )
        for k in Kecamatan.objects.filter(pemda=pemda).order_by("name", "id")
    ]

    categories = Counter(f.category for f in opened)
    statuses = Counter(f.status for f in opened)
    responded = Finding.objects.filter(pemda=pemda, responded_on__range=(first, last)).values_list(
        "sent_on", "responded_on"
    )
    days = [
        d
        for sent, answered in responded
        if answered is not None and (d := _working_days(calendar, sent, answered)) is not None
    ]
    overdue = [
        _finding_row(f, calendar)
        for f in Finding.objects.filter(waiting_past_due(as_of), pemda=pemda)
        .select_related(*_FINDING_RELATED)
        .order_by("followup_due", "number")
    ]
    kpk = [
        _finding_row(f, calendar)
        for f in Finding.objects.filter(pemda=pemda, kpk_marked_on__range=(first, last))
        .select_related(*_FINDING_RELATED)
        .order_by("kpk_marked_on", "number")
    ]
    meetings = [
        MeetingRow(
            meeting_id=m.pk,
            held_on=m.held_on,
            place=m.place,
            present=m.present,
            active_monitors=sum(1 for mon in monitors if mon.on_duty(m.held_on)),
            other_attendees=m.other_attendees,
            minutes_excerpt=excerpt(m.minutes),
        )
        for m in Meeting.objects.filter(pemda=pemda, held_on__range=(first, last))
        .annotate(present=Count("attendees"))
        .order_by("held_on", "id")
    ]
    return Up3Month(
        pemda=pemda,
        year=year,
        month=month,
        first=first,
        last=last,
        as_of=as_of,
        visits_total=len(visits),
        visits_by_kecamatan=by_kecamatan,
        visits_by_monitor=by_monitor,
        findings_opened=len(opened),
        findings_by_category=[
            CodeCount(code, str(label), categories[code])
            for code, label in Finding.Category.choices
        ],
        findings_by_status=[
            CodeCount(code, str(label), statuses[code]) for code, label in Finding.Status.choices
        ],
        findings_closed=Finding.objects.filter(pemda=pemda, closed_on__range=(first, last)).count(),
        followup=followup_times(days),
        overdue=overdue,
        kpk_marked=kpk,
        meetings=meetings,
        findings=findings,
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text on one line, cut at a word, with an ellipsis when cut."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# --- the overview per kecamatan and per service unit (point 7) --------------------------------


@dataclass(frozen=True)
class FindingTally:
    """Findings of one kecamatan or service unit in the period, by their status today."""

    key: int | None
    label: str
    detail: str  # the OPD of a service unit
    total: int
    open: int
    overdue: int
    closed: int
    visits: int
    by_category: dict[str, int] = field(default_factory=dict)
    # The counts of `Up3Overview.categories`, in that order (a table's cells).
    category_counts: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ProneCoverage:
    service_unit_id: int
    service_unit: str
    opd: str
    kecamatan: str
    services: list[str]
    visits: int
    last_visited_on: dt.date | None


@dataclass(frozen=True)
class Up3Overview:
    date_from: dt.date
    date_to: dt.date
    today: dt.date
    findings_total: int
    findings_open: int
    findings_overdue: int
    findings_closed: int
    visits_total: int
    categories: list[CodeCount]  # the categories found in the period
    by_kecamatan: list[FindingTally]
    by_unit: list[FindingTally]
    prone: list[ProneCoverage]

    @property
    def prone_units(self) -> int:
        return len(self.prone)

    @property
    def prone_visited(self) -> int:
        return sum(1 for p in self.prone if p.visits)

    @property
    def coverage_percent(self) -> int | None:
        if not self.prone:
            return None
        return round(100 * self.prone_visited / len(self.prone))


def up3_overview(
    *, pemda: Pemda, date_from: dt.date, date_to: dt.date, today: dt.date
) -> Up3Overview:
    """Findings sent to the OPD in the period, per kecamatan and per service unit (open, overdue
    and closed as of `today`, and by category); submitted visits in the period per the monitor's
    kecamatan and per unit; and how many titik rawan (units with an active prone service) were
    visited in the period (issue #5 point 7)."""
    period_check(date_from=date_from, date_to=date_to)
    findings = list(
        Finding.objects.filter(pemda=pemda, sent_on__range=(date_from, date_to)).values_list(
            "kecamatan_id",
            "service_unit__kecamatan_id",
            "visit__monitor__kecamatan_id",
            "service_unit_id",
            "status",
            "followup_due",
            "category",
        )
    )
    visits = list(
        Visit.objects.filter(
            pemda=pemda, status=Visit.Status.SUBMITTED, visited_on__range=(date_from, date_to)
        ).values_list("monitor__kecamatan_id", "service_unit_id", "visited_on")
    )
    kecamatans = list(Kecamatan.objects.filter(pemda=pemda).order_by("name", "id"))

    per_kec: dict[int | None, list[tuple[str, dt.date, str]]] = defaultdict(list)
    per_unit: dict[int | None, list[tuple[str, dt.date, str]]] = defaultdict(list)
    for own_kec, unit_kec, monitor_kec, unit_id, status, due, category in findings:
        item = (status, due, category)
        per_kec[own_kec or unit_kec or monitor_kec].append(item)
        per_unit[unit_id].append(item)
    visits_per_kec: Counter[int | None] = Counter(k for k, _u, _d in visits)
    visits_per_unit = Counter(u for _k, u, _d in visits)
    last_visit: dict[int, dt.date] = {}
    for _k, unit_id, day in visits:
        if unit_id not in last_visit or day > last_visit[unit_id]:
            last_visit[unit_id] = day

    category_totals = Counter(c for *_rest, c in findings)
    codes = [code for code, _label in Finding.Category.choices if category_totals[code]]

    def tally(key: int | None, label: str, detail: str, items: list[Any], n: int) -> FindingTally:
        closed = sum(1 for s, _d, _c in items if s == Finding.Status.CLOSED)
        overdue = sum(1 for s, d, _c in items if s == Finding.Status.SENT and d < today)
        per_category = Counter(c for _s, _d, c in items)
        return FindingTally(
            key=key,
            label=label,
            detail=detail,
            total=len(items),
            open=len(items) - closed,
            overdue=overdue,
            closed=closed,
            visits=n,
            by_category=dict(per_category),
            category_counts=[per_category[code] for code in codes],
        )

    by_kecamatan = [
        tally(k.pk, k.name, "", per_kec.get(k.pk, []), visits_per_kec[k.pk]) for k in kecamatans
    ]
    if per_kec.get(None) or visits_per_kec[None]:
        by_kecamatan.append(
            tally(None, _("(tanpa kecamatan)"), "", per_kec.get(None, []), visits_per_kec[None])
        )

    unit_ids = {u for u in per_unit if u is not None} | set(visits_per_unit)
    units = {
        u.pk: u
        for u in ServiceUnit.objects.filter(pemda=pemda, pk__in=unit_ids).select_related("opd")
    }
    by_unit = [
        tally(uid, u.name, u.opd.name, per_unit.get(uid, []), visits_per_unit[uid])
        for uid, u in units.items()
    ]
    by_unit.sort(key=lambda t: (-t.total, -t.visits, t.label))
    if per_unit.get(None):
        by_unit.append(tally(None, _("(tanpa unit layanan)"), "", per_unit[None], 0))

    prone_services: dict[int, list[str]] = defaultdict(list)
    prone_units: dict[int, ServiceUnit] = {}
    for ps in (
        ProneService.objects.filter(pemda=pemda, is_active=True)
        .select_related("service_unit", "service_unit__opd", "service_unit__kecamatan")
        .order_by("service_unit__name", "name")
    ):
        prone_services[ps.service_unit_id].append(ps.name)
        prone_units[ps.service_unit_id] = ps.service_unit
    prone = [
        ProneCoverage(
            service_unit_id=uid,
            service_unit=u.name,
            opd=u.opd.name,
            kecamatan=u.kecamatan.name if u.kecamatan else "",
            services=prone_services[uid],
            visits=visits_per_unit[uid],
            last_visited_on=last_visit.get(uid),
        )
        for uid, u in prone_units.items()
    ]
    prone.sort(key=lambda p: (p.visits > 0, p.kecamatan, p.service_unit))

    totals = tally(None, "", "", [(s, d, c) for *_k, s, d, c in findings], len(visits))
    return Up3Overview(
        date_from=date_from,
        date_to=date_to,
        today=today,
        findings_total=len(findings),
        findings_open=totals.open,
        findings_overdue=totals.overdue,
        findings_closed=totals.closed,
        visits_total=len(visits),
        categories=[
            CodeCount(code, _label_of(Finding.Category, code), category_totals[code])
            for code in codes
        ],
        by_kecamatan=by_kecamatan,
        by_unit=by_unit,
        prone=prone,
    )


# --- a bar chart drawn on the server ----------------------------------------------------------

# Closed, open within the deadline, overdue: Bootstrap's success / warning / danger.
CHART_SERIES = (("closed", "#198754"), ("open", "#ffc107"), ("overdue", "#dc3545"))


def findings_chart_svg(*, rows: Iterable[FindingTally], title: str, limit: int = 20) -> SafeString:
    """A horizontal stacked bar chart of findings (closed / open / overdue) per row, as inline
    SVG: no script, no library. The table next to it holds the same data; the chart carries a
    summary in its aria-label."""
    shown = [r for r in rows if r.total][:limit]
    labels = {
        "closed": _("selesai"),
        "open": _("belum selesai, dalam tenggat"),
        "overdue": _("melewati tenggat"),
    }
    if not shown:
        return mark_safe("")
    summary = "; ".join(
        _("%(label)s: %(total)d temuan, %(overdue)d melewati tenggat")
        % {"label": r.label, "total": r.total, "overdue": r.overdue}
        for r in shown
    )
    label_w, bar_w, row_h, top = 240, 420, 24, 34
    width = label_w + bar_w + 50
    height = top + row_h * len(shown) + 8
    peak = max(r.total for r in shown)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="up3-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width: {width * 1.3:.0f}px" '
        f'aria-label="{escape(title)}. {escape(summary)}">',
        f"<title>{escape(title)}</title>",
    ]
    x = label_w
    for key, colour in CHART_SERIES:
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="18" font-size="11">{escape(labels[key])}</text>'
        )
        x += 16 + 7 * len(str(labels[key])) + 14
    for i, r in enumerate(shown):
        y = top + i * row_h
        name = r.label if len(r.label) <= 30 else r.label[:29] + "…"  # ~7 px per character
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        x0 = float(label_w)
        for key, colour in CHART_SERIES:
            value = {"closed": r.closed, "open": r.open - r.overdue, "overdue": r.overdue}[key]
            if value <= 0:
                continue
            w = bar_w * value / peak
            parts.append(
                f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{colour}"><title>{escape(r.label)}: {value} {escape(labels[key])}'
                "</title></rect>"
            )
            x0 += w
        parts.append(f'<text x="{x0 + 6:.1f}" y="{y + 15}" font-size="12">{r.total}</text>')
    parts.append("</svg>")
    # Every piece of text above is escaped; the numbers are ours.
    return mark_safe("".join(parts))  # noqa: S308


# --- the documents ----------------------------------------------------------------------------

_HEAD_TITLES = {
    Pemda.Kind.KABUPATEN: _lazy("Bupati"),
    Pemda.Kind.KOTA: _lazy("Wali Kota"),
    Pemda.Kind.PROVINSI: _lazy("Gubernur"),
}


def regent_title(pemda: Pemda) -> str:
    """ "Bupati Hulu Sungai Selatan" for "Kabupaten Hulu Sungai Selatan"."""
    head = str(_HEAD_TITLES.get(Pemda.Kind(pemda.kind), _("Kepala Daerah")))
    region = re.sub(r"^(Pemerintah\s+)?(Kabupaten|Kota|Provinsi)\s+", "", pemda.name, flags=re.I)
    return f"{head} {region}".strip()


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def coordinator_of(*, pemda: Pemda, day: dt.date) -> Monitor | None:
    """The UP3 coordinator on duty on `day`, if one is designated."""
    return (
        Monitor.objects.filter(
            pemda=pemda, is_coordinator=True, is_active=True, term_start__lte=day, term_end__gte=day
        )
        .order_by("name", "id")
        .first()
    )


def up3_month_pdf(*, report: Up3Month) -> bytes:
    """The monthly activity report on the pemda's letterhead, to the regent through the head of
    the UPG, signed by the UP3 coordinator and acknowledged by the head of the UPG."""
    pemda = report.pemda
    coordinator = coordinator_of(pemda=pemda, day=report.as_of)
    with translation.override("id"):
        title = _("Laporan Kegiatan Bulanan UP3")
        context = {
            "pemda": pemda,
            "title": title,
            "report": report,
            "month_label": report.label,
            "addressee": regent_title(pemda),
            "coordinator_name": coordinator.name if coordinator else "",
            "upg_head_name": _user_name(pemda.upg_head),
            "generated_at": timezone.localtime(
                timezone.now(), timezone=ZoneInfo(pemda.time_zone or "Asia/Makassar")
            ),
            "zone_label": pemda.zone_label,
        }
        return pdf_render(template="monitoring/up3_monthly_pdf.html", context=context)


def _sheet(wb: Workbook, title: str, columns: Sequence[tuple[str, int]]) -> Any:
    ws = wb.create_sheet(title)
    ws.append([name for name, _w in columns])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, (_name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return ws


def _dates_formatted(ws: Any) -> None:
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"


def up3_month_xlsx(*, report: Up3Month) -> bytes:
    """The monthly figures as a workbook: Ringkasan, Kunjungan per kecamatan, Kunjungan per
    pemantau, Temuan (one row per finding opened in the month), Rapat. Counts are numbers,
    dates are dates."""
    with translation.override("id"):
        return _month_workbook(report)


def _month_workbook(report: Up3Month) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    bold = Font(bold=True)

    summary = _sheet(wb, "Ringkasan", (("Uraian", 60), ("Nilai", 18)))
    f = report.followup
    rows: list[tuple[str, Any]] = [
        (_("Pemda"), report.pemda.name),
        (_("Bulan"), report.label),
        (_("Data sampai dengan"), report.as_of),
        (_("Pemantau bertugas"), report.monitors_on_duty),
        (_("Kunjungan pemantauan"), report.visits_total),
        (_("Temuan baru (dikirim ke OPD)"), report.findings_opened),
        (_("Temuan diselesaikan"), report.findings_closed),
        (_("Temuan melewati tenggat tindak lanjut"), len(report.overdue)),
        (_("Temuan ditandai untuk KPK"), len(report.kpk_marked)),
        (_("Tanggapan OPD dalam bulan ini"), f.count),
        (
            _("Rata-rata hari kerja sampai tanggapan"),
            float(f.average) if f.average is not None else None,
        ),
        (
            _("Median hari kerja sampai tanggapan"),
            float(f.median) if f.median is not None else None,
        ),
        (_("Paling lama (hari kerja)"), f.maximum),
        (_("Rapat koordinasi"), len(report.meetings)),
    ]
    rows += [(_("Kategori: %(c)s") % {"c": c.label}, c.count) for c in report.findings_by_category]
    rows += [(_("Status: %(s)s") % {"s": s.label}, s.count) for s in report.findings_by_status]
    for row in rows:
        summary.append(list(row))
    _dates_formatted(summary)

    kec = _sheet(
        wb,
        "Kunjungan per kecamatan",
        (("Kecamatan", 30), ("Pemantau bertugas", 12), ("Kunjungan", 12), ("Unit dikunjungi", 14)),
    )
    for k in report.visits_by_kecamatan:
        kec.append([k.kecamatan, k.monitors, k.visits, k.units])
    kec.append(
        [
            _("Jumlah"),
            report.monitors_on_duty,
            report.visits_total,
            sum(k.units for k in report.visits_by_kecamatan),
        ]
    )
    for cell in kec[kec.max_row]:
        cell.font = bold

    mon = _sheet(
        wb,
        "Kunjungan per pemantau",
        (
            ("Pemantau", 30),
            ("Kecamatan", 24),
            ("Koordinator", 12),
            ("Kunjungan", 12),
            ("Unit dikunjungi", 14),
            ("Temuan", 10),
        ),
    )
    for m in report.visits_by_monitor:
        mon.append(
            [
                m.name,
                m.kecamatan,
                _("Ya") if m.is_coordinator else "",
                m.visits,
                m.units,
                m.findings,
            ]
        )

    fnd = _sheet(
        wb,
        "Temuan",
        (
            ("Nomor", 18),
            ("Tanggal kejadian", 13),
            ("Dikirim ke OPD", 13),
            ("Tenggat", 13),
            ("Kecamatan", 20),
            ("Unit layanan", 28),
            ("OPD", 28),
            ("Kategori", 30),
            ("Tingkat", 10),
            ("Status", 28),
            ("Hari kerja sampai tanggapan", 14),
            ("Ditandai KPK", 13),
        ),
    )
    for r in report.findings:
        fnd.append(
            [
                r.number,
                r.observed_on,
                r.sent_on,
                r.followup_due,
                r.kecamatan,
                r.service_unit,
                r.opd,
                r.category_label,
                r.severity_label,
                r.status_label,
                r.days_to_response,
                r.kpk_marked_on,
            ]
        )
    _dates_formatted(fnd)

    mtg = _sheet(
        wb,
        "Rapat",
        (
            ("Tanggal", 13),
            ("Tempat", 28),
            ("Pemantau hadir", 12),
            ("Pemantau bertugas", 12),
            ("Peserta lain", 30),
            ("Ringkasan notulen", 80),
        ),
    )
    for meeting in report.meetings:
        mtg.append(
            [
                meeting.held_on,
                meeting.place,
                meeting.present,
                meeting.active_monitors,
                meeting.other_attendees,
                meeting.minutes_excerpt,
            ]
        )
    for row in mtg.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    _dates_formatted(mtg)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
