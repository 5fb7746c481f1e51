"""Forms of periodic declarations. They parse input for one service each; the rules live in
`sehati.declarations.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.selectors import opd_tree

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
A = Declaration.Answer
GIFT_ROWS = 3  # rows shown at first; one empty row more after each save
MAX_GIFTS = 20


class PeriodForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Misalnya: Deklarasi gratifikasi semester I 2026."),
    )
    description = forms.CharField(
        label=_("Keterangan untuk pegawai"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=DATE)
    due_on = forms.DateField(label=_("Batas jawab"), widget=DATE)
    scope = forms.ChoiceField(
        label=_("Pegawai yang wajib"),
        choices=[("all", _("Semua OPD")), ("some", _("OPD tertentu (termasuk sub-unitnya)"))],
        widget=forms.RadioSelect,
        initial="all",
    )
    opds = forms.TypedMultipleChoiceField(
        label=_("OPD"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, pemda: Any, period: DeclarationPeriod | None = None, **kwargs: Any
    ) -> None:
        if period is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": period.title,
                "description": period.description,
                "starts_on": period.starts_on,
                "due_on": period.due_on,
                "scope": "all" if period.all_opd else "some",
                "opds": list(period.opds.values_list("id", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.tree = opd_tree(pemda_id=pemda.pk)
        self.fields["opds"].choices = [(o.pk, str(o.name)) for o, _depth in self.tree]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("starts_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("Batas jawab tidak boleh sebelum tanggal mulai."))
        if data.get("scope") == "some" and not data.get("opds"):
            self.add_error("opds", _("Pilih paling sedikit satu OPD."))
        return data

    def opd_rows(self) -> list[dict[str, Any]]:
        chosen = {str(v) for v in (self["opds"].value() or [])}
        return [
            {"id": o.pk, "name": o.name, "depth": depth, "checked": str(o.pk) in chosen}
            for o, depth in self.tree
        ]


class GiftForm(forms.Form):
    description = forms.CharField(label=_("Uraian pemberian"), max_length=300, required=False)
    received_on = forms.DateField(label=_("Tanggal diterima"), widget=DATE, required=False)
    giver_name = forms.CharField(label=_("Pemberi"), max_length=200, required=False)
    value_idr = forms.IntegerField(
        label=_("Perkiraan nilai (Rp)"), min_value=0, max_value=10**15, required=False
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(k) not in (None, "") for k in self.fields)


GiftFormSet = forms.formset_factory(GiftForm, extra=0, max_num=MAX_GIFTS, absolute_max=MAX_GIFTS)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Jawaban Anda"),
        choices=[
            (A.NONE.value, A.NONE.label),
            (A.REPORTED.value, A.REPORTED.label),
            (A.UNREPORTED.value, A.UNREPORTED.label),
        ],
        widget=forms.RadioSelect,
    )
    reports = forms.TypedMultipleChoiceField(
        label=_("Laporan yang sudah Anda kirim"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, reports: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report_rows = list(reports)
        self.fields["reports"].choices = [(r.pk, str(r.pk)) for r in self.report_rows]  # type: ignore[attr-defined]


def gift_formset(data: Any = None, *, declaration: Declaration | None = None) -> Any:
    """The gifts part of the answer: the declared gifts plus empty rows up to GIFT_ROWS."""
    initial = []
    if declaration is not None and declaration.answer == A.UNREPORTED:
        initial = [
            {
                "description": g.description,
                "received_on": g.received_on,
                "giver_name": g.giver_name,
                "value_idr": g.value_idr,
            }
            for g in declaration.gifts.all()
        ]
    initial += [{}] * min(MAX_GIFTS - len(initial), max(1, GIFT_ROWS - len(initial)))
    if data is not None:
        return GiftFormSet(data, prefix="gift")
    return GiftFormSet(initial=initial, prefix="gift")


def gifts_from(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a valid gifts formset (a row needs all four values; the service says
    which is missing)."""
    out = []
    for form in formset.forms:
        if form.is_blank():
            continue
        data = form.cleaned_data
        out.append(
            {
                "description": data.get("description") or "",
                "received_on": data.get("received_on"),
                "giver_name": data.get("giver_name") or "",
                "value_idr": data.get("value_idr"),
            }
        )
    return out


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya mengerti: setelah ditutup, jawaban tidak dapat diberikan atau diubah lagi."),
    )


class SanctionForm(forms.Form):
    description = forms.CharField(
        label=_("Uraian kasus"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
