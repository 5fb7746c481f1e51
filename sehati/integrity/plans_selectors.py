"""Reads of action plans (issue #7 point 3): the filtered list, one plan's reports with their
evidence, the scores a plan may answer, and the progress figures (per owner OPD, per status,
overdue, per weak score or dimension)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from sehati.core.models import StoredFile
from sehati.integrity.models import ActionPlan, ActionPlanLink, ActionPlanUpdate, IntegrityScore
from sehati.org.selectors import opd_descendant_ids

S = ActionPlan.Status
OPEN = (S.PLANNED, S.IN_PROGRESS)
NO_SCORE = "none"  # the score-kind filter's value for plans answering a free dimension only


@dataclass(frozen=True)
class PlanFilters:
    q: str = ""
    status: str = ""  # an ActionPlan.Status value, or "" for all
    owner_opd_id: int | None = None  # with its sub-units
    due_year: int | None = None
    overdue: bool = False
    score_kind: str = ""  # an IntegrityScore.Kind value, NO_SCORE, or "" for all


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN, due_on__lt=today)


def plan_list(
    *, plans: QuerySet[ActionPlan], pemda_id: int, filters: PlanFilters, today: dt.date
) -> QuerySet[ActionPlan]:
    """Plans matching the filters: open ones first (overdue before the rest, then by due date),
    closed ones after. Each carries `overdue`, `update_count` and `last_reported_on`."""
    if filters.status in S.values:
        plans = plans.filter(status=filters.status)
    if filters.owner_opd_id is not None:
        ids = opd_descendant_ids(pemda_id=pemda_id, roots={filters.owner_opd_id})
        plans = plans.filter(owner_opd_id__in=ids)
    if filters.due_year is not None:
        plans = plans.filter(due_on__year=filters.due_year)
    if filters.overdue:
        plans = plans.filter(_overdue_q(today))
    if filters.score_kind == NO_SCORE:
        plans = plans.filter(score__isnull=True)
    elif filters.score_kind in IntegrityScore.Kind.values:
        plans = plans.filter(score__kind=filters.score_kind)
    if filters.q:
        q = filters.q
        plans = plans.filter(
            Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(dimension__icontains=q)
            | Q(score__dimension__icontains=q)
        )
    return (
        plans.select_related("owner_opd", "score")
        .annotate(
            overdue=Case(
                When(_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            closed_rank=Case(
                When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            update_count=Count("updates", distinct=True),
            last_reported_on=Max("updates__reported_on"),
        )
        .order_by("closed_rank", "-overdue", "due_on", "id")
    )


def plan_due_years(*, plans: QuerySet[ActionPlan]) -> list[int]:
    """The years in which the given plans fall due (for the year filter), newest first."""
    return sorted({d.year for d in plans.dates("due_on", "year")}, reverse=True)


# --- one plan --------------------------------------------------------------------------------


@dataclass
class UpdateView:
    update: ActionPlanUpdate
    files: list[StoredFile] = field(default_factory=list)


def plan_updates(*, plan: ActionPlan) -> list[UpdateView]:
    """The plan's progress reports, newest first, each with its evidence files (two queries)."""
    updates = list(
        ActionPlanUpdate.objects.filter(plan=plan)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    files: dict[int, list[StoredFile]] = defaultdict(list)
    if updates:
        for f in StoredFile.objects.filter(
            subject_type=ContentType.objects.get_for_model(ActionPlanUpdate),
            subject_id__in=[u.pk for u in updates],
        ).order_by("created_at", "id"):
            files[f.subject_id].append(f)
    return [UpdateView(u, files.get(u.pk, [])) for u in updates]


def plan_links(*, plan: ActionPlan) -> list[ActionPlanLink]:
    """The plan's links that were not removed, by kind and age."""
    return list(plan.links.filter(removed_at__isnull=True).order_by("kind", "id"))


# --- scores a plan may answer ----------------------------------------------------------------


def score_weakness(score: IntegrityScore) -> str:
    """Why a score is weak, in words ("Rentan", "di bawah target"), or "" when it is not (the
    register's rule: `IntegrityScore.is_weak`)."""
    if not score.is_weak:
        return ""
    if score.colour == "red":
        return score.band_label or score.category or _("merah")
    return _("di bawah target")


def score_label(score: IntegrityScore) -> str:
    """ "SPI tematik 2024 — perizinan: 64.81 (Rentan), Dinkes"."""
    text = f"{score.get_kind_display()} {score.year}"
    if score.dimension:
        text += f" — {score.dimension}"
    if score.value is not None:
        text += f": {score.value}"
    elif score.category:
        text += f": {score.category}"
    if score.band_label:
        text += f" ({score.band_label})"
    if score.opd_id is not None:
        text += f", {score.opd}"
    return text


def score_choices(*, pemda_id: int, limit: int = 300) -> list[tuple[int, str, str]]:
    """(id, label, weakness) of the pemda's scores: weak ones first, then the newest."""
    scores = list(
        IntegrityScore.objects.filter(pemda_id=pemda_id)
        .select_related("opd")
        .order_by("-year", "kind", "dimension", "id")[:limit]
    )
    rows = [(s.pk, score_label(s), score_weakness(s)) for s in scores]
    return sorted(rows, key=lambda r: r[2] == "")


# --- progress --------------------------------------------------------------------------------


@dataclass
class Counts:
    planned: int = 0
    in_progress: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0
    percent_sum: int = 0  # of plans not cancelled

    def add(self, *, status: str, overdue: bool, n: int, percent_sum: int) -> None:
        setattr(self, status, getattr(self, status) + n)
        if overdue:
            self.overdue += n
        if status != S.CANCELLED:
            self.percent_sum += percent_sum

    @property
    def total(self) -> int:
        return self.planned + self.in_progress + self.done + self.cancelled

    @property
    def active(self) -> int:
        """Plans not cancelled: what the averages are of."""
        return self.total - self.cancelled

    @property
    def average_percent(self) -> int | None:
        return round(self.percent_sum / self.active) if self.active else None

    @property
    def done_percent(self) -> int | None:
        return round(100 * self.done / self.active) if self.active else None


@dataclass
class ProgressRow:
    key: str
    label: str
    counts: Counts = field(default_factory=Counts)
    weakness: str = ""


@dataclass
class Progress:
    total: Counts = field(default_factory=Counts)
    by_opd: list[ProgressRow] = field(default_factory=list)
    by_dimension: list[ProgressRow] = field(default_factory=list)


def plan_progress(*, plans: QuerySet[ActionPlan], today: dt.date) -> Progress:
    """Counts per status, overdue and average progress: in all, per owner OPD, and per weak
    score or dimension (plans naming a score are grouped by it; the others by their dimension,
    case-insensitively). One grouped query plus one for the scores' labels."""
    # Grouped by percent too (at most 101 values), so the averages are exact.
    rows = list(
        plans.annotate(
            late=Case(
                When(_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values(
            "owner_opd_id",
            "owner_opd__name",
            "owner_opd__short_name",
            "status",
            "late",
            "score_id",
            "dimension",
            "progress_percent",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    progress = Progress()
    by_opd: dict[int, ProgressRow] = {}
    by_dim: dict[str, ProgressRow] = {}
    score_ids = {r["score_id"] for r in rows if r["score_id"] is not None}
    scores = IntegrityScore.objects.select_related("opd").in_bulk(list(score_ids))
    for r in rows:
        add: dict[str, Any] = {
            "status": r["status"],
            "overdue": r["late"],
            "n": r["n"],
            "percent_sum": r["n"] * r["progress_percent"],
        }
        progress.total.add(**add)
        opd_row = by_opd.get(r["owner_opd_id"])
        if opd_row is None:
            label = r["owner_opd__short_name"] or r["owner_opd__name"]
            opd_row = by_opd[r["owner_opd_id"]] = ProgressRow(str(r["owner_opd_id"]), label)
        opd_row.counts.add(**add)
        score = scores.get(r["score_id"]) if r["score_id"] is not None else None
        if score is not None:
            key, label, weakness = f"score:{score.pk}", score_label(score), score_weakness(score)
        else:
            text = " ".join(str(r["dimension"]).split())
            key, label, weakness = f"dimension:{text.lower()}", text, ""
        dim_row = by_dim.get(key)
        if dim_row is None:
            dim_row = by_dim[key] = ProgressRow(key, label, weakness=weakness)
        dim_row.counts.add(**add)
    progress.by_opd = sorted(by_opd.values(), key=lambda row: row.label.lower())
    progress.by_dimension = sorted(by_dim.values(), key=lambda row: row.label.lower())
    return progress


def plans_overdue(*, plans: QuerySet[ActionPlan], today: dt.date, limit: int = 20) -> list[Any]:
    """The longest-overdue open plans (for the progress page), each with `days_late`."""
    rows = list(
        plans.filter(_overdue_q(today)).select_related("owner_opd").order_by("due_on", "id")[:limit]
    )
    for plan in rows:
        plan.days_late = (today - plan.due_on).days  # type: ignore[attr-defined]
    return rows
