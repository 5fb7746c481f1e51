"""UU PDP (UU 27/2022) duties as data (issue #9 point 3): how long each kind of record keeps
personal data, legal holds that stop its removal, what the daily retention job did, and
data-subject requests with their 3 x 24-hour deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.core.fields import EncryptedTextField
from sehati.core.models import TenantModel


class RecordType(models.TextChoices):
    """The kinds of record whose personal data expires (sehati/privacy/retention.py)."""

    GIFT_REPORT = "gift_report", _("Laporan gratifikasi (identitas pelapor)")
    TIP = "tip", _("Aduan masyarakat")
    OUTREACH_PARTICIPANT = "outreach_participant", _("Peserta sosialisasi")


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonimkan")
    DELETE = "delete", _("Hapus")


class RetentionRule(TenantModel):
    """A pemda's own period for one record type; without a row the default in retention.py
    applies."""

    record_type = models.CharField(_("jenis data"), max_length=32, choices=RecordType.choices)
    keep_years = models.PositiveSmallIntegerField(_("disimpan (tahun)"))
    action = models.CharField(_("tindakan"), max_length=12, choices=RetentionAction.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("jadwal retensi")
        verbose_name_plural = _("jadwal retensi")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "record_type"], name="retention_rule_one_per_type"
            ),
            models.CheckConstraint(
                condition=models.Q(keep_years__gte=1, keep_years__lte=100),
                name="retention_rule_keep_years_range",
            ),
        ]


class LegalHold(TenantModel):
    """A record that must not be anonymised or deleted (a lawsuit, an investigation, an audit),
    until the hold is released."""

    record_type = models.CharField(_("jenis data"), max_length=32, choices=RecordType.choices)
    object_id = models.BigIntegerField(_("nomor data"))
    reason = models.TextField(_("alasan"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("dilepas pada"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_reason = models.TextField(_("alasan dilepas"), blank=True)

    class Meta:
        verbose_name = _("penahanan hukum")
        verbose_name_plural = _("penahanan hukum")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "record_type", "object_id"],
                condition=models.Q(released_at__isnull=True),
                name="legal_hold_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} #{self.object_id}"

    @property
    def active(self) -> bool:
        return self.released_at is None


class RetentionDone(TenantModel):
    """A record already anonymised by retention, so that the daily job does not take it again
    (a deleted record is simply gone)."""

    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "record_type", "object_id"], name="retention_done_once"
            )
        ]


class RetentionRun(TenantModel):
    """One run of the retention job for a pemda: the day it ran as and what it did per type."""

    run_on = models.DateField(_("tanggal"))
    # {record_type: {"anonymised": n, "deleted": n, "held": n}}
    counts = models.JSONField(_("jumlah"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("jalannya retensi")
        verbose_name_plural = _("jalannya retensi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Retensi {self.run_on:%Y-%m-%d}"


class DataSubjectRequest(TenantModel):
    """A request by a person about their personal data (UU PDP Pasal 32, 34 and 41): access,
    correction or restriction of processing, to be answered within 3 x 24 hours."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses (salinan data)")
        CORRECTION = "correction", _("Pembetulan")
        RESTRICTION = "restriction", _("Pembatasan pemrosesan")

    class Status(models.TextChoices):
        OPEN = "open", _("Diproses")
        DONE = "done", _("Dipenuhi")
        REFUSED = "refused", _("Ditolak")

    number = models.CharField(_("nomor"), max_length=32)
    kind = models.CharField(_("jenis permintaan"), max_length=12, choices=Kind.choices)
    # The person, encrypted at rest like every identity SEHATI keeps.
    subject_name = EncryptedTextField(_("nama subjek data"), max_length=200)
    subject_contact = EncryptedTextField(_("kontak subjek data"), max_length=200, blank=True)
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai"),
    )
    details = models.TextField(_("isi permintaan"))
    received_at = models.DateTimeField(_("diterima pada"))
    due_at = models.DateTimeField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    response = models.TextField(_("jawaban"), blank=True)
    closed_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "number"], name="dsr_number_unique"),
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("received_at")), name="dsr_due_after"
            ),
        ]

    def __str__(self) -> str:
        return self.number
