"""The register of published integrity scores (issue #7 point 2; GRATIFICATION_LAW.md §5-6).

SEHATI never computes KPK's SPI: it stores the figures KPK, the Ombudsman, KemenPANRB, BPK and
the MCP publish, with their source, and the band they fall in under the band scheme in force for
that kind and year (`sehati/rules/bands.py`, DECISIONS.md #14).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class IntegrityScore(TenantModel):
    """One published figure: a kind, a year, a scope (the pemda or one OPD), an optional
    dimension (an SPI dimension, a thematic SPI's theme), a value and its band."""

    class Kind(models.TextChoices):
        SPI = "spi", _("SPI (KPK)")
        SPI_TEMATIK = "spi_tematik", _("SPI tematik")
        MCP = "mcp", _("MCP (KPK)")
        OMBUDSMAN = "ombudsman", _("Ombudsman (kepatuhan/opini)")
        RB = "rb", _("Indeks RB")
        BPK = "bpk", _("Opini BPK")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OPD (kosong: seluruh pemda)"),
    )
    # Empty: the total. Otherwise an SPI dimension or a thematic SPI's theme ("perizinan").
    dimension = models.CharField(_("dimensi/tema"), max_length=120, blank=True)
    # A number on 0-100 with at most two decimals; empty for an opinion given as a category
    # (BPK's WTP/WDP/TW/TMP, an Ombudsman opinion letter), which goes to `category`.
    value = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("kategori/predikat"), max_length=60, blank=True)
    # Computed from `sehati/rules/bands.py` when saved; empty where no scheme covers the year.
    band = models.CharField(_("kategori band"), max_length=40, blank=True)
    band_scheme = models.CharField(_("skema band"), max_length=60, blank=True)
    target = models.DecimalField(_("target"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=300)
    source_url = models.URLField(_("tautan sumber"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("skor integritas")
        verbose_name_plural = _("skor integritas")
        ordering = ["-year", "kind", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "kind", "year", "dimension"],
                condition=Q(opd__isnull=True),
                name="integrity_score_one_per_pemda_scope",
            ),
            models.UniqueConstraint(
                fields=["pemda", "kind", "year", "opd", "dimension"],
                condition=Q(opd__isnull=False),
                name="integrity_score_one_per_opd_scope",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(category=""),
                name="integrity_score_value_or_category",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=0) & Q(value__lte=100)),
                name="integrity_score_value_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
