"""Rules operations: the self-check assessment, working-day due dates, the calendar. Public."""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import File, Header, P, Path, PathEx, Query, Router, Schema, Status, UploadedFile
from ninja import Form as FormPart
from pydantic import Field

from sehati.accounts.policies import Action, access_report, employee_scope_for, require
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Rupiah, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import (
    ALLOWED_KINDS,
    access_stored_file,
    files_for,
    stored_file_response,
)
from sehati.core.models import StoredFile
from sehati.reports.files import EVIDENCE
from sehati.reports.models import GiftReport
from sehati.reports.selectors import work_calendar_for
from sehati.reports.selfcheck import assessment_as_dict, selfcheck_run
from sehati.reports.services import report_create, report_evidence_attach, report_submit
from sehati.rules.assess import Gift
from sehati.rules.calendar import CalendarRangeError
from sehati.rules.rulesets import Category, Form, Relation

router = Router(tags=["aturan"])

DATE_MIN, DATE_MAX = dt.date(2015, 1, 1), dt.date(2040, 12, 31)


class AssessIn(Schema):
    received_on: dt.date = Field(ge=DATE_MIN, le=DATE_MAX, description="Tanggal penerimaan")
    category: Category
    form: Form
    value_idr: Rupiah
    giver_relation: Relation
    same_giver_year_total_idr: Rupiah = 0
    conflict_of_interest: bool = False
    to_institution: bool = False


class RuleDeadlineOut(Schema):
    code: str
    due_on: dt.date
    working_days: int
    legal_basis: str
    capped: bool


class AssessOut(Schema):
    must_report: bool
    exemption: str | None
    rule_set: str
    legal_basis: str
    report_due: dt.date | None
    reasons: list[str]
    notes: list[str]
    deadlines: list[RuleDeadlineOut]


@router.post(
    "/rules/assess",
    auth=None,
    response={200: AssessOut, **COMMON_ERRORS},
    summary="Apakah pemberian ini wajib dilaporkan?",
)
def rules_assess(request: HttpRequest, payload: AssessIn) -> Any:
    gift = Gift(**payload.dict())
    try:
        result = selfcheck_run(pemda=request.pemda, gift=gift)  # type: ignore[attr-defined]
    except CalendarRangeError as exc:
        raise ApplicationError(str(exc), code="date_out_of_calendar") from None
    body = assessment_as_dict(result.assessment)
    body["deadlines"] = [
        {
            "code": d.code.value,
            "due_on": d.due_on,
            "working_days": d.working_days,
            "legal_basis": d.legal_basis,
            "capped": d.capped,
        }
        for d in result.deadlines
    ]
    return body


class DueFilter(Schema):
    start: dt.date = Field(ge=DATE_MIN, le=DATE_MAX, description="Hari ke-0 (YYYY-MM-DD)")
    days: int = Field(ge=0, le=365, description="Jumlah hari kerja")


class DueOut(Schema):
    start: dt.date
    days: int
    due_on: dt.date


@router.get(
    "/rules/due",
    auth=None,
    response={200: DueOut, **COMMON_ERRORS},
    summary="Tanggal ke-N hari kerja setelah tanggal awal",
)
def rules_due(request: HttpRequest, filters: Query[DueFilter]) -> Any:
    try:
        due = work_calendar_for(request.pemda).add_working_days(filters.start, filters.days)  # type: ignore[attr-defined]
    except CalendarRangeError as exc:
        raise ApplicationError(str(exc), code="date_out_of_calendar") from None
    return {"start": filters.start, "days": filters.days, "due_on": due}


class DayOut(Schema):
    date: dt.date
    kind: str
    name: str


@router.get(
    "/rules/calendar/{year}",
    auth=None,
    response={200: list[DayOut], **COMMON_ERRORS},
    summary="Hari libur nasional, cuti bersama dan perubahan daerah dalam setahun",
)
def rules_calendar(request: HttpRequest, year: int = Path(..., ge=2015, le=2040)) -> Any:
    calendar = work_calendar_for(request.pemda)  # type: ignore[attr-defined]
    return [
        {"date": d.day, "kind": d.kind.value, "name": d.name} for d in calendar.special_days(year)
    ]


# --- gift reports (issue #4: the integrator contract) -----------------------------------------

