"""Forms of UP3 findings: each parses input for one service (STYLE.md rule 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.core.files import upload_help_text
from sehati.core.forms import MAX_FILES_PER_POST, MultipleFileField
from sehati.monitoring.findings import employee_by_nip
from sehati.monitoring.models import Finding
from sehati.org.models import Kecamatan, Opd, ServiceUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
ID_MAX = 2**63 - 1


def _files_clean(files: list[Any]) -> list[Any]:
    if len(files) > MAX_FILES_PER_POST:
        raise forms.ValidationError(
            _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
        )
    return files


class FindingFilterForm(forms.Form):
    """The list's filters; every field optional, a bad value is ignored by the view."""

    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Belum selesai")), ("all", _("Semua")), *Finding.Status.choices],
    )
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Semua")), *Finding.Category.choices]
    )
    severity = forms.ChoiceField(
        label=_("Tingkat"), required=False, choices=[("", _("Semua")), *Finding.Severity.choices]
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), required=False, queryset=Opd.objects.none(), empty_label=_("Semua")
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Kecamatan.objects.none(),
        empty_label=_("Semua"),
    )
    overdue = forms.BooleanField(label=_("Lewat tenggat saja"), required=False)
    kpk = forms.BooleanField(label=_("Ditandai untuk KPK"), required=False)

    def __init__(self, *args: Any, pemda_id: int, pemda_wide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(  # type: ignore[attr-defined]
            pemda_id=pemda_id
        ).order_by("name")
        if pemda_wide:
            self.fields["opd"].queryset = Opd.objects.filter(  # type: ignore[attr-defined]
                pemda_id=pemda_id
            ).order_by("name")
        else:  # the head of an OPD sees their own OPD's findings; KPK marks are the UPG's
            del self.fields["opd"]
            del self.fields["kpk"]


class FindingCreateForm(forms.Form):
    """The UPG records a finding from a public tip or another source (visits have their own
    form, on the monitor's phone)."""

    source = forms.ChoiceField(
        label=_("Sumber"),
        choices=[
            (Finding.Source.TIP.value, Finding.Source.TIP.label),
            (Finding.Source.OTHER.value, Finding.Source.OTHER.label),
        ],
    )
    tip = forms.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput
    )
    category = forms.ChoiceField(label=_("Kategori"), choices=Finding.Category.choices)
    severity = forms.ChoiceField(
        label=_("Tingkat"), choices=Finding.Severity.choices, initial=Finding.Severity.MEDIUM
    )
    service_unit = forms.ModelChoiceField(
        label=_("Unit layanan"),
        queryset=ServiceUnit.objects.none(),
        required=False,
        empty_label=_("(bukan unit tertentu)"),
    )
    opd = forms.ModelChoiceField(
        label=_("OPD (bila bukan unit tertentu)"),
        queryset=Opd.objects.none(),
        required=False,
        empty_label=_("(OPD unit layanan)"),
    )
    observed_on = forms.DateField(label=_("Tanggal kejadian"), widget=DATE)
    description = forms.CharField(
        label=_("Uraian temuan"), min_length=10, max_length=10_000, widget=TEXT
    )
    person_description = forms.CharField(
        label=_("ASN yang terlibat (bila diketahui)"), max_length=300, required=False
    )
    gift_description = forms.CharField(
        label=_("Pemberian yang dimaksud (bila ada)"), max_length=300, required=False
    )
    evidence = MultipleFileField(label=_("Bukti (foto, pindaian, PDF)"), required=False)

    def __init__(self, *args: Any, pemda_id: int, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["service_unit"].queryset = (  # type: ignore[attr-defined]
            ServiceUnit.objects.filter(pemda_id=pemda_id, is_active=True)
            .select_related("opd")
            .order_by("name")
        )
        self.fields["opd"].queryset = Opd.objects.filter(  # type: ignore[attr-defined]
            pemda_id=pemda_id, is_active=True
        ).order_by("name")
        self.fields["observed_on"].widget.attrs["max"] = today.isoformat()
        self.fields["evidence"].help_text = upload_help_text()

    def clean_observed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["observed_on"]
        if day > self.today:
            raise forms.ValidationError(_("Tanggal kejadian tidak boleh sesudah hari ini."))
        return day

    def clean_evidence(self) -> list[Any]:
        return _files_clean(self.cleaned_data.get("evidence") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, opd = data.get("service_unit"), data.get("opd")
        if unit is None and opd is None:
            self.add_error("service_unit", _("Pilih unit layanan atau OPD yang dimaksud."))
        elif unit is not None and opd is not None and opd.pk != unit.opd_id:
            self.add_error("opd", _("Unit layanan itu bukan bagian dari OPD yang dipilih."))
        if data.get("tip"):
            data["source"] = Finding.Source.TIP.value
        return data


class FindingRespondForm(forms.Form):
    body = forms.CharField(
        label=_("Tindak lanjut OPD"),
        min_length=10,
        max_length=10_000,
        widget=TEXT,
        help_text=_("Apa yang sudah dilakukan OPD: pemeriksaan, teguran, perbaikan layanan."),
    )
    attachments = MultipleFileField(label=_("Berkas pendukung (opsional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = upload_help_text()

    def clean_attachments(self) -> list[Any]:
        return _files_clean(self.cleaned_data.get("attachments") or [])


class FindingVerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan UPG"),
        choices=[
            ("close", _("Selesai: tindak lanjut memadai")),
            ("return", _("Kembalikan: tanggapan belum memadai")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("Hasil tindak lanjut (dibaca pemantau)"),
        max_length=10_000,
        required=False,
        widget=TEXT,
        help_text=_("Wajib bila temuan dinyatakan selesai."),
    )
    note = forms.CharField(
        label=_("Catatan UPG"),
        max_length=10_000,
        required=False,
        widget=TEXT,
        help_text=_("Wajib bila tanggapan dikembalikan: apa yang masih kurang."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "close" and not (data.get("outcome") or "").strip():
            self.add_error("outcome", _("Tuliskan hasil tindak lanjut yang akan dibaca pemantau."))
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan apa yang masih kurang dari tanggapan OPD."))
        return data


class FindingEscalateForm(forms.Form):
    reason = forms.CharField(label=_("Alasan eskalasi"), max_length=300)


class FindingKpkForm(forms.Form):
    note = forms.CharField(label=_("Catatan untuk KPK"), max_length=10_000, widget=TEXT)


class FindingEmployeeForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP ASN yang terlibat"),
        max_length=30,
        required=False,
        help_text=_("18 digit. Kosongkan untuk menghapus tautan."),
    )

    def __init__(self, *args: Any, pemda_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pemda_id = pemda_id

    def clean_nip(self) -> int | None:
        raw: str = self.cleaned_data.get("nip") or ""
        if not raw.strip():
            return None
        employee = employee_by_nip(pemda_id=self.pemda_id, nip=raw)
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP itu di pemda ini."))
        return employee.pk
