"""Reads of UPG case work: deadlines of a case, the queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sehati.cases.models import Case
from sehati.core.models import TimelineEvent
from sehati.reports.selectors import deadline_overrides_for, rulebook_for, work_calendar_for
from sehati.rules.calendar import CalendarRangeError, WorkCalendar
from sehati.rules.deadlines import deadline_compute
from sehati.rules.rulesets import DeadlineCode

DEADLINE_LABELS: dict[str, Any] = {
    DeadlineCode.RECEIPT_TO_KPK: _("Laporan sampai di KPK (batas hukum 30 HK sejak penerimaan)"),
    DeadlineCode.UPG_TO_KPK: _("UPG meneruskan ke KPK"),
    DeadlineCode.COMPLETENESS: _("Pelapor melengkapi laporan"),
    DeadlineCode.KPK_DECISION: _("KPK menetapkan status (perkiraan)"),
    DeadlineCode.STATE_HANDOVER: _("Penyerahan objek milik negara"),
}
SOON_WORKING_DAYS = 3  # a deadline this close stands out in the queues (issue #4 point 9)


@dataclass(frozen=True)
class CaseDeadline:
    code: str
    label: str
    due_on: dt.date
    legal_basis: str
    active: bool  # still to be met in the current state
    met_on: dt.date | None  # when it was met (None: not yet, or not applicable)
    working_days_left: int | None  # from today; negative when overdue; None when inactive

    @property
    def overdue(self) -> bool:
        return self.active and self.working_days_left is not None and self.working_days_left < 0

    @property
    def soon(self) -> bool:
        return (
            self.active
            and self.working_days_left is not None
            and 0 <= self.working_days_left <= SOON_WORKING_DAYS
        )

    @property
    def overdue_days(self) -> int:
        return -self.working_days_left if self.overdue and self.working_days_left else 0

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on


def _left(calendar: WorkCalendar, today: dt.date, due: dt.date) -> int | None:
    try:
        return calendar.working_days_between(today, due)
    except CalendarRangeError:
        return None


def case_deadlines(*, case: Case, today: dt.date) -> list[CaseDeadline]:
    """Every deadline of the case as a date and as working days left (issue #4 point 9)."""
    report = case.report
    calendar = work_calendar_for(case.pemda)
    rules = rulebook_for(case.pemda).for_date(report.received_on)
    S = Case.Status
    rows: list[CaseDeadline] = []

    def add(code: DeadlineCode, due: dt.date | None, active: bool, met_on: dt.date | None) -> None:
        if due is None:
            return
        rows.append(
            CaseDeadline(
                code=code.value,
                label=str(DEADLINE_LABELS[code]),
                due_on=due,
                legal_basis=rules.deadline(code).legal_basis,
                active=active and case.status != S.CLOSED,
                met_on=met_on,
                working_days_left=_left(calendar, today, due) if active else None,
            )
        )

    not_forwarded = case.forwarded_on is None and case.status != S.CLOSED
    add(DeadlineCode.RECEIPT_TO_KPK, report.report_due, not_forwarded, case.forwarded_on)
    add(DeadlineCode.UPG_TO_KPK, case.forward_due, not_forwarded, case.forwarded_on)
    add(
        DeadlineCode.COMPLETENESS,
        case.completion_due,
        case.status == S.INCOMPLETE,
        case.completed_on,
    )
    if case.forwarded_on is not None:
        try:
            decision_due = calendar.add_working_days(
                case.forwarded_on, rules.deadline(DeadlineCode.KPK_DECISION).working_days
            )
        except CalendarRangeError:
            decision_due = None
        add(DeadlineCode.KPK_DECISION, decision_due, case.status == S.FORWARDED, case.sk_date)
    add(
        DeadlineCode.STATE_HANDOVER,
        case.handover_due,
        case.status == S.DECIDED,
        case.followup_on,
    )
    return rows


def case_next_due(*, case: Case) -> dt.date | None:
    """The earliest deadline still to be met in the current state (stored for the queues)."""
    S = Case.Status
    if case.status == S.CLOSED:
        return None
    if case.status == S.INCOMPLETE and case.completion_due:
        return case.completion_due
    if case.status == S.DECIDED:
        return case.handover_due
    if case.status == S.FORWARDED:
        return None
    return case.forward_due


def forward_due_for(*, case: Case) -> dt.date:
    """UPG → KPK deadline: the Perbup's days from the UPG's receipt, never later than receipt +
    30 HK (GRATIFICATION_LAW.md §2.4 invariant; DECISIONS.md #12)."""
    report = case.report
    rules = rulebook_for(case.pemda).for_date(report.received_on)
    return deadline_compute(
        ruleset=rules,
        code=DeadlineCode.UPG_TO_KPK,
        start=case.received_on,
        calendar=work_calendar_for(case.pemda),
        received_on=report.received_on,
        overrides=deadline_overrides_for(case.pemda),
    ).due_on


def completion_due_for(*, case: Case) -> dt.date:
    """Last day to complete an incomplete report: counted from the date of the report, under the
    rule set in force on that date — 30 HK before 2026-01-20, 20 HK from then (PerKPK 2/2019
    Pasal 9 as amended by PerKPK 1/2026; DECISIONS.md #11)."""
    report = case.report
    reported_on = report.submitted_on or case.received_on
    rules = rulebook_for(case.pemda).for_date(reported_on)
    return deadline_compute(
        ruleset=rules,
        code=DeadlineCode.COMPLETENESS,
        start=reported_on,
        calendar=work_calendar_for(case.pemda),
    ).due_on


def handover_due_for(*, case: Case, sk_date: dt.date) -> dt.date:
    """State-owned object handed over within 7 HK of the decision (UU 30/2002 Pasal 17(6))."""
    rules = rulebook_for(case.pemda).for_date(case.report.received_on)
    return deadline_compute(
        ruleset=rules,
        code=DeadlineCode.STATE_HANDOVER,
        start=sk_date,
        calendar=work_calendar_for(case.pemda),
    ).due_on


@dataclass(frozen=True)
class QueueFilter:
    q: str = ""
    status: str = ""
    kind: str = ""
    opd_id: int | None = None
    handler: str = ""  # "central", "pembantu" or ""
    due: str = ""  # "overdue", "soon" or ""
    value_min_idr: int | None = None
    value_max_idr: int | None = None


def case_queue(
    *, cases: QuerySet[Case], filters: QueueFilter, today: dt.date, soon_until: dt.date
) -> QuerySet[Case]:
    """The queue in scope, filtered; overdue first, then by the next deadline."""
    qs = cases.select_related(
        "report", "report__reporter", "report__reporter_opd", "handler_opd", "assignee"
    )
    if filters.q:
        qs = qs.filter(
            Q(report__register_number__icontains=filters.q)
            | Q(report__giver_name__icontains=filters.q)
            | Q(report__reporter__name__icontains=filters.q, report__confidential=False)
            | Q(report__description__icontains=filters.q)
        )
    if filters.status in Case.Status.values:
        qs = qs.filter(status=filters.status)
    elif filters.status == "open":
        qs = qs.exclude(status=Case.Status.CLOSED)
    if filters.kind:
        qs = qs.filter(report__kind=filters.kind)
    if filters.opd_id:
        qs = qs.filter(report__reporter_opd_id=filters.opd_id)
    if filters.handler == "central":
        qs = qs.filter(handler_opd__isnull=True)
    elif filters.handler == "pembantu":
        qs = qs.filter(handler_opd__isnull=False)
    if filters.due == "overdue":
        qs = qs.filter(next_due_on__lt=today)
    elif filters.due == "soon":
        qs = qs.filter(next_due_on__gte=today, next_due_on__lte=soon_until)
    if filters.value_min_idr is not None:
        qs = qs.filter(report__value_idr__gte=filters.value_min_idr)
    if filters.value_max_idr is not None:
        qs = qs.filter(report__value_idr__lte=filters.value_max_idr)
    return qs.order_by(F("next_due_on").asc(nulls_last=True), "-received_on", "-id")


def case_timeline(*, case: Case) -> QuerySet[TimelineEvent]:
    """The case's record: the report's events (every step is recorded there) and the events on
    the case and its custody items (their files), newest first."""
    from sehati.cases.models import CustodyItem
    from sehati.reports.models import GiftReport

    def of(model: Any, ids: list[int]) -> Q:
        return Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids)

    custody_ids = list(case.custody_items.values_list("pk", flat=True))
    return (
        TimelineEvent.objects.filter(
            of(GiftReport, [case.report_id]) | of(Case, [case.pk]) | of(CustodyItem, custody_ids)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
