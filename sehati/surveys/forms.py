"""Forms of internal surveys. They parse input for one service each; the rules live in
`sehati.surveys.services`."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.org.models import ServiceUnit
from sehati.surveys.models import (
    CHOICE_MAX_OPTIONS,
    MIN_GROUP_FLOOR,
    Dimension,
    Item,
    RespondentGroup,
    Survey,
)
from sehati.surveys.selectors import item_choices
from sehati.surveys.services import DimensionData, ItemData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ITEM_ROWS_EXTRA = 3  # empty rows under the items; one more page load adds more
MAX_ITEM_ROWS = 60


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Misalnya: Survei integritas internal 2026 — budaya antigratifikasi."),
    )
    description = forms.CharField(
        label=_("Pengantar untuk responden"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tampil di atas kuesioner. Jelaskan tujuan survei dan bahwa jawaban anonim."),
    )
    audience = forms.ChoiceField(label=_("Responden"), choices=Survey.Audience.choices)
    min_group_size = forms.IntegerField(
        label=_("Ukuran kelompok minimal"),
        min_value=MIN_GROUP_FLOOR,
        max_value=1000,
        initial=10,
        help_text=_(
            "Hasil kelompok dengan responden lebih sedikit dari angka ini tidak ditampilkan "
            "(paling kecil %(n)d)."
        )
        % {"n": MIN_GROUP_FLOOR},
    )
    opens_on = forms.DateField(label=_("Dibuka mulai"), widget=DATE, required=False)
    closes_on = forms.DateField(
        label=_("Ditutup pada"),
        widget=DATE,
        required=False,
        help_text=_("Sesudah tanggal ini jawaban tidak diterima dan survei ditutup."),
    )

    def __init__(self, *args: Any, survey: Survey | None = None, **kwargs: Any) -> None:
        if survey is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": survey.title,
                "description": survey.description,
                "audience": survey.audience,
                "min_group_size": survey.min_group_size,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opens_on"), data.get("closes_on")
        if start and end and end < start:
            self.add_error("closes_on", _("Tanggal tutup tidak boleh sebelum tanggal buka."))
        return data


class DimensionForm(forms.Form):
    name = forms.CharField(label=_("Nama dimensi"), max_length=200)
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.DecimalField(
        label=_("Bobot"),
        min_value=Decimal("0.01"),
        max_value=Decimal(1000),
        decimal_places=2,
        initial=Decimal(1),
        help_text=_("Indeks keseluruhan = rata-rata indeks dimensi berbobot."),
    )
    order = forms.IntegerField(label=_("Urutan"), min_value=1, max_value=999, required=False)


_OPTION_LINE = re.compile(r"^(?P<label>.+?)\s*[=|]\s*(?P<score>-?\d+(?:[.,]\d+)?)\s*$")


class ItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    text = forms.CharField(
        label=_("Pertanyaan"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=Item.Kind.choices, initial="likert")
    scale_min = forms.IntegerField(
        label=_("Skala dari"), min_value=-10, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("sampai"), min_value=-10, max_value=10, initial=5, required=False
    )
    reversed = forms.BooleanField(label=_("Butir terbalik (setuju = buruk)"), required=False)
    options = forms.CharField(
        label=_("Pilihan"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Pilihan ganda: satu pilihan per baris, 'label = skor' (skor tertinggi = jawaban "
            "terbaik). Likert: kosongkan, atau tulis label setiap titik skala, satu per baris."
        ),
    )
    required = forms.BooleanField(label=_("Wajib dijawab"), required=False, initial=True)
    DELETE = forms.BooleanField(label=_("Hapus butir ini"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        lines = [ln.strip() for ln in (data.get("options") or "").splitlines() if ln.strip()]
        parsed: list[tuple[str, float | None]] = []
        if kind == Item.Kind.CHOICE and data.get("text"):
            for line in lines:
                match = _OPTION_LINE.match(line)
                if match is None:
                    self.add_error(
                        "options",
                        _("Baris '%(line)s' harus berbentuk 'label = skor'.") % {"line": line[:60]},
                    )
                    break
                score = float(match["score"].replace(",", "."))
                parsed.append((match["label"].strip(), score))
            if len(lines) > CHOICE_MAX_OPTIONS:
                self.add_error(
                    "options", _("Paling banyak %(n)d pilihan.") % {"n": CHOICE_MAX_OPTIONS}
                )
        elif kind == Item.Kind.LIKERT:
            parsed = [(line, None) for line in lines]
            if data.get("text") and (
                data.get("scale_min") is None or data.get("scale_max") is None
            ):
                self.add_error("scale_max", _("Isi kedua ujung skala."))
        data["parsed_options"] = parsed
        return data

    def to_item(self) -> ItemData | None:
        d = self.cleaned_data
        if d.get("DELETE") or not (d.get("text") or "").strip():
            return None
        return ItemData(
            id=d.get("id"),
            text=d["text"],
            kind=d["kind"],
            scale_min=int(d["scale_min"]) if d.get("scale_min") is not None else 1,
            scale_max=int(d["scale_max"]) if d.get("scale_max") is not None else 5,
            reversed=bool(d.get("reversed")),
            options=d.get("parsed_options") or (),
            required=bool(d.get("required")),
        )


ItemFormSet = forms.formset_factory(
    ItemForm, extra=ITEM_ROWS_EXTRA, max_num=MAX_ITEM_ROWS, validate_max=True
)


def item_formset(data: Any, *, dimension: Dimension | None) -> Any:
    """The items of a dimension as a formset (its items first, then empty rows)."""
    initial = []
    if dimension is not None:
        for item in dimension.items.all():
            if item.kind == Item.Kind.CHOICE:
                options = "\n".join(
                    f"{o['label']} = {_number(o['score'])}" for o in item.options or []
                )
            else:
                options = "\n".join(str(o.get("label", "")) for o in item.options or [])
            initial.append(
                {
                    "id": item.pk,
                    "text": item.text,
                    "kind": item.kind,
                    "scale_min": item.scale_min if item.kind == Item.Kind.LIKERT else 1,
                    "scale_max": item.scale_max if item.kind == Item.Kind.LIKERT else 5,
                    "reversed": item.reversed,
                    "options": options,
                    "required": item.required,
                }
            )
    return ItemFormSet(data, initial=initial, prefix="item")


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def dimension_data(form: DimensionForm, items: Any) -> DimensionData:
    d = form.cleaned_data
    rows = [f.to_item() for f in items.forms if f.is_valid()]
    return DimensionData(
        name=d["name"],
        description=d["description"],
        weight=d["weight"],
        items=[r for r in rows if r is not None],
    )


class GroupForm(forms.Form):
    label = forms.CharField(
        label=_("Nama kelompok"),
        max_length=200,
        help_text=_("Misalnya: Loket Disdukcapil, Puskesmas Kandangan, Masyarakat umum."),
    )
    service_unit = forms.ModelChoiceField(
        label=_("Unit layanan (tidak wajib)"), queryset=ServiceUnit.objects.none(), required=False
    )
    population = forms.IntegerField(
        label=_("Jumlah populasi (tidak wajib)"),
        min_value=1,
        max_value=100_000_000,
        required=False,
        help_text=_(
            "Misalnya jumlah pengguna layanan selama masa survei; dipakai untuk koreksi "
            "populasi terbatas pada margin of error."
        ),
    )
    shared_device = forms.BooleanField(
        label=_("Perangkat bersama di loket (tablet/kios)"),
        required=False,
        help_text=_(
            "Banyak responden mengisi dari satu perangkat: tanda 'sudah mengisi' di peramban "
            "tidak dipakai, hanya batas jumlah jawaban per perangkat."
        ),
    )
    is_active = forms.BooleanField(label=_("Tautan aktif"), required=False, initial=True)

    def __init__(
        self, *args: Any, survey: Survey, group: RespondentGroup | None = None, **kwargs: Any
    ) -> None:
        if group is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": group.label,
                "service_unit": group.service_unit_id,
                "population": group.population,
                "shared_device": group.shared_device,
                "is_active": group.is_active,
            }
        super().__init__(*args, **kwargs)
        self.fields["service_unit"].queryset = ServiceUnit.objects.filter(  # type: ignore[attr-defined]
            pemda_id=survey.pemda_id, is_active=True
        ).order_by("name")
        if group is not None and group.kind == RespondentGroup.Kind.STAFF:
            for name in ("label", "service_unit", "shared_device", "is_active"):
                del self.fields[name]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa langkah ini tidak dapat dibatalkan."), required=True
    )


class RespondForm(forms.Form):
    """One radio group per item, named q<item id>; the questionnaire's revision rides along."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            self.fields[f"q{item.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {item.text}",
                choices=[(str(v), label) for v, label in item_choices(item)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int | None]:
        return {item.pk: self.cleaned_data.get(f"q{item.pk}") for item in self.items}

    def sections(self, dimensions: list[Dimension]) -> list[tuple[Dimension, list[Any]]]:
        """The questionnaire by dimension: (dimension, [(number, item, bound field)])."""
        by_dimension: dict[int, list[Any]] = {}
        for number, item in enumerate(self.items, start=1):
            by_dimension.setdefault(item.dimension_id, []).append(
                (number, item, self[f"q{item.pk}"])
            )
        return [(d, by_dimension[d.pk]) for d in dimensions if d.pk in by_dimension]
