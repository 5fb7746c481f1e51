"""Forms of UPG case work: they parse input for one service each (STYLE.md rule 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.cases.models import Case, CustodyItem
from sehati.cases.services import CHECKLIST
from sehati.core.forms import MAX_FILES_PER_POST, MultipleFileField
from sehati.reports.forms import RupiahField
from sehati.reports.models import GiftReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
CHECK_CHOICES = [("ok", _("Lengkap")), ("missing", _("Kurang")), ("na", _("Tidak berlaku"))]


def _files(label: Any) -> MultipleFileField:
    return MultipleFileField(label=label, required=False)


class _WithFiles(forms.Form):
    """A step form with optional files (checked with the step, stored with it or not at all)."""

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES_PER_POST:
            raise forms.ValidationError(
                _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
            )
        return files


class _NotFuture(_WithFiles):
    """Dates of things that happened: not after the pemda's today."""

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget.attrs["max"] = today.isoformat()


class VerifyForm(_WithFiles):
    missing_note = forms.CharField(
        label=_("Kekurangan yang diminta dari pelapor"),
        required=False,
        max_length=5000,
        widget=TEXT,
        help_text=_("Wajib diisi bila ada butir yang kurang; dikirim kepada pelapor."),
    )
    after_finding = forms.BooleanField(
        label=_("Dilaporkan setelah ada temuan Inspektorat/UP3 tentang pemberian ini"),
        required=False,
    )
    finding_reference = forms.CharField(label=_("Rujukan temuan"), required=False, max_length=200)
    attachments = _files(_("Berkas (lembar periksa bertanda tangan, dokumen)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[f"check_{key}"] = forms.ChoiceField(
                label=label, choices=CHECK_CHOICES, widget=forms.RadioSelect
            )

    def checklist(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"check_{key}"] for key, _label in CHECKLIST}

    def check_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{key}"] for key, _label in CHECKLIST]


class AnalyseForm(_WithFiles):
    must_report = forms.TypedChoiceField(
        label=_("Kesimpulan UPG"),
        choices=[("1", _("Wajib lapor: teruskan ke KPK")), ("0", _("Tidak wajib lapor: tutup"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    recommendation = forms.CharField(
        label=_("Rekomendasi dan analisis"), max_length=10_000, widget=TEXT
    )
    override_reason = forms.CharField(
        label=_("Alasan bila berbeda dari penilaian sistem"),
        required=False,
        max_length=5000,
        widget=TEXT,
    )
    attachments = _files(_("Berkas analisis"))


class ForwardForm(_NotFuture):
    sent_on = forms.DateField(label=_("Tanggal dikirim ke KPK"), widget=DATE)
    channel = forms.ChoiceField(label=_("Saluran"), choices=Case.Channel.choices)
    gol_reference = forms.CharField(
        label=_("Nomor/rujukan GOL atau nomor surat"), required=False, max_length=100
    )
    note = forms.CharField(label=_("Catatan"), required=False, max_length=5000, widget=TEXT)
    attachments = _files(_("Bukti pengiriman (tangkapan GOL, surat, e-mail)"))


class DecisionForm(_NotFuture):
    decision = forms.ChoiceField(label=_("Status dalam SK"), choices=Case.Decision.choices)
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    signatory_level = forms.ChoiceField(
        label=_("Penandatangan SK"), choices=Case.SignatoryLevel.choices
    )
    appraised_value_idr = RupiahField(label=_("Nilai taksiran KPK (Rp)"), required=False)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=5000, widget=TEXT)
    attachments = _files(_("Berkas SK (PDF/pindaian; diterima juga oleh pelapor)"))


class FollowUpForm(_NotFuture):
    followup = forms.ChoiceField(label=_("Tindak lanjut"), choices=Case.FollowUp.choices)
    done_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    bast_number = forms.CharField(label=_("Nomor BAST"), required=False, max_length=100)
    handed_to = forms.CharField(
        label=_("Diserahkan kepada (KPK/DJKN/KPKNL)"), required=False, max_length=200
    )
    billing_code = forms.CharField(label=_("Kode billing"), required=False, max_length=30)
    ntpn = forms.CharField(label=_("NTPN"), required=False, max_length=30)
    paid_idr = RupiahField(label=_("Jumlah disetor (Rp)"), required=False)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=5000, widget=TEXT)
    attachments = _files(_("Berkas (BAST, bukti setor)"))


class CustodyReceiveForm(_NotFuture):
    report_item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Objek laporan"), queryset=None, required=False, empty_label=_("(lainnya)")
    )
    description = forms.CharField(label=_("Uraian barang"), max_length=300)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=100_000, initial=1)
    received_from = forms.CharField(label=_("Diterima dari"), max_length=200)
    received_on = forms.DateField(label=_("Tanggal diterima"), widget=DATE)
    storage_location = forms.CharField(label=_("Tempat penyimpanan"), max_length=200)
    condition = forms.CharField(label=_("Kondisi"), max_length=200)
    attachments = _files(_("Foto barang"))

    def __init__(self, *args: Any, report: GiftReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_item"].queryset = report.items.all()  # type: ignore[attr-defined]


class CustodyReleaseForm(_NotFuture):
    released_to_kind = forms.ChoiceField(
        label=_("Diserahkan kepada"), choices=CustodyItem.ReleaseTo.choices
    )
    released_to = forms.CharField(label=_("Nama penerima / instansi"), max_length=200)
    released_on = forms.DateField(label=_("Tanggal penyerahan"), widget=DATE)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=5000, widget=TEXT)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), max_length=5000, widget=TEXT)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), ("open", _("Belum selesai")), *Case.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua")), *GiftReport.Kind.choices]
    )
    opd: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("OPD"), queryset=None, required=False
    )
    handler = forms.ChoiceField(
        label=_("Ditangani"),
        required=False,
        choices=[("", _("Semua")), ("pembantu", _("UPG pembantu")), ("central", _("UPG"))],
    )
    due = forms.ChoiceField(
        label=_("Tenggat"),
        required=False,
        choices=[("", _("Semua")), ("overdue", _("Terlewati")), ("soon", _("≤ 3 hari kerja"))],
    )
    value_min = RupiahField(label=_("Nilai dari (Rp)"), required=False)
    value_max = RupiahField(label=_("Nilai sampai (Rp)"), required=False)

    def __init__(self, *args: Any, opd_queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_queryset  # type: ignore[attr-defined]
        self.fields["opd"].empty_label = _("Semua")  # type: ignore[attr-defined]


class BulkForwardForm(_NotFuture):
    sent_on = forms.DateField(label=_("Tanggal dikirim ke KPK"), widget=DATE)
    channel = forms.ChoiceField(label=_("Saluran"), choices=Case.Channel.choices)
    gol_reference = forms.CharField(
        label=_("Rujukan (nomor unggah GOL/surat)"), required=False, max_length=100
    )


class IdentityGrantForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Pengguna"), queryset=None)
    reason = forms.CharField(label=_("Alasan"), max_length=300)

    def __init__(self, *args: Any, user_queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = user_queryset  # type: ignore[attr-defined]
