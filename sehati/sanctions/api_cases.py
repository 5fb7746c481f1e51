"""REST API of sanction cases (issue #6 points 2, 4, 5).

The UPG and the Inspektorat see the pemda's cases; a civil servant only the cases about their
own employee record, without the internal examination record (clarification minutes, evidence,
notes)."""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    access_finding,
    access_sanction_case,
    sanction_case_scope_for,
    sanction_case_wide,
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
from sehati.core.errors import ApplicationError
from sehati.core.models import StoredFile
from sehati.org.models import Employee
from sehati.sanctions import appeals as app
from sehati.sanctions import examination as ex
from sehati.sanctions import letters
from sehati.sanctions.case_selectors import CaseFilters, sanction_case_search, sanction_case_view
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import SanctionCase, SanctionDiscipline, SanctionStep
from sehati.sanctions.services import sanction_decide

router = Router(tags=["Kasus sanksi"])
CaseId = PathEx[int, P(ge=1, le=ID_MAX)]
Day = Annotated[dt.date, Field(ge=dt.date(2015, 1, 1), le=dt.date(2040, 12, 31))]
Text = Annotated[str, Field(max_length=20_000, pattern=NO_NUL)]
Needed = Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Number = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _today(request: HttpRequest) -> dt.date:
    pemda = _user(request).pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


# --- output ---------------------------------------------------------------------------------------


class SanctionCaseOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    employee_nip: str
    opd_name: str
    source: str = Field(description="up3, inspektorat, deklarasi, kpk, manual")
    source_reference: str
    finding_id: int | None
    description: str
    status: str = Field(description="open (dalam pemeriksaan) atau decided (diputus)")
    decision: str = Field(description="kosong, not_reported, not_proven, reported_in_time")
    decision_number: str
    decided_on: dt.date | None
    legal_basis: str
    created_at: dt.datetime


class SanctionGiftOut(Schema):
    id: int
    description: str
    received_on: dt.date | None
    giver: str
    value_idr: int
    report_id: int | None


class SanctionStepOut(Schema):
    id: int
    kind: str = Field(description="summons, clarification, evidence, note")
    occurred_on: dt.date
    at_time: dt.time | None
    place: str
    purpose: str
    letter_number: str
    text: str = Field(description="Notula/catatan (hanya untuk UPG/Inspektorat)")


class SanctionDeductionOut(Schema):
    month: str
    kind: str = Field(description="deduction atau correction")
    corrects_month: str
    tpp_idr: int
    percent: int
    deduction_idr: int


class SanctionAppealOut(Schema):
    id: int
    filed_on: dt.date
    grounds: str
    on_behalf: bool
    status: str = Field(description="pending atau decided")
    outcome: str = Field(description="kosong, upheld, cancelled, changed")
    new_percent: int | None
    decision_number: str
    decided_on: dt.date | None


class SanctionDisciplineOut(Schema):
    tier: str
    penalty: str
    decision_number: str
    decided_on: dt.date
    decided_by: str
    legal_basis: str


class SanctionCaseDetailOut(SanctionCaseOut):
    gifts: list[SanctionGiftOut]
    steps: list[SanctionStepOut]
    deductions: list[SanctionDeductionOut]
    appeals: list[SanctionAppealOut]
    discipline: SanctionDisciplineOut | None


def _out(case: SanctionCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "employee_id": case.employee_id,
        "employee_name": case.employee.name,
        "employee_nip": case.employee.nip,
        "opd_name": case.employee.opd.name,
        "source": case.source,
        "source_reference": case.source_reference,
        "finding_id": case.finding_id,
        "description": case.description,
        "status": case.status,
        "decision": case.decision,
        "decision_number": case.decision_number,
        "decided_on": case.decided_on,
        "legal_basis": case.legal_basis,
        "created_at": case.created_at,
    }


