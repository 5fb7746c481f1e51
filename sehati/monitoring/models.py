"""UP3 community monitoring and public tips (issue #5): monitors, gratification-prone service
points, the visit checklist, visits, findings and their follow-up, coordination meetings, tips."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.core.fields import EncryptedTextField
from sehati.core.models import TenantModel


class Tip(TenantModel):
    """A tip from the public about a gift or levy asked for or seen at a service point.

    Anonymous unless the tipster leaves a contact. The tipster follows it with a receipt code
    stored only as a hash; no IP address or other client trace is stored with it."""

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        IN_REVIEW = "in_review", _("Ditelaah UPG")
        NEED_INFO = "need_info", _("UPG meminta keterangan")
        FOLLOWED_UP = "followed_up", _("Ditindaklanjuti")
        CLOSED = "closed", _("Selesai")

    receipt_code_hash = models.CharField(max_length=64, unique=True, editable=False)
    description = models.TextField(_("uraian"))
    happened_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    location = models.CharField(_("tempat"), max_length=300, blank=True)
    service_unit = models.ForeignKey(
        "org.ServiceUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit layanan"),
    )
    # Encrypted at rest (issue #9 point 1): the tipster's contact.
    contact = EncryptedTextField(_("kontak (opsional)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    outcome = models.TextField(_("hasil untuk pengadu"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )

    class Meta:
        verbose_name = _("aduan masyarakat")
        verbose_name_plural = _("aduan masyarakat")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Aduan #{self.pk}"


class TipMessage(TenantModel):
    """A message on a tip: from the UPG (shown to the tipster on lookup) or from the tipster."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    from_tipster = models.BooleanField(_("dari pengadu"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    body = models.TextField(_("pesan"))

    class Meta:
        verbose_name = _("pesan aduan")
        verbose_name_plural = _("pesan aduan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.tip_id}: {self.body[:40]}"


# --- UP3 monitors and where they look (issue #5 points 1-2) -----------------------------------


class Monitor(TenantModel):
    """A UP3 member appointed by the regent's decree for one kecamatan and a term."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitor",
        verbose_name=_("akun"),
    )
    name = models.CharField(_("nama"), max_length=200)
    kecamatan = models.ForeignKey(
        "org.Kecamatan", on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    term_start = models.DateField(_("masa tugas mulai"))
    term_end = models.DateField(_("masa tugas selesai"))
    decree_number = models.CharField(_("nomor SK pengangkatan"), max_length=120)
    decree_date = models.DateField(_("tanggal SK"))
    phone = models.CharField(_("telepon/WA"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    is_coordinator = models.BooleanField(_("koordinator"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pemantau UP3")
        verbose_name_plural = _("pemantau UP3")
        ordering = ["kecamatan__name", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="monitor_term_order",
                violation_error_message=_("Masa tugas selesai tidak boleh sebelum mulai."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def on_duty(self, today: dt.date) -> bool:
        return self.is_active and self.term_start <= today <= self.term_end


class ProneService(TenantModel):
    """A gratification-prone service at a service unit, marked by the UPG: together they are the
    map of *titik rawan*."""

    class Area(models.TextChoices):
        LICENSING = "perizinan", _("Perizinan")
        CIVIL_REGISTRY = "adminduk", _("Administrasi kependudukan")
        HEALTH = "kesehatan", _("Kesehatan")
        EDUCATION = "pendidikan", _("Pendidikan")
        REVENUE = "pendapatan", _("Pajak dan retribusi daerah")
        PROCUREMENT = "pengadaan", _("Pengadaan barang/jasa")
        LAND = "pertanahan", _("Pertanahan")
        SOCIAL = "sosial", _("Bantuan sosial")
        STAFFING = "kepegawaian", _("Kepegawaian")
        OTHER = "lainnya", _("Lainnya")

    service_unit = models.ForeignKey(
        "org.ServiceUnit",
        on_delete=models.PROTECT,
        related_name="prone_services",
        verbose_name=_("unit layanan"),
    )
    area = models.CharField(_("bidang"), max_length=12, choices=Area.choices)
    name = models.CharField(_("layanan"), max_length=200)
    risk_note = models.TextField(_("catatan kerawanan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandai oleh"),
    )

    class Meta:
        verbose_name = _("layanan rawan gratifikasi")
        verbose_name_plural = _("layanan rawan gratifikasi")
        ordering = ["service_unit__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_unit", "name"],
                name="prone_service_unique",
                violation_error_message=_("Layanan ini sudah ditandai di unit tersebut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_area_display()})"


class ChecklistItem(TenantModel):
    """One point of the visit checklist, configured by the UPG. `good_answer` is the answer of a
    compliant service point (yes for "standar pelayanan terpasang", no for "petugas meminta
    imbalan"); the other answer suggests a finding of `finding_category`."""

    class Answer(models.TextChoices):
        YES = "ya", _("Ya")
        NO = "tidak", _("Tidak")

    text = models.CharField(_("pertanyaan"), max_length=300)
    good_answer = models.CharField(
        _("jawaban yang sesuai"), max_length=5, choices=Answer.choices, default=Answer.YES
    )
    finding_category = models.CharField(
        _("kategori temuan bila tidak sesuai"), max_length=20, blank=True
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("butir daftar periksa")
        verbose_name_plural = _("daftar periksa kunjungan")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


# --- visits and findings (points 3-4) ---------------------------------------------------------


class Visit(TenantModel):
    """A monitor's visit to a service point. `client_uuid` is made by the form when it is first
    opened: a form sent twice (a lost connection, a double tap) finds the same visit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Terkirim")

    monitor = models.ForeignKey(
        Monitor, on_delete=models.PROTECT, related_name="visits", verbose_name=_("pemantau")
    )
    client_uuid = models.UUIDField(_("kode formulir"))
    service_unit = models.ForeignKey(
        "org.ServiceUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit layanan"),
    )
    prone_service = models.ForeignKey(
        ProneService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("layanan yang dipantau"),
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # [{"item": id, "text": "...", "answer": "ya"|"tidak"|"", "good": "ya"|"tidak",
    #   "category": "..."}]: the checklist as the monitor saw it.
    answers: models.JSONField[Any] = models.JSONField(_("jawaban daftar periksa"), default=list)
    narrative = models.TextField(_("uraian"), blank=True)
    # Findings written on a draft ([{"category", "severity", "description", …}]); each becomes a
    # Finding when the visit is sent (emptied then).
    finding_drafts: models.JSONField[Any] = models.JSONField(
        _("draf temuan"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("kunjungan pemantauan")
        verbose_name_plural = _("kunjungan pemantauan")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "client_uuid"], name="visit_client_once"),
        ]
        indexes = [models.Index(fields=["pemda", "status", "visited_on"])]

    def __str__(self) -> str:
        return f"Kunjungan #{self.pk}"


class Finding(TenantModel):
    """A finding from a visit or from the public, sent to the head of the OPD concerned with a
    follow-up deadline, and to the UPG (who reports to the regent and decides on KPK)."""

    class Source(models.TextChoices):
        VISIT = "kunjungan", _("Kunjungan pemantau")
        TIP = "aduan", _("Aduan masyarakat")
        OTHER = "lainnya", _("Sumber lain")

    class Category(models.TextChoices):
        GRATIFICATION = "gratifikasi", _("Dugaan gratifikasi")
        LEVY = "pungli", _("Dugaan pungutan liar")
        NO_STANDARD = "standar", _("Standar pelayanan tidak terpasang")
        NO_FEES = "biaya", _("Biaya layanan tidak diumumkan")
        NO_NOTICE = "himbauan", _("Tidak ada himbauan anti-gratifikasi")
        NO_COMPLAINT = "pengaduan", _("Sarana pengaduan tidak tersedia")
        NO_QUEUE = "antrean", _("Sistem antrean tidak berjalan")
        SERVICE = "pelayanan", _("Pelayanan tidak sesuai standar")
        OTHER = "lainnya", _("Lainnya")

    class Severity(models.TextChoices):
        LOW = "rendah", _("Rendah")
        MEDIUM = "sedang", _("Sedang")
        HIGH = "tinggi", _("Tinggi")

    class Status(models.TextChoices):
        SENT = "sent", _("Menunggu tindak lanjut OPD")
        RESPONDED = "responded", _("Ditanggapi OPD, diverifikasi UPG")
        CLOSED = "closed", _("Selesai")

    number = models.CharField(_("nomor temuan"), max_length=30)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    visit = models.ForeignKey(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("kunjungan"),
    )
    tip = models.ForeignKey(
        Tip,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("aduan"),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    severity = models.CharField(_("tingkat"), max_length=10, choices=Severity.choices)
    service_unit = models.ForeignKey(
        "org.ServiceUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit layanan"),
    )
    opd = models.ForeignKey(
        "org.Opd", on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD")
    )
    kecamatan = models.ForeignKey(
        "org.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    observed_on = models.DateField(_("tanggal kejadian"))
    description = models.TextField(_("uraian temuan"))
    person_description = models.CharField(
        _("ASN yang terlibat (keterangan)"), max_length=300, blank=True
    )
    # Set by the UPG after checking who it was (monitors do not search the staff register).
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ASN yang terlibat"),
    )
    gift_description = models.CharField(_("pemberian yang dimaksud"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT, db_index=True
    )
    sent_on = models.DateField(_("dikirim ke OPD"))
    followup_due = models.DateField(_("tenggat tindak lanjut"))
    rounds = models.PositiveSmallIntegerField(_("putaran tindak lanjut"), default=1)
    responded_on = models.DateField(_("ditanggapi OPD"), null=True, blank=True)
    escalated_on = models.DateField(_("dieskalasi"), null=True, blank=True)
    escalation_reason = models.CharField(_("alasan eskalasi"), max_length=300, blank=True)
    kpk_marked_on = models.DateField(_("ditandai untuk KPK"), null=True, blank=True)
    kpk_note = models.TextField(_("catatan untuk KPK"), blank=True)
    closed_on = models.DateField(_("selesai"), null=True, blank=True)
    outcome = models.TextField(_("hasil tindak lanjut"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("temuan UP3")
        verbose_name_plural = _("temuan UP3")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "number"], name="finding_number_unique"),
        ]
        indexes = [
            models.Index(fields=["pemda", "status", "followup_due"]),
            models.Index(fields=["pemda", "opd", "status"]),
            models.Index(fields=["pemda", "employee"]),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.SENT and self.followup_due < today


class FindingNote(TenantModel):
    """A step of a finding's follow-up that carries text: the OPD's response, the UPG's return
    of an insufficient response, the UPG's verification note."""

    class Kind(models.TextChoices):
        OPD_RESPONSE = "opd_response", _("Tanggapan OPD")
        UPG_RETURN = "upg_return", _("Dikembalikan UPG")
        UPG_NOTE = "upg_note", _("Catatan UPG")

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="notes", verbose_name=_("temuan")
    )
    kind = models.CharField(_("jenis"), max_length=14, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penulis"),
    )
    body = models.TextField(_("isi"))

    class Meta:
        verbose_name = _("catatan temuan")
        verbose_name_plural = _("catatan temuan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.kind}"


class FindingCounter(TenantModel):
    """The last finding number used per pemda and year (taken under a row lock)."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year"], name="finding_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id}/{self.year}: {self.last}"


# --- coordination (point 6) -------------------------------------------------------------------


class Meeting(TenantModel):
    """A monthly UP3 coordination meeting: who came, what was discussed and decided."""

    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("notulen"))
    attendees = models.ManyToManyField(
        Monitor, blank=True, related_name="meetings", verbose_name=_("pemantau yang hadir")
    )
    other_attendees = models.TextField(_("peserta lain"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("rapat koordinasi UP3")
        verbose_name_plural = _("rapat koordinasi UP3")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Rapat {self.held_on:%d-%m-%Y}"
