"""Forms of the integrity scores register. They parse input for one service each; the register's
rules (ranges, which kind needs what, one score per scope) live in `services.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.integrity.importing import CellProblem, decimal_parse
from sehati.integrity.models import IntegrityScore
from sehati.integrity.services import ScoreInput
from sehati.org.selectors import opd_tree

K = IntegrityScore.Kind


class ScoreNumberField(forms.CharField):
    """A score on 0-100 typed with a decimal comma or point ("64,81", "64.81")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        try:
            return decimal_parse(text)
        except CellProblem as exc:
            raise forms.ValidationError(
                _("Tulis angka, mis. 64,81 (%(problem)s).") % {"problem": exc}
            ) from None


class ScoreForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=K.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    opd = forms.TypedChoiceField(
        label=_("Lingkup"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Kosongkan untuk skor seluruh pemda; pilih OPD untuk skor satu OPD."),
    )
    dimension = forms.CharField(
        label=_("Dimensi/tema"),
        max_length=120,
        required=False,
        help_text=_(
            "Kosong untuk nilai total. Untuk SPI tematik: temanya (mis. perizinan, sosialisasi)."
        ),
    )
    value = ScoreNumberField(
        label=_("Nilai"), help_text=_("0-100, paling banyak dua desimal. Kosong untuk opini BPK.")
    )
    category = forms.CharField(
        label=_("Kategori/predikat dari sumber"),
        max_length=60,
        required=False,
        help_text=_(
            "Opini BPK (WTP, WDP, TW, TMP), predikat RB (mis. A-), kategori opini Ombudsman (A-E). "
            "Band SPI dihitung SEHATI, tidak diketik."
        ),
    )
    target = ScoreNumberField(label=_("Target"), help_text=_("Boleh kosong."))
    source = forms.CharField(
        label=_("Sumber"),
        max_length=300,
        help_text=_("Rilis, surat, atau laporan yang memuat angka ini."),
    )
    source_url = forms.CharField(label=_("Tautan sumber"), max_length=500, required=False)

    def __init__(
        self, *args: Any, pemda: Any, score: IntegrityScore | None = None, **kwargs: Any
    ) -> None:
        if score is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": score.kind,
                "year": score.year,
                "opd": score.opd_id,
                "dimension": score.dimension,
                "value": "" if score.value is None else str(score.value).replace(".", ","),
                "category": score.category,
                "target": "" if score.target is None else str(score.target).replace(".", ","),
                "source": score.source,
                "source_url": score.source_url,
            }
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [("", str(_("Seluruh pemda")))]
        choices += [(o.pk, "— " * depth + o.name) for o, depth in opd_tree(pemda_id=pemda.pk)]
        self.fields["opd"].choices = choices  # type: ignore[attr-defined]

    def to_input(self) -> ScoreInput:
        d = self.cleaned_data
        return ScoreInput(
            kind=d["kind"],
            year=d["year"],
            opd_id=d.get("opd"),
            dimension=d.get("dimension", ""),
            value=d.get("value"),
            category=d.get("category", ""),
            target=d.get("target"),
            source=d.get("source", ""),
            source_url=d.get("source_url", ""),
        )

    # The service names fields as ScoreInput does; the form calls one of them "opd".
    FIELD_NAMES = {"opd_id": "opd"}


class ScoreDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya yakin skor ini salah catat dan ingin menghapusnya."),
        error_messages={"required": _("Centang konfirmasi untuk menghapus.")},
    )


class ScoreImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
    )
