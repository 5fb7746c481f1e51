"""Issuing a recap: letter number, date, signatory, and an explicit confirmation (an issued recap
cannot be changed). Django's CharField strips the text and refuses NUL characters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RecapIssueForm(forms.Form):
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    letter_date = forms.DateField(
        label=_("Tanggal surat"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory_name = forms.CharField(label=_("Nama penanda tangan"), max_length=200)
    signatory_position = forms.CharField(
        label=_("Jabatan penanda tangan"), max_length=200, initial=_("Kepala UPG")
    )
    confirm = forms.BooleanField(
        label=_("Saya memahami bahwa rekap yang diterbitkan tidak dapat diubah lagi."),
        error_messages={"required": _("Centang konfirmasi untuk menerbitkan rekap.")},
    )
