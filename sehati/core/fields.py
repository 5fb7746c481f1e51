"""Model fields of the kernel: `EncryptedTextField` keeps a confidential value encrypted in the
database (issue #9 point 1; sehati/core/crypto.py). The application reads and writes plain text;
the database, a dump or a backup holds only ciphertext. Such a field cannot be searched or
filtered on by value (each write has a fresh nonce), so only fields nobody searches are
encrypted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from sehati.core.crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = "Text encrypted at rest (AES-256-GCM)"

    def contribute_to_class(self, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        # The associated data binds a value to its field: "reports.giftreport.reporter_nik".
        # History copies of a model (simple_history) share the original's label.
        label = cls._meta.label_lower.replace(".historical", ".")
        self.aad = f"{label}.{name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value, aad=self.aad)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), aad=self.aad)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        # A one-line input with the length limit, as the CharField it replaces.
        return forms.CharField(
            max_length=self.max_length,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )
