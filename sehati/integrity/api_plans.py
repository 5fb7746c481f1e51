"""REST API of action plans (issue #7 point 3): list, get, create, change and cancel plans
(the UPG, the Inspektorat), progress reports with evidence (the owner OPD; the UPG), links to
other modules, the progress figures and the XLSX export. Same services and selectors as the
pages; the UPG pembantu and the head of an OPD see only the plans their OPD (with its sub-units)
owns."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    access_action_plan,
    access_action_plan_link,
    action_plan_scope_for,
    can,
)
from sehati.api.base import (
    COMMON_ERRORS,
    ID_MAX,
    NO_NUL,
    Pagination,
    RefId,
    SearchText,
    auth_for,
)
from sehati.core.clock import local_today
from sehati.core.models import StoredFile
from sehati.core.replica import reads_from_replica
from sehati.integrity import plans_selectors as sel
from sehati.integrity import plans_services as svc
from sehati.integrity.models import ActionPlan, IntegrityScore
from sehati.integrity.plans_export import XLSX_CONTENT_TYPE, plans_xlsx
from sehati.integrity.plans_links import LinkView, link_target_choices, links_resolve
from sehati.org.models import Pemda

router = Router(tags=["Rencana aksi"])
PlanId = PathEx[int, P(ge=1, le=ID_MAX)]
LinkId = PathEx[int, P(ge=1, le=ID_MAX)]
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Text = Annotated[str, Field(max_length=5_000, pattern=NO_NUL)]
Dimension = Annotated[str, Field(max_length=120, pattern=NO_NUL)]
StatusValue = Literal["planned", "in_progress", "done", "cancelled"]
LinkKindValue = Literal["event", "survey", "finding", "declaration_period"]
ScoreKindValue = Literal["spi", "spi_tematik", "mcp", "ombudsman", "rb", "bpk", "none"]


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _with_overdue(plan: ActionPlan, today: dt.date) -> ActionPlan:
    plan.overdue = plan.is_overdue(today)  # type: ignore[attr-defined]
    return plan


# --- schemas ---------------------------------------------------------------------------------


class PlanScoreOut(Schema):
    id: int
    kind: str
    year: int
    dimension: str
    opd_id: int | None
    value: Decimal | None
    category: str
    band: str
    weak: bool = Field(description="Rentan/merah, atau di bawah target")

    @staticmethod
    def resolve_weak(obj: IntegrityScore) -> bool:
        return bool(obj.is_weak)


class PlanOut(Schema):
    id: int
    title: str
    description: str
    score: PlanScoreOut | None
    dimension: str
    owner_opd_id: int
    owner_opd_name: str
    due_on: dt.date
    status: str = Field(description="planned, in_progress, done, cancelled")
    progress_percent: int
    overdue: bool = Field(
        description="Lewat tenggat (tanggal setempat pemda) dan belum selesai atau dibatalkan"
    )
    closed_on: dt.date | None = Field(description="Tanggal selesai atau dibatalkan")
    cancel_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner_opd_name(obj: ActionPlan) -> str:
        return obj.owner_opd.name

    @staticmethod
    def resolve_overdue(obj: ActionPlan) -> bool:
        return bool(getattr(obj, "overdue", False))


class PlanFilter(Schema):
    q: SearchText = ""
    status: StatusValue | Literal[""] = ""
    owner_opd_id: RefId | None = Field(None, description="Dengan sub-unitnya")
    due_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    overdue: bool = False
    score_kind: ScoreKindValue | Literal[""] = Field(
        "", description="Jenis skor yang dijawab; none: rencana tanpa skor"
    )


def _filters(f: PlanFilter) -> sel.PlanFilters:
    return sel.PlanFilters(
        q=f.q.strip(),
        status=f.status,
        owner_opd_id=f.owner_opd_id,
        due_year=f.due_year,
        overdue=f.overdue,
        score_kind=f.score_kind,
    )


# --- plans -----------------------------------------------------------------------------------


@router.get(
    "/action-plans",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response={200: list[PlanOut], **COMMON_ERRORS},
    summary="Rencana aksi (UPG pembantu dan kepala OPD: milik OPD-nya dan sub-unitnya)",
    description="Urutan: yang masih berjalan dulu (yang terlambat paling atas, lalu menurut "
    "tenggat), kemudian yang selesai atau dibatalkan.",
)
@paginate(Pagination)
def plan_list_op(request: HttpRequest, filters: Query[PlanFilter]) -> Any:
    return sel.plan_list(
        plans=action_plan_scope_for(request.user),
        pemda_id=_pemda(request).pk,
        filters=_filters(filters),
        today=_today(request),
    )


def _binary(content_type: str, what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get(
    "/action-plans/xlsx",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response=COMMON_ERRORS,
    summary="Rencana aksi sebagai XLSX (saringan sama dengan daftar)",
    openapi_extra=_binary(XLSX_CONTENT_TYPE, "Buku kerja XLSX rencana aksi"),
)
@reads_from_replica
def plan_xlsx_op(request: HttpRequest, filters: Query[PlanFilter]) -> HttpResponse:
    plans = sel.plan_list(
        plans=action_plan_scope_for(request.user),
        pemda_id=_pemda(request).pk,
        filters=_filters(filters),
        today=_today(request),
    )
    response = HttpResponse(
        plans_xlsx(plans.iterator(chunk_size=2000)), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rencana-aksi-{_today(request):%Y-%m-%d}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


class PlanCountsOut(Schema):
    planned: int
    in_progress: int
    done: int
    cancelled: int
    overdue: int
    total: int
    average_percent: int | None = Field(description="Rata-rata kemajuan, tanpa yang dibatalkan")


class PlanProgressRowOut(Schema):
    key: str = Field(description="Id OPD, atau score:<id> / dimension:<teks>")
    label: str
    weakness: str
    counts: PlanCountsOut


class PlanOverdueOut(Schema):
    id: int
    title: str
    owner_opd_id: int
    due_on: dt.date
    days_late: int
    progress_percent: int


class PlanProgressOut(Schema):
    today: dt.date
    total: PlanCountsOut
    by_opd: list[PlanProgressRowOut]
    by_dimension: list[PlanProgressRowOut]
    overdue: list[PlanOverdueOut] = Field(
        description="Paling lama terlambat dulu, paling banyak 20"
    )


@router.get(
    "/action-plans/progress",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response={200: PlanProgressOut, **COMMON_ERRORS},
    summary="Kemajuan: per status, per OPD penanggung jawab, per skor lemah atau dimensi",
)
def plan_progress_op(request: HttpRequest) -> Any:
    today = _today(request)
    plans = action_plan_scope_for(request.user)
    progress = sel.plan_progress(plans=plans, today=today)
    return {
        "today": today,
        "total": progress.total,
        "by_opd": progress.by_opd,
        "by_dimension": progress.by_dimension,
        "overdue": sel.plans_overdue(plans=plans, today=today),
    }


class PlanIn(Schema):
    title: Title
    owner_opd_id: RefId
    due_on: Day
    description: Text = ""
    score_id: RefId | None = Field(None, description="Skor yang dijawab (dari register skor)")
    dimension: Dimension = Field("", description="Wajib bila tanpa score_id")


@router.post(
    "/action-plans",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={201: PlanOut, **COMMON_ERRORS},
    summary="Catat rencana aksi (UPG, Inspektorat)",
    description="Tenggat tidak boleh sebelum hari ini (tanggal setempat pemda). Kepala OPD dan "
    "UPG pembantu OPD penanggung jawab diberi tahu.",
)
def plan_create_op(request: HttpRequest, payload: PlanIn) -> Any:
    today = _today(request)
    plan = svc.plan_create(
        pemda=_pemda(request),
        actor=request.user,
        data=svc.PlanData(**payload.dict()),
        today=today,
    )
    return Status(201, _with_overdue(access_action_plan(request.user, plan.pk), today))


@router.get(
    "/action-plans/{plan_id}",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response={200: PlanOut, **COMMON_ERRORS},
    summary="Satu rencana aksi",
)
def plan_get_op(request: HttpRequest, plan_id: PlanId) -> Any:
    return _with_overdue(access_action_plan(request.user, plan_id), _today(request))


class PlanPatch(Schema):
    """Only the fields sent are changed (an open plan only). `score_id: null` removes the
    score (then a dimension is needed)."""

    title: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    owner_opd_id: RefId | None = None
    due_on: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    description: Annotated[str | None, Field(max_length=5_000, pattern=NO_NUL)] = None
    score_id: RefId | None = None
    dimension: Annotated[str | None, Field(max_length=120, pattern=NO_NUL)] = None


@router.patch(
    "/action-plans/{plan_id}",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={200: PlanOut, **COMMON_ERRORS},
    summary="Ubah rencana aksi yang masih berjalan (hanya kolom yang dikirim)",
    description="409 action_plan_closed untuk rencana yang sudah selesai atau dibatalkan.",
)
def plan_update_op(request: HttpRequest, plan_id: PlanId, payload: PlanPatch) -> Any:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    sent = payload.dict(exclude_unset=True)
    data = svc.PlanData(
        title=sent.get("title") or plan.title,
        owner_opd_id=sent.get("owner_opd_id") or plan.owner_opd_id,
        due_on=sent.get("due_on") or plan.due_on,
        description=plan.description if sent.get("description") is None else sent["description"],
        score_id=sent.get("score_id", plan.score_id),
        dimension=plan.dimension if sent.get("dimension") is None else sent["dimension"],
    )
    today = _today(request)
    svc.plan_edit(plan=plan, actor=request.user, data=data, today=today)
    return _with_overdue(access_action_plan(request.user, plan.pk), today)


class PlanCancelIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=5_000, pattern=NO_NUL)]
    confirm: bool = Field(description="Harus true: rencana yang dibatalkan tidak dapat dibuka lagi")


@router.post(
    "/action-plans/{plan_id}/cancel",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={200: PlanOut, **COMMON_ERRORS},
    summary="Batalkan rencana aksi, dengan alasan (tidak dapat dibuka lagi)",
)
def plan_cancel_op(request: HttpRequest, plan_id: PlanId, payload: PlanCancelIn) -> Any:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    today = _today(request)
    svc.plan_cancel(
        plan=plan, actor=request.user, reason=payload.reason, confirm=payload.confirm, today=today
    )
    return _with_overdue(access_action_plan(request.user, plan.pk), today)


# --- progress reports ------------------------------------------------------------------------


class PlanFileOut(Schema):
    id: uuid.UUID = Field(description="Id berkas (UUID)")
    name: str
    content_type: str
    size: int = Field(description="Ukuran dalam bita")
    sha256: str
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


class PlanUpdateOut(Schema):
    id: int
    note: str
    status_from: str
    status_to: str
    percent_from: int
    percent_to: int
    no_evidence_reason: str = Field(description="Alasan selesai tanpa bukti (bila ada)")
    reported_on: dt.date
    reported_by: str
    created_at: dt.datetime
    files: list[PlanFileOut]


def _update_out(view: sel.UpdateView) -> dict[str, Any]:
    u = view.update
    by = u.created_by
    return {
        "id": u.pk,
        "note": u.note,
        "status_from": u.status_from,
        "status_to": u.status_to,
        "percent_from": u.percent_from,
        "percent_to": u.percent_to,
        "no_evidence_reason": u.no_evidence_reason,
        "reported_on": u.reported_on,
        "reported_by": (by.get_full_name() or by.get_username()) if by is not None else "",
        "created_at": u.created_at,
        "files": view.files,
    }


@router.get(
    "/action-plans/{plan_id}/updates",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response={200: list[PlanUpdateOut], **COMMON_ERRORS},
    summary="Laporan kemajuan rencana aksi, terbaru dulu, dengan buktinya",
)
def plan_updates_op(request: HttpRequest, plan_id: PlanId) -> Any:
    plan = access_action_plan(request.user, plan_id)
    return [_update_out(v) for v in sel.plan_updates(plan=plan)]


@router.post(
    "/action-plans/{plan_id}/updates",
    auth=auth_for(Action.ACTION_PLAN_UPDATE),
    response={201: PlanUpdateOut, **COMMON_ERRORS},
    summary="Laporkan kemajuan (OPD penanggung jawab; UPG), dengan bukti",
    description=(
        "Multipart: `note` (wajib), `status` (planned, in_progress, done; kosong: tidak berubah), "
        "`percent` (0-100), `no_evidence_reason`, dan nol atau beberapa `file` (JPG, PNG, WebP, "
        "HEIC, atau PDF; paling banyak 10). Menyatakan selesai (done) memerlukan paling sedikit "
        "satu bukti pada rencana ini atau `no_evidence_reason`. Rencana yang selesai hanya dapat "
        "dibuka lagi (in_progress) oleh UPG; yang dibatalkan tidak menerima "
        "laporan (409)."
    ),
)
def plan_report_op(
    request: HttpRequest,
    plan_id: PlanId,
    note: str = Form("", max_length=5_000, pattern=NO_NUL),  # type: ignore[type-arg]
    status: str = Form("", pattern="^(|planned|in_progress|done)$"),  # type: ignore[type-arg]
    percent: int | None = Form(None, ge=0, le=100),  # type: ignore[type-arg]
    no_evidence_reason: str = Form("", max_length=5_000, pattern=NO_NUL),  # type: ignore[type-arg]
    file: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_UPDATE)
    update = svc.plan_progress_report(
        plan=plan,
        actor=request.user,
        note=note,
        status=status or None,
        percent=percent,
        no_evidence_reason=no_evidence_reason,
        uploads=list(file or []),
        today=_today(request),
        may_reopen=can(request.user, Action.ACTION_PLAN_MANAGE),
    )
    view = next(v for v in sel.plan_updates(plan=plan) if v.update.pk == update.pk)
    return Status(201, _update_out(view))


# --- links -----------------------------------------------------------------------------------


class PlanLinkOut(Schema):
    id: int
    kind: str
    kind_label: str
    target_id: int
    title: str = Field(
        description="Kosong bila Anda tidak dapat membukanya dan datanya bukan data tingkat pemda"
    )
    url: str = Field(description="Halaman tujuan; kosong bila Anda tidak dapat membukanya")
    missing: bool = Field(description="Data tujuan sudah tidak ada")
    note: str
    created_at: dt.datetime


def _link_out(view: LinkView) -> dict[str, Any]:
    return {
        "id": view.link.pk,
        "kind": view.link.kind,
        "kind_label": view.kind_label,
        "target_id": view.link.target_id,
        "title": view.title,
        "url": view.url,
        "missing": view.missing,
        "note": view.link.note,
        "created_at": view.link.created_at,
    }


@router.get(
    "/action-plans/{plan_id}/links",
    auth=auth_for(Action.ACTION_PLAN_VIEW),
    response={200: list[PlanLinkOut], **COMMON_ERRORS},
    summary="Tautan rencana aksi ke kegiatan sosialisasi, survei, temuan UP3, periode deklarasi",
)
def plan_links_op(request: HttpRequest, plan_id: PlanId) -> Any:
    plan = access_action_plan(request.user, plan_id)
    return [_link_out(v) for v in links_resolve(links=sel.plan_links(plan=plan), user=request.user)]


class PlanLinkIn(Schema):
    kind: LinkKindValue
    target_id: RefId
    note: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""


@router.post(
    "/action-plans/{plan_id}/links",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={201: PlanLinkOut, **COMMON_ERRORS},
    summary="Tautkan rencana aksi ke data modul lain di pemda yang sama",
    description="422 action_plan_link_target_missing bila tujuan tidak ada di pemda ini; 409 "
    "action_plan_link_exists bila sudah ditautkan.",
)
def plan_link_add_op(request: HttpRequest, plan_id: PlanId, payload: PlanLinkIn) -> Any:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    link = svc.plan_link_add(
        plan=plan,
        actor=request.user,
        kind=payload.kind,
        target_id=payload.target_id,
        note=payload.note,
    )
    return Status(201, _link_out(links_resolve(links=[link], user=request.user)[0]))


class PlanLinkRemovedOut(Schema):
    removed: bool = Field(description="Selalu true: tautan dihapus (atau sudah dihapus sebelumnya)")


@router.post(
    "/action-plan-links/{link_id}/remove",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={200: PlanLinkRemovedOut, **COMMON_ERRORS},
    summary="Hapus tautan rencana aksi (rencana yang masih berjalan)",
)
def plan_link_remove_op(request: HttpRequest, link_id: LinkId) -> Any:
    link = access_action_plan_link(request.user, link_id)
    svc.plan_link_remove(link=link, actor=request.user, now=timezone.now())
    return {"removed": True}


class PlanLinkTargetOut(Schema):
    id: int
    title: str


@router.get(
    "/action-plan-link-targets",
    auth=auth_for(Action.ACTION_PLAN_MANAGE),
    response={200: list[PlanLinkTargetOut], **COMMON_ERRORS},
    summary="Pilihan tujuan tautan satu jenis: 200 data terbaru pemda ini",
)
def plan_link_targets_op(request: HttpRequest, kind: LinkKindValue) -> Any:
    return [
        {"id": pk, "title": title}
        for pk, title in link_target_choices(kind=kind, pemda_id=_pemda(request).pk)
    ]
