"""REST API of survei integritas internal (issue #7 points 4-6): surveys and their questionnaire
(the UPG), opening and closing, public links, results (groups at or above the minimum size only,
and only once closed), and the anonymous answers of civil servants (signed in) and service users
(through a public link, no login)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, Field

from sehati.accounts.policies import (
    Action,
    access_staff_survey,
    access_survey,
    access_survey_group,
    access_survey_link,
    require,
    survey_scope_for,
)
from sehati.api.base import (
    COMMON_ERRORS,
    ID_MAX,
    NO_NUL,
    Error,
    Pagination,
    RefId,
    SearchText,
    auth_for,
)
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.replica import reads_from_replica
from sehati.core.throttle import client_key
from sehati.org.models import Pemda
from sehati.surveys import selectors as sel
from sehati.surveys import services as svc
from sehati.surveys.errors import SurveyError
from sehati.surveys.models import Item, RespondentGroup, Survey
from sehati.surveys.xlsx import hidden_text, results_workbook

router = Router(tags=["Survei integritas internal"])
SurveyId = PathEx[int, P(ge=1, le=ID_MAX)]
GroupId = PathEx[int, P(ge=1, le=ID_MAX)]
LinkToken = PathEx[str, P(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
EARLIEST, LATEST = dt.date(2015, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Text = Annotated[str, Field(max_length=5_000, pattern=NO_NUL)]
PUBLIC_ERRORS = {**COMMON_ERRORS, 429: Error}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_SPI = (
    "Survei internal adalah instrumen pemda sendiri di antara SPI resmi KPK; SEHATI tidak "
    "menghitung SPI dan tidak menyediakan latihan jawaban SPI."
)


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("harus bilangan bulat, bukan boolean")
    return value


Answer = Annotated[int, Field(ge=-10, le=20), BeforeValidator(_no_bool)]
MinGroup = Annotated[int, Field(ge=5, le=1000), BeforeValidator(_no_bool)]
Population = Annotated[int, Field(ge=1, le=100_000_000), BeforeValidator(_no_bool)]


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _fresh(request: HttpRequest, survey: Survey) -> Survey:
    return svc.survey_close_if_due(survey=survey, today=_today(request), now=timezone.now())


# --- surveys -------------------------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    status: str
    audience: str
    min_group_size: int
    opens_on: dt.date | None
    closes_on: dt.date | None
    revision: int
    item_count: int
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    created_at: dt.datetime


class SurveyListOut(SurveyOut):
    responses: int = Field(alias="responses_n")


class SurveyFilter(Schema):
    q: SearchText = ""
    status: Annotated[str, Field(pattern="^(|draft|open|closed)$")] = ""


@router.get(
    "/surveys",
    auth=auth_for(Action.SURVEY_VIEW),
    response={200: list[SurveyListOut], **COMMON_ERRORS},
    summary="Survei internal pemda (dibuka lebih dulu), dengan jumlah jawabannya",
    description=NOT_SPI,
)
@paginate(Pagination)
def survey_list_op(request: HttpRequest, filters: Query[SurveyFilter]) -> Any:
    return sel.survey_list(
        surveys=survey_scope_for(request.user), q=filters.q, status=filters.status
    )


class SurveyIn(Schema):
    title: Title
    description: Text = ""
    audience: Literal["staff", "public", "both"] = "staff"
    min_group_size: MinGroup = 10
    opens_on: Day | None = None
    closes_on: Day | None = None


@router.post(
    "/surveys",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={201: SurveyOut, **COMMON_ERRORS},
    summary="Buat konsep survei (kuesioner diisi lewat /questionnaire)",
    description=NOT_SPI,
)
def survey_create_op(request: HttpRequest, payload: SurveyIn) -> Any:
    survey = svc.survey_create(pemda=_pemda(request), actor=request.user, **payload.dict())
    return Status(201, survey)


class SurveyItemOut(Schema):
    id: int
    number: int
    text: str
    kind: str
    scale_min: int | None
    scale_max: int | None
    reversed: bool
    required: bool
    options: list[dict[str, Any]] = Field(
        description="Pilihan ganda: label dan skor; Likert: label titik skala (boleh kosong)"
    )


class SurveyDimensionOut(Schema):
    id: int
    name: str
    description: str
    weight: Decimal
    order: int
    items: list[SurveyItemOut]


class SurveyGroupOut(Schema):
    id: int
    kind: str
    label: str
    opd_id: int | None
    service_unit_id: int | None
    population: int | None
    shared_device: bool
    is_active: bool
    responses: str = Field(description="Jumlah jawaban; di bawah ukuran minimal ditulis '< N'")


class SurveyDetailOut(SurveyOut):
    dimensions: list[SurveyDimensionOut]
    groups: list[SurveyGroupOut]
    responses: int
    problems: list[str] = Field(description="Yang menghalangi pembukaan (konsep saja)")


def _items_out(dimension: Any, first: int) -> list[dict[str, Any]]:
    out = []
    for offset, item in enumerate(dimension.items.all()):
        likert = item.kind == Item.Kind.LIKERT
        out.append(
            {
                "id": item.pk,
                "number": first + offset,
                "text": item.text,
                "kind": item.kind,
                "scale_min": item.scale_min if likert else None,
                "scale_max": item.scale_max if likert else None,
                "reversed": item.reversed,
                "required": item.required,
                "options": list(item.options or []),
            }
        )
    return out


def _detail(survey: Survey) -> dict[str, Any]:
    progress, responses = sel.survey_progress(survey=survey)
    by_id = {g.pk: g for g in survey.groups.all()}
    dims, number = [], 1
    for d in sel.questionnaire(survey=survey):
        items = _items_out(d, number)
        number += len(items)
        dims.append(
            {
                "id": d.pk,
                "name": d.name,
                "description": d.description,
                "weight": d.weight,
                "order": d.order,
                "items": items,
            }
        )
    groups = []
    for row in progress:
        g = by_id[row.group_id] if row.group_id else None
        if g is None:  # pragma: no cover - progress rows are the survey's groups
            continue
        groups.append(
            {
                "id": g.pk,
                "kind": g.kind,
                "label": g.label,
                "opd_id": g.opd_id,
                "service_unit_id": g.service_unit_id,
                "population": g.population,
                "shared_device": g.shared_device,
                "is_active": g.is_active,
                "responses": str(row.n) if row.n is not None else f"< {survey.min_group_size}",
            }
        )
    data = SurveyOut.from_orm(survey).dict()
    return {
        **data,
        "dimensions": dims,
        "groups": groups,
        "responses": responses,
        "problems": svc.questionnaire_check(survey=survey) if survey.is_draft else [],
    }


@router.get(
    "/surveys/{survey_id}",
    auth=auth_for(Action.SURVEY_VIEW),
    response={200: SurveyDetailOut, **COMMON_ERRORS},
    summary="Satu survei: kuesioner, kelompok responden dan jumlah jawabannya",
)
def survey_get_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    return _detail(_fresh(request, access_survey(request.user, survey_id)))


class SurveyPatch(Schema):
    """Only the fields sent are changed. A closed survey does not change."""

    title: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    description: Annotated[str | None, Field(max_length=5_000, pattern=NO_NUL)] = None
    audience: Literal["staff", "public", "both"] | None = None
    min_group_size: MinGroup | None = None
    opens_on: Day | None = None
    closes_on: Day | None = None


@router.patch(
    "/surveys/{survey_id}",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyDetailOut, **COMMON_ERRORS},
    summary="Ubah data survei (hanya kolom yang dikirim; opens_on/closes_on null mengosongkan)",
    description="Responden tidak dapat diubah setelah ada jawaban; survei yang ditutup tidak "
    "berubah lagi (409).",
)
def survey_update_op(request: HttpRequest, survey_id: SurveyId, payload: SurveyPatch) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    sent = payload.dict(exclude_unset=True)
    survey = svc.survey_update(survey=survey, actor=request.user, **sent)
    return _detail(survey)


class SurveyItemIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=1000, pattern=NO_NUL)]
    kind: Literal["likert", "choice"] = "likert"
    scale_min: Annotated[int, Field(ge=-10, le=10), BeforeValidator(_no_bool)] = 1
    scale_max: Annotated[int, Field(ge=-10, le=10), BeforeValidator(_no_bool)] = 5
    reversed: bool = False
    required: bool = True
    options: Annotated[list["SurveyOptionIn"], Field(max_length=20)] = []


class SurveyOptionIn(Schema):
    label: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    score: Annotated[float | None, Field(ge=-1000, le=1000)] = Field(
        None, description="Wajib untuk pilihan ganda; diabaikan untuk label skala Likert"
    )


SurveyItemIn.model_rebuild()


class SurveyDimensionIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    description: Text = ""
    weight: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)] = Decimal(1)
    items: Annotated[list[SurveyItemIn], Field(min_length=1, max_length=200)]


class SurveyQuestionnaireIn(Schema):
    dimensions: Annotated[list[SurveyDimensionIn], Field(max_length=30)]


@router.post(
    "/surveys/{survey_id}/questionnaire",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyDetailOut, **COMMON_ERRORS},
    summary="Ganti seluruh kuesioner: dimensi (berbobot) dengan butir Likert atau pilihan ganda",
    description=(
        "Hanya selama belum ada jawaban (409 survey_questionnaire_frozen). Likert: skala "
        "scale_min..scale_max (paling banyak 11 titik), reversed untuk butir terbalik, options "
        "boleh berisi label tiap titik. Pilihan ganda: options dengan skor; skor terendah = 0, "
        "tertinggi = 100. " + NOT_SPI
    ),
)
def survey_questionnaire_op(
    request: HttpRequest, survey_id: SurveyId, payload: SurveyQuestionnaireIn
) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    dims = [
        svc.DimensionData(
            name=d.name,
            description=d.description,
            weight=d.weight,
            items=[
                svc.ItemData(
                    text=i.text,
                    kind=i.kind,
                    scale_min=i.scale_min,
                    scale_max=i.scale_max,
                    reversed=i.reversed,
                    required=i.required,
                    options=[(o.label, o.score) for o in i.options],
                )
                for i in d.items
            ],
        )
        for d in payload.dimensions
    ]
    return _detail(svc.questionnaire_replace(survey=survey, actor=request.user, dimensions=dims))


class SurveyConfirmIn(Schema):
    confirm: bool = Field(description="Harus true: langkah ini tidak dapat dibatalkan")


@router.post(
    "/surveys/{survey_id}/open",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyDetailOut, **COMMON_ERRORS},
    summary="Buka konsep survei untuk diisi (kelompok pegawai dibuat per OPD induk)",
)
def survey_open_op(request: HttpRequest, survey_id: SurveyId, payload: SurveyConfirmIn) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    if not payload.confirm:
        raise ApplicationError(
            "Kirim confirm=true untuk membuka survei.", code=SurveyError.CONFIRM_REQUIRED
        )
    survey = svc.survey_open(
        survey=survey, actor=request.user, today=_today(request), now=timezone.now()
    )
    return _detail(survey)


@router.post(
    "/surveys/{survey_id}/close",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyDetailOut, **COMMON_ERRORS},
    summary="Tutup survei: tidak ada jawaban lagi; hasil dapat dilihat (tidak dapat dibatalkan)",
)
def survey_close_op(request: HttpRequest, survey_id: SurveyId, payload: SurveyConfirmIn) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    survey = svc.survey_close(
        survey=survey, actor=request.user, now=timezone.now(), confirm=payload.confirm
    )
    return _detail(survey)


@router.post(
    "/surveys/{survey_id}/copy",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={201: SurveyOut, **COMMON_ERRORS},
    summary="Salin survei sebagai konsep baru (kuesioner dan tautan publik baru; tanpa jawaban)",
)
def survey_copy_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    return Status(201, svc.survey_copy(survey=survey, actor=request.user))


class SurveyRemovedOut(Schema):
    id: int
    removed: bool


@router.post(
    "/surveys/{survey_id}/remove",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyRemovedOut, **COMMON_ERRORS},
    summary="Hapus konsep survei yang belum pernah dibuka",
)
def survey_remove_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    svc.survey_delete(survey=survey, actor=request.user)
    return {"id": survey_id, "removed": True}


# --- groups and links ----------------------------------------------------------------------


class SurveyGroupIn(Schema):
    label: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    service_unit_id: RefId | None = None
    population: Population | None = None
    shared_device: bool = False


def _group_out(group: RespondentGroup) -> dict[str, Any]:
    counts = sel.group_counts(survey=group.survey)
    n = counts.get(group.pk, 0)
    minimum = group.survey.min_group_size
    return {
        "id": group.pk,
        "kind": group.kind,
        "label": group.label,
        "opd_id": group.opd_id,
        "service_unit_id": group.service_unit_id,
        "population": group.population,
        "shared_device": group.shared_device,
        "is_active": group.is_active,
        "responses": str(n) if n == 0 or n >= minimum else f"< {minimum}",
    }


@router.post(
    "/surveys/{survey_id}/groups",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={201: SurveyGroupOut, **COMMON_ERRORS},
    summary="Tambah kelompok pengguna layanan dengan tautan publiknya sendiri",
)
def group_create_op(request: HttpRequest, survey_id: SurveyId, payload: SurveyGroupIn) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    group = svc.group_public_add(survey=survey, actor=request.user, **payload.dict())
    return Status(201, _group_out(group))


class SurveyGroupPatch(Schema):
    label: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    service_unit_id: RefId | None = None
    population: Population | None = None
    shared_device: bool | None = None
    is_active: bool | None = None


@router.patch(
    "/survey-groups/{group_id}",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyGroupOut, **COMMON_ERRORS},
    summary="Ubah kelompok (kelompok pegawai: hanya populasi)",
)
def group_update_op(request: HttpRequest, group_id: GroupId, payload: SurveyGroupPatch) -> Any:
    group = access_survey_group(request.user, group_id)
    group = svc.group_update(group=group, actor=request.user, **payload.dict(exclude_unset=True))
    return _group_out(group)


@router.post(
    "/survey-groups/{group_id}/remove",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: SurveyRemovedOut, **COMMON_ERRORS},
    summary="Hapus kelompok publik yang belum menerima jawaban",
)
def group_remove_op(request: HttpRequest, group_id: GroupId) -> Any:
    group = access_survey_group(request.user, group_id)
    svc.group_remove(group=group, actor=request.user)
    return {"id": group_id, "removed": True}


class SurveyLinkOut(Schema):
    group_id: int | None
    label: str
    url: str
    is_active: bool


@router.get(
    "/surveys/{survey_id}/links",
    auth=auth_for(Action.SURVEY_MANAGE),
    response={200: list[SurveyLinkOut], **COMMON_ERRORS},
    summary="Tautan survei: pegawai (perlu login) dan setiap tautan publik (untuk kode QR)",
)
def survey_links_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    out: list[dict[str, Any]] = []
    if survey.for_staff:
        url = reverse("surveys:staff_respond", args=[survey.pk])
        out.append(
            {
                "group_id": None,
                "label": "Pegawai (ASN)",
                "url": request.build_absolute_uri(url),
                "is_active": True,
            }
        )
    for g in survey.groups.filter(kind=RespondentGroup.Kind.PUBLIC):
        url = reverse("surveys:public_respond", args=[g.link_token])
        out.append(
            {
                "group_id": g.pk,
                "label": g.label,
                "url": request.build_absolute_uri(url),
                "is_active": g.is_active,
            }
        )
    return out


# --- results -------------------------------------------------------------------------------


class SurveyFigureOut(Schema):
    n: int
    index: Decimal | None = Field(description="0–100, dua desimal")
    moe: Decimal | None = Field(description="Margin of error 95 persen")


class SurveyResultRowOut(Schema):
    group_id: int | None
    label: str
    kind: str
    shown: bool
    hidden_reason: str = Field(description="Bila tidak ditampilkan: alasannya, tanpa angka")
    n: int | None
    population: int | None
    overall: SurveyFigureOut | None
    dimensions: list[SurveyFigureOut | None] | None


class SurveyItemResultOut(Schema):
    number: int
    dimension: str
    text: str
    reversed: bool
    figure: SurveyFigureOut | None


class SurveyResultsOut(Schema):
    survey_id: int
    min_group_size: int
    dimensions: list[str]
    groups: list[SurveyResultRowOut]
    total: SurveyResultRowOut
    items: list[SurveyItemResultOut]
    note: str


def _result_row(row: sel.ResultRow, minimum: int) -> dict[str, Any]:
    return {
        "group_id": row.group_id,
        "label": row.label,
        "kind": row.kind,
        "shown": row.shown,
        "hidden_reason": "" if row.shown else hidden_text(row, minimum),
        "n": row.n,
        "population": row.population,
        "overall": row.overall,
        "dimensions": list(row.dimensions) if row.shown else None,
    }


def _closed_or_409(survey: Survey) -> None:
    if not survey.is_closed:
        raise ConflictError(
            "Hasil tersedia setelah survei ditutup; selama jawaban masih masuk hanya jumlah "
            "jawaban yang ditampilkan.",
            code=SurveyError.NOT_CLOSED,
        )


@router.get(
    "/surveys/{survey_id}/results",
    auth=auth_for(Action.SURVEY_VIEW),
    response={200: SurveyResultsOut, **COMMON_ERRORS},
    summary="Indeks per kelompok dan dimensi (0–100) dengan n dan margin of error",
    description=(
        "Hanya untuk survei yang sudah ditutup (409 survey_not_closed). Kelompok dengan "
        "responden kurang dari ukuran minimal, dan kelompok yang disembunyikan agar kelompok "
        "kecil tidak dapat dihitung dari total, tidak memuat angka apa pun. " + NOT_SPI
    ),
)
@reads_from_replica
def survey_results_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = _fresh(request, access_survey(request.user, survey_id))
    _closed_or_409(survey)
    results = sel.survey_results(survey=survey)
    minimum = results.min_size
    return {
        "survey_id": survey.pk,
        "min_group_size": minimum,
        "dimensions": [d.name for d in results.dimensions],
        "groups": [_result_row(r, minimum) for r in results.rows],
        "total": _result_row(results.total, minimum),
        "items": [
            {
                "number": i.number,
                "dimension": i.dimension,
                "text": i.text,
                "reversed": i.reversed,
                "figure": i.figure,
            }
            for i in results.items
        ],
        "note": NOT_SPI,
    }


@router.get(
    "/surveys/{survey_id}/results/xlsx",
    auth=auth_for(Action.SURVEY_VIEW),
    response=COMMON_ERRORS,
    summary="Hasil survei sebagai XLSX (ringkasan, per kelompok, per butir)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Buku kerja XLSX",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@reads_from_replica
def survey_results_xlsx_op(request: HttpRequest, survey_id: SurveyId) -> HttpResponse:
    survey = _fresh(request, access_survey(request.user, survey_id))
    _closed_or_409(survey)
    response = HttpResponse(results_workbook(sel.survey_results(survey=survey)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survei-{survey.pk}-hasil.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- respondents ---------------------------------------------------------------------------


class SurveyChoiceOut(Schema):
    value: int
    label: str


class SurveyQuestionOut(Schema):
    id: int
    number: int
    text: str
    required: bool
    choices: list[SurveyChoiceOut]


class SurveySectionOut(Schema):
    name: str
    description: str
    questions: list[SurveyQuestionOut]


class SurveyFormOut(Schema):
    id: int
    title: str
    description: str
    revision: int = Field(description="Kirim kembali bersama jawaban")
    state: Literal["open", "closed", "not_started", "inactive", "answered"]
    sections: list[SurveySectionOut]
    note: str


class SurveyAnswersIn(Schema):
    revision: Annotated[int, Field(ge=1, le=2**31 - 1), BeforeValidator(_no_bool)]
    answers: Annotated[
        dict[RefId, Answer | None],
        Field(
            max_length=200,
            description="id butir → jawaban: nilai skala Likert, atau nomor pilihan (1 = pertama)",
        ),
    ]


class SurveyStoredOut(Schema):
    stored: bool
    message: str


def _form_out(survey: Survey, state: str) -> dict[str, Any]:
    sections, number = [], 1
    for d in sel.questionnaire(survey=survey):
        questions = []
        for item in d.items.all():
            questions.append(
                {
                    "id": item.pk,
                    "number": number,
                    "text": item.text,
                    "required": item.required,
                    "choices": [
                        {"value": v, "label": label} for v, label in sel.item_choices(item)
                    ],
                }
            )
            number += 1
        sections.append({"name": d.name, "description": d.description, "questions": questions})
    return {
        "id": survey.pk,
        "title": survey.title,
        "description": survey.description,
        "revision": survey.revision,
        "state": state,
        "sections": sections if state == "open" else [],
        "note": "Jawaban anonim: tidak disimpan bersama nama, NIP, alamat IP, atau waktu "
        "pengisian. Survei ini diselenggarakan pemda sendiri; bukan SPI KPK.",
    }


def _respondent_state(survey: Survey, today: dt.date) -> str:
    if survey.is_closed or (survey.closes_on is not None and today > survey.closes_on):
        return "closed"
    if survey.opens_on is not None and today < survey.opens_on:
        return "not_started"
    return "open"


class SurveyStaffListOut(Schema):
    id: int
    title: str
    closes_on: dt.date | None
    answered: bool


@router.get(
    "/staff-surveys",
    auth=auth_for(Action.SURVEY_RESPOND_STAFF),
    response={200: list[SurveyStaffListOut], **COMMON_ERRORS},
    summary="Survei internal yang sedang dibuka untuk pegawai, dan apakah saya sudah mengisi",
)
def staff_list_op(request: HttpRequest) -> Any:
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise PermissionDenied
    return [
        {"id": s.pk, "title": s.title, "closes_on": s.closes_on, "answered": done}
        for s, done in sel.staff_surveys_for(employee=employee)
    ]


@router.get(
    "/staff-surveys/{survey_id}",
    auth=auth_for(Action.SURVEY_RESPOND_STAFF),
    response={200: SurveyFormOut, **COMMON_ERRORS},
    summary="Kuesioner survei pegawai untuk diisi",
)
def staff_form_op(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = access_staff_survey(request.user, survey_id)
    state = _respondent_state(survey, _today(request))
    if sel.staff_has_answered(survey=survey, employee_id=request.user.employee_id):
        state = "answered"
    return _form_out(survey, state)


@router.post(
    "/staff-surveys/{survey_id}/responses",
    auth=auth_for(Action.SURVEY_RESPOND_STAFF),
    response={201: SurveyStoredOut, **COMMON_ERRORS},
    summary="Kirim jawaban survei pegawai (anonim; sekali per pegawai)",
    description="Yang tersimpan: OPD induk pegawai dan jawaban, tanpa identitas atau waktu. "
    "409 survey_already_answered bila sudah mengisi; 409 survey_revision_changed bila kuesioner "
    "berubah sejak diambil.",
)
def staff_respond_op(request: HttpRequest, survey_id: SurveyId, payload: SurveyAnswersIn) -> Any:
    survey = access_staff_survey(request.user, survey_id)
    svc.staff_response_submit(
        survey=survey,
        employee=request.user.employee,
        answers=payload.answers,
        revision=payload.revision,
        today=_today(request),
    )
    return Status(201, {"stored": True, "message": "Terima kasih; jawaban tersimpan anonim."})


@router.get(
    "/public-surveys/{token}",
    auth=None,
    response={200: SurveyFormOut, **PUBLIC_ERRORS},
    summary="Kuesioner di balik tautan publik (tanpa login)",
)
def public_form_op(request: HttpRequest, token: LinkToken) -> Any:
    group = access_survey_link(request.user, token)
    survey = group.survey
    today = local_today(survey.pemda.time_zone or "Asia/Makassar")
    active = group.is_active and survey.for_public
    state = _respondent_state(survey, today) if active else "inactive"
    return _form_out(survey, state)


@router.post(
    "/public-surveys/{token}/responses",
    auth=None,
    response={201: SurveyStoredOut, **PUBLIC_ERRORS},
    summary="Kirim jawaban lewat tautan publik (tanpa login, anonim)",
    description="Jawaban lewat API tidak dapat dicegah ganda tanpa mengenali orang; hanya "
    "batas jumlah per perangkat yang berlaku (429 survey_throttled).",
)
def public_respond_op(request: HttpRequest, token: LinkToken, payload: SurveyAnswersIn) -> Any:
    group = access_survey_link(request.user, token)
    require(request.user, Action.SURVEY_RESPOND_PUBLIC)
    survey = group.survey
    svc.public_response_submit(
        group=group,
        answers=payload.answers,
        revision=payload.revision,
        today=local_today(survey.pemda.time_zone or "Asia/Makassar"),
        client=client_key(request),
    )
    return Status(201, {"stored": True, "message": "Terima kasih; jawaban tersimpan anonim."})
