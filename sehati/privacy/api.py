"""REST API of the UU PDP duties (issue #9 point 3): the retention schedule and its run, legal
holds, data-subject requests and the access report."""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import Action, access_dsr, access_legal_hold, require
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.responses import binary_openapi, file_response
from sehati.documents.documents import XLSX_CONTENT_TYPE
from sehati.org.models import Employee, Pemda
from sehati.privacy import services as svc
from sehati.privacy.errors import PrivacyError
from sehati.privacy.forms import MAX_ACCESS_REPORT_DAYS, MIN_ACCESS_DATE
from sehati.privacy.models import DataSubjectRequest, LegalHold, RecordType
from sehati.privacy.selectors import dsr_list, dsr_overdue, person_records
from sehati.privacy.views import access_report_for, access_report_xlsx

router = Router(tags=["Pelindungan data pribadi"])
HoldId = PathEx[int, P(ge=1, le=ID_MAX)]
RequestId = PathEx[int, P(ge=1, le=ID_MAX)]
RecordTypePath = PathEx[
    str, P(max_length=32, pattern=r"^[a-z_]+$", description="gift_report, tip, …")
]
RecordTypeName = Literal["gift_report", "tip", "outreach_participant"]


def _pemda(request: HttpRequest, action: Action) -> Pemda:
    require(request.user, action)
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise Http404
    return pemda


class RetentionOut(Schema):
    record_type: str
    label: str
    keep_years: int
    action: str
    actions: list[str]
    is_default: bool
    expired_through: dt.date
    due_today: int
    held: int


class RetentionIn(Schema):
    keep_years: int = Field(..., ge=1, le=100)
    action: Literal["anonymise", "delete"]


class RunIn(Schema):
    confirm: bool = Field(description="Harus true: yang dianonimkan atau dihapus tidak kembali")


class RunOut(Schema):
    run_on: dt.date
    counts: dict[str, dict[str, int]]


class HoldIn(Schema):
    record_type: RecordTypeName
    object_id: int = Field(..., ge=1, le=ID_MAX)
    reason: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)


class HoldReleaseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)
    confirm: bool


class HoldOut(Schema):
    id: int
    record_type: str
    object_id: int
    reason: str
    placed_by: str
    placed_at: dt.datetime
    active: bool
    released_at: dt.datetime | None
    release_reason: str


class HoldQuery(Schema):
    status: Literal["active", "released", "all"] = "active"


class DsrIn(Schema):
    kind: Literal["access", "correction", "restriction"]
    subject_name: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    subject_contact: str = Field("", max_length=200, pattern=NO_NUL)
    nip: str = Field("", max_length=18, pattern=r"^(\d{18})?$")
    details: str = Field(..., min_length=1, max_length=5000, pattern=NO_NUL)
    received_at: dt.datetime


class DsrCloseIn(Schema):
    status: Literal["done", "refused"]
    response: str = Field(..., min_length=1, max_length=5000, pattern=NO_NUL)
    confirm: bool


class DsrOut(Schema):
    id: int
    number: str
    kind: str
    subject_name: str
    subject_contact: str
    employee_nip: str | None
    details: str
    received_at: dt.datetime
    due_at: dt.datetime
    status: str
    overdue: bool
    response: str
    closed_at: dt.datetime | None


class PersonRecordOut(Schema):
    kind: str
    label: str
    day: dt.date | None
    url: str


class DsrDetailOut(DsrOut):
    records: list[PersonRecordOut]
    confidential_reports_not_shown: int


class DsrQuery(Schema):
    status: Literal["", "overdue", "open", "done", "refused"] = ""
    q: str = Field("", max_length=50, pattern=NO_NUL)


class AccessQuery(Schema):
    start: dt.date
    end: dt.date
    nip: str = Field("", max_length=18, pattern=r"^(\d{18})?$")


class AccessRowOut(Schema):
    at: dt.datetime
    actor: str
    actor_id: int | None
    type: str
    action: str
    subject: str
    person: str
    detail: str


def _hold_out(h: LegalHold) -> dict[str, Any]:
    return {
        "id": h.pk,
        "record_type": h.record_type,
        "object_id": h.object_id,
        "reason": h.reason,
        "placed_by": str(h.placed_by),
        "placed_at": h.created_at,
        "active": h.active,
        "released_at": h.released_at,
        "release_reason": h.release_reason,
    }


