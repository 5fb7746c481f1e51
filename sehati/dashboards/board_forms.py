"""The filter of every dashboard: year, period and OPD (within the viewer's scope)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.dashboards.boards import PERIODS

FIRST_YEAR = 2015


class BoardFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        error_messages={"invalid": _("Tahun harus berupa angka, mis. 2026.")},
    )
    periode = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        choices=[(k, v[0]) for k, v in PERIODS.items()],
        error_messages={"invalid_choice": _("Periode tidak dikenal; dipakai setahun penuh.")},
    )
    opd: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("OPD tidak ada dalam lingkup Anda.")},
    )

    def __init__(
        self, *args: Any, opd_queryset: Any, this_year: int, opd_required: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.this_year = this_year
        self.fields["opd"].queryset = opd_queryset  # type: ignore[attr-defined]
        self.fields["opd"].empty_label = None if opd_required else _("Semua OPD")  # type: ignore[attr-defined]

    def clean_tahun(self) -> int | None:
        year = self.cleaned_data.get("tahun")
        if year is not None and not FIRST_YEAR <= year <= self.this_year + 1:
            raise forms.ValidationError(
                _("Tahun harus antara %(a)s dan %(b)s."),
                params={"a": FIRST_YEAR, "b": self.this_year + 1},
            )
        return year