ReportId = PathEx[int, P(ge=1, le=ID_MAX)]
ShortText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
LongText = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]


class ItemIn(Schema):
    description: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    form: Form
    quantity: Annotated[int, Field(ge=1, le=100_000)] = 1
    value_idr: Rupiah


class ItemOut(Schema):
    position: int
    description: str
    form: str
    quantity: int
    value_idr: int


class ReportIn(Schema):
    kind: GiftReport.Kind
    received_on: dt.date = Field(ge=DATE_MIN, le=DATE_MAX)
    category: Category
    form: Form
    value_idr: Rupiah
    giver_name: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    giver_relation: Relation
    description: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]
    place: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    chronology: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]
    same_giver_year_total_idr: Rupiah = 0
    conflict_of_interest: bool = False
    to_institution: bool = False
    giver_occupation: ShortText = ""
    giver_agency: ShortText = ""
    giver_address: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    giver_reason: LongText = ""
    reporter_nik: Annotated[str, Field(pattern=r"^([0-9]{16})?$")] = ""
    reporter_address: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    reporter_phone: Annotated[str, Field(max_length=30, pattern=r"^[0-9+()\- ]*$")] = ""
    confidential: bool = False
    object_location: GiftReport.ObjectLocation = GiftReport.ObjectLocation.KEPT
    compensation_requested: bool = False
    distributed_to: ShortText = ""
    distributed_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    items: list[ItemIn] | None = Field(
        None,
        min_length=1,
        max_length=50,
        description=(
            "Objek-objek laporan. Bila diisi, `value_idr` harus sama dengan jumlah nilainya dan "
            "`form` dinilai dari objeknya (uang/voucher bila ada, selain itu objek bernilai "
            "terbesar). Bila tidak diisi, laporan memuat satu objek dari `description`."
        ),
    )


def _report_data(payload: ReportIn) -> dict[str, Any]:
    """The report fields of a request body; absent optional parts are left to the service."""
    data = payload.dict(exclude={"reporter_nip"})
    return {k: v for k, v in data.items() if not (k in ("items", "distributed_on") and v is None)}


class ReportCreatedOut(Schema):
    id: int
    status: str


class ReportSubmittedOut(Schema):
    id: int
    register_number: str
    receipt_code: str
    status: str
    must_report: bool
    exemption: str | None
    rule_set: str
    report_due: dt.date | None


class ReportOut(Schema):
    id: int
    kind: str
    status: str
    register_number: str
    received_on: dt.date
    submitted_on: dt.date | None
    category: str
    form: str
    value_idr: int
    giver_name: str
    giver_relation: str
    description: str
    place: str
    chronology: str
    must_report: bool | None
    exemption: str | None
    rule_set: str
    legal_basis: str
    report_due: dt.date | None
    is_late: bool
    assessment: dict[str, Any]
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: GiftReport) -> list[Any]:
        return list(obj.items.all())

    @staticmethod
    def resolve_exemption(obj: GiftReport) -> str | None:
        return obj.exemption or None


@router.post(
    "/reports",
    auth=auth_for(Action.REPORT_CREATE),
    response={201: ReportCreatedOut, 200: ReportCreatedOut, **COMMON_ERRORS},
    summary="Buat konsep laporan gratifikasi (Idempotency-Key opsional)",
    tags=["laporan"],
)
def report_create_op(
    request: HttpRequest,
    payload: ReportIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=100, pattern=r"^[\x21-\x7e]+$")
    ] = None,
) -> Any:
    require(request.user, Action.REPORT_CREATE)
    report, created = report_create(
        actor=request.user, data=_report_data(payload), idempotency_key=idempotency_key
    )
    body = {"id": report.pk, "status": report.status}
    return Status(201, body) if created else Status(200, body)


class ReportForIn(ReportIn):
    reporter_nip: Annotated[str, Field(pattern=r"^[0-9]{18}$", description="NIP pelapor")]


