"""REST API of the dashboards per role (issue #8 point 1): the same numbers as the pages, for the
same scope, as JSON. Filters: `tahun`, `periode` ("" = the year, q1–q4, s1–s2, m01–m12), `opd`."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from sehati.accounts.policies import Action
from sehati.api.base import COMMON_ERRORS, auth_for
from sehati.core.clock import local_today
from sehati.core.replica import reads_from_replica
from sehati.dashboards import boards
from sehati.org.models import Opd, Pemda

router = Router(tags=["Dasbor"])

PeriodCode = Literal[
    "", "q1", "q2", "q3", "q4", "s1", "s2",
    "m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12",
]  # fmt: skip


class DashFilter(Schema):
    tahun: int | None = Field(None, ge=2015, le=2100, description="Tahun (bawaan: tahun ini)")
    periode: PeriodCode = Field("", description="Periode: kosong = setahun, q1–q4, s1–s2, m01–m12")
    opd: int | None = Field(None, ge=1, le=2**31 - 1, description="OPD (beserta sub-unitnya)")


class DashRowOut(Schema):
    key: Any
    label: str
    reports: int
    value_idr: int
    extra: dict[str, Any]


class DashStepOut(Schema):
    key: str
    label: str
    mean_days: Decimal | None
    n: int


class DashPeriodOut(Schema):
    year: int
    period: str
    first_day: dt.date
    last_day: dt.date
    summary_as_of: dt.date | None = None
    summary_refreshed_at: dt.datetime | None = None


class DashUpgOut(Schema):
    period: DashPeriodOut
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
    by_status: list[DashRowOut]
    by_kind: list[DashRowOut]
    by_month: list[DashRowOut]
    by_opd: list[DashRowOut]
    steps: list[DashStepOut]


class DashFindingsOut(Schema):
    total: int
    open: int
    closed: int
    overdue: int


class DashDeclarationsOut(Schema):
    periods: int
    expected: int
    answered: int
    answered_share: Decimal | None
    unreported: int


class DashOutreachOut(Schema):
    events_held: int
    staff: int
    reached: int
    coverage: Decimal | None
    public_participants: int


class DashScoreOut(Schema):
    kind: str
    label: str
    opd: str
    year: int
    value: Decimal | None
    category: str
    band: str
    target: Decimal | None


class DashOpdOut(Schema):
    period: DashPeriodOut
    opd_id: int
    opd_name: str
    reports: str = Field(description='Jumlah laporan; "<5" bila di bawah lima')
    by_kind: list[tuple[str, str]]
    by_quarter: list[tuple[str, str]]
    findings: DashFindingsOut
    declarations: DashDeclarationsOut
    outreach: DashOutreachOut
    scores: list[DashScoreOut]
    plans_total: int
    plans_done: int
    plans_overdue: int


class DashUp3Out(Schema):
    visits: int
    findings: DashFindingsOut
    by_kecamatan: list[DashRowOut]


class DashPemdaOut(Schema):
    period: DashPeriodOut
    reports: int
    refusals: int
    value_idr: int
    state_value_idr: int
    forwarded: int
    forwarded_in_time: int
    forwarded_in_time_share: Decimal | None
    late_share: Decimal | None
    declarations: DashDeclarationsOut
    outreach: DashOutreachOut
    up3: DashUp3Out
    scores: list[DashScoreOut]


class DashSanctionsOut(Schema):
    open: int
    decided: int
    proven: int
    appeals_pending: int
    deductions_idr: int
    by_month: list[DashRowOut]


class DashInspekturOut(Schema):
    upg: DashUpgOut
    pemda: DashPemdaOut
    sanctions: DashSanctionsOut
    tips_open: int


def _filter(
    request: HttpRequest, action: Action, q: DashFilter, *, opd_required: bool = False
) -> tuple[Pemda, dt.date, boards.BoardFilter, Opd | None]:
    pemda: Pemda | None = request.user.pemda
    if pemda is None:
        raise Http404
    today = local_today(pemda.time_zone)
    opds, allowed = boards.board_opds(request.user, action, pemda)
    chosen = None
    if q.opd is not None:
        chosen = opds.filter(pk=q.opd).first()
        if chosen is None:
            raise Http404
    f, chosen = boards.board_filter(
        pemda=pemda,
        opds=opds,
        allowed=allowed,
        year=q.tahun or today.year,
        period=q.periode,
        chosen=chosen,
        opd_required=opd_required,
    )
    if opd_required and chosen is None:
        raise Http404
    return pemda, today, f, chosen


def _period(f: boards.BoardFilter, state: Any = None) -> dict[str, Any]:
    return {
        "year": f.year,
        "period": f.period,
        "first_day": f.first_day,
        "last_day": f.last_day,
        "summary_as_of": getattr(state, "as_of", None),
        "summary_refreshed_at": getattr(state, "refreshed_at", None),
    }


def _upg_out(board: boards.UpgBoard) -> dict[str, Any]:
    out = dict(vars(board))
    out["period"] = _period(board.filter, board.state)
    for key in ("by_status", "by_kind", "by_month", "by_opd", "steps"):
        out[key] = [vars(r) for r in out[key]]
    return out


def _pemda_out(board: boards.PemdaBoard) -> dict[str, Any]:
    out = dict(vars(board))
    out["period"] = _period(board.filter, board.state)
    out["declarations"] = vars(board.declarations)
    out["outreach"] = vars(board.outreach)
    out["up3"] = {
        "visits": board.up3.visits,
        "findings": vars(board.up3.findings),
        "by_kecamatan": [vars(r) for r in board.up3.by_kecamatan],
    }
    out["scores"] = [vars(s) for s in board.scores]
    return out


@router.get(
    "/dashboards/upg",
    response={200: DashUpgOut, **COMMON_ERRORS},
    auth=auth_for(Action.DASHBOARD_UPG),
    summary="Dasbor UPG: laporan, kasus, tenggat, titipan (dari tabel ringkasan)",
)
@reads_from_replica
def dashboard_upg(request: HttpRequest, q: Query[DashFilter]) -> Any:
    pemda, today, f, _chosen = _filter(request, Action.DASHBOARD_UPG, q)
    return _upg_out(boards.upg_board(pemda=pemda, f=f, today=today))


@router.get(
    "/dashboards/opd",
    response={200: DashOpdOut, **COMMON_ERRORS},
    auth=auth_for(Action.DASHBOARD_OPD),
    summary='Dasbor satu OPD; jumlah laporan di bawah 5 ditulis "<5"',
)
@reads_from_replica
def dashboard_opd(request: HttpRequest, q: Query[DashFilter]) -> Any:
    pemda, today, f, chosen = _filter(request, Action.DASHBOARD_OPD, q, opd_required=True)
    assert chosen is not None  # noqa: S101 - opd_required gives one or a 404
    board = boards.opd_board(pemda=pemda, opd=chosen, f=f, today=today)
    out = dict(vars(board))
    out["period"] = _period(f, board.state)
    out["opd_id"], out["opd_name"] = chosen.pk, chosen.name
    out["findings"] = vars(board.findings)
    out["declarations"] = vars(board.declarations)
    out["outreach"] = vars(board.outreach)
    out["scores"] = [vars(s) for s in board.scores]
    return out


@router.get(
    "/dashboards/pemda",
    response={200: DashPemdaOut, **COMMON_ERRORS},
    auth=auth_for(Action.DASHBOARD_PEMDA),
    summary="Dasbor pemda untuk kepala daerah: kepatuhan, integritas, UP3 (tanpa data perorangan)",
)
@reads_from_replica
def dashboard_pemda(request: HttpRequest, q: Query[DashFilter]) -> Any:
    pemda, today, f, _chosen = _filter(request, Action.DASHBOARD_PEMDA, q)
    return _pemda_out(boards.pemda_board(pemda=pemda, f=f, today=today))


@router.get(
    "/dashboards/inspektur",
    response={200: DashInspekturOut, **COMMON_ERRORS},
    auth=auth_for(Action.DASHBOARD_INSPEKTUR),
    summary="Dasbor Inspektorat: semua bidang, termasuk sanksi TPP",
)
@reads_from_replica
def dashboard_inspektur(request: HttpRequest, q: Query[DashFilter]) -> Any:
    pemda, today, f, _chosen = _filter(request, Action.DASHBOARD_INSPEKTUR, q)
    board = boards.inspektur_board(pemda=pemda, f=f, today=today)
    return {
        "upg": _upg_out(board.upg),
        "pemda": _pemda_out(board.pemda),
        "sanctions": {
            **vars(board.sanctions),
            "by_month": [vars(r) for r in board.sanctions.by_month],
        },
        "tips_open": board.tips_open,
    }
