"""Editable letter templates (issue #4 point 10: the cover letter to KPK)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel
from sehati.documents.letters import unknown_placeholders


class LetterTemplate(TenantModel):
    """A pemda's wording of a letter. `subject` and `body` may hold the placeholders of
    `sehati.documents.letters.PLACEHOLDERS`; the letterhead, the table of reports and the
    signature block come from the print layout."""

    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    subject = models.CharField(_("perihal"), max_length=300)
    body = models.TextField(_("isi surat"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat surat")
        verbose_name_plural = _("templat surat")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="letter_template_code_unique",
                violation_error_message=_("Kode templat ini sudah dipakai."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body"):
            unknown = unknown_placeholders(getattr(self, field) or "", self.code)
            if unknown:
                errors[field] = _("Isian tidak dikenal: %(names)s.") % {
                    "names": ", ".join("{" + n + "}" for n in unknown)
                }
        if errors:
            raise ValidationError(errors)
