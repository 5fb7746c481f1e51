"""Forms of the organisation pages: they only parse input (STYLE.md rule 1)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas data pegawai (CSV atau XLSX)"),
        help_text=_(
            "Ekspor SIMPEG/SIASN atau templat yang diisi. Baris judul kolom (NIP, NAMA, …) boleh "
            "didahului judul laporan."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )
