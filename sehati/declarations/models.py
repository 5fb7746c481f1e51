"""Periodic gratification declarations (issue #6 point 1).

The UPG opens a period (a semester, say) for all OPD or some of them; every active civil servant
of those OPD answers once: no gift received, received and already reported (linking the reports),
or received and not yet reported (each gift listed, each starting a report draft). Closing the
period freezes the answers and the roster.

While a period is open the roster follows the employee data: `period_roster_sync` keeps one row
per obliged employee (unanswered rows follow transfers; rows of employees no longer obliged go).
At closing the rows become the frozen record: who was obliged, in which OPD, and what they said.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sehati.core.fields import EncryptedTextField
from sehati.core.models import TenantModel


class DeclarationPeriod(TenantModel):
    """A round of declarations: who must answer (all OPD or the chosen ones, each with its
    sub-units) and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    starts_on = models.DateField(_("mulai"))
    due_on = models.DateField(_("batas jawab"))
    all_opd = models.BooleanField(_("semua OPD"), default=True)
    opds = models.ManyToManyField(
        "org.Opd", blank=True, related_name="+", verbose_name=_("OPD yang wajib")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditutup oleh"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    # The UPG's "Kirim pengingat" works once a day per period.
    last_reminded_on = models.DateField(_("pengingat manual terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("periode deklarasi")
        verbose_name_plural = _("periode deklarasi")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["pemda", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")), name="declaration_period_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Declaration(TenantModel):
    """One employee's answer in one period (one row per period and employee). `answer` empty:
    not answered (yet, or never: a closed period keeps these rows as the record)."""

    class Answer(models.TextChoices):
        PENDING = "", _("Belum menjawab")
        NONE = "none", _("Tidak menerima gratifikasi")
        REPORTED = "reported", _("Menerima dan sudah melapor")
        UNREPORTED = "unreported", _("Menerima dan belum melapor")

    period = models.ForeignKey(
        DeclarationPeriod,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("periode"),
    )
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("pegawai"),
    )
    # The employee's OPD when they answered (or, unanswered, when the period closed).
    opd = models.ForeignKey(
        "org.Opd", on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD")
    )
    answer = models.CharField(
        _("jawaban"), max_length=12, choices=Answer.choices, default="", blank=True
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dijawab oleh"),
    )
    # The employee's reports the answer "reported" refers to. A confidential report is not in
    # the link table but in `reports_sealed` (ids, encrypted): a declaration names its employee,
    # so a plain link would name the confidential reporter (issue #9 point 1).
    reports = models.ManyToManyField(
        "reports.GiftReport", blank=True, related_name="+", verbose_name=_("laporan yang dirujuk")
    )
    reports_sealed = EncryptedTextField(blank=True, default="", editable=False)
    sanction_case = models.ForeignKey(
        "sanctions.SanctionCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kasus sanksi"),
    )

    class Meta:
        verbose_name = _("deklarasi")
        verbose_name_plural = _("deklarasi")
        ordering = ["employee__name", "id"]
        indexes = [models.Index(fields=["period", "opd", "answer"])]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee"], name="declaration_one_per_period_employee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.employee_id}: {self.answer or '-'}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    def linked_report_ids(self) -> list[int]:
        """Every report the answer refers to, confidential ones included (sorted)."""
        sealed = [int(i) for i in self.reports_sealed.split(",") if i]
        return sorted({r.pk for r in self.reports.all()} | set(sealed))

    def linked_reports(self) -> Any:
        from sehati.reports.models import GiftReport

        return GiftReport.objects.filter(pk__in=self.linked_report_ids()).order_by(
            "-received_on", "-id"
        )

    def reports_link(self, reports: list[Any]) -> tuple[list[int], int]:
        """Refer to `reports`: the others in the link table, confidential ones sealed. Returns
        the ids in the clear and the number sealed (what the timeline may say)."""
        clear = [r for r in reports if not r.confidential]
        sealed = sorted(r.pk for r in reports if r.confidential)
        self.reports.set(clear)
        self.reports_sealed = ",".join(str(i) for i in sealed)
        self.save(update_fields=["reports_sealed", "updated_at"])
        return sorted(r.pk for r in clear), len(sealed)


class DeclaredGift(TenantModel):
    """A gift the employee admits not having reported yet; it starts a report draft."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="gifts", verbose_name=_("deklarasi")
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    description = models.CharField(_("uraian pemberian"), max_length=300)
    received_on = models.DateField(_("tanggal diterima"))
    giver_name = models.CharField(_("pemberi"), max_length=200)
    value_idr = models.PositiveBigIntegerField(_("perkiraan nilai (Rp)"))
    report = models.ForeignKey(
        "reports.GiftReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("konsep laporan"),
    )

    class Meta:
        verbose_name = _("pemberian yang dideklarasikan")
        verbose_name_plural = _("pemberian yang dideklarasikan")
        ordering = ["declaration", "position", "id"]

    def __str__(self) -> str:
        return self.description
