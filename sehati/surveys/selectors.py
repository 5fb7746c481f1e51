"""Reads of internal integrity surveys: lists, the questionnaire, response counts, and the
results — computed by sehati/surveys/indices.py from the packed answers, read in one query, and
cut to what may be shown (groups at or above the survey's minimum size; no figure of a hidden
group leaves this module)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connections, router, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sehati.core.replica import reads_from_replica
from sehati.org.models import Employee
from sehati.surveys.indices import (
    Design,
    GroupResult,
    GroupStatus,
    Results,
    Stat,
    Visibility,
    choice_scores,
    indices_compute,
    likert_scores,
    visibility_decide,
)
from sehati.surveys.models import (
    Dimension,
    Item,
    RespondentGroup,
    Response,
    StaffParticipation,
    Survey,
)
from sehati.surveys.services import items_ordered

TWO_PLACES = Decimal("0.01")
# Likert labels by number of points (an item may name its own).
LIKERT_LABELS: dict[int, tuple[str, ...]] = {
    4: ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
    5: ("Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"),
}


def survey_list(*, surveys: QuerySet[Survey], q: str = "", status: str = "") -> QuerySet[Survey]:
    """Surveys (open first, then drafts, then closed; newest first), each with its response
    count (one subquery)."""
    if status in Survey.Status.values:
        surveys = surveys.filter(status=status)
    if q:
        surveys = surveys.filter(Q(title__icontains=q) | Q(description__icontains=q))
    counts = (
        Response.objects.filter(survey_id=OuterRef("pk"))
        .order_by()
        .values("survey_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return surveys.annotate(
        responses_n=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    ).order_by("-status", "-created_at", "-id")


def questionnaire(*, survey: Survey) -> list[Dimension]:
    """Dimensions in order, each with its items (`dimension.items.all()` prefetched)."""
    return list(survey.dimensions.prefetch_related("items").order_by("order", "id"))


def item_choices(item: Item) -> list[tuple[int, str]]:
    """(answer value, label) pairs of an item, as the respondent sees them."""
    if item.kind == Item.Kind.CHOICE:
        return [(i, str(o.get("label", ""))) for i, o in enumerate(item.options or [], start=1)]
    values = list(range(item.scale_min, item.scale_max + 1))
    own = [str(o.get("label", "")) for o in (item.options or [])]
    if len(own) == len(values):
        return list(zip(values, own, strict=True))
    default = LIKERT_LABELS.get(len(values))
    if default:
        return list(zip(values, default, strict=True))
    return [(v, str(v)) for v in values]


def group_counts(*, survey: Survey) -> dict[int, int]:
    """Responses per group id (one grouped query)."""
    rows = (
        Response.objects.filter(survey_id=survey.pk)
        .order_by()
        .values_list("group_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def staff_surveys_for(*, employee: Employee) -> list[tuple[Survey, bool]]:
    """Open staff surveys of the employee's pemda, each with whether they answered it."""
    surveys = list(
        Survey.objects.filter(
            pemda_id=employee.pemda_id,
            status=Survey.Status.OPEN,
            audience__in=[Survey.Audience.STAFF, Survey.Audience.BOTH],
        ).order_by("closes_on", "-opened_at", "-id")
    )
    done = set(
        StaffParticipation.objects.filter(
            employee_id=employee.pk, survey_id__in=[s.pk for s in surveys]
        ).values_list("survey_id", flat=True)
    )
    return [(s, s.pk in done) for s in surveys]


def staff_has_answered(*, survey: Survey, employee_id: int | None) -> bool:
    if employee_id is None:
        return False
    return StaffParticipation.objects.filter(survey_id=survey.pk, employee_id=employee_id).exists()


# --- the computation's input ---------------------------------------------------------------


def survey_design(*, survey: Survey) -> tuple[Design, list[Dimension], list[Item]]:
    """The questionnaire as indices.Design (items in packed order), with its dimensions and
    items."""
    items = items_ordered(survey=survey)
    dims = list(survey.dimensions.order_by("order", "id"))
    position = {d.pk: i for i, d in enumerate(dims)}
    scores: list[tuple[float, ...]] = []
    for item in items:
        if item.kind == Item.Kind.CHOICE:
            scores.append(
                choice_scores(option_scores=[float(o["score"]) for o in item.options or []])
            )
        else:
            scores.append(
                likert_scores(low=item.scale_min, high=item.scale_max, reversed=item.reversed)
            )
    design = Design(
        item_dimension=tuple(position[item.dimension_id] for item in items),
        item_scores=tuple(scores),
        weights=tuple(float(d.weight) for d in dims),
    )
    return design, dims, items


