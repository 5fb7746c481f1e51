"""UP3 monitors, gratification-prone service points and the visit checklist over the API
(issue #5 points 1-3, 8)."""

import datetime as dt
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    access_checklist_item,
    access_monitor,
    access_prone_service,
)
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.clock import local_today
from sehati.monitoring import registry as reg
from sehati.monitoring.models import ChecklistItem, Finding, Monitor, ProneService
from sehati.org.models import Pemda

router = Router(tags=["UP3: pemantau dan titik rawan"])
MonitorId = PathEx[int, P(ge=1, le=ID_MAX)]
ProneId = PathEx[int, P(ge=1, le=ID_MAX)]
ItemId = PathEx[int, P(ge=1, le=ID_MAX)]
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Id = RefId


def _pemda(request: HttpRequest) -> Pemda:
    pemda = cast(User, request.user).pemda
    if pemda is None:  # every role here is held in a pemda
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    pemda = getattr(request, "pemda", None) or getattr(request.user, "pemda", None)
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


# --- monitors -------------------------------------------------------------------------------


class MonitorOut(Schema):
    id: int
    name: str
    kecamatan_id: int
    kecamatan_name: str = Field(alias="kecamatan.name")
    term_start: dt.date
    term_end: dt.date
    decree_number: str
    decree_date: dt.date
    phone: str
    email: str
    is_coordinator: bool
    is_active: bool
    on_duty: bool
    has_account: bool
    username: str | None
    visits_this_month: int | None = None
    last_visit_on: dt.date | None = None

    @staticmethod
    def resolve_on_duty(obj: Monitor, context: dict[str, Any]) -> bool:
        return obj.on_duty(_today(context["request"]))

    @staticmethod
    def resolve_has_account(obj: Monitor) -> bool:
        return obj.user_id is not None

    @staticmethod
    def resolve_username(obj: Monitor) -> str | None:
        return obj.user.username if obj.user_id and obj.user else None

    @staticmethod
    def resolve_visits_this_month(obj: Monitor) -> int | None:
        return getattr(obj, "visits_this_month", None)

    @staticmethod
    def resolve_last_visit_on(obj: Monitor) -> dt.date | None:
        return getattr(obj, "last_visit_on", None)


class MonitorFilter(Schema):
    q: SearchText = ""
    kecamatan_id: RefId | None = None
    status: Annotated[str, Field(pattern="^(|aktif|nonaktif|selesai)$")] = ""
    coordinator: bool | None = None


@router.get(
    "/monitors",
    auth=auth_for(Action.MONITOR_VIEW),
    response={200: list[MonitorOut], **COMMON_ERRORS},
    summary="Pemantau UP3 (pemantau: datanya sendiri), dengan jumlah kunjungan bulan ini",
)
@paginate(Pagination)
def monitor_list_op(request: HttpRequest, filters: Query[MonitorFilter]) -> Any:
    monitors = reg.monitor_list(
        user=request.user,
        today=_today(request),
        q=filters.q,
        kecamatan_id=filters.kecamatan_id,
        status=filters.status,
        coordinator=filters.coordinator,
    )
    return monitors


class MonitorIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    kecamatan_id: Id
    term_start: Day
    term_end: Day
    decree_number: Annotated[str, Field(min_length=1, max_length=120, pattern=NO_NUL)]
    decree_date: Day
    phone: Annotated[str, Field(max_length=50, pattern=NO_NUL)] = ""
    email: Annotated[str, Field(max_length=254, pattern=NO_NUL)] = ""
    is_coordinator: bool = False
    is_active: bool = True


@router.post(
    "/monitors",
    auth=auth_for(Action.MONITOR_MANAGE),
    response={201: MonitorOut, **COMMON_ERRORS},
    summary="Daftarkan pemantau UP3 (SK pengangkatan, kecamatan, masa tugas)",
)
def monitor_create_op(request: HttpRequest, payload: MonitorIn) -> Any:
    today = _today(request)
    monitor = reg.monitor_register(
        pemda=_pemda(request), actor=request.user, today=today, **payload.dict()
    )
    return Status(201, monitor)


@router.get(
    "/monitors/{monitor_id}",
    response={200: MonitorOut, **COMMON_ERRORS},
    summary="Satu pemantau UP3",
)
def monitor_get_op(request: HttpRequest, monitor_id: MonitorId) -> Any:
    return access_monitor(request.user, monitor_id)


