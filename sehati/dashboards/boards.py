"""The numbers of the dashboards per role (issue #8 point 1). Reads only; every function takes the
pemda, the filter (year, period, OPD scope) and `today`.

Report and case figures come from the summary table (`ReportSummary`, see summary.py): a handful
of grouped queries over a few thousand rows, however many reports there are. The other areas
(UP3, declarations, socialisation, integrity scores, sanctions) are small tables, read with
aggregate queries. What every number means is in docs/user-guide/dasbor.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy

from sehati.cases.models import Case
from sehati.dashboards.models import ReportSummary, SummaryState
from sehati.dashboards.summary import summary_fresh
from sehati.org.models import Employee, Opd, Pemda
from sehati.reports.models import GiftReport

# Periods a filter can choose: the whole year, a quarter, a semester or a month.
PERIODS: dict[str, tuple[Any, tuple[int, ...]]] = {
    "": (gettext_lazy("Setahun"), tuple(range(1, 13))),
    "q1": (gettext_lazy("Triwulan I"), (1, 2, 3)),
    "q2": (gettext_lazy("Triwulan II"), (4, 5, 6)),
    "q3": (gettext_lazy("Triwulan III"), (7, 8, 9)),
    "q4": (gettext_lazy("Triwulan IV"), (10, 11, 12)),
    "s1": (gettext_lazy("Semester I"), (1, 2, 3, 4, 5, 6)),
    "s2": (gettext_lazy("Semester II"), (7, 8, 9, 10, 11, 12)),
}
MONTH_NAMES = (
    gettext_lazy("Januari"),
    gettext_lazy("Februari"),
    gettext_lazy("Maret"),
    gettext_lazy("April"),
    gettext_lazy("Mei"),
    gettext_lazy("Juni"),
    gettext_lazy("Juli"),
    gettext_lazy("Agustus"),
    gettext_lazy("September"),
    gettext_lazy("Oktober"),
    gettext_lazy("November"),
    gettext_lazy("Desember"),
)
for _m in range(1, 13):
    PERIODS[f"m{_m:02d}"] = (MONTH_NAMES[_m - 1], (_m,))

STEPS: tuple[tuple[str, Any], ...] = (
    ("report", gettext_lazy("Gratifikasi diterima → dilaporkan")),
    ("verify", gettext_lazy("Diterima UPG → lengkap")),
    ("analyse", gettext_lazy("Lengkap → dianalisis")),
    ("forward", gettext_lazy("Dianalisis → diteruskan ke KPK")),
    ("decide", gettext_lazy("Diteruskan → SK KPK")),
    ("followup", gettext_lazy("SK KPK → tindak lanjut")),
)
NO_CASE = gettext_lazy("Belum diterima UPG")
SMALL = 5  # counts below this are shown as "<5" where a person could be recognised


@dataclass(frozen=True)
class BoardFilter:
    year: int
    period: str = ""
    opd_ids: frozenset[int] | None = None  # None: the whole pemda

    @property
    def months(self) -> tuple[int, ...]:
        return PERIODS[self.period][1]

    @property
    def period_label(self) -> str:
        return f"{PERIODS[self.period][0]} {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def last_day(self) -> dt.date:
        m = self.months[-1]
        return dt.date(self.year + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


def board_opds(user: Any, action: Any, pemda: Pemda) -> tuple[QuerySet[Opd], set[int] | None]:
    """The OPD a viewer may filter a dashboard by, and the OPD ids their scope is limited to
    (None: the whole pemda)."""
    from sehati.accounts.policies import Scope, opd_ids_for, require

    scope = require(user, action)
    opds = Opd.objects.filter(pemda=pemda, is_active=True).order_by("name")
    if scope == Scope.OPD:
        allowed = opd_ids_for(user, action)
        return opds.filter(pk__in=allowed), allowed
    return opds, None


def board_filter(
    *,
    pemda: Pemda,
    opds: QuerySet[Opd],
    allowed: set[int] | None,
    year: int,
    period: str,
    chosen: Opd | None,
    opd_required: bool,
) -> tuple[BoardFilter, Opd | None]:
    """The filter of a dashboard within the viewer's scope. `opd_required`: one OPD is shown
    (the chosen one, else the first the viewer heads, else the first top-level OPD); None when
    there is no OPD at all."""
    from sehati.org.selectors import opd_descendant_ids

    if chosen is None and opd_required:
        roots = opds.filter(parent=None) if allowed is None else opds.exclude(parent_id__in=allowed)
        chosen = roots.first() or opds.first()
    if chosen is not None:
        ids = opd_descendant_ids(pemda_id=pemda.pk, roots={chosen.pk})
        opd_ids: frozenset[int] | None = frozenset(ids & allowed if allowed is not None else ids)
    else:
        opd_ids = frozenset(allowed) if allowed is not None else None
    return BoardFilter(year, period, opd_ids), chosen


def pct(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent, one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def mean(total: int, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total) / Decimal(n)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _summary(pemda: Pemda, f: BoardFilter) -> QuerySet[ReportSummary]:
    rows = ReportSummary.objects.filter(pemda=pemda, year=f.year, month__in=f.months)
    if f.opd_ids is not None:
        rows = rows.filter(opd_id__in=f.opd_ids)
    return rows


_SUMS = (
    "reports",
    "value_idr",
    "state_value_idr",
    "state_reports",
    "late",
    "after_finding",
    "distributed",
    "overdue",
    "in_custody",
    *(f"wd_{s}_{x}" for s, _label in STEPS for x in ("sum", "n")),
)


def _sums(rows: QuerySet[ReportSummary], *group: str) -> list[dict[str, Any]]:
    annotations = {name: Sum(name) for name in _SUMS}
    if group:
        return list(rows.values(*group).annotate(**annotations).order_by(*group))
    agg = rows.aggregate(**annotations)
    return [{k: v or 0 for k, v in agg.items()}]


@dataclass
class Row:
    """One line of a table: a label, a key for drill-down links, and its numbers."""

    key: Any
    label: str
    reports: int = 0
    value_idr: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class StepRow:
    key: str
    label: str
    mean_days: Decimal | None
    n: int


@dataclass
class UpgBoard:
    filter: BoardFilter
    state: SummaryState
    reports: int
    value_idr: int
    state_value_idr: int
    refusals: int
    refusal_share: Decimal | None
    late: int
    after_finding: int
    distributed: int
    overdue: int
    awaiting_kpk: int
    in_custody: int
    by_status: list[Row]
    by_kind: list[Row]
    by_month: list[Row]
    by_opd: list[Row]
    steps: list[StepRow]


def upg_board(*, pemda: Pemda, f: BoardFilter, today: dt.date) -> UpgBoard:
    state = summary_fresh(pemda=pemda, today=today)
    rows = _summary(pemda, f)
    total = _sums(rows)[0]
    by_status_raw = {r["case_status"]: r for r in _sums(rows, "case_status")}
    by_kind_raw = {r["kind"]: r for r in _sums(rows, "kind")}
    by_month_raw = {r["month"]: r for r in _sums(rows, "month")}
    by_opd_kind = _sums(rows, "opd_id", "kind")

    status_labels = {"": NO_CASE, **dict(Case.Status.choices)}
    by_status = [
        Row(code, str(label), by_status_raw[code]["reports"], by_status_raw[code]["value_idr"])
        for code, label in status_labels.items()
        if code in by_status_raw
    ]
    by_kind = [
        Row(
            code,
            str(label),
            by_kind_raw.get(code, {}).get("reports", 0),
            by_kind_raw.get(code, {}).get("value_idr", 0),
        )
        for code, label in GiftReport.Kind.choices
    ]
    by_month = [
        Row(
            m,
            str(MONTH_NAMES[m - 1]),
            by_month_raw.get(m, {}).get("reports", 0),
            by_month_raw.get(m, {}).get("value_idr", 0),
        )
        for m in f.months
    ]
    # Per OPD of the reporter: reports, refusals, value, per 100 active ASN of that OPD.
    per_opd: dict[int, Row] = {}
    for r in by_opd_kind:
        row = per_opd.setdefault(
            r["opd_id"], Row(r["opd_id"], "", extra={"refusals": 0, "state_value_idr": 0})
        )
        row.reports += r["reports"]
        row.value_idr += r["value_idr"]
        row.extra["state_value_idr"] += r["state_value_idr"]
        if r["kind"] == GiftReport.Kind.REFUSAL:
            row.extra["refusals"] += r["reports"]
    names = dict(Opd.objects.filter(pk__in=per_opd).values_list("pk", "name"))
    staff = dict(
        Employee.objects.filter(pemda=pemda, is_active=True, opd_id__in=per_opd)
        .values("opd_id")
        .annotate(n=Count("id"))
        .values_list("opd_id", "n")
    )
    for opd_id, row in per_opd.items():
        row.label = names.get(opd_id, "—")
        asn = staff.get(opd_id, 0)
        row.extra["asn"] = asn
        row.extra["per_100"] = (
            (Decimal(100 * row.reports) / Decimal(asn)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if asn
            else None
        )
    by_opd = sorted(per_opd.values(), key=lambda r: (-r.reports, r.label))
    steps = [
        StepRow(
            key,
            str(label),
            mean(total[f"wd_{key}_sum"], total[f"wd_{key}_n"]),
            total[f"wd_{key}_n"],
        )
        for key, label in STEPS
    ]
    refusals = by_kind_raw.get(GiftReport.Kind.REFUSAL, {}).get("reports", 0)
    return UpgBoard(
        filter=f,
        state=state,
        reports=total["reports"],
        value_idr=total["value_idr"],
        state_value_idr=total["state_value_idr"],
        refusals=refusals,
        refusal_share=pct(refusals, total["reports"]),
        late=total["late"],
        after_finding=total["after_finding"],
        distributed=total["distributed"],
        overdue=total["overdue"],
        awaiting_kpk=by_status_raw.get(Case.Status.FORWARDED, {}).get("reports", 0),
        in_custody=total["in_custody"],
        by_status=by_status,
        by_kind=by_kind,
        by_month=by_month,
        by_opd=by_opd,
        steps=steps,
    )


# --- other areas ---------------------------------------------------------------------------------


@dataclass
class FindingFigures:
    total: int
    open: int
    closed: int
    overdue: int
    by_status: list[Row]


def finding_figures(*, pemda: Pemda, f: BoardFilter, today: dt.date) -> FindingFigures:
    from sehati.monitoring.models import Finding

    qs = Finding.objects.filter(pemda=pemda, sent_on__range=(f.first_day, f.last_day))
    if f.opd_ids is not None:
        qs = qs.filter(opd_id__in=f.opd_ids)
    counts = dict(qs.values("status").annotate(n=Count("id")).values_list("status", "n"))
    overdue = qs.filter(status=Finding.Status.SENT, followup_due__lt=today).count()
    rows = [Row(code, str(label), counts.get(code, 0)) for code, label in Finding.Status.choices]
    total = sum(counts.values())
    closed = counts.get(Finding.Status.CLOSED, 0)
    return FindingFigures(total, total - closed, closed, overdue, rows)


@dataclass
class DeclarationFigures:
    periods: int
    expected: int
    answered: int
    answered_share: Decimal | None
    unreported: int  # "received and not yet reported" answers


def declaration_figures(*, pemda: Pemda, f: BoardFilter) -> DeclarationFigures:
    from sehati.declarations.models import Declaration, DeclarationPeriod

    periods = DeclarationPeriod.objects.filter(pemda=pemda, due_on__range=(f.first_day, f.last_day))
    rows = Declaration.objects.filter(period__in=periods)
    if f.opd_ids is not None:
        rows = rows.filter(opd_id__in=f.opd_ids)
    agg = rows.aggregate(
        n=Count("id"),
        answered=Count("id", filter=~Q(answer="")),
        unreported=Count("id", filter=Q(answer=Declaration.Answer.UNREPORTED)),
    )
    return DeclarationFigures(
        periods=periods.count(),
        expected=agg["n"],
        answered=agg["answered"],
        answered_share=pct(agg["answered"], agg["n"]),
        unreported=agg["unreported"],
    )


@dataclass
class OutreachFigures:
    events_held: int
    staff: int
    reached: int
    coverage: Decimal | None
    public_participants: int


def outreach_figures(*, pemda: Pemda, f: BoardFilter) -> OutreachFigures:
    """Socialisation of the year (coverage is yearly by definition; see the outreach guide)."""
    from sehati.outreach.coverage import coverage_by_opd
    from sehati.outreach.models import Event, Participant

    cov = coverage_by_opd(pemda_id=pemda.pk, year=f.year)
    if f.opd_ids is None:
        staff, reached = cov.total.staff, cov.total.reached
    else:
        tops = {r.opd_id for r in cov.top_rows}
        chosen = [r for r in cov.rows if r.opd_id in f.opd_ids]
        # Count each person once: the chosen OPD's top rows when they are roots, else the rows.
        roots = [r for r in chosen if r.opd_id in tops] or chosen[:1]
        staff = sum(r.staff for r in roots)
        reached = sum(r.reached for r in roots)
    public = Participant.objects.filter(
        event__pemda=pemda,
        event__status=Event.Status.HELD,
        event__held_on__year=f.year,
        attended_at__isnull=False,
    ).exclude(event__audience=Event.Audience.ASN)
    return OutreachFigures(
        events_held=cov.events_held,
        staff=staff,
        reached=reached,
        coverage=pct(reached, staff),
        public_participants=public.count(),
    )


@dataclass
class ScoreRow:
    kind: str
    label: str
    dimension: str
    opd: str
    year: int
    value: Decimal | None
    category: str
    band: str
    target: Decimal | None


def latest_scores(*, pemda: Pemda, opd_ids: Iterable[int] | None = None) -> list[ScoreRow]:
    """The latest published score of every kind (total, not per dimension) for the pemda, or for
    the given OPD."""
    from sehati.integrity.models import IntegrityScore

    qs = IntegrityScore.objects.filter(pemda=pemda, dimension="").select_related("opd")
    qs = qs.filter(opd_id__in=list(opd_ids)) if opd_ids is not None else qs.filter(opd=None)
    seen: set[tuple[str, int | None]] = set()
    out = []
    for s in qs.order_by("kind", "opd_id", "-year"):
        if (s.kind, s.opd_id) in seen:
            continue
        seen.add((s.kind, s.opd_id))
        out.append(
            ScoreRow(
                s.kind,
                s.get_kind_display(),
                s.dimension,
                s.opd.name if s.opd else "",
                s.year,
                s.value,
                s.category,
                s.band,
                s.target,
            )
        )
    return out


@dataclass
class SanctionFigures:
    open: int
    decided: int
    proven: int
    appeals_pending: int
    deductions_idr: int
    by_month: list[Row]


def sanction_figures(*, pemda: Pemda, f: BoardFilter) -> SanctionFigures:
    from sehati.sanctions.models import SanctionAppeal, SanctionCase, TppDeduction

    cases = SanctionCase.objects.filter(pemda=pemda)
    decided = cases.filter(decided_on__range=(f.first_day, f.last_day))
    months = [f"{f.year}-{m:02d}" for m in f.months]
    lines = dict(
        TppDeduction.objects.filter(pemda=pemda, month__in=months)
        .values("month")
        .annotate(n=Sum("deduction_idr"))
        .values_list("month", "n")
    )
    return SanctionFigures(
        open=cases.filter(status=SanctionCase.Status.OPEN).count(),
        decided=decided.count(),
        proven=decided.filter(decision=SanctionCase.Decision.NOT_REPORTED).count(),
        appeals_pending=SanctionAppeal.objects.filter(
            pemda=pemda, status=SanctionAppeal.Status.PENDING
        ).count(),
        deductions_idr=sum(lines.values()),
        by_month=[
            Row(m, str(MONTH_NAMES[int(m[5:]) - 1]), value_idr=lines.get(m, 0)) for m in months
        ],
    )


@dataclass
class Up3Figures:
    visits: int
    findings: FindingFigures
    by_kecamatan: list[Row]


def up3_figures(*, pemda: Pemda, f: BoardFilter, today: dt.date) -> Up3Figures:
    from sehati.monitoring.models import Finding, Visit

    visits = Visit.objects.filter(
        pemda=pemda, status=Visit.Status.SUBMITTED, visited_on__range=(f.first_day, f.last_day)
    )
    per_kec: dict[Any, Row] = {}
    for kec_id, name, n in (
        visits.values("monitor__kecamatan_id", "monitor__kecamatan__name")
        .annotate(n=Count("id"))
        .values_list("monitor__kecamatan_id", "monitor__kecamatan__name", "n")
    ):
        per_kec[kec_id] = Row(kec_id, name or "—", extra={"visits": n, "findings": 0, "closed": 0})
    findings = Finding.objects.filter(pemda=pemda, sent_on__range=(f.first_day, f.last_day))
    for kec_id, name, n, closed in (
        findings.values("kecamatan_id", "kecamatan__name")
        .annotate(n=Count("id"), closed=Count("id", filter=Q(status=Finding.Status.CLOSED)))
        .values_list("kecamatan_id", "kecamatan__name", "n", "closed")
    ):
        row = per_kec.setdefault(
            kec_id, Row(kec_id, name or "—", extra={"visits": 0, "findings": 0, "closed": 0})
        )
        row.extra["findings"] += n
        row.extra["closed"] += closed
    return Up3Figures(
        visits=visits.count(),
        findings=finding_figures(pemda=pemda, f=f, today=today),
        by_kecamatan=sorted(per_kec.values(), key=lambda r: r.label),
    )


def small(n: int) -> str:
    """A count as the head of an OPD sees it: "<5" below five, so no reporter is recognised."""
    return "<5" if n < SMALL else str(n)


@dataclass
class OpdBoard:
    filter: BoardFilter
    opd: Opd
    state: SummaryState
    reports: str
    by_kind: list[tuple[str, str]]
    by_quarter: list[tuple[str, str]]
    findings: FindingFigures
    declarations: DeclarationFigures
    outreach: OutreachFigures
    scores: list[ScoreRow]
    plans_total: int
    plans_done: int
    plans_overdue: int


def opd_board(*, pemda: Pemda, opd: Opd, f: BoardFilter, today: dt.date) -> OpdBoard:
    from sehati.integrity.models import ActionPlan

    state = summary_fresh(pemda=pemda, today=today)
    rows = _summary(pemda, f)
    total = rows.aggregate(n=Sum("reports"))["n"] or 0
    kinds = dict(rows.values("kind").annotate(n=Sum("reports")).values_list("kind", "n"))
    months = dict(rows.values("month").annotate(n=Sum("reports")).values_list("month", "n"))
    quarters = []
    for q in ("q1", "q2", "q3", "q4"):
        ms = PERIODS[q][1]
        if set(ms) & set(f.months):
            quarters.append((str(PERIODS[q][0]), small(sum(months.get(m, 0) for m in ms))))
    plans = ActionPlan.objects.filter(pemda=pemda, owner_opd_id__in=f.opd_ids or [opd.pk])
    plan_agg = plans.aggregate(
        n=Count("id"),
        done=Count("id", filter=Q(status=ActionPlan.Status.DONE)),
        overdue=Count(
            "id",
            filter=Q(due_on__lt=today)
            & ~Q(status__in=[ActionPlan.Status.DONE, ActionPlan.Status.CANCELLED]),
        ),
    )
    return OpdBoard(
        filter=f,
        opd=opd,
        state=state,
        reports=small(total),
        by_kind=[
            (str(label), small(kinds.get(code, 0))) for code, label in GiftReport.Kind.choices
        ],
        by_quarter=quarters,
        findings=finding_figures(pemda=pemda, f=f, today=today),
        declarations=declaration_figures(pemda=pemda, f=f),
        outreach=outreach_figures(pemda=pemda, f=f),
        scores=latest_scores(pemda=pemda, opd_ids=f.opd_ids or [opd.pk]),
        plans_total=plan_agg["n"],
        plans_done=plan_agg["done"],
        plans_overdue=plan_agg["overdue"],
    )


@dataclass
class PemdaBoard:
    filter: BoardFilter
    state: SummaryState
    reports: int
    refusals: int
    value_idr: int
    state_value_idr: int
    forwarded: int
    forwarded_in_time: int
    forwarded_in_time_share: Decimal | None
    late_share: Decimal | None
    declarations: DeclarationFigures
    outreach: OutreachFigures
    up3: Up3Figures
    scores: list[ScoreRow]


def pemda_board(*, pemda: Pemda, f: BoardFilter, today: dt.date) -> PemdaBoard:
    state = summary_fresh(pemda=pemda, today=today)
    total = _sums(_summary(pemda, f))[0]
    refusals = (
        _summary(pemda, f).filter(kind=GiftReport.Kind.REFUSAL).aggregate(n=Sum("reports"))["n"]
        or 0
    )
    # Forwarded to KPK in the period, and how many by their forwarding deadline: few rows.
    forwarded = Case.objects.filter(
        pemda=pemda, forwarded_on__range=(f.first_day, f.last_day)
    ).exclude(forward_due=None)
    agg = forwarded.aggregate(
        n=Count("id"),
        in_time=Count("id", filter=Q(forwarded_on__lte=F("forward_due"))),
    )
    return PemdaBoard(
        filter=f,
        state=state,
        reports=total["reports"],
        refusals=refusals,
        value_idr=total["value_idr"],
        state_value_idr=total["state_value_idr"],
        forwarded=agg["n"],
        forwarded_in_time=agg["in_time"],
        forwarded_in_time_share=pct(agg["in_time"], agg["n"]),
        late_share=pct(total["late"], total["reports"]),
        declarations=declaration_figures(pemda=pemda, f=f),
        outreach=outreach_figures(pemda=pemda, f=f),
        up3=up3_figures(pemda=pemda, f=f, today=today),
        scores=latest_scores(pemda=pemda),
    )


@dataclass
class InspekturBoard:
    upg: UpgBoard
    pemda: PemdaBoard
    sanctions: SanctionFigures
    tips_open: int = 0


def inspektur_board(*, pemda: Pemda, f: BoardFilter, today: dt.date) -> InspekturBoard:
    from sehati.monitoring.models import Tip

    return InspekturBoard(
        upg=upg_board(pemda=pemda, f=f, today=today),
        pemda=pemda_board(pemda=pemda, f=f, today=today),
        sanctions=sanction_figures(pemda=pemda, f=f),
        tips_open=Tip.objects.filter(pemda=pemda).exclude(status=Tip.Status.CLOSED).count(),
    )