def responses_load(
    *, survey_id: int, item_count: int
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Every response of a survey as (codes: respondents × items, group ids), in one query.

    On PostgreSQL the database concatenates the packed answers per group (in 16 buckets of the
    random ids, so no value nears bytea's 1 GB limit) and sends them in binary: a million
    respondents × 50 items arrive as some 640 values instead of a million rows. Elsewhere the
    rows are read one by one (small data). Both yield the same arrays (up to row order)."""
    if item_count == 0:
        return np.zeros((0, 0), dtype=np.uint8), np.zeros(0, dtype=np.int64)
    # The replica when the caller reads from it (sehati/core/replica.py), else the primary.
    alias = router.db_for_read(Response)
    if connections[alias].vendor == "postgresql":
        parts = _load_postgresql(survey_id, alias)
    else:
        parts = _load_rows(survey_id)
    blobs: list[bytes] = []
    groups: list[npt.NDArray[np.int64]] = []
    for group_id, count, blob in parts:
        if len(blob) != count * item_count:
            raise ValueError(f"survey {survey_id}: answers of another length than {item_count}")
        blobs.append(blob)
        groups.append(np.full(count, group_id, dtype=np.int64))
    if not blobs:
        return np.zeros((0, item_count), dtype=np.uint8), np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(-1, item_count)
    return codes, np.concatenate(groups)


def _load_postgresql(survey_id: int, alias: str) -> list[tuple[int, int, bytes]]:
    import psycopg  # only with PostgreSQL

    table = Response._meta.db_table
    # One value per group (a hash aggregate over one sequential or index scan). A group beyond
    # bytea's 1 GB (some 20 million respondents × 50 items) makes PostgreSQL refuse; then the
    # groups are split into 16 buckets of the random ids (slower: the rows must be sorted).
    plain = (
        f"SELECT group_id, count(*), string_agg(answers, ''::bytea) FROM {table} "  # noqa: S608 - the model's own table name
        "WHERE survey_id = %s GROUP BY group_id"
    )
    split = plain + ", (id >> 59)"
    connection = connections[alias]
    connection.ensure_connection()
    raw: Any = connection.connection
    for sql in (plain, split):
        try:
            with transaction.atomic(using=alias), psycopg.Cursor(raw) as cursor:
                # Server-side binding with binary results: bytea arrives as raw bytes instead
                # of hex text to decode (Django's own cursors bind on the client, in text).
                cursor.execute(sql, (survey_id,), binary=True)
                return [(int(g), int(n), bytes(b)) for g, n, b in cursor.fetchall()]
        except psycopg.errors.ProgramLimitExceeded:
            continue
    raise ValueError(f"survey {survey_id}: answers too large to read")  # pragma: no cover


def _load_rows(survey_id: int) -> list[tuple[int, int, bytes]]:
    by_group: dict[int, list[bytes]] = {}
    rows = Response.objects.filter(survey_id=survey_id).values_list("group_id", "answers")
    for group_id, answers in rows.iterator(chunk_size=5000):
        by_group.setdefault(group_id, []).append(bytes(answers))
    return [(g, len(parts), b"".join(parts)) for g, parts in by_group.items()]


@reads_from_replica
def survey_indices(
    *, survey: Survey, groups: Sequence[RespondentGroup] | None = None
) -> tuple[Results, list[RespondentGroup], list[Dimension], list[Item]]:
    """The indices of every group of the survey, its total and its items: the one computation
    the results page, the XLSX, the API and the benchmark use (responses_load + indices)."""
    design, dims, items = survey_design(survey=survey)
    group_list = list(
        groups if groups is not None else survey.groups.order_by("kind", "order", "label", "id")
    )
    index_of = {g.pk: i for i, g in enumerate(group_list)}
    codes, group_ids = responses_load(survey_id=survey.pk, item_count=len(items))
    pks = np.array(sorted(index_of), dtype=np.int64)
    position = np.searchsorted(pks, group_ids) if len(pks) else np.zeros(0, dtype=np.int64)
    if len(group_ids) and (
        (position >= len(pks)).any() or (pks[np.minimum(position, len(pks) - 1)] != group_ids).any()
    ):
        raise ValueError(f"survey {survey.pk}: responses of a group not listed")
    order = np.array([index_of[int(pk)] for pk in pks], dtype=np.int64)
    group_index = order[position] if len(group_ids) else np.zeros(0, dtype=np.int64)
    results = indices_compute(
        design=design,
        codes=codes,
        group_index=group_index,
        group_count=len(group_list),
        populations=[g.population for g in group_list],
    )
    return results, group_list, dims, items


# --- results as they may be shown ----------------------------------------------------------


def _d(value: float | None) -> Decimal | None:
    """An index or margin rounded once, to two decimals."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    """One shown figure: index (0–100), margin of error at 95 %, respondents."""

    n: int
    index: Decimal | None
    moe: Decimal | None


def _figure(stat: Stat) -> Figure:
    return Figure(n=stat.n, index=_d(stat.mean), moe=_d(stat.moe))


@dataclass(frozen=True)
class ResultRow:
    """A group (or the total) as shown. `status` "shown": `n`, `overall` and `dimensions`
    carry figures; otherwise they are None — hidden figures never leave the selector."""

    label: str
    kind: str  # "staff", "public" or "total"
    status: GroupStatus
    group_id: int | None = None
    n: int | None = None
    population: int | None = None
    overall: Figure | None = None
    dimensions: tuple[Figure | None, ...] = ()

    @property
    def shown(self) -> bool:
        return self.status == "shown"


@dataclass(frozen=True)
class ItemRow:
    number: int
    text: str
    dimension: str
    reversed: bool
    figure: Figure | None  # None: hidden


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    dimensions: list[Dimension]
    rows: list[ResultRow]
    total: ResultRow
    items: list[ItemRow]
    min_size: int

    @property
    def hidden_small(self) -> int:
        return sum(1 for r in self.rows if r.status == "small")

    @property
    def hidden_complement(self) -> int:
        return sum(1 for r in self.rows if r.status == "complement")


def _row(
    group: RespondentGroup | None, result: GroupResult, status: GroupStatus, population: int | None
) -> ResultRow:
    label = group.label if group else _("Seluruh responden")
    kind = group.kind if group else "total"
    group_id = group.pk if group else None
    if status != "shown":
        return ResultRow(label=label, kind=kind, status=status, group_id=group_id)
    dims = tuple(_figure(d) if d.n else None for d in result.dimensions)
    return ResultRow(
        label=label,
        kind=kind,
        status=status,
        group_id=group_id,
        n=result.n,
        population=population,
        overall=_figure(result.overall),
        dimensions=dims,
    )


def survey_results(*, survey: Survey) -> SurveyResults:
    """The results as they may be shown (indices.visibility_decide): a group under the minimum
    size, or hidden so that it cannot be worked out from the total, gets no figure at all, not
    even its exact count. Only for a closed survey: while answers still arrive, two readings
    before and after one person answered would give away that person's answers."""
    if not survey.is_closed:
        raise ValueError("results are shown only for a closed survey")
    results, groups, dims, items = survey_indices(survey=survey)
    vis: Visibility = visibility_decide(results=results, min_size=survey.min_group_size)
    rows = [
        _row(g, r, status, g.population)
        for g, r, status in zip(groups, results.groups, vis.groups, strict=True)
    ]
    total = _row(
        None,
        results.total,
        "shown" if vis.total_shown else ("empty" if results.total.n == 0 else "small"),
        results.total_population,
    )
    dim_names = [d.name for d in dims]
    item_rows = [
        ItemRow(
            number=j + 1,
            text=item.text,
            dimension=dim_names[results.item_dimension[j]],
            reversed=item.reversed,
            figure=_figure(results.items[j]) if vis.items[j] and results.items[j].n else None,
        )
        for j, item in enumerate(items)
    ]
    return SurveyResults(
        survey=survey,
        dimensions=dims,
        rows=rows,
        total=total,
        items=item_rows,
        min_size=survey.min_group_size,
    )


@dataclass(frozen=True)
class ProgressRow:
    label: str
    kind: str
    group_id: int | None
    n: int | None  # None: fewer than the minimum (shown as "< N")
    population: int | None
    link_token: str | None
    is_active: bool


def survey_progress(*, survey: Survey) -> tuple[list[ProgressRow], int]:
    """Responses per group while a survey runs (counts only, never indices), small counts shown
    as "fewer than the minimum"; and the total count."""
    counts = group_counts(survey=survey)
    minimum = survey.min_group_size
    rows = []
    for g in survey.groups.order_by("kind", "order", "label", "id").select_related("service_unit"):
        n = counts.get(g.pk, 0)
        rows.append(
            ProgressRow(
                label=g.label,
                kind=g.kind,
                group_id=g.pk,
                n=n if n == 0 or n >= minimum else None,
                population=g.population,
                link_token=g.link_token,
                is_active=g.is_active,
            )
        )
    return rows, sum(counts.values())
