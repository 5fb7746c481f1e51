"""The UPG's handling of a submitted gift report, from receipt to KPK's decision and the fate of
the object (GRATIFICATION_LAW.md §2.4–2.6; issue #4 points 6–9).

One `Case` per submitted report. Its state changes only through `sehati.cases.services`; each
change writes a timeline event on the report (the legal record the reporter also sees).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sehati.core.models import TenantModel


class Case(TenantModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima UPG")
        VERIFICATION = "verification", _("Verifikasi")
        INCOMPLETE = "incomplete", _("Belum lengkap")
        COMPLETE = "complete", _("Lengkap")
        ANALYSED = "analysed", _("Dianalisis")
        FORWARDED = "forwarded", _("Diteruskan ke KPK")
        DECIDED = "decided", _("SK KPK diterima")
        CLOSED = "closed", _("Selesai")

    class CloseReason(models.TextChoices):
        NOT_REPORTABLE = "not_reportable", _("Tidak wajib lapor")
        INCOMPLETE_EXPIRED = (
            "incomplete_expired",
            _("Tidak dapat ditindaklanjuti: tidak dilengkapi tepat waktu"),
        )
        KPK_NOT_FOLLOWED = "kpk_not_followed", _("Tidak dapat ditindaklanjuti (SK KPK)")
        HANDED_OVER = "handed_over", _("Objek diserahkan kepada KPK/DJKN")
        COMPENSATED = "compensated", _("Uang pengganti/kompensasi disetor")
        RETURNED = "returned", _("Objek dikembalikan kepada pelapor")
        RECIPIENT_KEEPS = "recipient_keeps", _("Objek tetap pada penerima (milik penerima)")

    class Channel(models.TextChoices):
        GOL = "gol", _("Gratifikasi Online (GOL)")
        EMAIL = "email", _("E-mail ke KPK")
        LETTER = "letter", _("Surat/kurir")

    class Decision(models.TextChoices):
        STATE = "state", _("Milik negara")
        RECIPIENT = "recipient", _("Milik penerima")
        STATE_COMPENSABLE = "state_compensable", _("Milik negara, dapat diganti uang")
        NOT_FOLLOWED = "not_followed", _("Tidak dapat ditindaklanjuti")

    class SignatoryLevel(models.TextChoices):
        PIMPINAN = "pimpinan", _("Pimpinan KPK")
        DEPUTI = "deputi", _("Deputi")
        DIREKTUR = "direktur", _("Direktur Gratifikasi dan Pelayanan Publik")
        OTHER = "other", _("Pejabat lain")

    class FollowUp(models.TextChoices):
        HANDOVER = "handover", _("Penyerahan objek kepada KPK/DJKN (BAST)")
        COMPENSATION = "compensation", _("Penyetoran uang (kode billing, NTPN)")
        RETURNED = "returned", _("Pengembalian objek kepada pelapor")
        KEPT = "kept", _("Objek tetap pada penerima")

    report = models.OneToOneField(
        "reports.GiftReport",
        on_delete=models.PROTECT,
        related_name="case",
        verbose_name=_("laporan"),
    )
    # Routing (issue #4 point 6): the UPG pembantu of this OPD handles it; None = central UPG.
    handler_opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("UPG pembantu"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    received_on = models.DateField(_("diterima UPG"))
    # The next deadline that matters in the current state (for queues, sorting and reminders).
    next_due_on = models.DateField(_("tenggat berikutnya"), null=True, blank=True, db_index=True)
    # Verification (GOL's "Lembar Checklist Review").
    checklist: models.JSONField[Any] = models.JSONField(
        _("daftar periksa"), default=dict, blank=True
    )
    missing_note = models.TextField(_("kekurangan yang diminta"), blank=True)
    documents_requested_on = models.DateField(
        _("tanggal permintaan kelengkapan"), null=True, blank=True
    )
    completion_due = models.DateField(_("batas kelengkapan"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal lengkap"), null=True, blank=True)
    # Analysis.
    recommendation = models.TextField(_("rekomendasi UPG"), blank=True)
    must_report_confirmed = models.BooleanField(
        _("wajib lapor (hasil analisis)"), null=True, blank=True
    )
    override_reason = models.TextField(_("alasan berbeda dari penilaian sistem"), blank=True)
    analysed_on = models.DateField(_("tanggal analisis"), null=True, blank=True)
    # Forwarding to KPK.
    forward_due = models.DateField(_("batas penerusan ke KPK"), null=True, blank=True)
    forwarded_on = models.DateField(_("tanggal diteruskan ke KPK"), null=True, blank=True)
    forward_channel = models.CharField(
        _("saluran"), max_length=8, choices=Channel.choices, blank=True
    )
    gol_reference = models.CharField(_("nomor/rujukan GOL"), max_length=100, blank=True)
    # KPK's decision (SK penetapan status).
    decision = models.CharField(_("status SK"), max_length=20, choices=Decision.choices, blank=True)
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    signatory_level = models.CharField(
        _("penandatangan SK"), max_length=12, choices=SignatoryLevel.choices, blank=True
    )
    appraised_value_idr = models.PositiveBigIntegerField(
        _("nilai taksiran KPK (Rp)"), null=True, blank=True
    )
    handover_due = models.DateField(_("batas penyerahan"), null=True, blank=True)
    # Follow-up of the decision.
    followup = models.CharField(
        _("tindak lanjut"), max_length=16, choices=FollowUp.choices, blank=True
    )
    followup_on = models.DateField(_("tanggal tindak lanjut"), null=True, blank=True)
    bast_number = models.CharField(_("nomor BAST"), max_length=100, blank=True)
    handed_to = models.CharField(_("diserahkan kepada"), max_length=200, blank=True)
    billing_code = models.CharField(_("kode billing"), max_length=30, blank=True)
    ntpn = models.CharField(_("NTPN"), max_length=30, blank=True)
    paid_idr = models.PositiveBigIntegerField(_("jumlah disetor (Rp)"), null=True, blank=True)
    # Closing.
    close_reason = models.CharField(
        _("alasan selesai"), max_length=20, choices=CloseReason.choices, blank=True
    )
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    close_note = models.TextField(_("catatan penutupan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kasus UPG")
        verbose_name_plural = _("kasus UPG")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
                name="case_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | ~models.Q(decision=""),
                name="case_decided_has_decision",
            ),
        ]
        indexes = [models.Index(fields=["pemda", "status", "next_due_on"])]

    def __str__(self) -> str:
        return self.report.register_number

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    # The reporter acting on their case is the reporter of its report (sehati/core/audit.py).
    def timeline_actor_hidden(self, actor: Any) -> bool:
        return self.report.timeline_actor_hidden(actor)

    def timeline_actor_label(self, actor: Any) -> str | None:
        return self.report.timeline_actor_label(actor)


class CaseMessage(TenantModel):
    """A message between the UPG and the reporter on a case (requests, answers, notices)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="messages", verbose_name=_("kasus")
    )
    # None on the reporter's messages: the reporter of the case's report wrote them (issue #9
    # point 1: a confidential reporter is not linked to the case through their messages).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengirim"),
    )
    from_reporter = models.BooleanField(_("dari pelapor"), default=False)
    body = models.TextField(_("pesan"))
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan kasus")
        verbose_name_plural = _("pesan kasus")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"