@router.post(
    "/reports/on-behalf",
    auth=auth_for(Action.REPORT_CREATE_FOR),
    response={201: ReportCreatedOut, 200: ReportCreatedOut, **COMMON_ERRORS},
    summary="UPG mencatat laporan kertas atas nama pelapor (Idempotency-Key opsional)",
    tags=["laporan"],
)
def report_create_for_op(
    request: HttpRequest,
    payload: ReportForIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=100, pattern=r"^[\x21-\x7e]+$")
    ] = None,
) -> Any:
    reporter = (
        employee_scope_for(request.user, Action.REPORT_CREATE_FOR)
        .filter(nip=payload.reporter_nip, is_active=True)
        .first()
    )
    if reporter is None:
        raise Http404
    report, created = report_create(
        actor=request.user,
        data=_report_data(payload),
        idempotency_key=idempotency_key,
        reporter=reporter,
    )
    body = {"id": report.pk, "status": report.status}
    return Status(201, body) if created else Status(200, body)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportSubmittedOut, **COMMON_ERRORS},
    summary="Kirim laporan: penilaian disimpan, nomor register dan kode tanda terima",
    tags=["laporan"],
)
def report_submit_op(request: HttpRequest, report_id: ReportId) -> Any:
    report = access_report(request.user, report_id, Action.REPORT_SUBMIT)
    pemda = report.pemda
    done = report_submit(report=report, actor=request.user, today=local_today(pemda.time_zone))
    r = done.report
    return {
        "id": r.pk,
        "register_number": r.register_number,
        "receipt_code": done.receipt_code,
        "status": r.status,
        "must_report": bool(r.must_report),
        "exemption": r.exemption or None,
        "rule_set": r.rule_set,
        "report_due": r.report_due,
    }


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, **COMMON_ERRORS},
    summary="Satu laporan dengan status dan penilaiannya",
    tags=["laporan"],
)
def report_detail_op(request: HttpRequest, report_id: ReportId) -> Any:
    return access_report(request.user, report_id, Action.REPORT_VIEW)


# --- evidence files (issue #4, point 3) -------------------------------------------------------


class StoredFileOut(Schema):
    id: uuid.UUID = Field(description="Id berkas (UUID); unduh di GET /files/{id}")
    name: str
    content_type: str
    size: int = Field(description="Ukuran dalam bita")
    sha256: str
    purpose: str
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: StoredFile) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_name(obj: StoredFile) -> str:
        return obj.original_name


@router.post(
    "/reports/{report_id}/files",
    auth=auth_for(Action.REPORT_SUBMIT),
    response={201: StoredFileOut, **COMMON_ERRORS},
    summary="Lampirkan satu berkas bukti (foto, pindaian, PDF) pada laporan sendiri",
    description=(
        "Multipart: `file` (JPG, PNG, WebP, HEIC, atau PDF; batas ukuran `SEHATI_UPLOAD_MAX_BYTES`, "
        "bawaan 10 MB) dan `note` opsional. Jenis diperiksa dari isinya: berkas yang isinya tidak "
        "sesuai ekstensinya ditolak 422 (`file_content_mismatch`) dan tidak disimpan."
    ),
    tags=["laporan"],
)
def report_file_upload_op(
    request: HttpRequest,
    report_id: ReportId,
    file: File[UploadedFile],
    note: str = FormPart("", max_length=500, pattern=NO_NUL),
) -> Any:
    report = access_report(request.user, report_id, Action.REPORT_SUBMIT)
    stored = report_evidence_attach(report=report, actor=request.user, upload=file, note=note)
    return Status(201, stored)


@router.get(
    "/reports/{report_id}/files",
    response={200: list[StoredFileOut], **COMMON_ERRORS},
    summary="Berkas bukti sebuah laporan",
    tags=["laporan"],
)
def report_file_list_op(request: HttpRequest, report_id: ReportId) -> Any:
    report = access_report(request.user, report_id, Action.REPORT_VIEW)
    return list(files_for(report, EVIDENCE))


@router.get(
    "/files/{file_id}",
    response=COMMON_ERRORS,
    summary="Unduh isi sebuah berkas (bagi yang boleh melihat objeknya)",
    tags=["berkas"],
    openapi_extra={
        "responses": {
            200: {
                "description": "Isi berkas",
                "content": {
                    mime: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ALLOWED_KINDS
                    for mime in sorted(kind.mimes)
                },
            }
        }
    },
)
def file_download_op(request: HttpRequest, file_id: uuid.UUID) -> Any:
    require(request.user, Action.FILE_VIEW)
    return stored_file_response(access_stored_file(request.user, file_id))
