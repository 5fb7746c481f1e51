"""Forms of the sanction rule pages: they parse input; the rules live in
`sehati.sanctions.rules_admin` (a refused value comes back as an error on its field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.rules.tpp import MAX_MONTHS
from sehati.sanctions.rules_admin import RULE_FIELDS, RuleData

_CONTROL = {"class": "form-control"}


class SanctionRuleForm(forms.Form):
    code = forms.CharField(
        label=_("Kode aturan"),
        max_length=64,
        help_text=_("Singkat dan unik di pemda ini, tanpa spasi, mis. perbup-68-2020-17d."),
        widget=forms.TextInput(attrs={**_CONTROL, "autocomplete": "off"}),
    )
    percent = forms.IntegerField(
        label=_("Persen potongan TPP"),
        min_value=1,
        max_value=100,
        help_text=_("Bagian TPP bulanan yang dipotong, 1 sampai 100."),
        widget=forms.NumberInput(attrs={**_CONTROL, "inputmode": "numeric"}),
    )
    months = forms.IntegerField(
        label=_("Lama potongan (bulan)"),
        min_value=1,
        max_value=MAX_MONTHS,
        help_text=_("Berapa bulan berturut-turut, mulai bulan putusan, 1 sampai 12."),
        widget=forms.NumberInput(attrs={**_CONTROL, "inputmode": "numeric"}),
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        max_length=500,
        help_text=_("Peraturan yang menetapkan sanksi ini, mis. Perbup 68/2020 Pasal 17D."),
        widget=forms.Textarea(attrs={**_CONTROL, "rows": 2}),
    )
    valid_from = forms.DateField(
        label=_("Berlaku sejak"),
        widget=forms.DateInput(attrs={**_CONTROL, "type": "date"}, format="%Y-%m-%d"),
    )
    valid_until = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        help_text=_("Kosongkan bila masih berlaku."),
        widget=forms.DateInput(attrs={**_CONTROL, "type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        """`locked`: the rule decided a case; only its end date may change."""
        super().__init__(*args, **kwargs)
        if locked:
            for name in RULE_FIELDS:
                if name != "valid_until":
                    self.fields[name].disabled = True

    def to_data(self) -> RuleData:
        return RuleData(**{name: self.cleaned_data[name] for name in RULE_FIELDS})

    def to_changes(self) -> dict[str, Any]:
        """The fields the user may change, as sent (disabled fields keep their value)."""
        return {n: self.cleaned_data[n] for n in RULE_FIELDS if not self.fields[n].disabled}
