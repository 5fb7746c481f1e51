"""Forms of the UP3 registry pages: they parse input; the rules live in
`sehati.monitoring.registry` (a refused value comes back as an error on its field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.monitoring.models import ChecklistItem, Finding, ProneService
from sehati.org.models import Kecamatan, ServiceUnit

_DATE = {"type": "date"}


class MonitorForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), empty_label=_("(pilih)")
    )
    term_start = forms.DateField(label=_("Masa tugas mulai"), widget=forms.DateInput(attrs=_DATE))
    term_end = forms.DateField(label=_("Masa tugas selesai"), widget=forms.DateInput(attrs=_DATE))
    decree_number = forms.CharField(
        label=_("Nomor SK pengangkatan"),
        max_length=120,
        help_text=_("Keputusan bupati/wali kota tentang anggota UP3."),
    )
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=forms.DateInput(attrs=_DATE))
    phone = forms.CharField(label=_("Telepon/WA"), max_length=50, required=False)
    email = forms.CharField(
        label=_("Surel"),
        max_length=254,
        required=False,
        help_text=_("Dipakai untuk akun pemantau dan pemulihan kata sandi."),
    )
    is_coordinator = forms.BooleanField(label=_("Koordinator UP3"), required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, pemda_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(  # type: ignore[attr-defined]
            pemda_id=pemda_id
        ).order_by("name")

    def to_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["kecamatan_id"] = d.pop("kecamatan").pk
        return d


class ProneServiceForm(forms.Form):
    service_unit = forms.ModelChoiceField(
        label=_("Unit layanan"), queryset=ServiceUnit.objects.none(), empty_label=_("(pilih)")
    )
    area = forms.ChoiceField(label=_("Bidang"), choices=ProneService.Area.choices)
    name = forms.CharField(
        label=_("Layanan yang rawan"),
        max_length=200,
        help_text=_("Misalnya: penerbitan KTP-el, surat keterangan sehat, izin usaha."),
    )
    risk_note = forms.CharField(
        label=_("Catatan kerawanan"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mengapa layanan ini rawan: pola pungutan, aduan sebelumnya, dsb."),
    )

    def __init__(
        self, *args: Any, pemda_id: int, current_unit_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        units = ServiceUnit.objects.filter(pemda_id=pemda_id, is_active=True)
        if current_unit_id is not None:  # an edited entry keeps a unit deactivated since
            units = ServiceUnit.objects.filter(pemda_id=pemda_id, pk=current_unit_id) | units
        field = self.fields["service_unit"]
        field.queryset = units.select_related("kecamatan", "opd").order_by(  # type: ignore[attr-defined]
            "kecamatan__name", "name", "id"
        )
        field.label_from_instance = _unit_label  # type: ignore[attr-defined]

    def to_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["service_unit_id"] = d.pop("service_unit").pk
        return d


def _unit_label(unit: ServiceUnit) -> str:
    where = unit.kecamatan.name if unit.kecamatan else _("tanpa kecamatan")
    return f"{where} — {unit.name} ({unit.opd})"


_CATEGORY_CHOICES = [("", _("(tidak ada)")), *Finding.Category.choices]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan"), max_length=300)
    good_answer = forms.ChoiceField(
        label=_("Jawaban yang sesuai"),
        choices=ChecklistItem.Answer.choices,
        initial=ChecklistItem.Answer.YES,
        help_text=_("Jawaban di unit layanan yang patuh; jawaban lain menyarankan temuan."),
    )
    finding_category = forms.ChoiceField(
        label=_("Kategori temuan bila tidak sesuai"), choices=_CATEGORY_CHOICES, required=False
    )


class ChecklistItemEditForm(ChecklistItemForm):
    position = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=32_767)
    is_active = forms.BooleanField(label=_("Aktif"), required=False)


class ChecklistActionForm(forms.Form):
    """The buttons of the checklist page: move an item, (de)activate it, install the defaults."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("up", "down", "deactivate", "activate", "defaults")]
    )
    item = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
