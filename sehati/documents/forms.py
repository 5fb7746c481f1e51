from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.documents.letters import PLACEHOLDERS_BY_CODE
from sehati.documents.models import LetterTemplate

MAX_SELECTED = 500  # cases in one GOL workbook or one cover letter


def selected_ids(values: list[str]) -> list[int]:
    """The `case` ids of a POST, ignoring anything that is not a positive integer."""
    ids: list[int] = []
    for value in values[:MAX_SELECTED]:
        text = str(value).strip()
        if text.isdigit() and 1 <= int(text) <= 2**63 - 1 and int(text) not in ids:
            ids.append(int(text))
    return ids


class CoverLetterForm(forms.Form):
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    letter_date = forms.DateField(label=_("Tanggal surat"))
    template = forms.SlugField(label=_("Templat"), max_length=64, required=False)

    def clean_letter_number(self) -> str:
        return str(self.cleaned_data["letter_number"]).strip()


class LetterTemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LetterTemplate
        fields = ["code", "name", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "is_active" else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if code in PLACEHOLDERS_BY_CODE:  # the sanction letters, kept on the sanction pages
            raise forms.ValidationError(_("Kode ini dipakai surat sanksi Inspektorat."))
        return code

    def to_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}
