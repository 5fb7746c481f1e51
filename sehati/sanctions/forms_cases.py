"""Forms of sanction cases: each parses input for one service (STYLE.md rule 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.core.files import upload_help_text
from sehati.core.forms import MAX_FILES_PER_POST, MultipleFileField
from sehati.org.models import Opd
from sehati.rules.discipline import penalty_fits_tier
from sehati.sanctions.examination import DisciplineData, GiftData, StepData
from sehati.sanctions.models import SanctionAppeal, SanctionCase, SanctionDiscipline, SanctionStep

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 4})
ID_MAX = 2**63 - 1
MAX_IDR = 10**15


def _files_clean(files: list[Any]) -> list[Any]:
    if len(files) > MAX_FILES_PER_POST:
        raise forms.ValidationError(
            _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
        )
    return files


def _not_future(value: dt.date | None, today: dt.date) -> None:
    if value is not None and value > today:
        raise forms.ValidationError(_("Tanggal tidak boleh sesudah hari ini."))


class CaseFilterForm(forms.Form):
    """The list's filters; every field optional, a bad value is ignored by the view."""

    q = forms.CharField(label=_("Cari nama/NIP"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *SanctionCase.Status.choices]
    )
    source = forms.ChoiceField(
        label=_("Sumber"), required=False, choices=[("", _("Semua")), *SanctionCase.Source.choices]
    )
    decision = forms.ChoiceField(
        label=_("Putusan"),
        required=False,
        choices=[("", _("Semua")), *[c for c in SanctionCase.Decision.choices if c[0]]],
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), required=False, queryset=Opd.objects.none(), empty_label=_("Semua")
    )

    def __init__(self, *args: Any, pemda_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.filter(  # type: ignore[attr-defined]
            pemda_id=pemda_id
        ).order_by("name")


class _GiftFields(forms.Form):
    gift_description = forms.CharField(label=_("Uraian pemberian"), max_length=500, required=False)
    gift_received_on = forms.DateField(label=_("Tanggal diterima"), required=False, widget=DATE)
    gift_giver = forms.CharField(label=_("Pemberi"), max_length=200, required=False)
    gift_value_idr = forms.IntegerField(
        label=_("Perkiraan nilai (Rp)"), min_value=0, max_value=MAX_IDR, required=False
    )
    gift_report = forms.TypedChoiceField(
        label=_("Laporan gratifikasi pegawai (bila ada)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def _setup_reports(self, employee_id: int | None, pemda_id: int) -> None:
        from sehati.reports.models import GiftReport, reporter_is

        choices: list[tuple[Any, Any]] = [("", _("— tidak ada —"))]
        if employee_id is not None:
            reports = (
                GiftReport.objects.filter(reporter_is(employee_id), pemda_id=pemda_id)
                .exclude(status=GiftReport.Status.DRAFT)
                .order_by("-received_on")[:50]
            )
            choices += [
                (r.pk, f"{r.register_number or r.pk} · {r.received_on:%d-%m-%Y} · {r.giver_name}")
                for r in reports
            ]
        self.fields["gift_report"].choices = choices  # type: ignore[attr-defined]

    def gift(self) -> GiftData | None:
        d = self.cleaned_data
        if not (d.get("gift_description") or "").strip():
            return None
        return GiftData(
            description=d["gift_description"],
            received_on=d.get("gift_received_on"),
            giver=d.get("gift_giver") or "",
            value_idr=d.get("gift_value_idr") or 0,
            report_id=d.get("gift_report"),
        )


class CaseOpenForm(_GiftFields):
    employee = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    finding = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=ID_MAX, required=False
    )
    source = forms.ChoiceField(label=_("Sumber kasus"), choices=SanctionCase.Source.choices)
    source_reference = forms.CharField(
        label=_("Rujukan sumber (nomor temuan, surat, deklarasi)"), max_length=200, required=False
    )
    description = forms.CharField(label=_("Uraian kasus"), max_length=20_000, widget=TEXT)

    field_order = ["source", "source_reference", "description"]

    def __init__(
        self, *args: Any, pemda_id: int, employee_id: int | None, today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self._setup_reports(employee_id, pemda_id)

    def clean_gift_received_on(self) -> dt.date | None:
        value = self.cleaned_data.get("gift_received_on")
        _not_future(value, self.today)
        return value


class GiftForm(_GiftFields):
    def __init__(self, *args: Any, case: SanctionCase, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["gift_description"].required = True
        self._setup_reports(case.employee_id, case.pemda_id)

    def clean_gift_received_on(self) -> dt.date | None:
        value = self.cleaned_data.get("gift_received_on")
        _not_future(value, self.today)
        return value


STEP_KINDS = [
    (k, label)
    for k, label in SanctionStep.Kind.choices
    if k != SanctionStep.Kind.EVIDENCE  # evidence is a file upload
]


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis langkah"), choices=STEP_KINDS)
    occurred_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    at_time = forms.TimeField(label=_("Jam"), required=False, widget=TIME)
    place = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Keperluan"), max_length=500, required=False)
    letter_number = forms.CharField(
        label=_("Nomor surat panggilan"), max_length=200, required=False
    )
    text = forms.CharField(
        label=_("Notula / catatan"), max_length=20_000, required=False, widget=TEXT
    )

    def to_data(self) -> StepData:
        d = self.cleaned_data
        return StepData(
            kind=d["kind"],
            occurred_on=d["occurred_on"],
            at_time=d.get("at_time"),
            place=d.get("place") or "",
            purpose=d.get("purpose") or "",
            letter_number=d.get("letter_number") or "",
            text=d.get("text") or "",
        )


class EvidenceForm(forms.Form):
    file = MultipleFileField(
        label=_("Berkas bukti"), error_messages={"required": _("Pilih berkas yang akan diunggah.")}
    )
    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help_text()

    def clean_file(self) -> list[Any]:
        return _files_clean(self.cleaned_data["file"])


DECISIONS = [c for c in SanctionCase.Decision.choices if c[0]]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Putusan"), choices=DECISIONS, widget=forms.RadioSelect)
    decision_number = forms.CharField(label=_("Nomor keputusan"), max_length=200)
    decided_on = forms.DateField(label=_("Tanggal keputusan"), widget=DATE)
    legal_basis = forms.CharField(
        label=_("Dasar hukum (kosong: dari aturan sanksi TPP yang berlaku)"),
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_decided_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["decided_on"]
        _not_future(value, self.today)
        return value


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Alasan keberatan"), max_length=20_000, widget=TEXT)
    file = MultipleFileField(label=_("Lampiran (opsional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help_text()

    def clean_file(self) -> list[Any]:
        return _files_clean(self.cleaned_data.get("file") or [])


class AppealRecordForm(AppealForm):
    filed_on = forms.DateField(label=_("Tanggal keberatan diterima"), widget=DATE)

    field_order = ["filed_on", "grounds", "file"]

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_filed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["filed_on"]
        _not_future(value, self.today)
        return value


OUTCOMES = [c for c in SanctionAppeal.Outcome.choices if c[0]]


class AppealOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil keberatan"), choices=OUTCOMES, widget=forms.RadioSelect
    )
    percent = forms.IntegerField(
        label=_("Persen potongan baru (bila diubah)"), min_value=1, max_value=100, required=False
    )
    decision_number = forms.CharField(label=_("Nomor keputusan atas keberatan"), max_length=200)
    decided_on = forms.DateField(label=_("Tanggal keputusan"), widget=DATE)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_decided_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["decided_on"]
        _not_future(value, self.today)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "changed" and not data.get("percent"):
            self.add_error("percent", _("Isi persen potongan yang baru."))
        return data


class DisciplineForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tingkat hukuman"), choices=SanctionDiscipline.Tier.choices)
    penalty = forms.ChoiceField(
        label=_("Jenis hukuman"), choices=SanctionDiscipline.Penalty.choices
    )
    decision_number = forms.CharField(label=_("Nomor keputusan"), max_length=200)
    decided_on = forms.DateField(label=_("Tanggal keputusan"), widget=DATE)
    decided_by = forms.CharField(label=_("Pejabat yang menghukum"), max_length=200)
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        max_length=500,
        required=False,
        initial="PP 94/2021 tentang Disiplin PNS",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_decided_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["decided_on"]
        _not_future(value, self.today)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tier, penalty = data.get("tier"), data.get("penalty")
        if tier and penalty and not penalty_fits_tier(tier=tier, penalty=penalty):
            self.add_error(
                "penalty",
                _("Jenis hukuman ini bukan hukuman disiplin tingkat yang dipilih (PP 94/2021)."),
            )
        return data

    def to_data(self) -> DisciplineData:
        d = self.cleaned_data
        return DisciplineData(
            tier=d["tier"],
            penalty=d["penalty"],
            decision_number=d["decision_number"],
            decided_on=d["decided_on"],
            decided_by=d["decided_by"],
            legal_basis=d.get("legal_basis") or "",
        )


class SanctionLetterForm(forms.Form):
    subject = forms.CharField(label=_("Perihal"), max_length=300)
    body = forms.CharField(label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 14}))