class MonitorPatch(Schema):
    """Only the fields sent are changed; an empty body (or null) changes nothing."""

    name: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    kecamatan_id: RefId | None = None
    term_start: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    term_end: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    decree_number: Annotated[str | None, Field(min_length=1, max_length=120, pattern=NO_NUL)] = None
    decree_date: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    phone: Annotated[str | None, Field(max_length=50, pattern=NO_NUL)] = None
    email: Annotated[str | None, Field(max_length=254, pattern=NO_NUL)] = None
    is_coordinator: bool | None = None
    is_active: bool | None = None


def _changes(payload: Schema) -> dict[str, Any]:
    # PATCH: the fields sent, less explicit nulls (no field of these records is nullable).
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}


@router.patch(
    "/monitors/{monitor_id}",
    auth=auth_for(Action.MONITOR_MANAGE),
    response={200: MonitorOut, **COMMON_ERRORS},
    summary="Ubah data pemantau (hanya kolom yang dikirim; is_active=false menonaktifkan)",
)
def monitor_update_op(request: HttpRequest, monitor_id: MonitorId, payload: MonitorPatch) -> Any:
    monitor = access_monitor(request.user, monitor_id, Action.MONITOR_MANAGE)
    return reg.monitor_update(
        monitor=monitor, actor=request.user, today=_today(request), changes=_changes(payload)
    )


class MonitorAccountOut(Schema):
    username: str
    password: str = Field(
        description="Kata sandi awal: hanya ditampilkan sekali ini dan tidak dapat diambil lagi"
    )


@router.post(
    "/monitors/{monitor_id}/account",
    auth=auth_for(Action.MONITOR_MANAGE),
    response={201: MonitorAccountOut, **COMMON_ERRORS},
    summary="Buatkan akun login untuk pemantau (peran pemantau di kecamatannya)",
    description=(
        "Tanpa isi. Jawaban 201 memuat nama pengguna dan kata sandi awal acak: kata sandi ini "
        "hanya ditampilkan sekali ini (tidak disimpan terbaca dan tidak dapat diminta lagi); "
        "sampaikan kepada pemantau lewat jalur yang aman. 409 bila pemantau sudah punya akun "
        "(`monitor_has_account`), tidak aktif, atau surelnya sudah dipakai akun lain."
    ),
)
def monitor_account_op(request: HttpRequest, response: HttpResponse, monitor_id: MonitorId) -> Any:
    monitor = access_monitor(request.user, monitor_id, Action.MONITOR_MANAGE)
    account = reg.monitor_account_create(monitor=monitor, actor=request.user)
    response["Cache-Control"] = "no-store"  # the password must not stay in any cache
    return Status(201, {"username": account.user.username, "password": account.password})


# --- titik rawan ----------------------------------------------------------------------------


class ProneOut(Schema):
    id: int
    service_unit_id: int
    service_unit_name: str = Field(alias="service_unit.name")
    opd_id: int = Field(alias="service_unit.opd_id")
    opd_name: str = Field(alias="service_unit.opd.name")
    kecamatan_id: int | None = Field(alias="service_unit.kecamatan_id")
    kecamatan_name: str | None
    area: str
    area_label: str
    name: str
    risk_note: str
    is_active: bool

    @staticmethod
    def resolve_kecamatan_name(obj: ProneService) -> str | None:
        kecamatan = obj.service_unit.kecamatan
        return kecamatan.name if kecamatan else None

    @staticmethod
    def resolve_area_label(obj: ProneService) -> str:
        return str(obj.get_area_display())


class ProneFilter(Schema):
    q: SearchText = ""
    kecamatan_id: RefId | None = None
    opd_id: RefId | None = None
    area: ProneService.Area | None = None
    include_inactive: bool = False


@router.get(
    "/prone-services",
    auth=auth_for(Action.PRONE_VIEW),
    response={200: list[ProneOut], **COMMON_ERRORS},
    summary="Peta titik rawan: layanan rawan gratifikasi per unit layanan",
)
@paginate(Pagination)
def prone_list_op(request: HttpRequest, filters: Query[ProneFilter]) -> Any:
    services = reg.prone_service_list(
        pemda_id=_pemda(request).pk,
        kecamatan_id=filters.kecamatan_id,
        opd_id=filters.opd_id,
        area=filters.area or "",
        q=filters.q,
        include_inactive=filters.include_inactive,
    )
    return services


