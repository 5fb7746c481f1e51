"""An issued periodic recap to KPK and the regent (issue #8 point 2; DECISIONS.md #15): the letter
number, date and signatory, and the totals as they were when it was issued."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class Recap(TenantModel):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Triwulan")
        SEMESTER = "semester", _("Semester")

    kind = models.CharField(_("jenis periode"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    index = models.PositiveSmallIntegerField(_("ke-"))
    letter_number = models.CharField(_("nomor surat"), max_length=100)
    letter_date = models.DateField(_("tanggal surat"))
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    totals: models.JSONField[dict[str, Any]] = models.JSONField(_("jumlah saat terbit"))
    # The annex's lists as issued: the letter and its annex never change after issue.
    sections: models.JSONField[dict[str, Any]] = models.JSONField(
        _("lampiran saat terbit"), encoder=DjangoJSONEncoder
    )

    class Meta:
        verbose_name = _("rekap periodik")
        verbose_name_plural = _("rekap periodik")
        ordering = ["-year", "-index"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "kind", "year", "index"], name="recap_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.kind}-{self.index}: {self.letter_number}"
