"""Coverage of socialisation per OPD and year (issue #7 point 1).

Definition. For a year Y and an OPD X (with all its sub-units):

    coverage = reached / staff
    staff    = the active civil servants (PNS, CPNS, PPPK) whose OPD today is X or one of its
               sub-units;
    reached  = those of them who attended (check-in or attendance list) at least one ASN event
               of the pemda that is marked held and dated in Y.

A person counts once however many events they attended. Transfers follow the person: coverage
describes today's staff of an OPD, so someone reached while in Dinkes who has moved to Disdukcapil
counts for Disdukcapil (and no longer for Dinkes); employees no longer active drop out of both
numbers. Non-ASN staff paid from the APBD ("lainnya") are left out of both. The participant list
keeps the OPD each person came from at the time, for the record of the event itself.

Three queries whatever the number of OPD: the OPD tree, the staff and reached counts grouped by
OPD (the reached ids as a subquery), and the number of held ASN events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from sehati.org.models import Employee
from sehati.org.selectors import opd_tree
from sehati.outreach.models import Event, Participant

ASN_STATUSES = (Employee.Status.PNS, Employee.Status.CPNS, Employee.Status.PPPK)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent with one decimal (half up), None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CoverageRow:
    opd_id: int | None
    name: str
    depth: int = 0
    staff: int = 0
    reached: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.reached, self.staff)

    @property
    def not_reached(self) -> int:
        return self.staff - self.reached


@dataclass
class Coverage:
    year: int
    rows: list[CoverageRow] = field(default_factory=list)  # every OPD, in tree order
    total: CoverageRow = field(default_factory=lambda: CoverageRow(None, ""))
    events_held: int = 0

    @property
    def top_rows(self) -> list[CoverageRow]:
        """The OPD at the top of the tree (each with its sub-units): no one counted twice."""
        return [r for r in self.rows if r.depth == 0]


def held_asn_events(*, pemda_id: int, year: int) -> QuerySet[Event]:
    return Event.objects.filter(
        pemda_id=pemda_id,
        status=Event.Status.HELD,
        audience=Event.Audience.ASN,
        held_on__year=year,
    )


def reached_employee_ids(*, pemda_id: int, year: int) -> QuerySet[Participant, Any]:
    """The employee ids of everyone present at a held ASN event dated in `year` (a subquery)."""
    return Participant.objects.filter(
        event__in=held_asn_events(pemda_id=pemda_id, year=year),
        attended_at__isnull=False,
        employee__isnull=False,
    ).values("employee_id")


def coverage_by_opd(*, pemda_id: int, year: int) -> Coverage:
    """Coverage of every OPD (each with its sub-units) and of the whole pemda in `year`."""
    tree = opd_tree(pemda_id=pemda_id)
    own: dict[int, tuple[int, int]] = {}
    counts = (
        Employee.objects.filter(pemda_id=pemda_id, is_active=True, status__in=ASN_STATUSES)
        .values("opd_id")
        .annotate(
            staff=Count("id"),
            reached=Count(
                "id", filter=Q(pk__in=reached_employee_ids(pemda_id=pemda_id, year=year))
            ),
        )
    )
    for item in counts:
        own[item["opd_id"]] = (item["staff"], item["reached"])
    children: dict[int | None, list[int]] = defaultdict(list)
    for opd, _depth in tree:
        children[opd.parent_id].append(opd.pk)
    rolled: dict[int, tuple[int, int]] = {}

    def roll(opd_id: int) -> tuple[int, int]:
        if opd_id not in rolled:
            staff, reached = own.get(opd_id, (0, 0))
            for child in children.get(opd_id, ()):
                s, r = roll(child)
                staff, reached = staff + s, reached + r
            rolled[opd_id] = (staff, reached)
        return rolled[opd_id]

    coverage = Coverage(year=year)
    for opd, depth in tree:
        staff, reached = roll(opd.pk)
        if staff or reached or opd.is_active:
            coverage.rows.append(
                CoverageRow(opd.pk, opd.short_name or opd.name, depth, staff, reached)
            )
    coverage.total = CoverageRow(
        None,
        "",
        0,
        sum(s for s, _r in own.values()),
        sum(r for _s, r in own.values()),
    )
    coverage.events_held = held_asn_events(pemda_id=pemda_id, year=year).count()
    return coverage
