"""Reads of periodic declarations: who is obliged, the roster per OPD, the names list, an
employee's own declarations and the reports they may link."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.models import Employee, Opd
from sehati.org.selectors import opd_descendant_ids
from sehati.reports.models import GiftReport, reporter_is

A = Declaration.Answer
# Filters of the names list. Viewers who may not see the answers' content get only the first two.
STATUS_ANSWERED = "answered"
STATUS_PENDING = "pending"
STATUSES_BASIC = (STATUS_ANSWERED, STATUS_PENDING)
STATUSES_FULL = (*STATUSES_BASIC, A.NONE.value, A.REPORTED.value, A.UNREPORTED.value)


def period_covered_opd_ids(*, period: DeclarationPeriod) -> set[int]:
    """The OPD whose employees must answer: every OPD of the pemda, or the chosen ones with
    their sub-units."""
    if period.all_opd:
        return set(Opd.objects.filter(pemda_id=period.pemda_id).values_list("id", flat=True))
    roots = set(period.opds.values_list("id", flat=True))
    return opd_descendant_ids(pemda_id=period.pemda_id, roots=roots)


def period_obliged_employees(*, period: DeclarationPeriod) -> QuerySet[Employee]:
    """The active employees of the covered OPD, today (the live roster of an open period)."""
    return Employee.objects.filter(
        pemda_id=period.pemda_id,
        is_active=True,
        opd_id__in=period_covered_opd_ids(period=period),
    )


@dataclass
class RosterRow:
    opd_id: int | None
    opd_name: str
    none: int = 0
    reported: int = 0
    unreported: int = 0
    pending: int = 0

    @property
    def answered(self) -> int:
        return self.none + self.reported + self.unreported

    @property
    def obliged(self) -> int:
        return self.answered + self.pending

    @property
    def answered_percent(self) -> int:
        return round(100 * self.answered / self.obliged) if self.obliged else 0

    def add(self, answer: str, n: int) -> None:
        if answer == A.NONE:
            self.none += n
        elif answer == A.REPORTED:
            self.reported += n
        elif answer == A.UNREPORTED:
            self.unreported += n
        else:
            self.pending += n


@dataclass
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    total: RosterRow = field(default_factory=lambda: RosterRow(None, ""))


def period_roster(*, period: DeclarationPeriod, opd_ids: set[int] | None = None) -> Roster:
    """Counts per OPD (by the OPD stored on each declaration row), limited to `opd_ids` for a
    viewer bound to some OPD (None: all). One grouped query."""
    rows = Declaration.objects.filter(period=period)
    if opd_ids is not None:
        rows = rows.filter(opd_id__in=opd_ids)
    by_opd: dict[int, RosterRow] = {}
    roster = Roster()
    grouped = rows.values("opd_id", "opd__name", "opd__short_name", "answer").annotate(
        n=Count("id")
    )
    for item in grouped:
        row = by_opd.get(item["opd_id"])
        if row is None:
            name = item["opd__short_name"] or item["opd__name"]
            row = by_opd[item["opd_id"]] = RosterRow(item["opd_id"], name)
        row.add(item["answer"], item["n"])
        roster.total.add(item["answer"], item["n"])
    roster.rows = sorted(by_opd.values(), key=lambda r: r.opd_name.lower())
    return roster


def period_people(
    *,
    period: DeclarationPeriod,
    opd_ids: set[int] | None = None,
    opd_id: int | None = None,
    status: str = "",
    q: str = "",
) -> QuerySet[Declaration]:
    """The names list of a period: filter by OPD (with its sub-units), status and name/NIP."""
    rows = Declaration.objects.filter(period=period)
    if opd_ids is not None:
        rows = rows.filter(opd_id__in=opd_ids)
    if opd_id is not None:
        rows = rows.filter(opd_id__in=opd_descendant_ids(pemda_id=period.pemda_id, roots={opd_id}))
    if status == STATUS_ANSWERED:
        rows = rows.exclude(answer=A.PENDING)
    elif status == STATUS_PENDING:
        rows = rows.filter(answer=A.PENDING)
    elif status in STATUSES_FULL:
        rows = rows.filter(answer=status)
    if q:
        rows = rows.filter(Q(employee__name__icontains=q) | Q(employee__nip__icontains=q))
    return rows.select_related("employee", "opd").order_by("employee__name", "id")


def declarations_of(*, employee_id: int) -> QuerySet[Declaration]:
    """An employee's own declarations: open periods first (by due date), then past ones."""
    return (
        Declaration.objects.filter(employee_id=employee_id)
        .select_related("period", "opd")
        .order_by("-period__status", "period__due_on", "-period__starts_on", "-id")
    )


def reports_linkable(*, employee_id: int, pemda_id: int) -> QuerySet[GiftReport]:
    """The employee's own submitted gift reports (the ones an answer "reported" may link)."""
    return GiftReport.objects.filter(
        reporter_is(employee_id), pemda_id=pemda_id, status=GiftReport.Status.SUBMITTED
    ).order_by("-received_on", "-id")


def period_list(
    *,
    periods: QuerySet[DeclarationPeriod],
    opd_ids: set[int] | None = None,
    q: str = "",
    status: str = "",
) -> QuerySet[DeclarationPeriod]:
    """Periods (open first), each with its obliged and answered counts — within `opd_ids` for a
    viewer bound to some OPD."""
    if status in DeclarationPeriod.Status.values:
        periods = periods.filter(status=status)
    if q:
        periods = periods.filter(Q(title__icontains=q) | Q(description__icontains=q))
    mine = Q() if opd_ids is None else Q(declarations__opd_id__in=opd_ids)
    return periods.annotate(
        obliged=Count("declarations", filter=mine),
        answered=Count("declarations", filter=mine & ~Q(declarations__answer=A.PENDING)),
    ).order_by("-status", "-starts_on", "-id")
