from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.reports.models import GiftReport
from sehati.reports.selfcheck import CATEGORY_LABELS, FORM_LABELS, MAX_IDR, RELATION_LABELS
from sehati.rules.assess import Gift
from sehati.rules.rulesets import Category, Form, Relation

YES_NO = [("tidak", _("Tidak")), ("ya", _("Ya"))]


class RupiahField(forms.Field):
    """Accepts 1500000, 1.500.000 or Rp1.500.000; never decimals or negatives (integer rupiah).

    A blank optional field is 0; a blank required one asks for an estimate."""

    default_error_messages = {
        "required": _("Isi perkiraan nilai; bila tidak tahu, perkirakan harga pasarnya."),
    }

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()[:40].replace("Rp", "").replace("rp", "").replace(" ", "")
        if not text:
            return None if self.required else 0
        if text.count(",") or not text.replace(".", "").isdigit():
            raise forms.ValidationError(_("Tulis nilai dalam rupiah bulat, mis. 1.500.000."))
        amount = int(text.replace(".", ""))
        if amount > MAX_IDR:
            raise forms.ValidationError(_("Nilai terlalu besar."))
        return amount


def _not_before_2015(day: dt.date) -> dt.date:
    """The calendar and rule sets SEHATI ships start in 2015."""
    if day.year < 2015:
        raise forms.ValidationError(_("SEHATI menghitung untuk pemberian sejak tahun 2015."))
    return day


class SelfCheckForm(forms.Form):
    received_on = forms.DateField(
        label=_("1. Kapan pemberian itu Anda terima (atau ditawarkan)?"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    giver_relation = forms.ChoiceField(
        label=_("2. Siapa pemberinya?"),
        choices=[(k.value, v) for k, v in RELATION_LABELS.items()],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("3. Dalam rangka apa pemberian itu?"),
        choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()],
    )
    form = forms.ChoiceField(
        label=_("4. Apa bentuknya?"),
        choices=[(k.value, v) for k, v in FORM_LABELS.items()],
    )
    value_idr = RupiahField(
        label=_("5. Berapa perkiraan nilainya (Rp)?"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "1.500.000", "maxlength": "30"}
        ),
    )
    same_giver_year_total_idr = RupiahField(
        label=_("6. Berapa jumlah pemberian lain dari pemberi yang sama sepanjang tahun ini (Rp)?"),
        required=False,
        help_text=_(
            "Isi 0 bila tidak ada. Penting untuk hadiah dari rekan kerja yang dibatasi per tahun."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "0", "maxlength": "30"}
        ),
    )
    conflict_of_interest = forms.ChoiceField(
        label=_("7. Apakah pemberi sedang atau akan berurusan dengan tugas atau jabatan Anda?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="tidak",
        help_text=_(
            "Mis. sedang mengurus izin di unit Anda, ikut pengadaan, atau dinilai oleh Anda."
        ),
    )
    to_institution = forms.ChoiceField(
        label=_("8. Apakah pemberian ditujukan kepada instansi, bukan kepada Anda pribadi?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="tidak",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["received_on"].initial = today

    def clean_received_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["received_on"]
        if day > self.today + dt.timedelta(days=366):
            raise forms.ValidationError(_("Tanggal terlalu jauh di masa depan."))
        return _not_before_2015(day)

    def to_gift(self) -> Gift:
        d = self.cleaned_data
        return Gift(
            received_on=d["received_on"],
            category=Category(d["category"]),
            form=Form(d["form"]),
            value_idr=d["value_idr"],
            giver_relation=Relation(d["giver_relation"]),
            same_giver_year_total_idr=d.get("same_giver_year_total_idr") or 0,
            conflict_of_interest=d["conflict_of_interest"] == "ya",
            to_institution=d["to_institution"] == "ya",
        )


class ReportForm(forms.ModelForm):  # type: ignore[type-arg]
    """The KPK report form (GRATIFICATION_LAW.md §2.3) for a draft; `form_token` makes a double
    submission of the same page create one report."""

    giver_relation = forms.ChoiceField(
        label=_("Hubungan dengan pemberi"),
        choices=[(k.value, v) for k, v in RELATION_LABELS.items()],
    )
    category = forms.ChoiceField(
        label=_("Dalam rangka / peristiwa"),
        choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()],
    )
    same_giver_year_total_idr = RupiahField(
        label=_("Pemberian lain dari pemberi yang sama tahun ini (Rp)"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "0", "maxlength": "30"}
        ),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    class Meta:
        model = GiftReport
        fields = [
            "kind",
            "received_on",
            "place",
            "giver_name",
            "giver_relation",
            "giver_occupation",
            "giver_agency",
            "giver_address",
            "category",
            "same_giver_year_total_idr",
            "description",
            "giver_reason",
            "chronology",
            "conflict_of_interest",
            "to_institution",
            "object_location",
            "distributed_to",
            "distributed_on",
            "compensation_requested",
            "reporter_nik",
            "reporter_address",
            "reporter_phone",
            "confidential",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "distributed_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "giver_reason": forms.Textarea(attrs={"rows": 2}),
            "chronology": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["received_on"]
        if day > self.today:
            raise forms.ValidationError(_("Tanggal penerimaan tidak boleh di masa depan."))
        return _not_before_2015(day)

    def clean_reporter_nik(self) -> str:
        nik = str(self.cleaned_data.get("reporter_nik") or "").strip()
        if nik and not (len(nik) == 16 and nik.isdigit()):
            raise forms.ValidationError(_("NIK harus 16 digit angka."))
        return nik

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("object_location") == GiftReport.ObjectLocation.DISTRIBUTED and not (
            data.get("distributed_to") and data.get("distributed_on")
        ):
            self.add_error(
                "distributed_to",
                _("Isi lembaga penerima dan tanggal penyaluran; lampirkan fotonya sebagai bukti."),
            )
        return data

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "form_token"}


class ItemForm(forms.Form):
    """One object of the report; a blank extra row is ignored."""

    description = forms.CharField(label=_("Nama/uraian objek"), max_length=300)
    form = forms.ChoiceField(
        label=_("Bentuk"), choices=[(k.value, v) for k, v in FORM_LABELS.items()]
    )
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=100_000, initial=1)
    value_idr = RupiahField(
        label=_("Perkiraan nilai (Rp)"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "1.500.000", "maxlength": "30"}
        ),
    )

    def has_changed(self) -> bool:
        # A row counts as filled when it has a description or a value; the form and quantity
        # columns always carry a default and do not make an empty row a new object.
        return any(
            str(self.data.get(self.add_prefix(name), "") or "").strip()
            for name in ("description", "value_idr")
        )


class _ItemFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def items(self) -> list[dict[str, Any]]:
        return [
            {k: f.cleaned_data[k] for k in ("description", "form", "quantity", "value_idr")}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


ItemFormSet = cast(
    type[_ItemFormSet],
    forms.formset_factory(
        ItemForm,
        formset=_ItemFormSet,
        extra=2,
        min_num=1,
        validate_min=True,
        max_num=50,
        validate_max=True,
        can_delete=True,
    ),
)


class ReporterPickForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP pelapor (laporan kertas yang dibawa pelapor)"),
        min_length=18,
        max_length=18,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nip(self) -> str:
        nip = str(self.cleaned_data["nip"]).strip()
        if not nip.isdigit():
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
        return nip
