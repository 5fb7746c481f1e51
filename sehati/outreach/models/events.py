"""Socialisation events and their participants (issue #7 point 1).

An event is planned by the UPG for civil servants (by OPD), the public (by kecamatan) or vendors;
people register before it and check in on the day by scanning the event's QR code, or the UPG
ticks them on the attendance list. Each participant has a secret code for their own page (tests,
materials, certificate). Coverage per OPD counts distinct civil servants who attended a held ASN
event (`sehati.outreach.coverage`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class Event(TenantModel):
    """A socialisation event for civil servants (by OPD), the public (by kecamatan) or vendors."""

    class Audience(models.TextChoices):
        ASN = "asn", _("ASN (per OPD)")
        PUBLIC = "public", _("Masyarakat (per kecamatan)")
        VENDOR = "vendor", _("Penyedia barang/jasa")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    audience = models.CharField(_("sasaran"), max_length=8, choices=Audience.choices)
    held_on = models.DateField(_("tanggal"))
    starts_at = models.TimeField(_("jam mulai"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    speakers = models.TextField(_("narasumber"), blank=True, help_text=_("Satu nama per baris."))
    target_count = models.PositiveIntegerField(_("target peserta"), default=0)
    opds = models.ManyToManyField(
        "org.Opd", blank=True, related_name="+", verbose_name=_("OPD sasaran")
    )
    kecamatans = models.ManyToManyField(
        "org.Kecamatan", blank=True, related_name="+", verbose_name=_("kecamatan sasaran")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    # The secret in the event's QR code and registration link (never the database id).
    join_code = models.CharField(_("kode tautan"), max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)

    class Meta:
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["pemda", "held_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class Participant(TenantModel):
    """A person registered for or attending an event: a civil servant (linked to their employee
    record, with the OPD at the time) or a member of the public or a vendor (name only)."""

    class Kind(models.TextChoices):
        ASN = "asn", _("ASN")
        PUBLIC = "public", _("Masyarakat")
        VENDOR = "vendor", _("Penyedia")

    class Via(models.TextChoices):
        QR = "qr", _("Pindai kode QR")
        LIST = "list", _("Daftar hadir")
        REGISTRATION = "registration", _("Pendaftaran")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("kegiatan")
    )
    kind = models.CharField(_("jenis peserta"), max_length=8, choices=Kind.choices)
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai"),
    )
    # The OPD when the person registered, updated when they attend: the record of which OPD
    # they came from. Coverage per OPD counts people by their current OPD instead
    # (`sehati.outreach.coverage`).
    opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OPD"),
    )
    kecamatan = models.ForeignKey(
        "org.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    name = models.CharField(_("nama"), max_length=200)
    organisation = models.CharField(_("instansi/usaha"), max_length=200, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    # The participant's own secret link (tests, certificate): never the database id.
    code = models.CharField(_("kode peserta"), max_length=32, unique=True)
    registered_via = models.CharField(
        _("terdaftar melalui"), max_length=12, choices=Via.choices, default=Via.REGISTRATION
    )
    attended_at = models.DateTimeField(_("hadir pada"), null=True, blank=True)
    attended_via = models.CharField(
        _("hadir melalui"), max_length=12, choices=Via.choices, blank=True
    )
    # Who ticked the attendance list (empty for a QR check-in).
    attended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    # Given when the first certificate is issued; it never changes afterwards.
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=40, blank=True)
    certificate_issued_at = models.DateTimeField(_("sertifikat diterbitkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("peserta sosialisasi")
        verbose_name_plural = _("peserta sosialisasi")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["event", "attended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "employee"],
                condition=Q(employee__isnull=False),
                name="outreach_participant_one_per_employee",
            ),
            models.UniqueConstraint(
                fields=["pemda", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="outreach_certificate_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="asn") | Q(employee__isnull=True),
                name="outreach_participant_employee_is_asn",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_attended(self) -> bool:
        return self.attended_at is not None


class CertificateCounter(TenantModel):
    """The last certificate number used per pemda and year (taken under a row lock)."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "year"], name="outreach_certificate_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id}/{self.year}: {self.last}"