def _detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    v = sanction_case_view(case=case, wide=sanction_case_wide(user))
    d = v.discipline
    return {
        **_out(case),
        "gifts": [
            {
                "id": g.pk,
                "description": g.description,
                "received_on": g.received_on,
                "giver": g.giver,
                "value_idr": g.value_idr,
                "report_id": g.report_id,
            }
            for g in v.gifts
        ],
        "steps": [
            {
                "id": s.pk,
                "kind": s.kind,
                "occurred_on": s.occurred_on,
                "at_time": s.at_time,
                "place": s.place,
                "purpose": s.purpose,
                "letter_number": s.letter_number,
                "text": s.text if v.wide else "",
            }
            for s in v.steps
        ],
        "deductions": [
            {
                "month": r.month,
                "kind": r.kind,
                "corrects_month": r.corrects_month,
                "tpp_idr": r.tpp_idr,
                "percent": r.percent,
                "deduction_idr": r.deduction_idr,
            }
            for r in v.deductions
        ],
        "appeals": [
            {
                "id": a.pk,
                "filed_on": a.filed_on,
                "grounds": a.grounds,
                "on_behalf": a.on_behalf,
                "status": a.status,
                "outcome": a.outcome,
                "new_percent": a.new_percent,
                "decision_number": a.decision_number,
                "decided_on": a.decided_on,
            }
            for a in v.appeals
        ],
        "discipline": None
        if d is None
        else {
            "tier": d.tier,
            "penalty": d.penalty,
            "decision_number": d.decision_number,
            "decided_on": d.decided_on,
            "decided_by": d.decided_by,
            "legal_basis": d.legal_basis,
        },
    }


class _Page:
    """A queryset shown through `_out`, sliced by the paginator."""

    def __init__(self, cases: QuerySet[SanctionCase]) -> None:
        self.cases = cases

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        return [_out(c) for c in self.cases[part]]

    def __len__(self) -> int:
        return self.cases.count()


class SanctionCaseFilter(Schema):
    q: SearchText = Field("", description="Nama atau awal NIP pegawai")
    status: Annotated[str, Field(pattern="^(|open|decided)$")] = ""
    source: Annotated[str, Field(pattern="^(|" + "|".join(SanctionCase.Source.values) + ")$")] = ""
    decision: Annotated[str, Field(pattern="^(|not_reported|not_proven|reported_in_time)$")] = ""
    opd_id: RefId | None = None


@router.get(
    "/sanction-cases",
    auth=auth_for(Action.SANCTION_VIEW),
    response={200: list[SanctionCaseOut], **COMMON_ERRORS},
    summary="Kasus sanksi dalam cakupan pengguna (ASN: hanya kasus tentang dirinya)",
)
@paginate(Pagination)
def sanction_case_list_op(request: HttpRequest, filters: Query[SanctionCaseFilter]) -> Any:
    user = _user(request)
    cases = sanction_case_search(
        cases=sanction_case_scope_for(user),
        filters=CaseFilters(
            q=filters.q.strip(),
            status=filters.status,
            source=filters.source,
            decision=filters.decision,
            opd_id=filters.opd_id,
        ),
    )
    return _Page(cases)


class SanctionGiftIn(Schema):
    description: Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
    received_on: Day | None = None
    giver: Short = ""
    value_idr: Rupiah = 0
    report_id: RefId | None = Field(None, description="Laporan gratifikasi pegawai ini")


def _gift(g: SanctionGiftIn) -> ex.GiftData:
    return ex.GiftData(
        description=g.description,
        received_on=g.received_on,
        giver=g.giver,
        value_idr=g.value_idr,
        report_id=g.report_id,
    )


class SanctionCaseIn(Schema):
    employee_id: RefId
    source: SanctionCase.Source
    source_reference: Short = ""
    description: Needed
    finding_id: RefId | None = Field(None, description="Temuan UP3 asal kasus")
    gifts: list[SanctionGiftIn] = Field(default_factory=list, max_length=20)