def _dsr_out(d: DataSubjectRequest) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "kind": d.kind,
        "subject_name": d.subject_name,
        "subject_contact": d.subject_contact,
        "employee_nip": d.employee.nip if d.employee else None,
        "details": d.details,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "status": d.status,
        "overdue": dsr_overdue(d),
        "response": d.response,
        "closed_at": d.closed_at,
    }


def _confirm(flag: bool, message: str) -> None:
    if not flag:
        raise ApplicationError(message, code=PrivacyError.CONFIRM)


def _employee(pemda: Pemda, nip: str) -> Employee | None:
    if not nip:
        return None
    employee = Employee.objects.filter(pemda=pemda, nip=nip).first()
    if employee is None:
        raise ApplicationError(
            _("Tidak ada pegawai dengan NIP itu di pemda ini."), code=PrivacyError.NOT_FOUND
        )
    return employee


@router.get(
    "/privacy/retention",
    response={200: list[RetentionOut], **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_VIEW),
    summary="Jadwal retensi per jenis data, dan yang kedaluwarsa atau ditahan hari ini",
)
def retention_list_op(request: HttpRequest) -> Any:
    pemda = _pemda(request, Action.PRIVACY_VIEW)
    return [
        {
            "record_type": item.row.kind.key,
            "label": str(item.row.kind.label),
            "keep_years": item.row.keep_years,
            "action": item.row.action,
            "actions": list(item.row.kind.actions),
            "is_default": item.row.is_default,
            "expired_through": item.last_day,
            "due_today": len(item.due),
            "held": len(item.held),
        }
        for item in svc.retention_expired(pemda, local_today(pemda.time_zone))
    ]


