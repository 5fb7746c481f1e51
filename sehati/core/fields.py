"""Model fields of the kernel: `EncryptedTextField` keeps a confidential value encrypted in the
database (issue #9 point 1; sehati/core/crypto.py). The application reads and writes plain text;
the database, a dump or a backup holds only ciphertext. Such a field cannot be searched or
filtered on by value (each write has a fresh nonce), so only fields nobody searches are
encrypted.

`SealableForeignKey` is a link the model may keep out of the database: a confidential report's
reporter (issue #9 point 1, docs/adr/0003-sealed-confidential-reporter.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor

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


if TYPE_CHECKING:
    _ForeignKey = models.ForeignKey[Any, Any]
    _Descriptor = ForwardManyToOneDescriptor[Any]
else:
    _ForeignKey = models.ForeignKey
    _Descriptor = ForwardManyToOneDescriptor


class _SealableDescriptor(_Descriptor):
    """A sealed link is NULL in the row, so `select_related` caches "no object"; the model has
    put the unsealed id back on load, and then the object is fetched by that id."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if (
            instance is not None
            and self.field.is_cached(instance)
            and self.field.get_cached_value(instance) is None
            and instance.__dict__.get(self.field.attname) is not None
        ):
            self.field.delete_cached_value(instance)
        return super().__get__(instance, cls)


class SealableForeignKey(_ForeignKey):
    """A foreign key whose value the model may keep out of the database. When the instance's
    `sealed_attnames()` names the field, NULL is written; the model keeps the id encrypted in
    another field and puts it back when it is loaded (`from_db`), so the application reads the
    link as before while a copy of the database without the key does not show it. Lookups by
    value (`filter(reporter=…)`) do not find sealed rows: the model offers its own lookup."""

    forward_related_accessor_class = _SealableDescriptor

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        sealed = getattr(model_instance, "sealed_attnames", None)
        if callable(sealed) and self.attname in sealed():
            return None
        return value
