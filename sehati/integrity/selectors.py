"""Reads of the integrity scores register (issue #7 points 2 and 5): the filtered list, the
latest figure of each kind with its band and gap to target, and trends over the years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from sehati.integrity.models import IntegrityScore, ScoreImport
from sehati.org.models import Opd

K = IntegrityScore.Kind
SCOPE_PEMDA = "pemda"  # the scope filter's value for pemda-wide scores (else an OPD id)


@dataclass(frozen=True)
class ScoreFilters:
    kind: str = ""
    year: int | None = None
    scope: str = ""  # "" all, SCOPE_PEMDA, or an OPD id as text
    q: str = ""


def score_filters_clean(
    *, kind: str = "", year: object = None, scope: str = "", q: str = ""
) -> ScoreFilters:
    """Filters from a query string: unknown values are dropped, not errors."""
    kind = kind if kind in K.values else ""
    try:
        year_value: int | None = int(str(year)) if year not in (None, "") else None
    except ValueError:
        year_value = None
    if year_value is not None and not 1900 <= year_value <= 2100:
        year_value = None
    scope = str(scope or "").strip()
    if scope != SCOPE_PEMDA and not (scope.isdigit() and 1 <= int(scope) <= 2**63 - 1):
        scope = ""
    return ScoreFilters(
        kind=kind, year=year_value, scope=scope, q=str(q or "").replace("\x00", "").strip()[:100]
    )


def score_list(*, pemda_id: int, filters: ScoreFilters) -> QuerySet[IntegrityScore]:
    """The register, newest year first, filtered by kind, year, scope and text (dimension,
    category, source, OPD name or code)."""
    scores = IntegrityScore.objects.filter(pemda_id=pemda_id)
    if filters.kind:
        scores = scores.filter(kind=filters.kind)
    if filters.year is not None:
        scores = scores.filter(year=filters.year)
    if filters.scope == SCOPE_PEMDA:
        scores = scores.filter(opd__isnull=True)
    elif filters.scope:
        scores = scores.filter(opd_id=int(filters.scope))
    if filters.q:
        q = filters.q
        scores = scores.filter(
            Q(dimension__icontains=q)
            | Q(category__icontains=q)
            | Q(source__icontains=q)
            | Q(opd__name__icontains=q)
            | Q(opd__code__iexact=q)
        )
    return scores.select_related("opd").order_by("-year", "kind", "opd__name", "dimension", "id")


def score_years(*, pemda_id: int) -> list[int]:
    return list(
        IntegrityScore.objects.filter(pemda_id=pemda_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def score_scope_opds(*, pemda_id: int) -> list[Opd]:
    """The OPD that have scores (the scope filter's choices)."""
    ids = IntegrityScore.objects.filter(pemda_id=pemda_id, opd__isnull=False).values("opd_id")
    return list(Opd.objects.filter(pk__in=ids).order_by("name"))


def score_import_list(*, pemda_id: int, limit: int = 10) -> list[ScoreImport]:
    """The latest imports, without their rows."""
    return list(
        ScoreImport.objects.filter(pemda_id=pemda_id)
        .defer("rows", "file_errors")
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


# --- summary and trends ---------------------------------------------------------------------


@dataclass
class TrendSeries:
    """One score's history: a kind, a scope and a dimension over the years."""

    kind: str
    opd_id: int | None
    opd_name: str
    dimension: str
    points: dict[int, IntegrityScore] = field(default_factory=dict)

    @property
    def label(self) -> str:
        parts = [str(K(self.kind).label)]
        if self.opd_name:
            parts.append(self.opd_name)
        if self.dimension:
            parts.append(self.dimension)
        return " — ".join(parts)

    @property
    def latest(self) -> IntegrityScore:
        return self.points[max(self.points)]

    @property
    def is_total(self) -> bool:
        return self.opd_id is None and not self.dimension

    def value_at(self, year: int) -> Decimal | None:
        score = self.points.get(year)
        return None if score is None or score.value is None else Decimal(score.value)

    def target_at(self, year: int) -> Decimal | None:
        score = self.points.get(year)
        return None if score is None or score.target is None else Decimal(score.target)

    @property
    def has_values(self) -> bool:
        return any(s.value is not None for s in self.points.values())

    @property
    def has_targets(self) -> bool:
        return any(s.target is not None for s in self.points.values())


def score_trends(
    *, pemda_id: int, kind: str = "", opd_id: int | None = None, scope: str = ""
) -> list[TrendSeries]:
    """Every score history of the pemda (one query), ordered by kind, then the pemda-wide total
    first, then OPD and dimension. `scope`: "" all, SCOPE_PEMDA, or an OPD id as text."""
    scores = IntegrityScore.objects.filter(pemda_id=pemda_id).select_related("opd")
    if kind:
        scores = scores.filter(kind=kind)
    if scope == SCOPE_PEMDA:
        scores = scores.filter(opd__isnull=True)
    elif scope:
        scores = scores.filter(opd_id=int(scope))
    if opd_id is not None:
        scores = scores.filter(opd_id=opd_id)
    series: dict[tuple[str, int | None, str], TrendSeries] = {}
    for score in scores.order_by("year", "id"):
        key = (score.kind, score.opd_id, score.dimension.casefold())
        item = series.get(key)
        if item is None:
            item = series[key] = TrendSeries(
                kind=score.kind,
                opd_id=score.opd_id,
                opd_name=score.opd.name if score.opd is not None else "",
                dimension=score.dimension,
            )
        item.points[score.year] = score
    order = {k: i for i, k in enumerate(K.values)}
    return sorted(
        series.values(),
        key=lambda s: (
            order.get(s.kind, 99),
            s.opd_id is not None,
            s.opd_name.lower(),
            s.dimension != "",
            s.dimension.lower(),
        ),
    )


@dataclass
class KindSummary:
    kind: str
    label: str
    total: IntegrityScore | None  # the latest pemda-wide total, if any
    parts: list[IntegrityScore]  # latest of each OPD score / dimension of the kind
    years: list[int]

    @property
    def weak_parts(self) -> list[IntegrityScore]:
        return [s for s in self.parts if s.is_weak]


def score_summary(*, series: list[TrendSeries]) -> list[KindSummary]:
    """Per kind: the latest pemda-wide total, and the latest figure of each OPD score and
    dimension (weakest first), from the trends already read."""
    by_kind: dict[str, list[TrendSeries]] = defaultdict(list)
    for s in series:
        by_kind[s.kind].append(s)
    out = []
    for kind, label in K.choices:
        items = by_kind.get(kind)
        if not items:
            continue
        total = next((s.latest for s in items if s.is_total), None)
        parts = [s.latest for s in items if not s.is_total]
        parts.sort(
            key=lambda sc: (
                not sc.is_weak,
                sc.value if sc.value is not None else Decimal(101),
                sc.dimension.lower(),
            )
        )
        years = sorted({y for s in items for y in s.points})
        out.append(KindSummary(kind=kind, label=str(label), total=total, parts=parts, years=years))
    return out
