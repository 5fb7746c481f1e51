"""Forms of public tips."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.monitoring.models import Tip
from sehati.org.models import ServiceUnit


class TipForm(forms.Form):
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Misalnya: petugas meminta uang tambahan untuk mempercepat surat. Jangan menulis "
            "nama Anda bila ingin tetap anonim."
        ),
    )
    service_unit = forms.ModelChoiceField(
        label=_("Di unit layanan mana? (bila tahu)"),
        queryset=ServiceUnit.objects.none(),
        required=False,
        empty_label=_("(tidak tahu / lainnya)"),
    )
    location = forms.CharField(
        label=_("Tempat (bila bukan unit di atas)"), max_length=300, required=False
    )
    happened_on = forms.DateField(
        label=_("Tanggal kejadian"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact = forms.CharField(
        label=_("Kontak Anda (opsional: telepon atau e-mail)"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk mengadu tanpa identitas."),
    )

    def __init__(self, *args: Any, pemda: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["service_unit"].queryset = ServiceUnit.objects.filter(  # type: ignore[attr-defined]
            pemda=pemda, is_active=True
        ).order_by("name")
        self.fields["happened_on"].widget.attrs["max"] = today.isoformat()

    def clean_happened_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("happened_on")
        if day is not None and day > self.today:
            raise forms.ValidationError(_("Tanggal kejadian tidak boleh sesudah hari ini."))
        return day


class TipLookupForm(forms.Form):
    receipt_code = forms.CharField(label=_("Kode aduan"), max_length=40)
    body = forms.CharField(
        label=_("Jawaban untuk UPG"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TipMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Pesan kepada pengadu"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    ask = forms.BooleanField(label=_("Minta keterangan tambahan dari pengadu"), required=False)


class TipStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=Tip.Status.choices)
    outcome = forms.CharField(
        label=_("Hasil penanganan (dibaca pengadu)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