@router.post(
    "/sanction-cases",
    auth=auth_for(Action.SANCTION_OPEN),
    response={201: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="UPG atau Inspektorat membuka kasus sanksi (dengan pemberian yang dimaksud)",
)
def sanction_case_open_op(request: HttpRequest, payload: SanctionCaseIn) -> Any:
    user = _user(request)
    if user.pemda is None:
        raise PermissionDenied
    employee = Employee.objects.filter(pemda=user.pemda, pk=payload.employee_id).first()
    if employee is None:
        raise ApplicationError(
            _("Pegawai tidak ditemukan di pemda ini."), code=SanctionError.INVALID
        )
    finding = access_finding(user, payload.finding_id) if payload.finding_id else None
    case = ex.sanction_case_open_with_gifts(
        pemda=user.pemda,
        actor=user,
        employee=employee,
        source=payload.source,
        source_reference=payload.source_reference,
        description=payload.description,
        finding=finding,
        gifts=[_gift(g) for g in payload.gifts],
        today=_today(request),
    )
    return Status(201, _detail(request, case.pk))


@router.get(
    "/sanction-cases/{case_id}",
    auth=auth_for(Action.SANCTION_VIEW),
    response={200: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Satu kasus sanksi: pemberian, pemeriksaan, putusan, potongan, keberatan, disiplin",
)
def sanction_case_get_op(request: HttpRequest, case_id: CaseId) -> Any:
    return _detail(request, case_id)


@router.post(
    "/sanction-cases/{case_id}/gifts",
    auth=auth_for(Action.SANCTION_WORK),
    response={201: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Inspektorat menambah pemberian pada kasus yang masih diperiksa",
)
def sanction_gift_add_op(request: HttpRequest, case_id: CaseId, payload: SanctionGiftIn) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    ex.sanction_gift_add(case=case, actor=user, gift=_gift(payload), today=_today(request))
    return Status(201, _detail(request, case.pk))


class SanctionStepIn(Schema):
    kind: Literal["summons", "clarification", "note"]
    occurred_on: Day
    at_time: dt.time | None = Field(None, description="Jam panggilan (wajib untuk summons)")
    place: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    purpose: Annotated[str, Field(max_length=500, pattern=NO_NUL)] = ""
    letter_number: Short = ""
    text: Text = Field("", description="Notula klarifikasi atau catatan")


@router.post(
    "/sanction-cases/{case_id}/steps",
    auth=auth_for(Action.SANCTION_WORK),
    response={201: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Langkah pemeriksaan: panggilan, klarifikasi (notula), atau catatan",
    description="Hanya selama kasus diperiksa (409 sesudah diputus). Panggilan memerlukan jam, "
    "tempat dan keperluan; klarifikasi dan catatan memerlukan teks dan tanggal yang sudah lewat.",
)
def sanction_step_add_op(request: HttpRequest, case_id: CaseId, payload: SanctionStepIn) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    ex.sanction_step_add(
        case=case,
        actor=user,
        data=ex.StepData(
            kind=payload.kind,
            occurred_on=payload.occurred_on,
            at_time=payload.at_time,
            place=payload.place,
            purpose=payload.purpose,
            letter_number=payload.letter_number,
            text=payload.text,
        ),
        today=_today(request),
    )
    return Status(201, _detail(request, case.pk))


class SanctionFileOut(Schema):
    id: uuid.UUID = Field(description="Id berkas (UUID)")
    name: str
    content_type: str
    size: int = Field(description="Ukuran dalam bita")
    sha256: str
    purpose: str = Field(description="sanction_evidence (bukti) atau sanction_appeal (keberatan)")
    uploaded_at: dt.datetime
    download: str = Field(description="Alamat unduh: GET /api/v1/files/{id}")

    @staticmethod
    def resolve_id(obj: StoredFile) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_name(obj: StoredFile) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded_at(obj: StoredFile) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_download(obj: StoredFile) -> str:
        return reverse("api:file_download_op", kwargs={"file_id": obj.public_id})


def _files(request: HttpRequest, case_id: int) -> list[StoredFile]:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    v = sanction_case_view(case=case, wide=sanction_case_wide(user))
    found = [f for files in v.step_files.values() for f in files]
    found += [f for files in v.appeal_files.values() for f in files]
    return sorted(found, key=lambda f: (f.created_at, f.pk))


@router.get(
    "/sanction-cases/{case_id}/files",
    auth=auth_for(Action.SANCTION_VIEW),
    response={200: list[SanctionFileOut], **COMMON_ERRORS},
    summary="Berkas kasus: bukti pemeriksaan (UPG/Inspektorat) dan lampiran keberatan",
)
def sanction_files_op(request: HttpRequest, case_id: CaseId) -> Any:
    return _files(request, case_id)


UPLOAD_RULES = (
    "Multipart: satu atau beberapa `file` (JPG, PNG, WebP, HEIC, atau PDF; batas ukuran "
    "`SEHATI_UPLOAD_MAX_BYTES`, paling banyak 10 berkas sekali unggah). Jenis diperiksa dari "
    "isinya; bila satu berkas ditolak (422), tidak ada yang disimpan. "
)


@router.post(
    "/sanction-cases/{case_id}/files",
    auth=auth_for(Action.SANCTION_WORK),
    response={201: list[SanctionFileOut], **COMMON_ERRORS},
    summary="Inspektorat menambah bukti (satu langkah bukti dengan berkasnya)",
    description=UPLOAD_RULES + "Hanya selama kasus diperiksa (409 sesudah diputus).",
)
def sanction_evidence_op(
    request: HttpRequest,
    case_id: CaseId,
    file: File[list[UploadedFile]],
    note: str = Form("", max_length=500, pattern=NO_NUL),  # type: ignore[type-arg]
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    ex.sanction_evidence_add(case=case, actor=user, uploads=file, note=note, today=_today(request))
    return Status(201, _files(request, case.pk))


class SanctionPreviewRuleOut(Schema):
    code: str
    percent: int
    months: int
    legal_basis: str


class SanctionPreviewLineOut(Schema):
    month: str
    deduction_idr: int


class SanctionPreviewOut(Schema):
    decided_on: dt.date
    tpp_idr: int
    rule: SanctionPreviewRuleOut
    lines: list[SanctionPreviewLineOut]
    total_idr: int


@router.get(
    "/sanction-cases/{case_id}/deduction-preview",
    auth=auth_for(Action.SANCTION_WORK),
    response={200: SanctionPreviewOut, **COMMON_ERRORS},
    summary="Potongan TPP yang akan dicatat putusan terbukti tidak melapor (tanpa menyimpan)",
)
def sanction_preview_op(
    request: HttpRequest, case_id: CaseId, decided_on: Day | None = None
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    day = decided_on or _today(request)
    preview = ex.sanction_deduction_preview(case=case, decided_on=day)
    return {
        "decided_on": day,
        "tpp_idr": preview.tpp_idr,
        "rule": {
            "code": preview.rule.code,
            "percent": preview.rule.percent,
            "months": preview.rule.months,
            "legal_basis": preview.rule.legal_basis,
        },
        "lines": [{"month": str(x.month), "deduction_idr": x.deduction_idr} for x in preview.lines],
        "total_idr": preview.total_idr,
    }


class SanctionDecideIn(Schema):
    decision: Literal["not_reported", "not_proven", "reported_in_time"]
    decision_number: Number
    decided_on: Day
    legal_basis: Annotated[str, Field(max_length=500, pattern=NO_NUL)] = ""


@router.post(
    "/sanction-cases/{case_id}/decide",
    auth=auth_for(Action.SANCTION_WORK),
    response={200: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Putusan Inspektorat (terbukti tidak melapor memotong TPP menurut aturan pemda)",
    description="Sekali per kasus (409 bila sudah diputus). Lihat dulu GET …/deduction-preview.",
)
def sanction_decide_op(request: HttpRequest, case_id: CaseId, payload: SanctionDecideIn) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    sanction_decide(
        case=case,
        actor=user,
        decision=payload.decision,
        decision_number=payload.decision_number,
        decided_on=payload.decided_on,
        legal_basis=payload.legal_basis,
        today=_today(request),
    )
    return _detail(request, case.pk)


class SanctionAppealIn(Schema):
    grounds: Needed


@router.post(
    "/sanction-cases/{case_id}/appeals",
    auth=auth_for(Action.SANCTION_APPEAL),
    response={201: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Pegawai mengajukan keberatan atas putusan terbukti tidak melapor tentang dirinya",
    description="Satu keberatan menunggu putusan pada satu waktu (409). Lampiran: POST "
    "…/appeal/files sesudahnya.",
)
def sanction_appeal_file_op(
    request: HttpRequest, case_id: CaseId, payload: SanctionAppealIn
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_APPEAL)
    app.sanction_appeal_file(case=case, actor=user, grounds=payload.grounds, today=_today(request))
    return Status(201, _detail(request, case.pk))


@router.post(
    "/sanction-cases/{case_id}/appeal/files",
    auth=auth_for(Action.SANCTION_APPEAL),
    response={201: list[SanctionFileOut], **COMMON_ERRORS},
    summary="Pegawai melampirkan berkas pada keberatannya yang menunggu putusan",
    description=UPLOAD_RULES + "Tanpa keberatan yang menunggu putusan: 409.",
)
def sanction_appeal_files_op(
    request: HttpRequest, case_id: CaseId, file: File[list[UploadedFile]]
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_APPEAL)
    app.sanction_appeal_files_add(case=case, actor=user, uploads=file)
    return Status(201, _files(request, case.pk))


class SanctionAppealOnBehalfIn(Schema):
    grounds: Needed
    filed_on: Day


@router.post(
    "/sanction-cases/{case_id}/appeals/on-behalf",
    auth=auth_for(Action.SANCTION_WORK),
    response={201: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Inspektorat mencatat keberatan tertulis atas nama pegawai",
)
def sanction_appeal_record_op(
    request: HttpRequest, case_id: CaseId, payload: SanctionAppealOnBehalfIn
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    app.sanction_appeal_file(
        case=case,
        actor=user,
        grounds=payload.grounds,
        filed_on=payload.filed_on,
        on_behalf=True,
        today=_today(request),
    )
    return Status(201, _detail(request, case.pk))


class SanctionAppealOutcomeIn(Schema):
    outcome: Literal["upheld", "cancelled", "changed"]
    percent: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="Persen potongan baru (wajib untuk changed)"
    )
    decision_number: Number
    decided_on: Day


@router.post(
    "/sanction-cases/{case_id}/appeal-outcome",
    auth=auth_for(Action.SANCTION_WORK),
    response={200: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Putusan Inspektorat atas keberatan yang menunggu (menyesuaikan potongan TPP)",
    description="Bulan yang sudah diproses tidak berubah: selisihnya menjadi baris koreksi di "
    "bulan terbuka berikutnya. Tanpa keberatan yang menunggu: 409.",
)
def sanction_appeal_outcome_op(
    request: HttpRequest, case_id: CaseId, payload: SanctionAppealOutcomeIn
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    app.sanction_appeal_outcome_record(
        case=case,
        actor=user,
        outcome=payload.outcome,
        percent=payload.percent,
        decision_number=payload.decision_number,
        decided_on=payload.decided_on,
        today=_today(request),
    )
    return _detail(request, case.pk)


class SanctionDisciplineIn(Schema):
    tier: SanctionDiscipline.Tier
    penalty: SanctionDiscipline.Penalty
    decision_number: Number
    decided_on: Day
    decided_by: Number = Field(description="Pejabat yang berwenang menghukum")
    legal_basis: Annotated[str, Field(max_length=500, pattern=NO_NUL)] = ""


@router.post(
    "/sanction-cases/{case_id}/discipline",
    auth=auth_for(Action.SANCTION_WORK),
    response={200: SanctionCaseDetailOut, **COMMON_ERRORS},
    summary="Catat (atau ubah) hukuman disiplin PP 94/2021 yang dijatuhkan",
    description="Jenis hukuman harus termasuk tingkatnya (PP 94/2021 Pasal 8), selain itu 422.",
)
def sanction_discipline_op(
    request: HttpRequest, case_id: CaseId, payload: SanctionDisciplineIn
) -> Any:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    ex.sanction_discipline_record(
        case=case,
        actor=user,
        data=ex.DisciplineData(
            tier=payload.tier,
            penalty=payload.penalty,
            decision_number=payload.decision_number,
            decided_on=payload.decided_on,
            decided_by=payload.decided_by,
            legal_basis=payload.legal_basis,
        ),
        today=_today(request),
    )
    return _detail(request, case.pk)


def _binary(what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": what,
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/sanction-cases/{case_id}/letters/summons",
    auth=auth_for(Action.SANCTION_VIEW),
    response=COMMON_ERRORS,
    summary="Surat panggilan (PDF) dari satu langkah panggilan (terakhir bila step_id kosong)",
    description="Tanpa panggilan: 409.",
    openapi_extra=_binary("Berkas PDF surat panggilan"),
)
def sanction_summons_letter_op(
    request: HttpRequest,
    case_id: CaseId,
    step_id: Annotated[int, Field(ge=1, le=ID_MAX)] | None = None,
) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    step: SanctionStep = letters.summons_step_for(case, step_id)
    data = letters.summons_letter_pdf(case=case, step=step, actor=user)
    return _pdf(data, f"surat-panggilan-kasus-{case.pk}-{step.pk}.pdf")


@router.get(
    "/sanction-cases/{case_id}/letters/decision",
    auth=auth_for(Action.SANCTION_VIEW),
    response=COMMON_ERRORS,
    summary="Surat putusan (PDF) dengan rincian potongan TPP",
    description="Kasus yang belum diputus: 409.",
    openapi_extra=_binary("Berkas PDF surat putusan"),
)
def sanction_decision_letter_op(request: HttpRequest, case_id: CaseId) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    data = letters.decision_letter_pdf(case=case, actor=user)
    return _pdf(data, f"surat-putusan-kasus-{case.pk}.pdf")