class CustodyItem(TenantModel):
    """An object held by the UPG (*barang titipan*, GRATIFICATION_LAW.md §2.6), from deposit to
    hand-over; a tanda terima is issued at each end."""

    class Status(models.TextChoices):
        HELD = "held", _("Dititipkan di UPG")
        RELEASED = "released", _("Sudah diserahkan")

    class ReleaseTo(models.TextChoices):
        KPK = "kpk", _("KPK")
        DJKN = "djkn", _("DJKN/KPKNL")
        REPORTER = "reporter", _("Pelapor")
        OTHER = "other", _("Lainnya")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="custody_items", verbose_name=_("kasus")
    )
    report_item = models.ForeignKey(
        "reports.ReportItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objek laporan"),
    )
    number = models.CharField(_("nomor tanda terima"), max_length=40)
    description = models.CharField(_("uraian barang"), max_length=300)
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)
    received_from = models.CharField(_("diterima dari"), max_length=200)
    received_on = models.DateField(_("tanggal diterima"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterima oleh"),
    )
    storage_location = models.CharField(_("tempat penyimpanan"), max_length=200)
    condition = models.CharField(_("kondisi"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD, db_index=True
    )
    released_to_kind = models.CharField(
        _("diserahkan kepada (jenis)"), max_length=10, choices=ReleaseTo.choices, blank=True
    )
    released_to = models.CharField(_("nama penerima"), max_length=200, blank=True)
    released_on = models.DateField(_("tanggal diserahkan"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diserahkan oleh"),
    )
    release_number = models.CharField(_("nomor tanda terima penyerahan"), max_length=40, blank=True)
    release_note = models.TextField(_("catatan penyerahan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barang titipan")
        verbose_name_plural = _("barang titipan")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "number"], name="custody_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status="held")
                | (models.Q(released_on__isnull=False) & ~models.Q(released_to="")),
                name="custody_released_has_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description}"


class CustodyCounter(TenantModel):
    """The last tanda-terima number used per pemda and year (taken under a row lock)."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year"], name="custody_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id}/{self.year}: {self.last}"


class IdentityAccess(TenantModel):
    """A user the head of the central UPG allows to see confidential reporters' identities
    (issue #4 point 11). Revoking keeps the row (who had access, and when, stays known)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identity_accesses",
        verbose_name=_("pengguna"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diberikan oleh"),
    )
    reason = models.CharField(_("alasan"), max_length=300)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("akses identitas pelapor rahasia")
        verbose_name_plural = _("akses identitas pelapor rahasia")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="identity_access_active_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
