"""Building the summary tables the dashboards read (issue #8 point 4).

`summary_refresh` rebuilds a pemda's `ReportSummary` rows: all of them, or the months given. It
reads the submitted reports with their case in one pass, groups them in Python (working days per
step need the pemda's calendar, which SQL does not have) and replaces the rows in one short
transaction, so a reader sees either the old rows or the new ones.

`summary_fresh` is what a dashboard calls before reading: it rebuilds the months marked stale
since the last read (few and small), and when the summary was built for an earlier date (the
"overdue" column depends on the date) it asks the job worker for a whole rebuild and goes on with
the rows it has; the page shows their date.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from sehati.cases.models import Case, CustodyItem
from sehati.core.replica import primary_reads
from sehati.dashboards.models import ReportSummary, SummaryDirty, SummaryState
from sehati.org.models import Pemda
from sehati.reports.models import GiftReport
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError, WorkCalendar

_STATE_DECISIONS = frozenset({Case.Decision.STATE.value, Case.Decision.STATE_COMPENSABLE.value})
_STEPS = ("report", "verify", "analyse", "forward", "decide", "followup")
_BATCH = 2000


@dataclass
class _Bucket:
    reports: int = 0
    value_idr: int = 0
    state_reports: int = 0
    state_value_idr: int = 0
    late: int = 0
    after_finding: int = 0
    distributed: int = 0
    overdue: int = 0
    in_custody: int = 0
    wd: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0] for s in _STEPS})


_Key = tuple[int, int, int, str, str]  # opd, year, month, kind, case status

_FIELDS = (
    "id",
    "reporter_opd_id",
    "submitted_on",
    "kind",
    "value_idr",
    "is_late",
    "after_finding",
    "object_location",
    "received_on",
    "case__status",
    "case__decision",
    "case__appraised_value_idr",
    "case__received_on",
    "case__completed_on",
    "case__analysed_on",
    "case__forwarded_on",
    "case__sk_date",
    "case__followup_on",
    "case__next_due_on",
)


class _Spans:
    """Working days from `start` to `end` (day 0 = start) for many pairs: the calendar's
    `working_days_between`, memoised per date (a summary asks it millions of times for a few
    thousand distinct dates). None when a date is missing, out of the calendar's range or the
    dates are out of order."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.origin = dt.date(calendar.first_year, 1, 1)
        self.index: dict[dt.date, int | None] = {}

    def _at(self, day: dt.date) -> int | None:
        try:
            return self.index[day]
        except KeyError:
            try:
                n: int | None = self.calendar.working_days_between(self.origin, day)
            except CalendarRangeError:
                n = None
            self.index[day] = n
            return n

    def span(self, start: dt.date | None, end: dt.date | None) -> int | None:
        if start is None or end is None:
            return None
        a, b = self._at(start), self._at(end)
        if a is None or b is None or b < a:
            return None
        return b - a


def _month_ranges(months: Iterable[tuple[int, int]]) -> list[tuple[dt.date, dt.date]]:
    out = []
    for year, month in sorted(set(months)):
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append((first, nxt - dt.timedelta(days=1)))
    return out


def _collect(
    *, pemda: Pemda, as_of: dt.date, months: list[tuple[int, int]] | None
) -> tuple[dict[_Key, _Bucket], int]:
    spans = _Spans(work_calendar_for(pemda))
    reports = GiftReport.objects.filter(pemda=pemda, status=GiftReport.Status.SUBMITTED).exclude(
        submitted_on=None
    )
    held = CustodyItem.objects.filter(pemda=pemda, status=CustodyItem.Status.HELD)
    if months is not None:
        ranges = _month_ranges(months)
        if not ranges:
            return {}, 0
        from django.db.models import Q

        cond = Q()
        for first, last in ranges:
            cond |= Q(submitted_on__range=(first, last))
        reports = reports.filter(cond)
        held_cond = Q()
        for first, last in ranges:
            held_cond |= Q(case__report__submitted_on__range=(first, last))
        held = held.filter(held_cond)
    held_by_report: dict[int, int] = defaultdict(int)
    for report_id in held.values_list("case__report_id", flat=True):
        held_by_report[report_id] += 1

    buckets: dict[_Key, _Bucket] = defaultdict(_Bucket)
    closed = Case.Status.CLOSED.value
    distributed = GiftReport.ObjectLocation.DISTRIBUTED.value
    n = 0
    for row in reports.values_list(*_FIELDS).iterator(chunk_size=5000):
        (
            rid,
            opd_id,
            submitted_on,
            kind,
            value,
            is_late,
            after_finding,
            location,
            gift_on,
            status,
            decision,
            appraised,
            case_on,
            completed_on,
            analysed_on,
            forwarded_on,
            sk_date,
            followup_on,
            next_due_on,
        ) = row
        n += 1
        key = (opd_id, submitted_on.year, submitted_on.month, kind, status or "")
        b = buckets[key]
        b.reports += 1
        b.value_idr += value
        if decision in _STATE_DECISIONS:
            b.state_reports += 1
            b.state_value_idr += appraised if appraised is not None else value
        b.late += bool(is_late)
        b.after_finding += bool(after_finding)
        b.distributed += location == distributed
        if status and status != closed and next_due_on is not None and next_due_on < as_of:
            b.overdue += 1
        b.in_custody += held_by_report.get(rid, 0)
        for step, start, end in (
            ("report", gift_on, submitted_on),
            ("verify", case_on, completed_on),
            ("analyse", completed_on, analysed_on),
            ("forward", analysed_on, forwarded_on),
            ("decide", forwarded_on, sk_date),
            ("followup", sk_date, followup_on),
        ):
            span = spans.span(start, end)
            if span is not None:
                acc = b.wd[step]
                acc[0] += span
                acc[1] += 1
    return buckets, n


