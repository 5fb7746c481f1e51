"""Writes of internal integrity surveys (issue #7 point 4): building a questionnaire, respondent
groups, opening and closing, copying, and the anonymous responses.

Every change of a survey writes a timeline event in its transaction. Responses never do: an
event names its actor, and a response must not. A response and a staff participation row are
written in one transaction with no link between them; nothing about a response is logged.

The survey row is locked (select_for_update) by every change of the questionnaire and by every
response, so that no answer is stored under a questionnaire that changed meanwhile and none
slips in after the close.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError, ThrottledError
from sehati.core.throttle import throttle_count, throttle_exceeded
from sehati.core.validation import text_checked
from sehati.org.models import Employee, Opd, Pemda, ServiceUnit
from sehati.surveys.errors import SurveyError
from sehati.surveys.models import (
    CHOICE_MAX_OPTIONS,
    LIKERT_MAX_POINTS,
    MAX_ITEMS,
    MIN_GROUP_FLOOR,
    Dimension,
    Item,
    RespondentGroup,
    Response,
    StaffParticipation,
    Survey,
    link_token_new,
    response_id_new,
)

EARLIEST = dt.date(2015, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_TEXT = 5_000
MAX_DIMENSIONS = 30
MAX_GROUPS = 500
MIN_GROUP_CEILING = 1000
WEIGHT_MAX = Decimal(1000)
SCORE_LIMIT = 1000.0
# Anonymous responses per client (a keyed hash of its address, never stored): a counter tablet
# serves a queue, so the limit is generous; it stops scripts, not people.
PUBLIC_LIMIT, PUBLIC_WINDOW = 30, 600
PUBLIC_DEFAULT_GROUP = "Masyarakat umum"


def _invalid(message: str, code: SurveyError = SurveyError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


def _text(value: Any, *, label: str, required: bool, limit: int) -> str:
    return text_checked(
        value, label=label, required=required, limit=limit, code=SurveyError.INVALID
    )


def _date(value: Any, *, label: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise _invalid(_("%(label)s tidak sah.") % {"label": label})
    if not EARLIEST <= value <= LATEST:
        raise _invalid(_("%(label)s di luar rentang yang wajar.") % {"label": label})
    return value


def _min_group(value: Any) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise _invalid(_("Ukuran kelompok minimal harus bilangan bulat.")) from None
    if not MIN_GROUP_FLOOR <= size <= MIN_GROUP_CEILING:
        raise _invalid(
            _("Ukuran kelompok minimal harus antara %(low)d dan %(high)d responden.")
            % {"low": MIN_GROUP_FLOOR, "high": MIN_GROUP_CEILING}
        )
    return size


def _dates_checked(opens_on: Any, closes_on: Any) -> tuple[dt.date | None, dt.date | None]:
    start = _date(opens_on, label=_("Tanggal buka"))
    end = _date(closes_on, label=_("Tanggal tutup"))
    if start and end and end < start:
        raise _invalid(_("Tanggal tutup tidak boleh sebelum tanggal buka."))
    return start, end


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def survey_has_responses(*, survey: Survey) -> bool:
    return Response.objects.filter(survey_id=survey.pk).exists()


# --- surveys -------------------------------------------------------------------------------


def survey_create(
    *,
    pemda: Pemda,
    actor: Any,
    title: str,
    description: str = "",
    audience: str = Survey.Audience.STAFF,
    min_group_size: int = 10,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Survey:
    """A new questionnaire, as a draft (nobody can answer it yet)."""
    clean_title = _text(title, label=_("Judul"), required=True, limit=200)
    clean_description = _text(description, label=_("Pengantar"), required=False, limit=MAX_TEXT)
    if audience not in Survey.Audience.values:
        raise _invalid(_("Pilih responden survei."))
    start, end = _dates_checked(opens_on, closes_on)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        survey = Survey.objects.create(
            pemda=pemda,
            title=clean_title,
            description=clean_description,
            audience=audience,
            min_group_size=_min_group(min_group_size),
            opens_on=start,
            closes_on=end,
            created_by=actor_user,
        )
        timeline_record(
            subject=survey,
            type="survey_created",
            actor=actor,
            data={"audience": audience, "min_group_size": survey.min_group_size},
        )
    return survey


_UNSET: Any = object()


def survey_update(
    *,
    survey: Survey,
    actor: Any,
    title: Any = None,
    description: Any = None,
    audience: Any = None,
    min_group_size: Any = None,
    opens_on: Any = _UNSET,
    closes_on: Any = _UNSET,
) -> Survey:
    """Change a survey's data (the fields given). Refused once closed: its results are the
    record. The audience is fixed after the first response; the minimum group size cannot be
    lowered below the floor (MIN_GROUP_FLOOR) and is fixed once the survey is closed."""
    with transaction.atomic():
        survey = _locked(survey)
        if survey.is_closed:
            raise ConflictError(
                _("Survei yang sudah ditutup tidak dapat diubah."), code=SurveyError.CLOSED
            )
        changed: dict[str, Any] = {}
        if title is not None:
            changed["title"] = _text(title, label=_("Judul"), required=True, limit=200)
        if description is not None:
            changed["description"] = _text(
                description, label=_("Pengantar"), required=False, limit=MAX_TEXT
            )
        if audience is not None and audience != survey.audience:
            if audience not in Survey.Audience.values:
                raise _invalid(_("Pilih responden survei."))
            if survey_has_responses(survey=survey):
                raise ConflictError(
                    _("Responden survei tidak dapat diubah setelah ada jawaban."),
                    code=SurveyError.QUESTIONNAIRE_FROZEN,
                )
            changed["audience"] = audience
        if min_group_size is not None:
            changed["min_group_size"] = _min_group(min_group_size)
        start = survey.opens_on if opens_on is _UNSET else opens_on
        end = survey.closes_on if closes_on is _UNSET else closes_on
        start, end = _dates_checked(start, end)
        if start != survey.opens_on:
            changed["opens_on"] = start
        if end != survey.closes_on:
            changed["closes_on"] = end
        changed = {k: v for k, v in changed.items() if getattr(survey, k) != v}
        if not changed:
            return survey
        before = {k: _plain(getattr(survey, k)) for k in changed}
        for key, value in changed.items():
            setattr(survey, key, value)
        survey.save(update_fields=[*changed, "updated_at"])
        if survey.is_open and survey.for_public:
            _public_default_group(survey)
        if survey.is_open and survey.for_staff:
            staff_groups_sync(survey=survey)
        timeline_record(
            subject=survey,
            type="survey_updated",
            actor=actor,
            data={"before": before, "after": {k: _plain(v) for k, v in changed.items()}},
        )
    return survey


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def survey_delete(*, survey: Survey, actor: Any) -> None:
    """Remove a draft that nobody has answered (the pemda's timeline keeps that it existed)."""
    with transaction.atomic():
        survey = _locked(survey)
        if not survey.is_draft or survey_has_responses(survey=survey):
            raise ConflictError(
                _("Hanya konsep survei yang belum pernah dibuka yang dapat dihapus."),
                code=SurveyError.NOT_DRAFT,
            )
        pemda = survey.pemda
        data = {"survey_id": survey.pk, "title": survey.title}
        survey.delete()
        timeline_record(subject=pemda, type="survey_deleted", actor=actor, data=data)


def survey_copy(*, survey: Survey, actor: Any) -> Survey:
    """A new draft with the same questionnaire, settings and public groups (new links); for the
    next round of the same instrument. Responses are never copied."""
    with transaction.atomic():
        copy = Survey.objects.create(
            pemda=survey.pemda,
            title=(_("%(title)s (salinan)") % {"title": survey.title})[:200],
            description=survey.description,
            audience=survey.audience,
            min_group_size=survey.min_group_size,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for dim in survey.dimensions.prefetch_related("items"):
            new_dim = Dimension.objects.create(
                survey=copy,
                name=dim.name,
                description=dim.description,
                weight=dim.weight,
                order=dim.order,
            )
            Item.objects.bulk_create(
                Item(
                    dimension=new_dim,
                    text=i.text,
                    kind=i.kind,
                    scale_min=i.scale_min,
                    scale_max=i.scale_max,
                    reversed=i.reversed,
                    options=i.options,
                    required=i.required,
                    order=i.order,
                )
                for i in dim.items.all()
            )
        RespondentGroup.objects.bulk_create(
            RespondentGroup(
                survey=copy,
                kind=RespondentGroup.Kind.PUBLIC,
                label=g.label,
                service_unit_id=g.service_unit_id,
                link_token=link_token_new(),
                shared_device=g.shared_device,
                population=g.population,
                order=g.order,
            )
            for g in survey.groups.filter(kind=RespondentGroup.Kind.PUBLIC)
        )
        copy.item_count = Item.objects.filter(dimension__survey=copy).count()
        copy.save(update_fields=["item_count", "updated_at"])
        timeline_record(
            subject=copy,
            type="survey_created",
            actor=actor,
            data={"copied_from": survey.pk, "audience": copy.audience},
        )
    return copy


# --- the questionnaire ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    """One question as an interface hands it over. `options`: for multiple choice, (label,
    score) pairs; for a Likert item, optional labels of the scale points (score ignored)."""

    text: str
    kind: str = Item.Kind.LIKERT
    scale_min: int = 1
    scale_max: int = 5
    reversed: bool = False
    options: Sequence[tuple[str, float | None]] = ()
    required: bool = True
    id: int | None = None


@dataclass(frozen=True)
class DimensionData:
    name: str
    description: str = ""
    weight: Decimal | float | int | str = Decimal(1)
    items: Sequence[ItemData] = field(default_factory=tuple)


def _weight(value: Any) -> Decimal:
    try:
        weight = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _invalid(_("Bobot harus angka."), SurveyError.QUESTIONNAIRE_INVALID) from None
    if not Decimal("0.01") <= weight <= WEIGHT_MAX:
        raise _invalid(
            _("Bobot dimensi harus lebih dari 0 dan paling besar 1000."),
            SurveyError.QUESTIONNAIRE_INVALID,
        )
    return weight


def _item_checked(data: ItemData, number: int) -> dict[str, Any]:
    """The item's fields, validated; `number` names it in messages."""
    where = _("Butir %(n)d") % {"n": number}

    def bad(message: str) -> ApplicationError:
        return _invalid(f"{where}: {message}", SurveyError.QUESTIONNAIRE_INVALID)

    text = str(data.text or "").strip()
    if not text:
        raise bad(_("pertanyaan wajib diisi."))
    if len(text) > 1000 or "\x00" in text:
        raise bad(_("pertanyaan paling banyak 1000 karakter, tanpa karakter yang tidak sah."))
    labels: list[dict[str, Any]] = []
    if data.kind == Item.Kind.LIKERT:
        try:
            low, high = int(data.scale_min), int(data.scale_max)
        except (TypeError, ValueError):
            raise bad(_("nilai skala harus bilangan bulat.")) from None
        if not -10 <= low < high <= 10:
            raise bad(_("skala harus naik, antara -10 dan 10 (misalnya 1 sampai 5)."))
        if high - low + 1 > LIKERT_MAX_POINTS:
            raise bad(_("skala paling banyak %(n)d titik.") % {"n": LIKERT_MAX_POINTS})
        if data.options:
            if len(data.options) != high - low + 1:
                raise bad(
                    _("label skala harus %(n)d baris (satu per titik skala), atau kosong.")
                    % {"n": high - low + 1}
                )
            labels = [{"label": _option_label(label, bad)} for label, _s in data.options]
        return {
            "text": text,
            "kind": Item.Kind.LIKERT,
            "scale_min": low,
            "scale_max": high,
            "reversed": bool(data.reversed),
            "options": labels,
            "required": bool(data.required),
        }
    if data.kind != Item.Kind.CHOICE:
        raise bad(_("jenis butir tidak dikenal."))
    if not 2 <= len(data.options) <= CHOICE_MAX_OPTIONS:
        raise bad(_("pilihan ganda memerlukan 2 sampai %(n)d pilihan.") % {"n": CHOICE_MAX_OPTIONS})
    options = []
    for label, score in data.options:
        if score is None or not isinstance(score, int | float) or isinstance(score, bool):
            raise bad(_("setiap pilihan memerlukan skor berupa angka."))
        if not math.isfinite(score) or abs(score) > SCORE_LIMIT:
            raise bad(_("skor pilihan harus antara -1000 dan 1000."))
        options.append({"label": _option_label(label, bad), "score": float(score)})
    if len({o["score"] for o in options}) < 2:
        raise bad(_("skor semua pilihan sama; beri skor yang berbeda untuk jawaban terbaik."))
    return {
        "text": text,
        "kind": Item.Kind.CHOICE,
        "scale_min": 1,
        "scale_max": len(options),
        "reversed": False,
        "options": options,
        "required": bool(data.required),
    }


def _option_label(label: Any, bad: Any) -> str:
    text = str(label or "").strip()
    if not text or len(text) > 200 or "\x00" in text:
        raise bad(_("setiap pilihan memerlukan label (paling banyak 200 karakter)."))
    return text


def _questionnaire_editable(survey: Survey) -> None:
    if survey.is_closed:
        raise ConflictError(
            _("Survei yang sudah ditutup tidak dapat diubah."), code=SurveyError.CLOSED
        )
    if survey_has_responses(survey=survey):
        raise ConflictError(
            _(
                "Kuesioner tidak dapat diubah karena sudah ada jawaban: jawaban yang tersimpan "
                "mengikuti butir-butir yang ada. Salin survei ini untuk membuat versi baru."
            ),
            code=SurveyError.QUESTIONNAIRE_FROZEN,
        )


def _questionnaire_changed(survey: Survey, actor: Any, data: dict[str, Any]) -> None:
    survey.revision += 1
    survey.item_count = Item.objects.filter(dimension__survey=survey).count()
    if survey.item_count > MAX_ITEMS:
        raise _invalid(
            _("Kuesioner paling banyak %(n)d butir.") % {"n": MAX_ITEMS},
            SurveyError.QUESTIONNAIRE_INVALID,
        )
    survey.save(update_fields=["revision", "item_count", "updated_at"])
    timeline_record(
        subject=survey,
        type="survey_questionnaire_changed",
        actor=actor,
        data={**data, "revision": survey.revision, "items": survey.item_count},
    )


def _dimension_write(dimension: Dimension, data: DimensionData, first_number: int) -> int:
    """Write the dimension's items (update by id, create new, delete the missing). Returns how
    many items it has."""
    existing = {i.pk: i for i in dimension.items.all()} if dimension.pk else {}
    keep: set[int] = set()
    for position, item_data in enumerate(data.items, start=1):
        fields = _item_checked(item_data, first_number + position - 1)
        if item_data.id is not None:
            item = existing.get(item_data.id)
            if item is None:
                raise _invalid(
                    _("Butir %(n)d bukan butir dimensi ini.") % {"n": first_number + position - 1},
                    SurveyError.QUESTIONNAIRE_INVALID,
                )
            for key, value in fields.items():
                setattr(item, key, value)
            item.order = position
            item.save()
            keep.add(item.pk)
        else:
            Item.objects.create(dimension=dimension, order=position, **fields)
    gone = [pk for pk in existing if pk not in keep]
    if gone:
        Item.objects.filter(pk__in=gone).delete()
    return len(data.items)


def dimension_save(
    *,
    survey: Survey,
    actor: Any,
    data: DimensionData,
    dimension: Dimension | None = None,
    order: int | None = None,
) -> Dimension:
    """Create a dimension, or change one, with all its items (the items given replace the
    dimension's: by id when they have one). Refused once somebody has answered."""
    name = _text(data.name, label=_("Nama dimensi"), required=True, limit=200)
    description = _text(data.description, label=_("Keterangan"), required=False, limit=MAX_TEXT)
    weight = _weight(data.weight)
    if not data.items:
        raise _invalid(
            _("Dimensi memerlukan paling sedikit satu butir pertanyaan."),
            SurveyError.QUESTIONNAIRE_INVALID,
        )
    with transaction.atomic():
        survey = _locked(survey)
        _questionnaire_editable(survey)
        if dimension is None:
            if survey.dimensions.count() >= MAX_DIMENSIONS:
                raise _invalid(
                    _("Kuesioner paling banyak %(n)d dimensi.") % {"n": MAX_DIMENSIONS},
                    SurveyError.QUESTIONNAIRE_INVALID,
                )
            last = survey.dimensions.order_by("-order").values_list("order", flat=True).first()
            dimension = Dimension(survey=survey, order=order or (last or 0) + 1)
        elif dimension.survey_id != survey.pk:  # pragma: no cover - guarded by access helpers
            raise _invalid(_("Dimensi bukan bagian survei ini."))
        elif order is not None:
            dimension.order = order
        dimension.name, dimension.description, dimension.weight = name, description, weight
        dimension.save()
        first = (
            1
            + Item.objects.filter(
                dimension__survey=survey, dimension__order__lt=dimension.order
            ).count()
        )
        count = _dimension_write(dimension, data, first)
        _questionnaire_changed(
            survey, actor, {"dimension": dimension.pk, "name": name, "dimension_items": count}
        )
    return dimension


def dimension_delete(*, dimension: Dimension, actor: Any) -> None:
    """Remove a dimension with its items (refused once somebody has answered)."""
    with transaction.atomic():
        survey = _locked(dimension.survey)
        _questionnaire_editable(survey)
        data = {"removed_dimension": dimension.pk, "name": dimension.name}
        dimension.delete()
        _questionnaire_changed(survey, actor, data)


def questionnaire_replace(
    *, survey: Survey, actor: Any, dimensions: Sequence[DimensionData]
) -> Survey:
    """Replace the whole questionnaire (the API's builder): dimensions in the order given, each
    with its items. Refused once somebody has answered."""
    if len(dimensions) > MAX_DIMENSIONS:
        raise _invalid(
            _("Kuesioner paling banyak %(n)d dimensi.") % {"n": MAX_DIMENSIONS},
            SurveyError.QUESTIONNAIRE_INVALID,
        )
    with transaction.atomic():
        survey = _locked(survey)
        _questionnaire_editable(survey)
        survey.dimensions.all().delete()
        number = 1
        for position, data in enumerate(dimensions, start=1):
            if not data.items:
                raise _invalid(
                    _("Dimensi %(n)d memerlukan paling sedikit satu butir pertanyaan.")
                    % {"n": position},
                    SurveyError.QUESTIONNAIRE_INVALID,
                )
            dimension = Dimension.objects.create(
                survey=survey,
                name=_text(data.name, label=_("Nama dimensi"), required=True, limit=200),
                description=_text(
                    data.description, label=_("Keterangan"), required=False, limit=MAX_TEXT
                ),
                weight=_weight(data.weight),
                order=position,
            )
            stripped = [replace_id(i) for i in data.items]
            number += _dimension_write(dimension, DimensionData(data.name, items=stripped), number)
        _questionnaire_changed(survey, actor, {"replaced": True, "dimensions": len(dimensions)})
    return survey


def replace_id(item: ItemData) -> ItemData:
    """The item without its id: a replaced questionnaire gets new items."""
    return ItemData(
        text=item.text,
        kind=item.kind,
        scale_min=item.scale_min,
        scale_max=item.scale_max,
        reversed=item.reversed,
        options=item.options,
        required=item.required,
    )


def questionnaire_check(*, survey: Survey) -> list[str]:
    """What keeps the survey from opening (empty: ready)."""
    problems: list[str] = []
    dims = list(survey.dimensions.annotate(n=Count("items")))
    if not dims:
        problems.append(_("Kuesioner belum memiliki dimensi."))
    problems += [
        _("Dimensi %(name)s belum memiliki butir.") % {"name": d.name} for d in dims if not d.n
    ]
    total = sum(d.n for d in dims)
    if total > MAX_ITEMS:
        problems.append(_("Kuesioner paling banyak %(n)d butir.") % {"n": MAX_ITEMS})
    return problems


# --- respondent groups ---------------------------------------------------------------------


def opd_root_ids(*, pemda_id: int) -> dict[int, int]:
    """Each OPD of the pemda → its top-level OPD (itself when it has no parent)."""
    parent = dict(Opd.objects.filter(pemda_id=pemda_id).values_list("id", "parent_id"))
    roots: dict[int, int] = {}
    for start in parent:
        node, seen = start, set()
        while parent.get(node) is not None and node not in seen:
            seen.add(node)
            node = parent[node] or node
        roots[start] = node
    return roots


def staff_groups_sync(*, survey: Survey) -> int:
    """One staff group per active top-level OPD of the pemda (with its sub-units), with the
    OPD's active civil servants as the population. Groups are never removed (answers keep
    theirs). Returns how many were added."""
    roots = opd_root_ids(pemda_id=survey.pemda_id)
    counts: dict[int, int] = {}
    per_opd = (
        Employee.objects.filter(pemda_id=survey.pemda_id, is_active=True)
        .values_list("opd_id")
        .annotate(n=Count("id"))
    )
    for opd_id, n in per_opd:
        root = roots.get(opd_id, opd_id)
        counts[root] = counts.get(root, 0) + n
    have = {g.opd_id: g for g in survey.groups.filter(kind=RespondentGroup.Kind.STAFF)}
    added = 0
    top = Opd.objects.filter(pemda_id=survey.pemda_id, parent__isnull=True, is_active=True)
    for position, opd in enumerate(top.order_by("name", "id"), start=1):
        group = have.get(opd.pk)
        if group is None:
            RespondentGroup.objects.create(
                survey=survey,
                kind=RespondentGroup.Kind.STAFF,
                label=opd.short_name or opd.name,
                opd=opd,
                population=counts.get(opd.pk, 0) or None,
                order=position,
            )
            added += 1
        elif not survey.is_closed and group.population != (counts.get(opd.pk, 0) or None):
            group.population = counts.get(opd.pk, 0) or None
            group.save(update_fields=["population"])
    return added


def _public_default_group(survey: Survey) -> None:
    if not survey.groups.filter(kind=RespondentGroup.Kind.PUBLIC).exists():
        RespondentGroup.objects.create(
            survey=survey,
            kind=RespondentGroup.Kind.PUBLIC,
            label=str(_(PUBLIC_DEFAULT_GROUP)),
            link_token=link_token_new(),
        )


def _service_unit(survey: Survey, service_unit_id: int | None) -> ServiceUnit | None:
    if service_unit_id is None:
        return None
    unit = ServiceUnit.objects.filter(pk=service_unit_id, pemda_id=survey.pemda_id).first()
    if unit is None:
        raise _invalid(_("Unit layanan tidak dikenal."))
    return unit


def _population(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise _invalid(_("Jumlah populasi harus bilangan bulat.")) from None
    if not 1 <= n <= 100_000_000:
        raise _invalid(_("Jumlah populasi harus antara 1 dan 100.000.000."))
    return n


def group_public_add(
    *,
    survey: Survey,
    actor: Any,
    label: str,
    service_unit_id: int | None = None,
    population: int | None = None,
    shared_device: bool = False,
) -> RespondentGroup:
    """A public group with its own link (e.g. one service point). The survey must reach the
    public and not be closed."""
    clean = _text(label, label=_("Nama kelompok"), required=True, limit=200)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.is_closed:
            raise ConflictError(
                _("Survei yang sudah ditutup tidak dapat diubah."), code=SurveyError.CLOSED
            )
        if not survey.for_public:
            raise _invalid(
                _("Survei ini hanya untuk pegawai; ubah respondennya untuk membuat tautan publik.")
            )
        if survey.groups.count() >= MAX_GROUPS:
            raise _invalid(_("Paling banyak %(n)d kelompok per survei.") % {"n": MAX_GROUPS})
        unit = _service_unit(survey, service_unit_id)
        last = (
            survey.groups.filter(kind=RespondentGroup.Kind.PUBLIC)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        group = RespondentGroup.objects.create(
            survey=survey,
            kind=RespondentGroup.Kind.PUBLIC,
            label=clean,
            service_unit=unit,
            link_token=link_token_new(),
            population=_population(population),
            shared_device=bool(shared_device),
            order=(last or 0) + 1,
        )
        timeline_record(
            subject=survey,
            type="survey_group_added",
            actor=actor,
            data={"group": group.pk, "label": clean, "shared_device": group.shared_device},
        )
    return group


def group_update(
    *,
    group: RespondentGroup,
    actor: Any,
    label: Any = None,
    service_unit_id: Any = _UNSET,
    population: Any = _UNSET,
    shared_device: Any = None,
    is_active: Any = None,
) -> RespondentGroup:
    """Change a group. A staff group's name and OPD follow the OPD; only its population may be
    set by hand. The population is fixed once the survey is closed (it weighs the published
    margin of error)."""
    with transaction.atomic():
        survey = _locked(group.survey)
        if survey.is_closed:
            raise ConflictError(
                _("Survei yang sudah ditutup tidak dapat diubah."), code=SurveyError.CLOSED
            )
        group = RespondentGroup.objects.select_for_update().get(pk=group.pk)
        public = group.kind == RespondentGroup.Kind.PUBLIC
        changed: dict[str, Any] = {}
        if label is not None and public:
            changed["label"] = _text(label, label=_("Nama kelompok"), required=True, limit=200)
        if service_unit_id is not _UNSET and public:
            unit = _service_unit(survey, service_unit_id)
            changed["service_unit_id"] = unit.pk if unit else None
        if population is not _UNSET:
            changed["population"] = _population(population)
        if shared_device is not None and public:
            changed["shared_device"] = bool(shared_device)
        if is_active is not None and public:
            changed["is_active"] = bool(is_active)
        changed = {k: v for k, v in changed.items() if getattr(group, k) != v}
        if not changed:
            return group
        for key, value in changed.items():
            setattr(group, key, value)
        group.save(update_fields=list(changed))
        timeline_record(
            subject=survey,
            type="survey_group_updated",
            actor=actor,
            data={"group": group.pk, **changed},
        )
    return group


def group_remove(*, group: RespondentGroup, actor: Any) -> None:
    """Remove a public group nobody answered through (otherwise deactivate its link)."""
    with transaction.atomic():
        survey = _locked(group.survey)
        if survey.is_closed:
            raise ConflictError(
                _("Survei yang sudah ditutup tidak dapat diubah."), code=SurveyError.CLOSED
            )
        if group.kind != RespondentGroup.Kind.PUBLIC:
            raise _invalid(_("Kelompok pegawai mengikuti OPD dan tidak dapat dihapus."))
        if Response.objects.filter(group_id=group.pk).exists():
            raise ConflictError(
                _("Sudah ada jawaban lewat tautan ini; nonaktifkan tautannya saja."),
                code=SurveyError.GROUP_HAS_RESPONSES,
            )
        data = {"removed_group": group.pk, "label": group.label}
        group.delete()
        timeline_record(subject=survey, type="survey_group_removed", actor=actor, data=data)


# --- opening and closing -------------------------------------------------------------------


def survey_open(*, survey: Survey, actor: Any, today: dt.date, now: dt.datetime) -> Survey:
    """Open a draft for answers: the questionnaire must be complete; staff groups are made for
    every top-level OPD, and a public survey gets a default link if it has none."""
    with transaction.atomic():
        survey = _locked(survey)
        if not survey.is_draft:
            raise ConflictError(
                _("Hanya konsep survei yang dapat dibuka."), code=SurveyError.NOT_DRAFT
            )
        problems = questionnaire_check(survey=survey)
        if problems:
            raise ApplicationError(
                " ".join(problems),
                code=SurveyError.QUESTIONNAIRE_INVALID,
                extra={"problems": problems},
            )
        if survey.closes_on is not None and survey.closes_on < today:
            raise _invalid(_("Tanggal tutup sudah lewat; ubah dulu tanggal tutupnya."))
        if survey.opens_on is None:
            survey.opens_on = today
        if survey.for_staff:
            staff_groups_sync(survey=survey)
        if survey.for_public:
            _public_default_group(survey)
        survey.status = Survey.Status.OPEN
        survey.opened_at = now
        survey.item_count = Item.objects.filter(dimension__survey=survey).count()
        survey.save(update_fields=["status", "opened_at", "opens_on", "item_count", "updated_at"])
        timeline_record(
            subject=survey,
            type="survey_opened",
            actor=actor,
            data={
                "opens_on": survey.opens_on.isoformat(),
                "closes_on": survey.closes_on.isoformat() if survey.closes_on else None,
                "items": survey.item_count,
                "groups": survey.groups.count(),
            },
        )
    return survey


def survey_close(*, survey: Survey, actor: Any, now: dt.datetime, confirm: bool) -> Survey:
    """Close an open survey: no more answers; results (groups at or above the minimum size)
    are shown from now on. Final."""
    if not confirm:
        raise _invalid(_("Centang konfirmasi untuk menutup survei."), SurveyError.CONFIRM_REQUIRED)
    with transaction.atomic():
        survey = _locked(survey)
        if not survey.is_open:
            raise ConflictError(
                _("Hanya survei yang sedang dibuka yang dapat ditutup."),
                code=SurveyError.NOT_OPEN,
            )
        survey.status = Survey.Status.CLOSED
        survey.closed_at = now
        survey.save(update_fields=["status", "closed_at", "updated_at"])
        timeline_record(
            subject=survey,
            type="survey_closed",
            actor=actor,
            data={"responses": Response.objects.filter(survey_id=survey.pk).count()},
        )
    return survey


def survey_close_if_due(*, survey: Survey, today: dt.date, now: dt.datetime) -> Survey:
    """Close an open survey whose closing date has passed (called from reads; idempotent)."""
    closes_on = survey.closes_on
    if survey.is_open and closes_on is not None and closes_on < today:
        with transaction.atomic():
            locked = _locked(survey)
            if locked.is_open:
                locked.status = Survey.Status.CLOSED
                locked.closed_at = now
                locked.save(update_fields=["status", "closed_at", "updated_at"])
                timeline_record(
                    subject=locked,
                    type="survey_closed",
                    actor="sistem",
                    data={"reason": "closes_on", "closes_on": closes_on.isoformat()},
                )
            return locked
    return survey


# --- responses -----------------------------------------------------------------------------


def items_ordered(*, survey: Survey) -> list[Item]:
    """The items in packed order: by dimension order, then item order."""
    return list(
        Item.objects.filter(dimension__survey_id=survey.pk)
        .select_related("dimension")
        .order_by("dimension__order", "dimension_id", "order", "id")
    )


def answers_pack(*, items: Sequence[Item], answers: Mapping[int, int | None]) -> bytes:
    """One byte per item in packed order (0 = not answered). `answers` maps an item id to the
    answer: a Likert item's scale value, or a multiple-choice option's number (1 = the first).
    Required items must be answered, and at least one item must be."""
    known = {item.pk for item in items}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise _invalid(
            _("Jawaban untuk butir yang tidak ada di kuesioner ini."), SurveyError.ANSWERS_INVALID
        )
    out = bytearray(len(items))
    missing: list[int] = []
    for index, item in enumerate(items):
        value = answers.get(item.pk)
        if value is None:
            if item.required:
                missing.append(index + 1)
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid(
                _("Jawaban butir %(n)d tidak sah.") % {"n": index + 1}, SurveyError.ANSWERS_INVALID
            )
        if item.kind == Item.Kind.LIKERT:
            code = value - item.scale_min + 1
            points = item.scale_max - item.scale_min + 1
        else:
            code, points = value, len(item.options)
        if not 1 <= code <= points:
            raise _invalid(
                _("Jawaban butir %(n)d di luar pilihan.") % {"n": index + 1},
                SurveyError.ANSWERS_INVALID,
            )
        out[index] = code
    if missing:
        numbers = ", ".join(str(n) for n in missing[:10])
        raise ApplicationError(
            _("Butir berikut wajib dijawab: %(numbers)s.") % {"numbers": numbers},
            code=SurveyError.ANSWERS_INVALID,
            extra={"missing": missing},
        )
    if not any(out):
        raise _invalid(_("Jawab paling sedikit satu pertanyaan."), SurveyError.ANSWERS_INVALID)
    return bytes(out)


def _answerable(survey: Survey, revision: int, today: dt.date) -> None:
    if survey.is_draft:
        raise ConflictError(_("Survei ini belum dibuka."), code=SurveyError.NOT_OPEN)
    if survey.is_closed or (survey.closes_on is not None and today > survey.closes_on):
        raise ConflictError(
            _("Survei ini sudah ditutup. Terima kasih atas perhatian Anda."),
            code=SurveyError.CLOSED,
        )
    if survey.opens_on is not None and today < survey.opens_on:
        raise ConflictError(
            _("Survei ini baru dapat diisi mulai %(date)s.")
            % {"date": survey.opens_on.strftime("%d-%m-%Y")},
            code=SurveyError.NOT_STARTED,
        )
    if revision != survey.revision:
        raise ConflictError(
            _("Kuesioner baru saja diubah. Muat ulang halaman dan isi kembali."),
            code=SurveyError.REVISION_CHANGED,
        )


def _response_insert(survey: Survey, group_id: int, packed: bytes) -> None:
    """Insert the response with a random id; a clash of two random 63-bit ids (about one in
    10^12 at a million rows) is retried with a new one."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Response.objects.create(
                    id=response_id_new(), survey_id=survey.pk, group_id=group_id, answers=packed
                )
            return
        except IntegrityError:
            continue
    raise ConflictError(  # pragma: no cover - three clashes in a row do not happen
        _("Jawaban belum tersimpan; coba kirim sekali lagi."), code=SurveyError.INVALID
    )


def staff_group_for(*, survey: Survey, employee: Employee) -> RespondentGroup:
    """The staff group of the employee's top-level OPD now (made if the OPD is new)."""
    root = opd_root_ids(pemda_id=survey.pemda_id).get(employee.opd_id, employee.opd_id)
    group = survey.groups.filter(kind=RespondentGroup.Kind.STAFF, opd_id=root).first()
    if group is None:
        staff_groups_sync(survey=survey)
        group = survey.groups.filter(kind=RespondentGroup.Kind.STAFF, opd_id=root).first()
    if group is None:  # an inactive top-level OPD with active staff
        opd = Opd.objects.get(pk=root)
        group = RespondentGroup.objects.create(
            survey=survey,
            kind=RespondentGroup.Kind.STAFF,
            label=opd.short_name or opd.name,
            opd=opd,
            order=999,
        )
    return group


def staff_response_submit(
    *,
    survey: Survey,
    employee: Employee | None,
    answers: Mapping[int, int | None],
    revision: int,
    today: dt.date,
) -> None:
    """A civil servant's anonymous answers. The response row gets the group (their top-level
    OPD now) and the packed answers; a separate participation row, with no link to it, stops
    a second answer. Returns nothing: there is nothing about it to show anyone."""
    if employee is None or not employee.is_active or employee.pemda_id != survey.pemda_id:
        raise ApplicationError(
            _("Hanya pegawai aktif pemda ini yang dapat mengisi survei pegawai."),
            code=SurveyError.NOT_AN_EMPLOYEE,
        )
    try:
        with transaction.atomic():
            locked = _locked(survey)
            if not locked.for_staff:
                raise ConflictError(_("Survei ini tidak untuk pegawai."), code=SurveyError.NOT_OPEN)
            _answerable(locked, revision, today)
            if StaffParticipation.objects.filter(survey=locked, employee=employee).exists():
                raise ConflictError(
                    _("Anda sudah mengisi survei ini. Terima kasih."),
                    code=SurveyError.ALREADY_ANSWERED,
                )
            packed = answers_pack(items=items_ordered(survey=locked), answers=answers)
            group = staff_group_for(survey=locked, employee=employee)
            StaffParticipation.objects.create(survey=locked, employee=employee)
            _response_insert(locked, group.pk, packed)
    except IntegrityError:  # the same employee, twice at the same moment
        raise ConflictError(
            _("Anda sudah mengisi survei ini. Terima kasih."), code=SurveyError.ALREADY_ANSWERED
        ) from None


def public_response_submit(
    *,
    group: RespondentGroup,
    answers: Mapping[int, int | None],
    revision: int,
    today: dt.date,
    client: str | None = None,
    answered_before: bool = False,
) -> None:
    """A service user's anonymous answers through a public link. `client` (a keyed hash of the
    address, sehati/core/throttle.py) only counts against the limit; `answered_before` is the
    browser's own flag (a cookie session) and refuses a second answer unless the link is for a
    shared counter device. Nothing else can deduplicate without identifying people."""
    if client is not None and throttle_exceeded(
        scope="survey_public", client=client, limit=PUBLIC_LIMIT
    ):
        raise ThrottledError(
            _("Terlalu banyak jawaban dari perangkat ini. Coba lagi beberapa menit lagi."),
            code=SurveyError.THROTTLED,
        )
    if answered_before and not group.shared_device:
        raise ConflictError(
            _("Anda sudah mengisi survei ini dari perangkat ini. Terima kasih."),
            code=SurveyError.ALREADY_ANSWERED,
        )
    with transaction.atomic():
        survey = _locked(group.survey)
        current = RespondentGroup.objects.get(pk=group.pk)
        if not current.is_active or not survey.for_public:
            raise ConflictError(
                _("Tautan survei ini sudah tidak aktif."), code=SurveyError.GROUP_INACTIVE
            )
        _answerable(survey, revision, today)
        packed = answers_pack(items=items_ordered(survey=survey), answers=answers)
        _response_insert(survey, current.pk, packed)
    if client is not None:
        throttle_count(scope="survey_public", client=client, window_seconds=PUBLIC_WINDOW)


def responses_bulk_insert(
    *, survey: Survey, rows: Iterable[tuple[int, bytes]], batch_size: int = 2000
) -> int:
    """Insert many (group id, packed answers) rows at once, e.g. the demo data. Not for
    respondents (they go through the submit services). Returns the count."""
    batch: list[Response] = []
    count = 0
    for group_id, packed in rows:
        if len(packed) != survey.item_count:
            raise ValueError("packed answers must have one byte per item")
        batch.append(Response(survey_id=survey.pk, group_id=group_id, answers=packed))
        if len(batch) >= batch_size:
            Response.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        Response.objects.bulk_create(batch)
        count += len(batch)
    return count