@router.patch(
    "/privacy/retention/{record_type}",
    response={200: RetentionOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Atur masa simpan dan tindakan untuk satu jenis data",
)
def retention_set_op(
    request: HttpRequest, record_type: RecordTypePath, payload: RetentionIn
) -> Any:
    pemda = _pemda(request, Action.PRIVACY_MANAGE)
    if record_type not in RecordType.values:
        raise Http404
    svc.retention_rule_set(
        pemda=pemda,
        actor=request.user,
        record_type=record_type,
        keep_years=payload.keep_years,
        action=payload.action,
    )
    return next(r for r in retention_list_op(request) if r["record_type"] == record_type)


@router.post(
    "/privacy/retention-runs",
    response={200: RunOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Jalankan retensi sekarang (tugas harian juga menjalankannya)",
)
def retention_run_op(request: HttpRequest, payload: RunIn) -> Any:
    pemda = _pemda(request, Action.PRIVACY_MANAGE)
    _confirm(payload.confirm, _("Konfirmasi (confirm: true) diperlukan untuk menjalankan retensi."))
    run = svc.retention_run(pemda=pemda, today=local_today(pemda.time_zone), actor=request.user)
    return {"run_on": run.run_on, "counts": run.counts}


@router.get(
    "/privacy/holds",
    response={200: list[HoldOut], **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_VIEW),
    summary="Penahanan hukum (bawaan: yang aktif)",
)
@paginate(Pagination)
def hold_list_op(request: HttpRequest, filters: Query[HoldQuery]) -> Any:
    pemda = _pemda(request, Action.PRIVACY_VIEW)
    holds = LegalHold.objects.filter(pemda=pemda).select_related("placed_by")
    if filters.status == "active":
        holds = holds.filter(released_at__isnull=True)
    elif filters.status == "released":
        holds = holds.filter(released_at__isnull=False)
    return [_hold_out(h) for h in holds]


@router.post(
    "/privacy/holds",
    response={201: HoldOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Pasang penahanan hukum pada satu data (retensi melewatinya)",
)
def hold_place_op(request: HttpRequest, payload: HoldIn) -> Any:
    pemda = _pemda(request, Action.PRIVACY_MANAGE)
    hold = svc.legal_hold_place(
        pemda=pemda,
        actor=request.user,
        record_type=payload.record_type,
        object_id=payload.object_id,
        reason=payload.reason,
    )
    return Status(201, _hold_out(hold))


@router.post(
    "/privacy/holds/{hold_id}/release",
    response={200: HoldOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Lepaskan penahanan hukum",
)
def hold_release_op(request: HttpRequest, hold_id: HoldId, payload: HoldReleaseIn) -> Any:
    hold = access_legal_hold(request.user, hold_id)
    _confirm(payload.confirm, _("Konfirmasi (confirm: true) diperlukan untuk melepas penahanan."))
    return _hold_out(svc.legal_hold_release(hold=hold, actor=request.user, reason=payload.reason))


@router.get(
    "/privacy/requests",
    response={200: list[DsrOut], **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_VIEW),
    summary="Permintaan subjek data (akses, pembetulan, pembatasan) dan tenggat 3 × 24 jamnya",
)
@paginate(Pagination)
def dsr_list_op(request: HttpRequest, filters: Query[DsrQuery]) -> Any:
    pemda = _pemda(request, Action.PRIVACY_VIEW)
    return [_dsr_out(d) for d in dsr_list(pemda, status=filters.status, search=filters.q)]


@router.post(
    "/privacy/requests",
    response={201: DsrOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Catat permintaan subjek data; tenggat = diterima + 72 jam",
)
def dsr_create_op(request: HttpRequest, payload: DsrIn) -> Any:
    pemda = _pemda(request, Action.PRIVACY_MANAGE)
    dsr = svc.dsr_create(
        pemda=pemda,
        actor=request.user,
        kind=payload.kind,
        subject_name=payload.subject_name,
        subject_contact=payload.subject_contact,
        employee=_employee(pemda, payload.nip),
        details=payload.details,
        received_at=payload.received_at,
    )
    return Status(201, _dsr_out(dsr))


@router.get(
    "/privacy/requests/{request_id}",
    response={200: DsrDetailOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_VIEW),
    summary="Satu permintaan, dengan data pegawai yang tercatat di SEHATI",
)
def dsr_get_op(request: HttpRequest, request_id: RequestId) -> Any:
    dsr = access_dsr(request.user, request_id)
    records, hidden = person_records(dsr.employee, viewer=request.user) if dsr.employee else ([], 0)
    return {
        **_dsr_out(dsr),
        "records": [
            {"kind": r.kind, "label": r.label, "day": r.day, "url": r.url} for r in records
        ],
        "confidential_reports_not_shown": hidden,
    }


@router.post(
    "/privacy/requests/{request_id}/close",
    response={200: DsrOut, **COMMON_ERRORS},
    auth=auth_for(Action.PRIVACY_MANAGE),
    summary="Selesaikan permintaan: dipenuhi atau ditolak, dengan jawabannya",
)
def dsr_close_op(request: HttpRequest, request_id: RequestId, payload: DsrCloseIn) -> Any:
    dsr = access_dsr(request.user, request_id, Action.PRIVACY_MANAGE)
    _confirm(payload.confirm, _("Konfirmasi (confirm: true) diperlukan."))
    return _dsr_out(
        svc.dsr_close(
            request=dsr, actor=request.user, status=payload.status, response=payload.response
        )
    )


def _access_args(request: HttpRequest, q: AccessQuery) -> dict[str, Any]:
    pemda = _pemda(request, Action.ACCESS_REPORT)
    if q.end < q.start or (q.end - q.start).days >= MAX_ACCESS_REPORT_DAYS:
        raise ApplicationError(
            _("Periode harus berurutan dan paling panjang satu tahun."), code=PrivacyError.PERIOD
        )
    if q.start < MIN_ACCESS_DATE or q.end > local_today(pemda.time_zone) + dt.timedelta(days=1):
        raise ApplicationError(
            _("Periode di luar rentang yang masuk akal."), code=PrivacyError.PERIOD
        )
    return {
        "user": request.user,
        "pemda": pemda,
        "start": q.start,
        "end": q.end,
        "employee": _employee(pemda, q.nip),
    }


@router.get(
    "/privacy/access-report",
    response={200: list[AccessRowOut], **COMMON_ERRORS},
    auth=auth_for(Action.ACCESS_REPORT),
    summary="Siapa melihat data siapa dalam periode (dengan NIP: semua tindakan atas data pegawai itu)",
)
@paginate(Pagination)
def access_report_op(request: HttpRequest, q: Query[AccessQuery]) -> Any:
    return access_report_for(**_access_args(request, q))


@router.get(
    "/privacy/access-report/xlsx",
    response=COMMON_ERRORS,
    auth=auth_for(Action.ACCESS_REPORT),
    summary="Laporan akses sebagai XLSX",
    openapi_extra=binary_openapi(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
def access_report_xlsx_op(request: HttpRequest, q: Query[AccessQuery]) -> HttpResponse:
    args = _access_args(request, q)
    rows = access_report_for(**args)
    return file_response(
        access_report_xlsx(rows, start=q.start, end=q.end),
        filename=f"laporan-akses-{q.start:%Y%m%d}-{q.end:%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
