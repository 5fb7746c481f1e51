"""REST API of the integrity scores register (issue #7 points 2, 5, 6): list, get, record,
correct and remove published scores; import a CSV/XLSX file (row errors with their row numbers,
or everything saved); trends and the latest figure of each kind with its band and gap to target;
the XLSX export and the import templates. Same services and selectors as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import BeforeValidator, Field

from sehati.accounts.policies import Action, access_score
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.integrity import exports
from sehati.integrity import selectors as sel
from sehati.integrity.errors import ScoreError
from sehati.integrity.importing import (
    score_import_check,
    score_import_commit,
    score_import_counts,
    score_import_errors,
    score_import_plan,
)
from sehati.integrity.models import IntegrityScore, ScoreImport
from sehati.integrity.services import (
    ScoreInput,
    score_delete,
    score_input_from,
    score_record,
)
from sehati.org.models import Pemda

router = Router(tags=["Pengukuran integritas"])
ScoreId = PathEx[int, P(ge=1, le=ID_MAX)]
KindValue = Literal["spi", "spi_tematik", "mcp", "ombudsman", "rb", "bpk"]
Year = Annotated[int, Field(ge=1900, le=2100, strict=True)]


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("nilai harus angka, bukan boolean")
    if isinstance(value, str):
        return value.strip().replace(",", ".")  # a decimal comma, as the import accepts
    return value


# A published score: 0-100 with at most two decimals (checked by the service, with Indonesian
# messages); "64,81" and 64.81 are both accepted.
ScoreNumber = Annotated[
    Decimal, Field(allow_inf_nan=False, max_digits=12), BeforeValidator(_no_bool)
]


def _whole(value: object) -> object:
    # A query value is text; "12.0" is not an id or a year (pydantic would take it).
    if isinstance(value, str) and not value.strip().isdigit():
        raise ValueError("harus bilangan bulat")
    return value


QueryId = Annotated[int, Field(ge=1, le=ID_MAX), BeforeValidator(_whole)]
QueryYear = Annotated[int, Field(ge=1900, le=2100), BeforeValidator(_whole)]


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _binary(content_types: tuple[str, ...], what: str) -> dict[str, Any]:
    """The 200 answer of a file download, for the OpenAPI document."""
    return {
        "responses": {
            200: {
                "description": what,
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=<nama berkas>",
                        "schema": {"type": "string"},
                    }
                },
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in content_types
                },
            }
        }
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# --- schemas ---------------------------------------------------------------------------------


class ScoreOut(Schema):
    id: int
    kind: str
    kind_label: str
    year: int
    opd_id: int | None = Field(description="Kosong: seluruh pemda")
    opd_code: str
    opd_name: str
    dimension: str = Field(description="Kosong: nilai total")
    value: float | None
    category: str = Field(
        description="Kategori/predikat seperti di sumber (opini BPK, predikat RB)"
    )
    band: str = Field(description="Kode band dari skema band (kosong: tidak ada skema)")
    band_label: str
    band_scheme: str
    colour: str = Field(description="red / yellow / green: band, atau kategori dari sumber")
    target: float | None
    gap: float | None = Field(description="Nilai dikurangi target")
    is_weak: bool = Field(description="Band/kategori merah, atau di bawah target")
    source: str
    source_url: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj: IntegrityScore) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_opd_code(obj: IntegrityScore) -> str:
        return obj.opd.code if obj.opd is not None else ""

    @staticmethod
    def resolve_opd_name(obj: IntegrityScore) -> str:
        return obj.opd.name if obj.opd is not None else ""

    @staticmethod
    def resolve_value(obj: IntegrityScore) -> float | None:
        return _float(obj.value)

    @staticmethod
    def resolve_target(obj: IntegrityScore) -> float | None:
        return _float(obj.target)

    @staticmethod
    def resolve_gap(obj: IntegrityScore) -> float | None:
        return _float(obj.gap)


class ScoreFilter(Schema):
    kind: KindValue | None = None
    year: QueryYear | None = None
    scope: Literal["", "pemda"] = Field("", description="pemda: hanya skor seluruh pemda")
    opd_id: QueryId | None = Field(None, description="Hanya skor OPD ini")
    q: SearchText = ""

    def to_filters(self) -> sel.ScoreFilters:
        scope = str(self.opd_id) if self.opd_id is not None else self.scope
        return sel.ScoreFilters(kind=self.kind or "", year=self.year, scope=scope, q=self.q)


class ScoreIn(Schema):
    kind: KindValue
    year: Year
    opd_id: RefId | None = Field(None, description="Kosong: seluruh pemda")
    dimension: Annotated[str, Field(max_length=120, pattern=NO_NUL)] = ""
    value: ScoreNumber | None = Field(None, description="0-100, paling banyak dua desimal")
    category: Annotated[str, Field(max_length=60, pattern=NO_NUL)] = ""
    target: ScoreNumber | None = None
    source: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    source_url: Annotated[str, Field(max_length=500, pattern=NO_NUL)] = ""


class ScorePatch(Schema):
    """Only the fields sent are changed; send opd_id null to make a score pemda-wide."""

    kind: KindValue | None = None
    year: Annotated[int | None, Field(ge=1900, le=2100, strict=True)] = None
    opd_id: RefId | None = None
    dimension: Annotated[str | None, Field(max_length=120, pattern=NO_NUL)] = None
    value: ScoreNumber | None = None
    category: Annotated[str | None, Field(max_length=60, pattern=NO_NUL)] = None
    target: ScoreNumber | None = None
    source: Annotated[str | None, Field(min_length=1, max_length=300, pattern=NO_NUL)] = None
    source_url: Annotated[str | None, Field(max_length=500, pattern=NO_NUL)] = None


class ScoreDeleteIn(Schema):
    confirm: bool = Field(description="Harus true: penghapusan tidak dapat dibatalkan")


class ScoreDeleteOut(Schema):
    id: int
    deleted: bool


class ScoreImportRowOut(Schema):
    row: int
    kind: str
    year: int
    opd_id: int | None
    dimension: str
    value: float | None
    category: str
    target: float | None
    band: str
    band_label: str
    action: str = Field(description="created / updated / unchanged")
    score_id: int | None = Field(description="Skor yang diperbarui (kosong untuk baris baru)")


class ScoreImportOut(Schema):
    import_id: int
    status: str
    committed: bool
    created: int
    updated: int
    unchanged: int
    rows: list[ScoreImportRowOut]


class ScoreTrendPointOut(Schema):
    year: int
    score_id: int
    value: float | None
    target: float | None
    gap: float | None
    band: str
    band_label: str
    category: str


class ScoreTrendOut(Schema):
    kind: str
    kind_label: str
    opd_id: int | None
    opd_name: str
    dimension: str
    label: str
    points: list[ScoreTrendPointOut]


class ScoreSummaryOut(Schema):
    kind: str
    kind_label: str
    years: list[int]
    total: ScoreOut | None = Field(description="Skor total seluruh pemda terbaru")
    parts: list[ScoreOut] = Field(description="Terbaru per dimensi/OPD, yang lemah lebih dulu")


# --- list, get, record, correct, remove -----------------------------------------------------


@router.get(
    "/integrity-scores",
    auth=auth_for(Action.SCORE_VIEW),
    response={200: list[ScoreOut], **COMMON_ERRORS},
    summary="Register skor integritas (saring jenis, tahun, lingkup, teks)",
)
@paginate(Pagination)
def score_list_op(request: HttpRequest, filters: Query[ScoreFilter]) -> Any:
    return sel.score_list(pemda_id=_pemda(request).pk, filters=filters.to_filters())


@router.post(
    "/integrity-scores",
    auth=auth_for(Action.SCORE_MANAGE),
    response={201: ScoreOut, **COMMON_ERRORS},
    summary="Catat satu skor yang diterbitkan (band dihitung SEHATI)",
    description=(
        "422 score_invalid dengan detail.errors per kolom; 409 score_exists (detail.score_id) "
        "bila jenis, tahun, lingkup, dan dimensi yang sama sudah tercatat."
    ),
)
def score_create_op(request: HttpRequest, payload: ScoreIn) -> Any:
    score = score_record(
        pemda=_pemda(request),
        actor=request.user,
        data=ScoreInput(**payload.dict()),
        today=_today(request),
        via="api",
    )
    return Status(201, score)


@router.get(
    "/integrity-scores/summary",
    auth=auth_for(Action.SCORE_VIEW),
    response={200: list[ScoreSummaryOut], **COMMON_ERRORS},
    summary="Skor terbaru per jenis dengan band dan selisih terhadap target",
)
def score_summary_op(request: HttpRequest) -> Any:
    series = sel.score_trends(pemda_id=_pemda(request).pk)
    return [
        {
            "kind": k.kind,
            "kind_label": k.label,
            "years": k.years,
            "total": k.total,
            "parts": k.parts,
        }
        for k in sel.score_summary(series=series)
    ]


class ScoreTrendFilter(Schema):
    kind: KindValue | None = None
    scope: Literal["", "pemda"] = ""
    opd_id: QueryId | None = None


@router.get(
    "/integrity-scores/trends",
    auth=auth_for(Action.SCORE_VIEW),
    response={200: list[ScoreTrendOut], **COMMON_ERRORS},
    summary="Tren per jenis, lingkup, dan dimensi: nilai, target, selisih per tahun",
)
def score_trends_op(request: HttpRequest, filters: Query[ScoreTrendFilter]) -> Any:
    series = sel.score_trends(
        pemda_id=_pemda(request).pk,
        kind=filters.kind or "",
        scope=filters.scope,
        opd_id=filters.opd_id,
    )
    return [
        {
            "kind": s.kind,
            "kind_label": str(IntegrityScore.Kind(s.kind).label),
            "opd_id": s.opd_id,
            "opd_name": s.opd_name,
            "dimension": s.dimension,
            "label": s.label,
            "points": [
                {
                    "year": year,
                    "score_id": score.pk,
                    "value": _float(score.value),
                    "target": _float(score.target),
                    "gap": _float(score.gap),
                    "band": score.band,
                    "band_label": score.band_label,
                    "category": score.category,
                }
                for year, score in sorted(s.points.items())
            ],
        }
        for s in series
    ]


@router.get(
    "/integrity-scores/xlsx",
    auth=auth_for(Action.SCORE_VIEW),
    response=COMMON_ERRORS,
    summary="Unduh register (XLSX, saringan berlaku); kolom pertama sama dengan kolom impor",
    openapi_extra=_binary((exports.XLSX_CONTENT_TYPE,), "Buku kerja XLSX register skor"),
)
@reads_from_replica
def score_xlsx_op(request: HttpRequest, filters: Query[ScoreFilter]) -> HttpResponse:
    pemda = _pemda(request)
    scores = sel.score_list(pemda_id=pemda.pk, filters=filters.to_filters())
    response = HttpResponse(
        exports.scores_xlsx(scores.iterator(chunk_size=2000)),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="skor-integritas-{pemda.code}.xlsx"'
    return response


class ScoreTemplateQuery(Schema):
    format: Literal["csv", "xlsx"] = "xlsx"


@router.get(
    "/integrity-scores/import-template",
    auth=auth_for(Action.SCORE_MANAGE),
    response=COMMON_ERRORS,
    summary="Templat impor skor (CSV atau XLSX dengan lembar petunjuk)",
    openapi_extra=_binary(
        (exports.CSV_CONTENT_TYPE, exports.XLSX_CONTENT_TYPE), "Templat impor (CSV atau XLSX)"
    ),
)
def score_template_op(request: HttpRequest, query: Query[ScoreTemplateQuery]) -> HttpResponse:
    if query.format == "csv":
        response = HttpResponse(exports.score_template_csv(), content_type=exports.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(
            exports.score_template_xlsx(), content_type=exports.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = (
        f'attachment; filename="templat-skor-integritas.{query.format}"'
    )
    return response


def _import_out(score_import: ScoreImport) -> dict[str, Any]:
    planned = score_import_plan(score_import)
    counts = score_import_counts(planned)
    committed = score_import.is_committed
    rows = []
    for item in planned:
        data = item.data
        if data is None or data.year is None:
            continue
        rows.append(
            {
                "row": item.row,
                "kind": data.kind,
                "year": data.year,
                "opd_id": data.opd_id,
                "dimension": data.dimension,
                "value": _float(data.value),
                "category": data.category,
                "target": _float(data.target),
                "band": item.band.code if item.band else "",
                "band_label": item.band_label,
                "action": item.outcome,
                "score_id": item.existing.pk if item.existing is not None else None,
            }
        )
    return {
        "import_id": score_import.pk,
        "status": score_import.status,
        "committed": committed,
        "created": score_import.created_count if committed else counts["created"],
        "updated": score_import.updated_count if committed else counts["updated"],
        "unchanged": score_import.unchanged_count if committed else counts["unchanged"],
        "rows": rows,
    }


@router.post(
    "/integrity-scores/import",
    auth=auth_for(Action.SCORE_MANAGE),
    response={200: ScoreImportOut, 201: ScoreImportOut, **COMMON_ERRORS},
    summary="Impor skor dari CSV/XLSX: semua baris disimpan, atau tidak satu pun",
    description=(
        "Multipart: `file` (.csv atau .xlsx), `dry_run` (true: hanya periksa dan tampilkan "
        "pratinjau, 200). Tanpa dry_run semua baris disimpan (201). Bila ada baris salah: 422 "
        "score_import_invalid dengan detail.errors = [{row, column, message}] (nomor baris "
        "lembar kerja; judul = baris 1) dan detail.import_id; tidak ada yang disimpan. Berkas "
        "yang tidak dapat dibaca: 422 score_import_file."
    ),
)
def score_import_op(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Any:
    pemda = _pemda(request)
    today = _today(request)
    score_import = score_import_check(
        pemda=pemda, actor=request.user, upload=file, name=file.name or "", today=today
    )
    if score_import.status != ScoreImport.Status.CHECKED:
        raise ApplicationError(
            _("Berkas memuat kesalahan; tidak ada yang disimpan."),
            code=ScoreError.IMPORT_INVALID,
            extra={"import_id": score_import.pk, "errors": score_import_errors(score_import)},
        )
    if dry_run:
        return Status(200, _import_out(score_import))
    done = score_import_commit(score_import=score_import, actor=request.user, today=today)
    return Status(201, _import_out(done))


@router.get(
    "/integrity-scores/{score_id}",
    auth=auth_for(Action.SCORE_VIEW),
    response={200: ScoreOut, **COMMON_ERRORS},
    summary="Satu skor",
)
def score_get_op(request: HttpRequest, score_id: ScoreId) -> Any:
    return access_score(request.user, score_id)


@router.patch(
    "/integrity-scores/{score_id}",
    auth=auth_for(Action.SCORE_MANAGE),
    response={200: ScoreOut, **COMMON_ERRORS},
    summary="Betulkan skor (hanya kolom yang dikirim; band dihitung ulang)",
)
def score_update_op(request: HttpRequest, score_id: ScoreId, payload: ScorePatch) -> Any:
    score = access_score(request.user, score_id, Action.SCORE_MANAGE)
    changes = payload.dict(exclude_unset=True)
    for key in ("kind", "year", "dimension", "category", "source", "source_url"):
        if key in changes and changes[key] is None:
            del changes[key]  # null on a required text field means "unchanged"
    return score_record(
        pemda=score.pemda,
        actor=request.user,
        data=score_input_from(score, **changes),
        today=_today(request),
        score=score,
        via="api",
    )


@router.post(
    "/integrity-scores/{score_id}/delete",
    auth=auth_for(Action.SCORE_MANAGE),
    response={200: ScoreDeleteOut, **COMMON_ERRORS},
    summary="Hapus skor yang salah catat (confirm=true; tidak dapat dibatalkan)",
    description="409 score_has_action_plans bila rencana aksi menjawab skor ini.",
)
def score_delete_op(request: HttpRequest, score_id: ScoreId, payload: ScoreDeleteIn) -> Any:
    score = access_score(request.user, score_id, Action.SCORE_MANAGE)
    pk = score.pk
    score_delete(score=score, actor=request.user, confirm=payload.confirm)
    return {"id": pk, "deleted": True}
