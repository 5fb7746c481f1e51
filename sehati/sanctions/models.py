"""Sanction cases and the TPP deduction ledger (issue #6; GRATIFICATION_LAW.md §4.3, DECISIONS.md #13).

The amounts come from the pure rules in sehati/rules/tpp.py; these tables keep the pemda's own
rules, the cases with their decisions, the deduction lines per payroll month and which months
the payroll has processed (a processed month never changes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class SanctionRuleRecord(TenantModel):
    """A pemda's TPP sanction rule: percent of the monthly TPP, for how many months, from when."""

    code = models.CharField(_("kode"), max_length=64)
    percent = models.PositiveSmallIntegerField(_("persen potongan"))
    months = models.PositiveSmallIntegerField(_("lama potongan (bulan)"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=500)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("aturan sanksi TPP")
        verbose_name_plural = _("aturan sanksi TPP")
        ordering = ["pemda", "valid_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="sanction_rule_code_unique"),
            models.CheckConstraint(
                condition=Q(percent__gte=1, percent__lte=100), name="sanction_rule_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=12), name="sanction_rule_months_range"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="sanction_rule_valid_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.percent}% × {self.months} bln)"


class SanctionCase(TenantModel):
    """A sanction case against one civil servant, from its source to the decision."""

    class Source(models.TextChoices):
        UP3_FINDING = "up3", _("Temuan UP3")
        AUDIT_FINDING = "inspektorat", _("Temuan Inspektorat")
        DECLARATION = "deklarasi", _("Deklarasi berkala")
        KPK_LETTER = "kpk", _("Surat KPK")
        MANUAL = "manual", _("Dicatat manual")

    class Status(models.TextChoices):
        OPEN = "open", _("Dalam pemeriksaan")
        DECIDED = "decided", _("Diputus")

    class Decision(models.TextChoices):
        NONE = "", _("Belum diputus")
        NOT_REPORTED = "not_reported", _("Terbukti tidak melapor")
        NOT_PROVEN = "not_proven", _("Tidak terbukti")
        REPORTED_IN_TIME = "reported_in_time", _("Telah melapor tepat waktu")

    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        related_name="sanction_cases",
        verbose_name=_("pegawai"),
    )
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(_("rujukan sumber"), max_length=200, blank=True)
    description = models.TextField(_("uraian"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decision = models.CharField(
        _("putusan"), max_length=20, choices=Decision.choices, default="", blank=True
    )
    decision_number = models.CharField(_("nomor keputusan"), max_length=200, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("kasus sanksi")
        verbose_name_plural = _("kasus sanksi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", decision="") | Q(status="decided") & ~Q(decision=""),
                name="sanction_case_decision_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"Kasus sanksi #{self.pk} ({self.employee_id})"


class TppDeduction(TenantModel):
    """One line of the TPP payroll list: a month's withholding or a correction of a processed
    month, booked in an open month (`corrects_month` names the processed month)."""

    class Kind(models.TextChoices):
        DEDUCTION = "deduction", _("Potongan")
        CORRECTION = "correction", _("Koreksi")

    case = models.ForeignKey(
        SanctionCase,
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name=_("kasus sanksi"),
    )
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        related_name="tpp_deductions",
        verbose_name=_("pegawai"),
    )
    month = models.CharField(_("bulan"), max_length=7, db_index=True)
    # Who and where, as on the day of booking: a processed month's list never changes, even
    # when the employee later moves to another OPD.
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    opd_name = models.CharField(_("OPD"), max_length=200)
    tpp_idr = models.PositiveBigIntegerField(_("TPP (Rp)"))
    percent = models.PositiveSmallIntegerField(_("persen"))
    deduction_idr = models.BigIntegerField(_("potongan (Rp)"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    corrects_month = models.CharField(_("mengoreksi bulan"), max_length=7, blank=True)
    decision_number = models.CharField(_("nomor keputusan"), max_length=200, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("potongan TPP")
        verbose_name_plural = _("potongan TPP")
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["pemda", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="deduction", corrects_month="")
                | Q(kind="correction") & ~Q(corrects_month=""),
                name="tpp_deduction_kind_matches_corrects",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.kind} {self.deduction_idr}"


class PayrollMonth(TenantModel):
    """A month the operator TPP has processed: its list never changes again."""

    month = models.CharField(_("bulan"), max_length=7)
    processed_at = models.DateTimeField(_("diproses pada"), auto_now_add=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diproses oleh"),
    )

    class Meta:
        verbose_name = _("bulan penggajian diproses")
        verbose_name_plural = _("bulan penggajian diproses")
        ordering = ["pemda", "month"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "month"], name="payroll_month_unique")
        ]

    def __str__(self) -> str:
        return self.month
