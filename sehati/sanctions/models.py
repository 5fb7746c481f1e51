"""Sanction cases and the TPP deduction ledger (issue #6; GRATIFICATION_LAW.md §4.3, DECISIONS.md #13).

The amounts come from the pure rules in sehati/rules/tpp.py; these tables keep the pemda's own
rules, the cases with their decisions, the deduction lines per payroll month and which months
the payroll has processed (a processed month never changes).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.fields import EncryptedTextField, SealableForeignKey
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
    # The UP3 finding the case was opened from, when it was (issue #6 point 2).
    finding = models.ForeignKey(
        "monitoring.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sanction_cases",
        verbose_name=_("temuan UP3"),
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


# --- examination, appeals, discipline (issue #6 points 2, 4, 5) ------------------------------


class SanctionGift(TenantModel):
    """A gift the case is about: what, when, from whom and its estimated value; optionally the
    employee's own gift report about it."""

    case = models.ForeignKey(
        SanctionCase, on_delete=models.CASCADE, related_name="gifts", verbose_name=_("kasus")
    )
    description = models.CharField(_("uraian pemberian"), max_length=500)
    received_on = models.DateField(_("tanggal diterima"), null=True, blank=True)
    giver = models.CharField(_("pemberi"), max_length=200, blank=True)
    value_idr = models.PositiveBigIntegerField(_("perkiraan nilai (Rp)"), default=0)
    # A confidential report is sealed here (NULL in the row, its id encrypted in
    # `report_sealed`): the case names its employee, so a plain link would name the
    # confidential reporter in the database (issue #9 point 1).
    report = SealableForeignKey(
        "reports.GiftReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laporan gratifikasi"),
    )
    report_sealed = EncryptedTextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("pemberian dalam kasus sanksi")
        verbose_name_plural = _("pemberian dalam kasus sanksi")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.description

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> SanctionGift:
        obj = super().from_db(db, field_names, values)
        if obj.__dict__.get("report_sealed"):
            obj.__dict__["report_id"] = int(obj.__dict__["report_sealed"])
        return obj

    def sealed_attnames(self) -> frozenset[str]:
        return frozenset({"report_id"}) if self.report_sealed else frozenset()

    def save(self, *args: Any, **kwargs: Any) -> None:
        confidential = self.report_id is not None and self.report.confidential
        self.report_sealed = str(self.report_id) if confidential else ""
        super().save(*args, **kwargs)


class SanctionStep(TenantModel):
    """One step of the Inspektorat's examination: a summons, a clarification with its minutes,
    evidence (files attached to the step) or a free note."""

    class Kind(models.TextChoices):
        SUMMONS = "summons", _("Panggilan")
        CLARIFICATION = "clarification", _("Klarifikasi")
        EVIDENCE = "evidence", _("Bukti")
        NOTE = "note", _("Catatan")

    case = models.ForeignKey(
        SanctionCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("kasus")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("tanggal"))
    at_time = models.TimeField(_("jam"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    purpose = models.CharField(_("keperluan"), max_length=500, blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=200, blank=True)
    text = models.TextField(_("isi (notula/catatan)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("langkah pemeriksaan")
        verbose_name_plural = _("langkah pemeriksaan")
        ordering = ["case", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class SanctionAppeal(TenantModel):
    """A keberatan against a "proven not reported" decision, filed by the employee or recorded
    by the Inspektorat on their behalf, with its outcome. One pending appeal per case at a time;
    a case may be appealed again after an outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu putusan")
        DECIDED = "decided", _("Diputus")

    class Outcome(models.TextChoices):
        NONE = "", _("Belum diputus")
        UPHELD = "upheld", _("Ditolak (putusan tetap)")
        CANCELLED = "cancelled", _("Dikabulkan (potongan dibatalkan)")
        CHANGED = "changed", _("Dikabulkan sebagian (persen diubah)")

    case = models.ForeignKey(
        SanctionCase, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("kasus")
    )
    filed_on = models.DateField(_("tanggal diajukan"))
    grounds = models.TextField(_("alasan keberatan"))
    on_behalf = models.BooleanField(_("dicatat Inspektorat atas nama pegawai"), default=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.CharField(
        _("hasil"), max_length=10, choices=Outcome.choices, default="", blank=True
    )
    new_percent = models.PositiveSmallIntegerField(_("persen potongan baru"), null=True, blank=True)
    decision_number = models.CharField(_("nomor keputusan"), max_length=200, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["case", "filed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="sanction_appeal_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", outcome="") | Q(status="decided") & ~Q(outcome=""),
                name="sanction_appeal_outcome_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"Keberatan #{self.pk} ({self.case_id})"


class SanctionDiscipline(TenantModel):
    """A PP 94/2021 discipline penalty imposed alongside the case (recorded, never computed)."""

    class Tier(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        SEDANG = "sedang", _("Sedang")
        BERAT = "berat", _("Berat")

    class Penalty(models.TextChoices):
        TEGURAN_LISAN = "teguran_lisan", _("Teguran lisan")
        TEGURAN_TERTULIS = "teguran_tertulis", _("Teguran tertulis")
        PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas", _("Pernyataan tidak puas secara tertulis")
        POTONG_TUKIN_6 = (
            "potong_tukin_6",
            _("Pemotongan tunjangan kinerja 25 persen selama 6 bulan"),
        )
        POTONG_TUKIN_9 = (
            "potong_tukin_9",
            _("Pemotongan tunjangan kinerja 25 persen selama 9 bulan"),
        )
        POTONG_TUKIN_12 = (
            "potong_tukin_12",
            _("Pemotongan tunjangan kinerja 25 persen selama 12 bulan"),
        )
        TURUN_JABATAN = (
            "turun_jabatan_12",
            _("Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
        )
        BEBAS_JABATAN = (
            "bebas_jabatan_12",
            _("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
        )
        BERHENTI = (
            "berhenti_tidak_atas_permintaan",
            _("Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"),
        )

    case = models.OneToOneField(
        SanctionCase, on_delete=models.CASCADE, related_name="discipline", verbose_name=_("kasus")
    )
    tier = models.CharField(_("tingkat hukuman"), max_length=10, choices=Tier.choices)
    penalty = models.CharField(_("jenis hukuman"), max_length=40, choices=Penalty.choices)
    decision_number = models.CharField(_("nomor keputusan"), max_length=200)
    decided_on = models.DateField(_("tanggal keputusan"))
    decided_by = models.CharField(_("pejabat yang menghukum"), max_length=200)
    legal_basis = models.CharField(
        _("dasar hukum"), max_length=500, default="PP 94/2021 tentang Disiplin PNS"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")

    def __str__(self) -> str:
        return f"{self.tier}: {self.penalty}"
