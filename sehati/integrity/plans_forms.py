"""Forms of action plans. They parse input for one service each; the rules live in
`sehati.integrity.plans_services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sehati.core.files import upload_help_text
from sehati.core.forms import MAX_FILES_PER_POST, MultipleFileField
from sehati.integrity.models import ActionPlan, IntegrityScore
from sehati.integrity.plans_links import link_kinds_available
from sehati.integrity.plans_selectors import NO_SCORE, score_choices
from sehati.integrity.plans_services import REPORTABLE, PlanData
from sehati.org.selectors import opd_tree

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
S = ActionPlan.Status
ID_MAX = 2**63 - 1


def _opd_choices(pemda_id: int) -> list[tuple[Any, str]]:
    return [
        (o.pk, f"{'— ' * depth}{o.name}{'' if o.is_active else ' (tidak aktif)'}")
        for o, depth in opd_tree(pemda_id=pemda_id)
    ]


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Misalnya: Layanan izin praktik tenaga kesehatan secara daring."),
    )
    score = forms.TypedChoiceField(
        label=_("Skor yang dijawab"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Skor yang lemah (Rentan atau di bawah target) ada di atas daftar."),
    )
    dimension = forms.CharField(
        label=_("Dimensi/tema"),
        max_length=120,
        required=False,
        help_text=_("Wajib bila tidak memilih skor, misalnya: perizinan, sosialisasi."),
    )
    owner_opd = forms.TypedChoiceField(label=_("OPD penanggung jawab"), coerce=int)
    due_on = forms.DateField(label=_("Tenggat"), widget=DATE)
    description = forms.CharField(
        label=_("Uraian"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Langkah yang direncanakan dan ukuran keberhasilannya."),
    )

    def __init__(
        self,
        *args: Any,
        pemda_id: int,
        plan: ActionPlan | None = None,
        score: IntegrityScore | None = None,
        **kwargs: Any,
    ) -> None:
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": plan.title,
                "description": plan.description,
                "score": plan.score_id,
                "dimension": plan.dimension,
                "owner_opd": plan.owner_opd_id,
                "due_on": plan.due_on,
            }
        elif score is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("score", score.pk)
            initial.setdefault("dimension", score.dimension)
            if score.opd_id is not None:
                initial.setdefault("owner_opd", score.opd_id)
        super().__init__(*args, **kwargs)
        self.score_rows = score_choices(pemda_id=pemda_id)
        choices: list[tuple[Any, Any]] = [("", _("— tanpa skor, tuliskan dimensinya —"))]
        choices += [
            (pk, f"{label} · {weak}" if weak else label) for pk, label, weak in self.score_rows
        ]
        self.fields["score"].choices = choices  # type: ignore[attr-defined]
        self.fields["owner_opd"].choices = [("", _("— pilih OPD —")), *_opd_choices(pemda_id)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("score") is None and not (data.get("dimension") or "").strip():
            self.add_error("dimension", _("Pilih skor yang dijawab atau tuliskan dimensinya."))
        return data

    def to_data(self) -> PlanData:
        d = self.cleaned_data
        return PlanData(
            title=d["title"],
            description=d.get("description") or "",
            score_id=d.get("score"),
            dimension=d.get("dimension") or "",
            owner_opd_id=d["owner_opd"],
            due_on=d["due_on"],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti: rencana yang dibatalkan tidak dapat dibuka lagi."),
    )


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan kemajuan"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang sudah dikerjakan sejak laporan terakhir."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    percent = forms.IntegerField(
        label=_("Kemajuan (persen, 0 sampai 100)"), min_value=0, max_value=100, required=False
    )
    file = MultipleFileField(label=_("Bukti (foto, pindaian, PDF)"), required=False)
    no_evidence_reason = forms.CharField(
        label=_("Bila selesai tanpa bukti: alasannya"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Menyatakan selesai memerlukan paling sedikit satu bukti pada rencana ini, atau "
            "alasan mengapa tidak ada bukti."
        ),
    )

    def __init__(self, *args: Any, plan: ActionPlan, may_reopen: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("percent", plan.progress_percent)
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help_text()
        if plan.status == S.DONE:
            allowed = [S.IN_PROGRESS] if may_reopen else []
        else:
            allowed = [s for s in REPORTABLE if s != plan.status]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Tidak berubah (%(s)s)") % {"s": plan.get_status_display()}),
            *((s.value, s.label) for s in allowed),
        ]

    def clean_file(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["file"]
        if len(files) > MAX_FILES_PER_POST:
            raise ValidationError(
                _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
            )
        return files


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"))
    target = forms.TypedChoiceField(
        label=_("Pilih dari daftar"), coerce=int, required=False, empty_value=None
    )
    target_id = forms.IntegerField(
        label=_("atau tuliskan id-nya"), min_value=1, max_value=ID_MAX, required=False
    )
    note = forms.CharField(label=_("Keterangan (opsional)"), max_length=300, required=False)

    def __init__(
        self, *args: Any, target_choices: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in link_kinds_available()]  # type: ignore[attr-defined]
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            ("", _("— pilih —")),
            *(target_choices or []),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") is None and data.get("target_id") is None:
            self.add_error("target", _("Pilih tujuan tautan dari daftar atau tuliskan id-nya."))
        return data

    @property
    def chosen_id(self) -> int:
        d = self.cleaned_data
        return int(d["target"] if d.get("target") is not None else d["target_id"])


class FilterForm(forms.Form):
    """The list's filters (GET). Bad values are dropped, never an error page."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *S.choices])
    opd = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    overdue = forms.BooleanField(required=False)
    score_kind = forms.ChoiceField(
        required=False,
        choices=[("", ""), *IntegrityScore.Kind.choices, (NO_SCORE, _("Tanpa skor"))],
    )

    def __init__(self, *args: Any, opd_choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opd_choices = opd_choices
        self.fields["opd"].choices = [("", ""), *opd_choices]  # type: ignore[attr-defined]

    def value(self, name: str) -> Any:
        """The field's clean value, or its empty value when that field did not validate."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)