class ProneIn(Schema):
    service_unit_id: Id
    area: ProneService.Area
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    risk_note: Annotated[str, Field(max_length=5000, pattern=NO_NUL)] = ""


@router.post(
    "/prone-services",
    auth=auth_for(Action.PRONE_MANAGE),
    response={201: ProneOut, **COMMON_ERRORS},
    summary="Tandai layanan sebuah unit rawan gratifikasi",
)
def prone_create_op(request: HttpRequest, payload: ProneIn) -> Any:
    prone = reg.prone_service_mark(
        pemda=_pemda(request),
        actor=request.user,
        service_unit_id=payload.service_unit_id,
        area=payload.area.value,
        name=payload.name,
        risk_note=payload.risk_note,
    )
    return Status(201, prone)


class PronePatch(Schema):
    """Only the fields sent are changed; an empty body (or null) changes nothing."""

    service_unit_id: RefId | None = None
    area: ProneService.Area | None = None
    name: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    risk_note: Annotated[str | None, Field(max_length=5000, pattern=NO_NUL)] = None
    is_active: bool | None = None


@router.patch(
    "/prone-services/{prone_id}",
    auth=auth_for(Action.PRONE_MANAGE),
    response={200: ProneOut, **COMMON_ERRORS},
    summary="Ubah, nonaktifkan (is_active=false) atau aktifkan kembali titik rawan",
)
def prone_update_op(request: HttpRequest, prone_id: ProneId, payload: PronePatch) -> Any:
    prone = access_prone_service(request.user, prone_id, Action.PRONE_MANAGE)
    changes = _changes(payload)
    if "area" in changes:
        changes["area"] = ProneService.Area(changes["area"]).value
    return reg.prone_service_update(prone=prone, actor=request.user, changes=changes)


# --- checklist ------------------------------------------------------------------------------


class ChecklistOut(Schema):
    id: int
    text: str
    good_answer: str
    finding_category: str
    position: int
    is_active: bool


@router.get(
    "/checklist",
    auth=auth_for(Action.CHECKLIST_VIEW),
    response={200: list[ChecklistOut], **COMMON_ERRORS},
    summary="Daftar periksa kunjungan yang berlaku, berurutan",
)
def checklist_list_op(request: HttpRequest) -> Any:
    return reg.checklist_active(pemda=_pemda(request).pk)


CategoryIn = Finding.Category | Annotated[str, Field(max_length=0)]


class ChecklistIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    good_answer: ChecklistItem.Answer = ChecklistItem.Answer.YES
    finding_category: CategoryIn = ""
    position: Annotated[int | None, Field(ge=0, le=reg.MAX_POSITION)] = None


@router.post(
    "/checklist",
    auth=auth_for(Action.CHECKLIST_MANAGE),
    response={201: ChecklistOut, **COMMON_ERRORS},
    summary="Tambah butir daftar periksa (tanpa urutan: di akhir)",
)
def checklist_create_op(request: HttpRequest, payload: ChecklistIn) -> Any:
    item = reg.checklist_item_add(
        pemda=_pemda(request),
        actor=request.user,
        text=payload.text,
        good_answer=str(payload.good_answer),
        finding_category=str(payload.finding_category),
        position=payload.position,
    )
    return Status(201, item)


class ChecklistPatch(Schema):
    """Only the fields sent are changed; an empty body (or null) changes nothing."""

    text: Annotated[str | None, Field(min_length=1, max_length=300, pattern=NO_NUL)] = None
    good_answer: ChecklistItem.Answer | None = None
    finding_category: CategoryIn | None = None
    position: Annotated[int | None, Field(ge=0, le=reg.MAX_POSITION)] = None
    is_active: bool | None = None


@router.patch(
    "/checklist/{item_id}",
    auth=auth_for(Action.CHECKLIST_MANAGE),
    response={200: ChecklistOut, **COMMON_ERRORS},
    summary="Ubah butir daftar periksa (is_active=false menonaktifkan)",
)
def checklist_update_op(request: HttpRequest, item_id: ItemId, payload: ChecklistPatch) -> Any:
    item = access_checklist_item(request.user, item_id)
    changes = _changes(payload)
    for key in ("good_answer", "finding_category"):
        if key in changes:
            changes[key] = str(changes[key])
    return reg.checklist_item_update(item=item, actor=request.user, changes=changes)
