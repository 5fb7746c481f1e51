"""UP3 visits over the API (issue #5 points 3, 8): a monitor's app files visits (idempotent by
the form's client_uuid), adds photos, and sends drafts; the UPG and Inspektur read them."""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    access_visit,
    finding_scope_for,
    monitor_of,
)
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.models import StoredFile
from sehati.monitoring import visits as svc
from sehati.monitoring.models import Finding, Monitor, Visit

router = Router(tags=["UP3: kunjungan"])
VisitId = PathEx[int, P(ge=1, le=ID_MAX)]
Id = RefId
Day = Annotated[dt.date, Field(ge=dt.date(2015, 1, 1), le=dt.date(2040, 12, 31))]


def _monitor(request: HttpRequest) -> Monitor:
    monitor = monitor_of(request.user)
    if monitor is None:
        raise ApplicationError(
            "Akun ini belum terhubung dengan data pemantau UP3.", code=svc.VisitError.NO_MONITOR
        )
    return monitor


def _today(request: HttpRequest) -> dt.date:
    pemda = request.user.pemda  # type: ignore[union-attr]
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


# --- schemas ------------------------------------------------------------------------------------


class AnswerOut(Schema):
    item: int = Field(description="Id butir daftar periksa")
    text: str = Field(description="Pertanyaan sebagaimana dilihat pemantau")
    answer: str = Field(description='"ya", "tidak", atau "" (belum dijawab, hanya pada draf)')
    good: str = Field(description="Jawaban yang sesuai")
    category: str = Field(description="Kategori temuan bila tidak sesuai")


class PhotoOut(Schema):
    id: uuid.UUID = Field(description="Id berkas; unduh di GET /files/{id}")
    name: str
    content_type: str
    size: int
    sha256: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: StoredFile) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_name(obj: StoredFile) -> str:
        return obj.original_name


class FindingRefOut(Schema):
    id: int
    number: str
    category: str
    severity: str
    status: str
    followup_due: dt.date
    outcome: str = Field(description="Hasil tindak lanjut (setelah temuan selesai)")

    @staticmethod
    def resolve_outcome(obj: Finding) -> str:
        return obj.outcome if obj.status == Finding.Status.CLOSED else ""


class VisitSummaryOut(Schema):
    id: int
    client_uuid: uuid.UUID
    status: str
    monitor_id: int
    service_unit_id: int
    prone_service_id: int | None
    visited_on: dt.date
    latitude: float | None
    longitude: float | None
    narrative: str
    submitted_at: dt.datetime | None
    created_at: dt.datetime


class VisitOut(VisitSummaryOut):
    answers: list[AnswerOut]
    photos: list[PhotoOut]
    findings: list[FindingRefOut]


def _visit_out(request: HttpRequest, visit: Visit) -> dict[str, Any]:
    """A visit with its answers, photos and the findings the user may see."""
    return {
        **{f: getattr(visit, f) for f in VisitSummaryOut.model_fields if f != "id"},
        "id": visit.pk,
        "answers": [row for row in visit.answers or [] if isinstance(row, dict)],
        "photos": svc.visit_photos(visit),
        "findings": list(finding_scope_for(request.user).filter(visit=visit).order_by("id")),
    }


class VisitFindingIn(Schema):
    category: Finding.Category
    severity: Finding.Severity
    description: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]
    person_description: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    gift_description: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""


class VisitIn(Schema):
    client_uuid: uuid.UUID = Field(
        description="Dibuat aplikasi saat formulir dibuka; kiriman ulang dengan uuid yang sama "
        "tidak membuat kunjungan kedua"
    )
    service_unit_id: Id
    visited_on: Day
    answers: Annotated[dict[RefId, svc.AnswerValue], Field(max_length=500)] = Field(
        default_factory=dict, description='{id butir: "ya" | "tidak"}'
    )
    narrative: Annotated[str, Field(max_length=10_000, pattern=NO_NUL)] = ""
    prone_service_id: Id | None = None
    latitude: Annotated[float | None, Field(ge=-90, le=90)] = None
    longitude: Annotated[float | None, Field(ge=-180, le=180)] = None
    findings: Annotated[list[VisitFindingIn], Field(max_length=svc.MAX_FINDINGS)] = Field(
        default_factory=list
    )
    submit: bool = Field(False, description="true: kirim; false: simpan sebagai draf")


