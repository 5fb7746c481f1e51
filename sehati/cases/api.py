"""UPG case operations: the queue, one case with its deadlines, and every step of the state
machine — through the same services as the pages (issue #4 point 12)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, P, PathEx, Query, Router, Schema, Status
from ninja import Form as FormPart
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    access_case,
    access_custody_item,
    access_report,
    case_scope_for,
    identity_visible,
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
from sehati.cases import services as svc
from sehati.cases.files import SK, STEP_PURPOSES
from sehati.cases.models import Case, CustodyItem
from sehati.cases.selectors import SOON_WORKING_DAYS, QueueFilter, case_deadlines, case_queue
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import file_store, files_for
from sehati.reports.api import StoredFileOut
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError

router = Router(tags=["kasus UPG"])

CaseId = PathEx[int, P(ge=1, le=ID_MAX)]
ItemId = PathEx[int, P(ge=1, le=ID_MAX)]
ReportId = PathEx[int, P(ge=1, le=ID_MAX)]
Text = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Day = Annotated[dt.date, Field(ge=dt.date(2015, 1, 1), le=dt.date(2040, 12, 31))]
CheckAnswer = Annotated[str, Field(pattern=r"^(ok|missing|na)$")]


def _today(case_or_user: Any) -> dt.date:
    pemda = case_or_user.pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


class DeadlineOut(Schema):
    code: str
    label: str
    due_on: dt.date
    legal_basis: str
    active: bool
    met_on: dt.date | None
    working_days_left: int | None
    overdue: bool


class CaseSummaryOut(Schema):
    id: int
    report_id: int
    register_number: str
    kind: str
    status: str
    close_reason: str
    reporter_opd: str
    reporter_name: str  # "Dirahasiakan" for a confidential reporter
    giver_name: str
    value_idr: int
    received_on: dt.date
    handler: str  # "upg" or the OPD code of the UPG pembantu
    next_due_on: dt.date | None
    is_late: bool


class CaseOut(CaseSummaryOut):
    checklist: dict[str, str]
    missing_note: str
    completion_due: dt.date | None
    recommendation: str
    must_report_confirmed: bool | None
    override_reason: str
    forward_due: dt.date | None
    forwarded_on: dt.date | None
    forward_channel: str
    gol_reference: str
    decision: str
    sk_number: str
    sk_date: dt.date | None
    signatory_level: str
    appraised_value_idr: int | None
    handover_due: dt.date | None
    followup: str
    followup_on: dt.date | None
    bast_number: str
    handed_to: str
    billing_code: str
    ntpn: str
    paid_idr: int | None
    closed_on: dt.date | None
    deadlines: list[DeadlineOut]


def _summary(case: Case, user: Any) -> dict[str, Any]:
    r = case.report
    return {
        "id": case.pk,
        "report_id": r.pk,
        "register_number": r.register_number,
        "kind": r.kind,
        "status": case.status,
        "close_reason": case.close_reason,
        "reporter_opd": r.reporter_opd.name,
        "reporter_name": r.reporter.name if not r.confidential else "Dirahasiakan",
        "giver_name": r.giver_name,
        "value_idr": r.value_idr,
        "received_on": r.received_on,
        "handler": case.handler_opd.code if case.handler_opd else "upg",
        "next_due_on": case.next_due_on,
        "is_late": r.is_late,
    }


def _full(case: Case, user: Any) -> dict[str, Any]:
    body = _summary(case, user)
    if case.report.confidential and identity_visible(user, case.report):
        svc.reporter_identity_viewed(report=case.report, actor=user)
        body["reporter_name"] = case.report.reporter.name
    fields = [f for f in CaseOut.model_fields if f not in body and f != "deadlines"]
    body.update({f: getattr(case, f) for f in fields})
    body["deadlines"] = [
        {**d.__dict__, "overdue": d.overdue} for d in case_deadlines(case=case, today=_today(case))
    ]
    return body


STATUS_PATTERN = "^(|open|" + "|".join(Case.Status.values) + ")$"


class QueueIn(Schema):
    q: SearchText = ""
    status: Annotated[str, Field(pattern=STATUS_PATTERN)] = ""
    kind: Annotated[str, Field(pattern=r"^(|receipt|refusal|solicitation)$")] = ""
    opd_id: RefId | None = None
    handler: Annotated[str, Field(pattern=r"^(|central|pembantu)$")] = ""
    due: Annotated[str, Field(pattern=r"^(|overdue|soon)$")] = ""
    value_min_idr: Rupiah | None = None
    value_max_idr: Rupiah | None = None


@router.get(
    "/cases",
    auth=auth_for(Action.CASE_VIEW),
    response={200: list[CaseSummaryOut], **COMMON_ERRORS},
    summary="Antrean kasus dalam cakupan pengguna (saring, cari, halaman)",
)
@paginate(Pagination)
def case_list_op(request: HttpRequest, filters: Query[QueueIn]) -> Any:
    user = request.user
    today = _today(user)
    try:
        soon = work_calendar_for(user.pemda).add_working_days(today, SOON_WORKING_DAYS)
    except CalendarRangeError:
        soon = today
    cases = case_queue(
        cases=case_scope_for(user),
        filters=QueueFilter(**filters.dict()),
        today=today,
        soon_until=soon,
    )
    return [_summary(c, user) for c in cases]


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Satu kasus dengan semua tenggatnya",
)
def case_get_op(request: HttpRequest, case_id: CaseId) -> Any:
    return _full(access_case(request.user, case_id), request.user)


@router.post(
    "/cases/{case_id}/take",
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Ambil kasus untuk diverifikasi",
)
def case_take_op(request: HttpRequest, case_id: CaseId) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    return _full(svc.case_verification_start(case=case, actor=request.user), request.user)


class VerifyIn(Schema):
    checklist: dict[Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")], CheckAnswer] = Field(
        description="Butir daftar periksa: " + ", ".join(svc.CHECKLIST_KEYS)
    )
    missing_note: Text = ""
    after_finding: bool = False
    finding_reference: Short = ""


@router.post(
    "/cases/{case_id}/verify",
    auth=auth_for(Action.CASE_WORK),
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Hasil verifikasi kelengkapan (lengkap, atau minta kelengkapan)",
)
def case_verify_op(request: HttpRequest, case_id: CaseId, payload: VerifyIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    # The body's fields are the service's keyword arguments, by name.
    done = svc.case_verify(case=case, actor=request.user, today=_today(case), **payload.dict())
    return _full(done, request.user)


@router.post(
    "/cases/{case_id}/close-expired",
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Tutup kasus yang tidak dilengkapi sampai batasnya",
)
def case_expire_op(request: HttpRequest, case_id: CaseId) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    done = svc.case_close_incomplete(case=case, actor=request.user, today=_today(case))
    return _full(done, request.user)


class AnalyseIn(Schema):
    recommendation: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]
    must_report: bool
    override_reason: Text = ""


@router.post(
    "/cases/{case_id}/analyse",
    auth=auth_for(Action.CASE_WORK),
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Analisis UPG: wajib lapor (siap ke KPK) atau tidak wajib lapor (ditutup)",
)
def case_analyse_op(request: HttpRequest, case_id: CaseId, payload: AnalyseIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    # The body's fields are the service's keyword arguments, by name.
    done = svc.case_analyse(case=case, actor=request.user, today=_today(case), **payload.dict())
    return _full(done, request.user)


class ForwardIn(Schema):
    sent_on: Day
    channel: Case.Channel
    gol_reference: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = ""
    note: Text = ""


@router.post(
    "/cases/{case_id}/forward",
    auth=auth_for(Action.CASE_KPK),
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Catat laporan diteruskan ke KPK",
)
def case_forward_op(request: HttpRequest, case_id: CaseId, payload: ForwardIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    # The body's fields are the service's keyword arguments, by name.
    done = svc.case_forward_to_kpk(
        case=case, actor=request.user, today=_today(case), **payload.dict()
    )
    return _full(done, request.user)


class DecisionIn(Schema):
    decision: Case.Decision
    sk_number: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
    sk_date: Day
    signatory_level: Case.SignatoryLevel
    appraised_value_idr: Rupiah | None = None
    note: Text = ""


@router.post(
    "/cases/{case_id}/decision",
    auth=auth_for(Action.CASE_KPK),
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Catat SK penetapan status dari KPK",
)
def case_decision_op(request: HttpRequest, case_id: CaseId, payload: DecisionIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    # The body's fields are the service's keyword arguments, by name.
    done = svc.case_record_decision(
        case=case, actor=request.user, today=_today(case), **payload.dict()
    )
    return _full(done, request.user)


class FollowUpIn(Schema):
    followup: Case.FollowUp
    done_on: Day
    bast_number: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = ""
    handed_to: Short = ""
    billing_code: Annotated[str, Field(max_length=30, pattern=NO_NUL)] = ""
    ntpn: Annotated[str, Field(max_length=30, pattern=NO_NUL)] = ""
    paid_idr: Rupiah | None = None
    note: Text = ""


@router.post(
    "/cases/{case_id}/followup",
    auth=auth_for(Action.CASE_KPK),
    response={200: CaseOut, **COMMON_ERRORS},
    summary="Catat tindak lanjut SK (serah terima, setoran, pengembalian) dan tutup kasus",
)
def case_followup_op(request: HttpRequest, case_id: CaseId, payload: FollowUpIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    # The body's fields are the service's keyword arguments, by name.
    done = svc.case_record_followup(
        case=case, actor=request.user, today=_today(case), **payload.dict()
    )
    return _full(done, request.user)


# --- messages --------------------------------------------------------------------------------


class MessageIn(Schema):
    body: Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]


class MessageOut(Schema):
    id: int
    from_reporter: bool
    author: str
    body: str
    created_at: dt.datetime


def _message_out(m: Any) -> dict[str, Any]:
    author = "Pelapor" if m.from_reporter else (m.author.get_full_name() or m.author.username)
    return {
        "id": m.pk,
        "from_reporter": m.from_reporter,
        "author": author,
        "body": m.body,
        "created_at": m.created_at,
    }


@router.get(
    "/cases/{case_id}/messages",
    response={200: list[MessageOut], **COMMON_ERRORS},
    summary="Pesan antara UPG dan pelapor pada kasus",
)
def case_messages_op(request: HttpRequest, case_id: CaseId) -> Any:
    case = access_case(request.user, case_id)
    return [_message_out(m) for m in case.messages.select_related("author")]


@router.post(
    "/cases/{case_id}/messages",
    auth=auth_for(Action.CASE_WORK),
    response={201: MessageOut, **COMMON_ERRORS},
    summary="Kirim pesan kepada pelapor",
)
def case_message_send_op(request: HttpRequest, case_id: CaseId, payload: MessageIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    message = svc.case_message_send(case=case, actor=request.user, body=payload.body)
    return Status(201, _message_out(message))


def _case_of_own_report(request: HttpRequest, report_id: int, action: Action) -> Case:
    report = access_report(request.user, report_id, action)
    case = Case.objects.filter(report=report).select_related("report").first()
    if case is None:
        raise ApplicationError("Laporan ini belum dikirim.", code="report_not_submitted")
    return case


@router.get(
    "/reports/{report_id}/messages",
    response={200: list[MessageOut], **COMMON_ERRORS},
    summary="Pesan UPG pada laporan (untuk pelapor)",
    tags=["laporan"],
)
def report_messages_op(request: HttpRequest, report_id: ReportId) -> Any:
    report = access_report(request.user, report_id)
    case = Case.objects.filter(report=report).first()
    if case is None:
        return []
    return [_message_out(m) for m in case.messages.select_related("author")]


@router.post(
    "/reports/{report_id}/messages",
    auth=auth_for(Action.REPORT_REPLY),
    response={201: MessageOut, **COMMON_ERRORS},
    summary="Pelapor membalas UPG (mis. melengkapi laporan)",
    tags=["laporan"],
)
def report_reply_op(request: HttpRequest, report_id: ReportId, payload: MessageIn) -> Any:
    case = _case_of_own_report(request, report_id, Action.REPORT_REPLY)
    message = svc.case_message_send(case=case, actor=request.user, body=payload.body)
    return Status(201, _message_out(message))


# --- custody ------------------------------------------------------------------------------


class CustodyIn(Schema):
    report_item_id: RefId | None = None
    description: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    quantity: Annotated[int, Field(ge=1, le=100_000)] = 1
    received_from: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    received_on: Day
    storage_location: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    condition: Short = ""


class ReleaseIn(Schema):
    released_to_kind: CustodyItem.ReleaseTo
    released_to: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    released_on: Day
    note: Text = ""


class CustodyOut(Schema):
    id: int
    case_id: int
    number: str
    description: str
    quantity: int
    received_from: str
    received_on: dt.date
    storage_location: str
    condition: str
    status: str
    released_to_kind: str
    released_to: str
    released_on: dt.date | None
    release_number: str


@router.get(
    "/cases/{case_id}/custody",
    response={200: list[CustodyOut], **COMMON_ERRORS},
    summary="Barang titipan kasus",
)
def custody_list_op(request: HttpRequest, case_id: CaseId) -> Any:
    return list(access_case(request.user, case_id).custody_items.all())


@router.post(
    "/cases/{case_id}/custody",
    auth=auth_for(Action.CASE_WORK),
    response={201: CustodyOut, **COMMON_ERRORS},
    summary="Catat barang yang dititipkan di UPG (dengan nomor tanda terima)",
)
def custody_add_op(request: HttpRequest, case_id: CaseId, payload: CustodyIn) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    item = None
    if payload.report_item_id is not None:
        item = case.report.items.filter(pk=payload.report_item_id).first()
        if item is None:
            raise ApplicationError("Objek bukan bagian laporan ini.", code="case_invalid")
    created = svc.custody_receive(
        case=case,
        actor=request.user,
        report_item=item,
        description=payload.description,
        quantity=payload.quantity,
        received_from=payload.received_from,
        received_on=payload.received_on,
        storage_location=payload.storage_location,
        condition=payload.condition,
        today=_today(case),
    )
    return Status(201, created)


@router.post(
    "/custody/{item_id}/release",
    auth=auth_for(Action.CASE_WORK),
    response={200: CustodyOut, **COMMON_ERRORS},
    summary="Catat penyerahan barang titipan (dengan tanda terima penyerahan)",
)
def custody_release_op(request: HttpRequest, item_id: ItemId, payload: ReleaseIn) -> Any:
    item = access_custody_item(request.user, item_id, Action.CASE_WORK)
    return svc.custody_release(
        item=item,
        actor=request.user,
        released_to_kind=payload.released_to_kind,
        released_to=payload.released_to,
        released_on=payload.released_on,
        note=payload.note,
        today=_today(item),
    )


# --- files on a case ----------------------------------------------------------------------

FILE_PURPOSE = "^(" + "|".join(sorted(set(STEP_PURPOSES.values()))) + ")$"


@router.post(
    "/cases/{case_id}/files",
    auth=auth_for(Action.CASE_WORK),
    response={201: StoredFileOut, **COMMON_ERRORS},
    summary="Lampirkan berkas pada kasus (lembar periksa, bukti kirim, SK, BAST …)",
    description=(
        "Multipart: `file`, `purpose` (" + ", ".join(sorted(set(STEP_PURPOSES.values()))) + "), "
        "`note` opsional. Berkas `sk` dilampirkan pada laporan sehingga pelapor menerimanya. "
        "Jenis diperiksa dari isinya; yang ditolak tidak disimpan (422)."
    ),
)
def case_file_upload_op(
    request: HttpRequest,
    case_id: CaseId,
    file: File[UploadedFile],
    purpose: str = FormPart(..., pattern=FILE_PURPOSE),
    note: str = FormPart("", max_length=500, pattern=NO_NUL),
) -> Any:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    subject: Any = case.report if purpose == SK else case
    stored = file_store(
        pemda=case.pemda,
        actor=request.user,
        upload=file,
        subject=subject,
        purpose=purpose,
        note=note,
    )
    return Status(201, stored)


@router.get(
    "/cases/{case_id}/files",
    response={200: list[StoredFileOut], **COMMON_ERRORS},
    summary="Berkas kasus (langkah-langkah dan SK); unduh di GET /files/{id}",
)
def case_file_list_op(request: HttpRequest, case_id: CaseId) -> Any:
    case = access_case(request.user, case_id)
    return sorted(
        [*files_for(case), *files_for(case.report, SK)], key=lambda f: (f.created_at, f.pk)
    )
