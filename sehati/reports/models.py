"""Gift reports and the rule data they are assessed with."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sehati.core.models import TenantModel
from sehati.rules.rulesets import RuleDataError, ruleset_from_dict


class RuleSetRecord(TenantModel):
    """A rule set added by an admin without code (a future amendment of PerKPK 2/2019).

    `data` holds exemptions and deadlines in the form of `sehati.rules.rulesets.ruleset_to_dict`.
    A record with the same `valid_from` as a shipped rule set replaces it; otherwise the rule set
    in force before it ends on its `valid_from`.
    """

    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300)
    valid_from = models.DateField(_("berlaku sejak"))
    data: models.JSONField[Any] = models.JSONField(
        _("pengecualian dan tenggat"),
        help_text=_("Format: salinan data aturan bawaan (lihat docs/rules.md)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aturan gratifikasi tambahan")
        verbose_name_plural = _("aturan gratifikasi tambahan")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="ruleset_code_unique",
                violation_error_message=_("Kode aturan ini sudah dipakai."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "valid_from"],
                condition=models.Q(is_active=True),
                name="ruleset_active_valid_from_unique",
                violation_error_message=_("Sudah ada aturan aktif yang berlaku sejak tanggal ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (sejak {self.valid_from:%Y-%m-%d})"

    def as_ruleset_dict(self) -> dict[str, Any]:
        data = dict(self.data) if isinstance(self.data, dict) else {}
        return {
            **data,
            "code": self.code,
            "name": self.name,
            "legal_basis": self.legal_basis,
            "valid_from": self.valid_from.isoformat() if self.valid_from else "",
            "valid_to": None,
        }

    def clean(self) -> None:
        if not isinstance(self.data, dict):
            raise ValidationError({"data": _("Data aturan harus berupa objek JSON.")})
        try:
            ruleset_from_dict(self.as_ruleset_dict())
        except RuleDataError as exc:
            raise ValidationError({"data": str(exc)}) from None
