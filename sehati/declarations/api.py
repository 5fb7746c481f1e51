"""REST API of periodic declarations (issue #6 point 1): periods (UPG), the roster per OPD and
the names list (UPG, Inspektur, UPG pembantu and heads of OPD), a civil servant's own
declarations and their answer."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    Scope,
    access_declaration,
    access_declaration_period,
    declaration_content_visible,
    declaration_period_scope_for,
    opd_ids_for,
    scope_for,
)
from sehati.api.base import (
    COMMON_ERRORS,
    ID_MAX,
    NO_NUL,
    Pagination,
    RefId,
    Rupiah,
    SearchText,
    auth_for,
)
from sehati.core.clock import local_today
from sehati.declarations import selectors as sel
from sehati.declarations import services as svc
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.models import Pemda

router = Router(tags=["Deklarasi berkala"])
PeriodId = PathEx[int, P(ge=1, le=ID_MAX)]
DeclarationId = PathEx[int, P(ge=1, le=ID_MAX)]
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Text = Annotated[str, Field(max_length=5_000, pattern=NO_NUL)]


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _viewer_opd_ids(request: HttpRequest) -> set[int] | None:
    if scope_for(request.user, Action.DECLARATION_VIEW) == Scope.OPD:
        return opd_ids_for(request.user, Action.DECLARATION_VIEW)
    return None


# --- periods ---------------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    title: str
    description: str
    starts_on: dt.date
    due_on: dt.date
    all_opd: bool
    opd_ids: list[int]
    status: str
    closed_at: dt.datetime | None
    last_reminded_on: dt.date | None
    created_at: dt.datetime

    @staticmethod
    def resolve_opd_ids(obj: DeclarationPeriod) -> list[int]:
        return sorted(obj.opds.values_list("id", flat=True)) if not obj.all_opd else []


class PeriodFilter(Schema):
    q: SearchText = ""
    status: Annotated[str, Field(pattern="^(|open|closed)$")] = ""


@router.get(
    "/declaration-periods",
    auth=auth_for(Action.DECLARATION_VIEW),
    response={200: list[PeriodOut], **COMMON_ERRORS},
    summary="Periode deklarasi (UPG pembantu dan kepala OPD: yang mencakup OPD-nya)",
)
@paginate(Pagination)
def period_list_op(request: HttpRequest, filters: Query[PeriodFilter]) -> Any:
    return sel.period_list(
        periods=declaration_period_scope_for(request.user),
        opd_ids=_viewer_opd_ids(request),
        q=filters.q,
        status=filters.status,
    )


class PeriodIn(Schema):
    title: Title
    description: Text = ""
    starts_on: Day
    due_on: Day
    all_opd: bool = True
    opd_ids: Annotated[list[RefId], Field(max_length=1_000)] = []


@router.post(
    "/declaration-periods",
    auth=auth_for(Action.DECLARATION_MANAGE),
    response={201: PeriodOut, **COMMON_ERRORS},
    summary="Buka periode deklarasi (semua OPD, atau OPD tertentu dengan sub-unitnya)",
    description=(
        "Pegawai aktif OPD yang wajib langsung masuk daftar dan mendapat pemberitahuan. "
        "all_opd=false memerlukan opd_ids."
    ),
)
def period_create_op(request: HttpRequest, payload: PeriodIn) -> Any:
    period = svc.period_open(
        pemda=_pemda(request), actor=request.user, today=_today(request), **payload.dict()
    )
    return Status(201, period)


@router.get(
    "/declaration-periods/{period_id}",
    auth=auth_for(Action.DECLARATION_VIEW),
    response={200: PeriodOut, **COMMON_ERRORS},
    summary="Satu periode deklarasi",
)
def period_get_op(request: HttpRequest, period_id: PeriodId) -> Any:
    return access_declaration_period(request.user, period_id)


class PeriodPatch(Schema):
    """Only the fields sent are changed (an open period only)."""

    title: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    description: Annotated[str | None, Field(max_length=5_000, pattern=NO_NUL)] = None
    starts_on: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    due_on: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    all_opd: bool | None = None
    opd_ids: Annotated[list[RefId] | None, Field(max_length=1_000)] = None


@router.patch(
    "/declaration-periods/{period_id}",
    auth=auth_for(Action.DECLARATION_MANAGE),
    response={200: PeriodOut, **COMMON_ERRORS},
    summary="Ubah periode yang masih dibuka (hanya kolom yang dikirim)",
)
def period_update_op(request: HttpRequest, period_id: PeriodId, payload: PeriodPatch) -> Any:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    return svc.period_update(
        period=period, actor=request.user, today=_today(request), **payload.dict()
    )


class PeriodCloseIn(Schema):
    confirm: bool = Field(
        description="Harus true: menutup periode membekukan jawaban dan daftar wajib"
    )


@router.post(
    "/declaration-periods/{period_id}/close",
    auth=auth_for(Action.DECLARATION_MANAGE),
    response={200: PeriodOut, **COMMON_ERRORS},
    summary="Tutup periode: jawaban dan daftar wajib dibekukan (tidak dapat dibatalkan)",
)
def period_close_op(request: HttpRequest, period_id: PeriodId, payload: PeriodCloseIn) -> Any:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    return svc.period_close(
        period=period, actor=request.user, now=timezone.now(), confirm=payload.confirm
    )


class RemindOut(Schema):
    sent: int


@router.post(
    "/declaration-periods/{period_id}/remind",
    auth=auth_for(Action.DECLARATION_MANAGE),
    response={200: RemindOut, **COMMON_ERRORS},
    summary="Kirim pengingat sekarang kepada semua yang belum menjawab (sekali sehari)",
    description="409 declaration_remind_throttled bila hari ini sudah dikirim.",
)
def period_remind_op(request: HttpRequest, period_id: PeriodId) -> Any:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    return {"sent": svc.period_remind(period=period, actor=request.user, today=_today(request))}


class RosterRowOut(Schema):
    opd_id: int | None
    opd_name: str
    obliged: int
    answered: int
    none: int | None = Field(None, description="Hanya untuk UPG dan Inspektur")
    reported: int | None = Field(None, description="Hanya untuk UPG dan Inspektur")
    unreported: int = Field(description="Mengaku menerima dan belum melapor")
    pending: int


class RosterOut(Schema):
    period_id: int
    status: str
    rows: list[RosterRowOut]
    total: RosterRowOut


def _row_out(row: sel.RosterRow, full: bool) -> dict[str, Any]:
    return {
        "opd_id": row.opd_id,
        "opd_name": row.opd_name or "",
        "obliged": row.obliged,
        "answered": row.answered,
        "none": row.none if full else None,
        "reported": row.reported if full else None,
        "unreported": row.unreported,
        "pending": row.pending,
    }


@router.get(
    "/declaration-periods/{period_id}/roster",
    auth=auth_for(Action.DECLARATION_VIEW),
    response={200: RosterOut, **COMMON_ERRORS},
    summary="Rekap per OPD: wajib, sudah menjawab, mengaku belum melapor, belum menjawab",
)
def period_roster_op(request: HttpRequest, period_id: PeriodId) -> Any:
    period = access_declaration_period(request.user, period_id)
    if period.is_open:
        with transaction.atomic():
            svc.period_roster_sync(period=period)
    full = declaration_content_visible(request.user)
    roster = sel.period_roster(period=period, opd_ids=_viewer_opd_ids(request))
    return {
        "period_id": period.pk,
        "status": period.status,
        "rows": [_row_out(r, full) for r in roster.rows],
        "total": {**_row_out(roster.total, full), "opd_name": ""},
    }


class DeclaredGiftOut(Schema):
    description: str
    received_on: dt.date
    giver_name: str
    value_idr: int
    report_id: int | None


class RosterPeopleFilter(Schema):
    q: SearchText = ""
    opd_id: RefId | None = None
    status: Annotated[str, Field(pattern="^(|answered|pending|none|reported|unreported)$")] = ""


class _PeopleView:
    """The names list with the answers' content blanked for viewers who may not read it."""

    def __init__(self, rows: Any, full: bool) -> None:
        self.rows, self.full = rows, full

    def count(self) -> int:
        return int(self.rows.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        out = []
        for d in self.rows[part]:
            item: dict[str, Any] = {
                "id": d.pk,
                "employee_id": d.employee_id,
                "name": d.employee.name,
                "nip": d.employee.nip,
                "opd_id": d.opd_id,
                "opd_name": str(d.opd),
                "answered": bool(d.answer),
            }
            if self.full:
                item.update(
                    answer=d.answer,
                    answered_at=d.answered_at,
                    gifts=[
                        {
                            "description": g.description,
                            "received_on": g.received_on,
                            "giver_name": g.giver_name,
                            "value_idr": g.value_idr,
                            "report_id": g.report_id,
                        }
                        for g in d.gifts.all()
                    ],
                    sanction_case_id=d.sanction_case_id,
                )
            out.append(item)
        return out


class RosterPersonRow(Schema):
    id: int
    employee_id: int
    name: str
    nip: str
    opd_id: int
    opd_name: str
    answered: bool
    answer: str | None = Field(None, description="Hanya untuk UPG dan Inspektur")
    answered_at: dt.datetime | None = None
    gifts: list[DeclaredGiftOut] | None = Field(None, description="Hanya untuk UPG dan Inspektur")
    sanction_case_id: int | None = None


@router.get(
    "/declaration-periods/{period_id}/people",
    auth=auth_for(Action.DECLARATION_VIEW),
    response={200: list[RosterPersonRow], **COMMON_ERRORS},
    summary="Daftar nama per periode (saring OPD, status, nama/NIP)",
    description=(
        "UPG pembantu dan kepala OPD: hanya OPD-nya, dan hanya status sudah/belum menjawab "
        "(answer, gifts kosong); saringan status none/reported/unreported hanya untuk UPG dan "
        "Inspektur."
    ),
)
@paginate(Pagination)
def period_people_op(
    request: HttpRequest, period_id: PeriodId, filters: Query[RosterPeopleFilter]
) -> Any:
    period = access_declaration_period(request.user, period_id)
    full = declaration_content_visible(request.user)
    status = filters.status if full or filters.status in sel.STATUSES_BASIC else ""
    rows = sel.period_people(
        period=period,
        opd_ids=_viewer_opd_ids(request),
        opd_id=filters.opd_id,
        status=status,
        q=filters.q,
    )
    if full:
        rows = rows.prefetch_related("gifts")
    return _PeopleView(rows, full)


# --- a civil servant's own declarations -----------------------------------------------------


class OwnDeclarationOut(Schema):
    id: int
    period_id: int
    period_title: str = Field(alias="period.title")
    period_status: str = Field(alias="period.status")
    starts_on: dt.date = Field(alias="period.starts_on")
    due_on: dt.date = Field(alias="period.due_on")
    opd_id: int
    answer: str = Field(description="Kosong: belum menjawab")
    answered_at: dt.datetime | None
    report_ids: list[int]
    gifts: list[DeclaredGiftOut]

    @staticmethod
    def resolve_report_ids(obj: Declaration) -> list[int]:
        return obj.linked_report_ids()

    @staticmethod
    def resolve_gifts(obj: Declaration) -> list[Any]:
        return list(obj.gifts.all())


@router.get(
    "/declarations",
    auth=auth_for(Action.DECLARATION_ANSWER),
    response={200: list[OwnDeclarationOut], **COMMON_ERRORS},
    summary="Deklarasi saya: periode yang dibuka lebih dulu, lalu yang sudah ditutup",
)
@paginate(Pagination)
def own_list_op(request: HttpRequest) -> Any:
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise PermissionDenied
    with transaction.atomic():
        svc.declarations_ensure_for(employee=employee)
    return sel.declarations_of(employee_id=employee.pk).prefetch_related("reports", "gifts")


@router.get(
    "/declarations/{declaration_id}",
    auth=auth_for(Action.DECLARATION_ANSWER),
    response={200: OwnDeclarationOut, **COMMON_ERRORS},
    summary="Satu deklarasi saya",
)
def own_get_op(request: HttpRequest, declaration_id: DeclarationId) -> Any:
    return access_declaration(request.user, declaration_id, Action.DECLARATION_ANSWER)


class DeclaredGiftIn(Schema):
    description: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    received_on: Day
    giver_name: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    value_idr: Rupiah


class DeclarationAnswerIn(Schema):
    answer: Literal["none", "reported", "unreported"]
    report_ids: Annotated[list[RefId], Field(max_length=50)] = []
    gifts: Annotated[list[DeclaredGiftIn], Field(max_length=20)] = []


@router.post(
    "/declarations/{declaration_id}/answer",
    auth=auth_for(Action.DECLARATION_ANSWER),
    response={200: OwnDeclarationOut, **COMMON_ERRORS},
    summary="Jawab (atau ubah jawaban) deklarasi saya selama periode dibuka",
    description=(
        "none: tidak menerima gratifikasi. reported: sudah melapor — report_ids berisi laporan "
        "Anda sendiri yang sudah dikirim (paling sedikit satu). unreported: belum melapor — "
        "gifts berisi setiap pemberian; masing-masing membuat konsep laporan untuk dilengkapi. "
        "409 bila periode sudah ditutup."
    ),
)
def own_answer_op(
    request: HttpRequest, declaration_id: DeclarationId, payload: DeclarationAnswerIn
) -> Any:
    declaration = access_declaration(request.user, declaration_id, Action.DECLARATION_ANSWER)
    return svc.declaration_answer(
        declaration=declaration,
        actor=request.user,
        answer=payload.answer,
        report_ids=payload.report_ids,
        gifts=[g.dict() for g in payload.gifts],
        today=_today(request),
        now=timezone.now(),
    )


class DeclarationSanctionIn(Schema):
    description: Annotated[str, Field(min_length=1, max_length=5_000, pattern=NO_NUL)]


class DeclarationSanctionOut(Schema):
    declaration_id: int
    sanction_case_id: int


@router.post(
    "/declarations/{declaration_id}/sanction-case",
    auth=auth_for(Action.SANCTION_OPEN),
    response={201: DeclarationSanctionOut, **COMMON_ERRORS},
    summary="Buka kasus sanksi dari deklarasi yang mengaku belum melapor (sekali)",
)
def sanction_open_op(
    request: HttpRequest, declaration_id: DeclarationId, payload: DeclarationSanctionIn
) -> Any:
    declaration = access_declaration(request.user, declaration_id, Action.SANCTION_OPEN)
    case = svc.declaration_sanction_open(
        declaration=declaration, actor=request.user, description=payload.description
    )
    return Status(201, {"declaration_id": declaration.pk, "sanction_case_id": case.pk})
