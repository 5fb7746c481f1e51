"""The register of published integrity scores (issue #7 point 2; GRATIFICATION_LAW.md §5-6).

SEHATI never computes KPK's SPI: it stores the figures KPK, the Ombudsman, KemenPANRB, BPK and
the MCP publish, with their source, and the band they fall in under the band scheme in force for
that kind and year (`sehati/rules/bands.py`, DECISIONS.md #14).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel
from sehati.rules.bands import SCHEMES, Band, BandScheme

# Colours of categories the publisher gives as letters or words, shown as published (never
# computed from the value): the Ombudsman's 2022-2024 opinion categories A/B green, C yellow, D/E
# red (GRATIFICATION_LAW.md §6.2; their numeric cut-offs are unknown, so no band is computed), and
# BPK's audit opinions from the best (WTP) to a disclaimer (TMP).
CATEGORY_COLOURS: dict[str, dict[str, str]] = {
    "ombudsman": {"A": "green", "B": "green", "C": "yellow", "D": "red", "E": "red"},
    "bpk": {"WTP": "green", "WDP": "yellow", "TW": "red", "TMP": "red"},
}
_SCHEMES_BY_CODE: dict[str, BandScheme] = {s.code: s for s in SCHEMES}


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
        text = f"{self.get_kind_display()} {self.year}"
        return f"{text} — {self.dimension}" if self.dimension else text

    # --- field-only derivations (for pages, exports and the API) ---------------------------

    @property
    def band_scheme_obj(self) -> BandScheme | None:
        return _SCHEMES_BY_CODE.get(self.band_scheme)

    @property
    def band_obj(self) -> Band | None:
        """The stored band as the scheme defines it (label, colour), or None."""
        scheme = self.band_scheme_obj
        if scheme is None or not self.band:
            return None
        return next((b for b in scheme.bands if b.code == self.band), None)

    @property
    def band_label(self) -> str:
        band = self.band_obj
        return band.label if band else ""

    @property
    def category_colour(self) -> str:
        """The colour of a published category (Ombudsman opinion letter, BPK opinion), or ""."""
        return CATEGORY_COLOURS.get(self.kind, {}).get(self.category.strip().upper(), "")

    @property
    def colour(self) -> str:
        """red / yellow / green: the band's, else the published category's; "" when neither."""
        band = self.band_obj
        return band.colour if band else self.category_colour

    @property
    def gap(self) -> Decimal | None:
        """Value minus target (negative: below target), when both are known."""
        if self.value is None or self.target is None:
            return None
        return Decimal(self.value) - Decimal(self.target)

    @property
    def is_weak(self) -> bool:
        """In the red band or red category, or below its target: a candidate for an action plan."""
        gap = self.gap
        return self.colour == "red" or (gap is not None and gap < 0)

    @property
    def scope_label(self) -> str:
        return str(self.opd) if self.opd_id is not None else str(_("Seluruh pemda"))


class ScoreImport(TenantModel):
    """One uploaded CSV/XLSX file of scores: checked row by row when uploaded, shown as a
    preview, then saved all at once or not at all (`sehati/integrity/importing.py`). The file
    itself is not kept; its checked rows, errors and SHA-256 are."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Siap disimpan")
        INVALID = "invalid", _("Ada kesalahan")
        COMMITTED = "committed", _("Sudah disimpan")

    original_name = models.CharField(_("nama berkas"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # One item per data row: {"row", "raw": {column: text}, "data": checked fields or null,
    # "errors": [{"column", "message"}]}.
    rows: models.JSONField[list[dict[str, Any]]] = models.JSONField(
        _("baris"), default=list, blank=True
    )
    # Problems of the file as a whole or its header: [{"row", "column", "message"}].
    file_errors: models.JSONField[list[dict[str, Any]]] = models.JSONField(
        _("kesalahan berkas"), default=list, blank=True
    )
    ignored_columns: models.JSONField[list[str]] = models.JSONField(
        _("kolom diabaikan"), default=list, blank=True
    )
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    created_count = models.PositiveIntegerField(_("baru"), null=True, blank=True)
    updated_count = models.PositiveIntegerField(_("diperbarui"), null=True, blank=True)
    unchanged_count = models.PositiveIntegerField(_("tidak berubah"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disimpan oleh"),
    )
    committed_at = models.DateTimeField(_("disimpan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor skor integritas")
        verbose_name_plural = _("impor skor integritas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_committed(self) -> bool:
        return self.status == self.Status.COMMITTED
