"""Kernel forms: attaching files (the checks themselves are in sehati/core/files.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sehati.core.files import UPLOAD_ACCEPT, upload_help_text

MAX_FILES_PER_POST = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type="file" multiple>` (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        cleaned = single(data or None, initial)  # empty: the field's "required" message
        return [cleaned] if cleaned else []


class FileAttachForm(forms.Form):
    file = MultipleFileField(
        label=_("Berkas"), error_messages={"required": _("Pilih berkas yang akan diunggah.")}
    )
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help_text()

    def clean_file(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["file"]
        if len(files) > MAX_FILES_PER_POST:
            raise ValidationError(
                _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
            )
        return files
