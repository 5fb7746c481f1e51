"""Reads of sanction cases: the filtered list and what a case page shows to whom.

A civil servant sees their own case without the internal examination record: the summonses
addressed to them, the decision, the deduction lines, their appeals and the discipline
penalty, but not the clarification minutes, the evidence or the Inspektorat's notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sehati.core.audit import timeline_for
from sehati.core.files import files_for
from sehati.sanctions.appeals import APPEAL_FILE
from sehati.sanctions.examination import EVIDENCE
from sehati.sanctions.models import (
    SanctionAppeal,
    SanctionCase,
    SanctionDiscipline,
    SanctionStep,
    TppDeduction,
)

# What the employee sees of their own case's timeline.
OWN_EVENT_TYPES = (
    "sanction_case_opened",
    "sanction_step_summons",
    "sanction_decided",
    "sanction_appeal_filed",
    "sanction_appeal_decided",
    "sanction_discipline_recorded",
    "sanction_discipline_updated",
)


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    status: str = ""
    source: str = ""
    decision: str = ""
    opd_id: int | None = None


def sanction_case_search(
    *, cases: QuerySet[SanctionCase], filters: CaseFilters
) -> QuerySet[SanctionCase]:
    """The cases matching the filters (name or NIP search), newest first."""
    found = cases.select_related("employee", "employee__opd")
    if filters.q:
        q = filters.q.strip()
        found = found.filter(Q(employee__name__icontains=q) | Q(employee__nip__startswith=q))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.decision:
        found = found.filter(decision=filters.decision)
    if filters.opd_id:
        found = found.filter(employee__opd_id=filters.opd_id)
    return found.order_by("-created_at", "-id")


@dataclass
class CaseView:
    """One case as its viewer may see it."""

    case: SanctionCase
    wide: bool
    gifts: list[Any]
    steps: list[SanctionStep]
    step_files: dict[int, list[Any]]
    deductions: list[TppDeduction]
    appeals: list[SanctionAppeal]
    appeal_files: dict[int, list[Any]]
    pending_appeal: SanctionAppeal | None
    discipline: SanctionDiscipline | None
    timeline: list[Any]

    @property
    def summonses(self) -> list[SanctionStep]:
        return [s for s in self.steps if s.kind == SanctionStep.Kind.SUMMONS]

    @property
    def deduction_total_idr(self) -> int:
        return sum(d.deduction_idr for d in self.deductions)


def sanction_case_view(*, case: SanctionCase, wide: bool) -> CaseView:
    steps = list(case.steps.select_related("created_by").order_by("occurred_on", "id"))
    if not wide:
        steps = [s for s in steps if s.kind == SanctionStep.Kind.SUMMONS]
    step_files: dict[int, list[Any]] = {}
    if wide:
        for step in steps:
            if step.kind == SanctionStep.Kind.EVIDENCE:
                step_files[step.pk] = list(files_for(step, EVIDENCE))
    appeals = list(case.appeals.select_related("filed_by", "decided_by").order_by("filed_on", "id"))
    timeline = list(timeline_for(case))
    if not wide:
        timeline = [e for e in timeline if e.type in OWN_EVENT_TYPES]
    return CaseView(
        case=case,
        wide=wide,
        gifts=list(case.gifts.select_related("report").order_by("id")),
        steps=steps,
        step_files=step_files,
        deductions=list(case.deductions.order_by("month", "id")),
        appeals=appeals,
        appeal_files={a.pk: list(files_for(a, APPEAL_FILE)) for a in appeals},
        pending_appeal=next(
            (a for a in appeals if a.status == SanctionAppeal.Status.PENDING), None
        ),
        discipline=SanctionDiscipline.objects.filter(case=case).first(),
        timeline=timeline,
    )
