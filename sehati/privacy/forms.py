"""Forms of the privacy pages (issue #9 point 3). Django's CharField strips text and refuses NUL
characters; the services check the rest and answer in Indonesian."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sehati.org.models import Employee
from sehati.privacy.models import DataSubjectRequest, RecordType, RetentionAction

MAX_ACCESS_REPORT_DAYS = 366
# The audit timeline starts with SEHATI; older dates are a typing error (and 0001-01-01 in a
# time zone east of UTC is before the first datetime there is).
MIN_ACCESS_DATE = dt.date(2000, 1, 1)


class _Styled(forms.Form):
    """Bootstrap's classes on every widget (the templates render `{{ field }}` as is)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class RetentionRuleForm(_Styled):
    keep_years = forms.IntegerField(label=_("Disimpan (tahun)"), min_value=1, max_value=100)
    action = forms.ChoiceField(label=_("Lalu"), choices=RetentionAction.choices)


class RetentionRunForm(_Styled):
    confirm = forms.BooleanField(
        label=_("Saya memahami bahwa data yang dianonimkan atau dihapus tidak dapat dikembalikan."),
        error_messages={"required": _("Centang konfirmasi untuk menjalankan retensi.")},
    )


class LegalHoldForm(_Styled):
    record_type = forms.ChoiceField(label=_("Jenis data"), choices=RecordType.choices)
    object_id = forms.IntegerField(label=_("Nomor data"), min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mis. nomor perkara, surat penyidik, atau permintaan auditor."),
    )


class LegalHoldReleaseForm(_Styled):
    reason = forms.CharField(label=_("Alasan dilepas"), max_length=2000)
    confirm = forms.BooleanField(
        label=_("Lepaskan penahanan; data ini kembali mengikuti jadwal retensi."),
        error_messages={"required": _("Centang konfirmasi untuk melepas penahanan.")},
    )


class _EmployeeByNip(_Styled):
    """A form with an optional `nip` field that names an employee of the pemda
    (`self.employee`)."""

    def __init__(self, *args: Any, pemda: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pemda = pemda
        self.employee: Employee | None = None

    def clean_nip(self) -> str:
        nip = str(self.cleaned_data["nip"]).strip()
        if nip:
            self.employee = Employee.objects.filter(pemda=self.pemda, nip=nip).first()
            if self.employee is None:
                raise forms.ValidationError(_("Tidak ada pegawai dengan NIP itu di pemda ini."))
        return nip


class DsrForm(_EmployeeByNip):
    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=DataSubjectRequest.Kind.choices)
    subject_name = forms.CharField(label=_("Nama subjek data"), max_length=200)
    subject_contact = forms.CharField(label=_("Kontak subjek data"), max_length=200, required=False)
    nip = forms.CharField(
        label=_("NIP (bila subjek data pegawai)"),
        max_length=18,
        required=False,
        help_text=_("Menautkan permintaan ke data pegawai dan datanya di SEHATI."),
    )
    details = forms.CharField(
        label=_("Isi permintaan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_at = forms.DateTimeField(
        label=_("Diterima pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Tenggat 3 × 24 jam dihitung dari waktu ini."),
    )


class DsrCloseForm(_Styled):
    status = forms.ChoiceField(
        label=_("Hasil"),
        choices=[
            (DataSubjectRequest.Status.DONE, DataSubjectRequest.Status.DONE.label),
            (DataSubjectRequest.Status.REFUSED, DataSubjectRequest.Status.REFUSED.label),
        ],
    )
    response = forms.CharField(
        label=_("Jawaban kepada subjek data"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Permintaan diselesaikan; jawaban tidak dapat diubah lagi."),
        error_messages={"required": _("Centang konfirmasi untuk menyelesaikan permintaan.")},
    )


class AccessReportForm(_EmployeeByNip):
    start = forms.DateField(label=_("Dari"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}))
    nip = forms.CharField(
        label=_("NIP pegawai (opsional)"),
        max_length=18,
        required=False,
        help_text=_("Kosong: semua tampilan identitas rahasia dan unduhan berkas."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
            if (end - start).days >= MAX_ACCESS_REPORT_DAYS:
                raise forms.ValidationError(_("Periode paling panjang satu tahun."))
            if start < MIN_ACCESS_DATE or end > timezone.localdate() + dt.timedelta(days=1):
                raise forms.ValidationError(_("Periode di luar rentang yang masuk akal."))
        return data