def _rows(pemda_id: int, buckets: dict[_Key, _Bucket]) -> list[ReportSummary]:
    rows = []
    for (opd_id, year, month, kind, status), b in buckets.items():
        wd = {f"wd_{s}_sum": b.wd[s][0] for s in _STEPS} | {f"wd_{s}_n": b.wd[s][1] for s in _STEPS}
        rows.append(
            ReportSummary(
                pemda_id=pemda_id,
                opd_id=opd_id,
                year=year,
                month=month,
                kind=kind,
                case_status=status,
                reports=b.reports,
                value_idr=b.value_idr,
                state_reports=b.state_reports,
                state_value_idr=b.state_value_idr,
                late=b.late,
                after_finding=b.after_finding,
                distributed=b.distributed,
                overdue=b.overdue,
                in_custody=b.in_custody,
                **wd,
            )
        )
    return rows


def _insert(rows: list[ReportSummary]) -> None:
    """Write the rows: one COPY on PostgreSQL (a whole rebuild writes 100,000 rows and more),
    `bulk_create` elsewhere."""
    if connection.vendor != "postgresql":
        ReportSummary.objects.bulk_create(rows, batch_size=_BATCH)
        return
    fields = [f for f in ReportSummary._meta.concrete_fields if f.column != "id"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        table = connection.ops.quote_name(ReportSummary._meta.db_table)
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([getattr(row, a) for a in attnames])


def summary_refresh(
    *, pemda: Pemda, today: dt.date, months: Iterable[tuple[int, int]] | None = None
) -> int:
    """Rebuild the pemda's summary rows (all, or only `months` as (year, month)); returns the
    number of reports read. A whole rebuild also records the date "overdue" was computed for."""
    started = time.perf_counter()
    month_list = None if months is None else sorted(set(months))
    if month_list is not None:
        state = SummaryState.objects.filter(pemda=pemda).first()
        as_of = state.as_of if state is not None else today
    else:
        as_of = today
    buckets, n = _collect(pemda=pemda, as_of=as_of, months=month_list)
    rows = _rows(pemda.pk, buckets)
    with transaction.atomic():
        # One writer per pemda at a time: a second rebuild of the same months waits here, so its
        # delete sees (and removes) the first one's rows instead of adding to them.
        Pemda.objects.select_for_update(no_key=True).filter(pk=pemda.pk).first()
        old = ReportSummary.objects.filter(pemda=pemda)
        if month_list is not None:
            from django.db.models import Q

            cond = Q(pk__in=[])
            for year, month in month_list:
                cond |= Q(year=year, month=month)
            old = old.filter(cond)
        old.delete()
        _insert(rows)
        if month_list is None:
            SummaryState.objects.update_or_create(
                pemda=pemda,
                defaults={
                    "as_of": today,
                    "refreshed_at": timezone.now(),
                    "reports": n,
                    "seconds": time.perf_counter() - started,
                },
            )
    return n


def summary_mark_dirty(*, pemda_id: int, day: dt.date | None) -> None:
    """Mark the month of `day` stale (called by signals, in the changing transaction)."""
    if day is None:
        return
    SummaryDirty.objects.bulk_create(
        [SummaryDirty(pemda_id=pemda_id, year=day.year, month=day.month)],
        ignore_conflicts=True,
    )


def summary_refresh_dirty(*, pemda: Pemda, today: dt.date) -> int:
    """Rebuild the months marked stale. The marks are taken (deleted) first, so a change made
    while rebuilding marks its month again."""
    with transaction.atomic():
        marks = list(SummaryDirty.objects.filter(pemda=pemda).values_list("pk", "year", "month"))
        if not marks:
            return 0
        SummaryDirty.objects.filter(pk__in=[m[0] for m in marks]).delete()
    return summary_refresh(pemda=pemda, today=today, months=[(y, m) for _pk, y, m in marks])


def summary_fresh(*, pemda: Pemda, today: dt.date) -> SummaryState:
    """Make the pemda's summary current enough to read, and say as of when (see the module).
    Reads the primary even in a dashboard that reads the replica: it decides what to rebuild."""
    with primary_reads():
        return _summary_fresh(pemda=pemda, today=today)


def _summary_fresh(*, pemda: Pemda, today: dt.date) -> SummaryState:
    state = SummaryState.objects.filter(pemda=pemda).first()
    if state is None:
        SummaryDirty.objects.filter(pemda=pemda).delete()
        summary_refresh(pemda=pemda, today=today)
        return SummaryState.objects.get(pemda=pemda)
    summary_refresh_dirty(pemda=pemda, today=today)
    if state.as_of < today and cache.add(f"summary-refresh:{pemda.pk}:{today}", 1, 3600):
        from sehati.dashboards.tasks import summary_refresh_task

        summary_refresh_task(pemda.pk, today.isoformat())
        state.refresh_from_db()
    return state