class VisitFilter(Schema):
    q: SearchText = ""
    kecamatan_id: Id | None = None
    monitor_id: Id | None = None
    unit_id: Id | None = None
    status: Annotated[str, Field(pattern="^(|" + "|".join(Visit.Status.values) + ")$")] = ""
    date_from: Day | None = None
    date_to: Day | None = None


# --- operations ---------------------------------------------------------------------------------


@router.get(
    "/visits",
    auth=auth_for(Action.VISIT_VIEW),
    response={200: list[VisitSummaryOut], **COMMON_ERRORS},
    summary="Kunjungan pemantau (pemantau: miliknya, termasuk draf; UPG/Inspektur: yang terkirim)",
)
@paginate(Pagination)
def visit_list_op(request: HttpRequest, filters: Query[VisitFilter]) -> Any:
    return svc.visit_list_for(request.user, **filters.dict())


@router.post(
    "/visits",
    auth=auth_for(Action.VISIT_CREATE),
    response={201: VisitOut, 200: VisitOut, **COMMON_ERRORS},
    summary="Simpan atau kirim kunjungan (idempoten menurut client_uuid)",
    description=(
        "201: kunjungan baru dibuat. 200: `client_uuid` ini sudah dipakai pemantau yang sama: "
        "draf diperbarui (dan dikirim bila `submit`), atau kunjungan yang sudah terkirim "
        "dikembalikan tanpa perubahan (tidak ada kunjungan, temuan, atau foto ganda). Uuid "
        "milik pemantau lain: 404. Mengirim (`submit: true`) memerlukan semua butir daftar "
        "periksa dijawab dan uraian terisi; setiap temuan diteruskan kepada kepala OPD."
    ),
)
def visit_save_op(request: HttpRequest, payload: VisitIn) -> Any:
    saved = svc.visit_save(
        monitor=_monitor(request),
        actor=request.user,
        client_uuid=payload.client_uuid,
        service_unit_id=payload.service_unit_id,
        visited_on=payload.visited_on,
        answers=dict(payload.answers),
        narrative=payload.narrative,
        today=_today(request),
        prone_service_id=payload.prone_service_id,
        latitude=payload.latitude,
        longitude=payload.longitude,
        findings=[svc.FindingDraft(**f.dict()) for f in payload.findings],
        submit=payload.submit,
    )
    return Status(201 if saved.created else 200, _visit_out(request, saved.visit))


@router.get(
    "/visits/{visit_id}",
    response={200: VisitOut, **COMMON_ERRORS},
    summary="Satu kunjungan dengan jawaban, foto, dan temuannya",
)
def visit_get_op(request: HttpRequest, visit_id: VisitId) -> Any:
    return _visit_out(request, access_visit(request.user, visit_id))


@router.post(
    "/visits/{visit_id}/photos",
    auth=auth_for(Action.VISIT_CREATE),
    response={201: list[PhotoOut], 200: list[PhotoOut], **COMMON_ERRORS},
    summary="Tambahkan foto pada draf kunjungan sendiri (multipart, satu atau beberapa `file`)",
    description=(
        "Gambar JPG, PNG, WebP, atau HEIC; paling banyak 6 foto per kunjungan; semua atau "
        "tidak sama sekali. Foto yang sudah ada pada kunjungan (SHA-256 sama) dilewati: 201 bila "
        "ada foto baru, 200 bila tidak ada. Jawaban: semua foto kunjungan. Kunjungan yang sudah "
        "terkirim tidak menerima foto baru (409)."
    ),
)
def visit_photos_op(request: HttpRequest, visit_id: VisitId, file: File[list[UploadedFile]]) -> Any:
    visit = access_visit(request.user, visit_id, Action.VISIT_CREATE)
    added = svc.visit_photos_add(
        visit=visit, actor=request.user, monitor=_monitor(request), uploads=file
    )
    return Status(201 if added else 200, svc.visit_photos(visit))


@router.post(
    "/visits/{visit_id}/submit",
    auth=auth_for(Action.VISIT_CREATE),
    response={200: VisitOut, **COMMON_ERRORS},
    summary="Kirim draf kunjungan sendiri (yang sudah terkirim dikembalikan tanpa perubahan)",
)
def visit_submit_op(request: HttpRequest, visit_id: VisitId) -> Any:
    visit = access_visit(request.user, visit_id, Action.VISIT_CREATE)
    sent = svc.visit_submit(
        visit=visit, actor=request.user, monitor=_monitor(request), today=_today(request)
    )
    return _visit_out(request, sent)
