"""The tenant (pemda), its organisation tree, places and people."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sehati.core.fields import EncryptedTextField
from sehati.core.models import TenantModel, TimeStampedModel
from sehati.org.nip import NipError, nip_parse


class Pemda(TimeStampedModel):
    """A regional government: the tenant. Every domain row points to one."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PROVINSI = "provinsi", _("Provinsi")

    class Zone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (UTC+7)")
        WITA = "Asia/Makassar", _("WITA (UTC+8)")
        WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    province = models.CharField(_("provinsi"), max_length=100)
    time_zone = models.CharField(_("zona waktu"), max_length=32, choices=Zone.choices)
    # Letterhead (kop surat) for letters and PDFs.
    letterhead_title = models.CharField(_("judul kop surat"), max_length=200, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    # References of the pemda's own regulations.
    gratification_regulation = models.CharField(
        _("peraturan pengendalian gratifikasi"),
        max_length=300,
        blank=True,
        help_text=_("mis. Perbup HSS 18/2017 jo. 66/2020"),
    )
    tpp_regulation = models.CharField(_("peraturan TPP"), max_length=300, blank=True)
    upg_decree = models.CharField(_("SK pembentukan UPG"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)
    # Working days (DECISIONS.md #2) and the internal deadlines of the pemda's Perbup (#12).
    cuti_bersama_counts_as_working = models.BooleanField(
        _("cuti bersama dihitung hari kerja"),
        default=False,
        help_text=_("Bacaan yang lebih ketat: tenggat jatuh lebih awal. Bawaan: tidak."),
    )
    days_to_upg = models.PositiveSmallIntegerField(
        _("tenggat lapor ke UPG (HK)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    days_to_upg_pembantu = models.PositiveSmallIntegerField(
        _("tenggat lapor ke UPG pembantu (HK)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    days_upg_pembantu_to_upg = models.PositiveSmallIntegerField(
        _("tenggat UPG pembantu ke UPG (HK)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    days_upg_to_kpk = models.PositiveSmallIntegerField(
        _("tenggat UPG ke KPK (HK)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    days_finding_followup = models.PositiveSmallIntegerField(
        _("tenggat tindak lanjut temuan UP3 oleh OPD (HK)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Hari kerja sejak temuan dikirim ke kepala OPD (issue #5)."),
    )
    # Periodic recap to KPK and the regent (DECISIONS.md #15, GRATIFICATION_LAW.md §3.3).
    recap_period = models.CharField(
        _("periode rekap ke KPK dan kepala daerah"),
        max_length=10,
        choices=[("quarterly", _("Triwulan")), ("semester", _("Semester"))],
        default="quarterly",
    )
    # Head of the central UPG: sees confidential reporters' identities and grants that to others
    # (issue #4 point 11).
    upg_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kepala UPG"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pemda")
        verbose_name_plural = _("pemda")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone_label(self) -> str:
        return {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(
            self.time_zone, self.time_zone
        )


class CalendarOverride(TenantModel):
    """A pemda's change to the national calendar, with its legal basis (DECISIONS.md #2)."""

    class Action(models.TextChoices):
        ADD = "add", _("Tambah hari libur (bukan hari kerja)")
        REMOVE = "remove", _("Hapus hari libur/cuti bersama (menjadi hari kerja)")

    day = models.DateField(_("tanggal"))
    action = models.CharField(_("perubahan"), max_length=10, choices=Action.choices)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perubahan kalender kerja")
        verbose_name_plural = _("perubahan kalender kerja")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "day"],
                name="calendar_override_day_unique",
                violation_error_message=_("Tanggal ini sudah punya perubahan kalender."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_action_display()}: {self.name}"


class Kecamatan(TenantModel):
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="kecamatan_code_unique",
                violation_error_message=_("Kode kecamatan ini sudah dipakai di pemda ini."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "name"],
                name="kecamatan_name_unique",
                violation_error_message=_("Nama kecamatan ini sudah ada di pemda ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Desa(TenantModel):
    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="desa", verbose_name=_("kecamatan")
    )
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.DESA)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="desa_code_unique",
                violation_error_message=_("Kode desa/kelurahan ini sudah dipakai di pemda ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Opd(TenantModel):
    """Perangkat daerah (dinas, badan, sekretariat, kecamatan office), as a tree."""

    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="opd_code_unique",
                violation_error_message=_("Kode OPD ini sudah dipakai di pemda ini."),
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="opd_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        node = self.parent
        seen = set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("Induk OPD membentuk lingkaran.")})
            if node.pemda_id != self.pemda_id:
                raise ValidationError({"parent": _("Induk OPD harus dari pemda yang sama.")})
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.parent


class ServiceUnit(TenantModel):
    """Unit layanan: a public service point (counter, puskesmas, office) of an OPD."""

    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="units", verbose_name=_("OPD")
    )
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("desa/kelurahan")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="unit_code_unique",
                violation_error_message=_("Kode unit layanan ini sudah dipakai di pemda ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def validate_nip(value: str) -> None:
    try:
        nip_parse(value)
    except NipError as exc:
        raise ValidationError(str(exc), code="invalid_nip") from None


class Employee(TenantModel):
    """An ASN (or other staff paid from the APBD) of the pemda."""

    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")
        OTHER = "lainnya", _("Lainnya (non-ASN dibayar APBD)")

    class Level(models.TextChoices):
        # Jabatan tiers of UU 20/2023 (ASN): pimpinan tinggi, administrator, pengawas, pelaksana,
        # fungsional; kepala daerah-level officials are not employees here.
        JPT = "jpt", _("Jabatan Pimpinan Tinggi")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    nip = models.CharField(_("NIP"), max_length=18, validators=[validate_nip])
    # Encrypted at rest (issue #9 point 1): the 16 digits are checked here and by the roster
    # import, since the database only sees ciphertext.
    nik = EncryptedTextField(
        _("NIK"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{16}$", _("NIK harus 16 digit angka."))],
    )
    name = models.CharField(_("nama"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    golongan = models.CharField(_("golongan"), max_length=10, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    level = models.CharField(_("tingkat jabatan"), max_length=20, choices=Level.choices)
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="employees", verbose_name=_("OPD")
    )
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("unit layanan"),
    )
    tpp_monthly_idr = models.PositiveBigIntegerField(_("TPP per bulan (Rp)"), default=0)
    email = models.EmailField(_("surel"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "nip"],
                name="employee_nip_unique",
                violation_error_message=_("NIP ini sudah terdaftar di pemda ini."),
            ),
        ]
        indexes = [models.Index(fields=["pemda", "opd", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class Mutasi(TenantModel):
    """A transfer of an employee from one OPD to another (from roster import or by hand)."""

    class Source(models.TextChoices):
        IMPORT = "impor", _("Impor data pegawai")
        MANUAL = "manual", _("Input manual")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="mutasi", verbose_name=_("pegawai")
    )
    from_opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="+", verbose_name=_("dari OPD")
    )
    to_opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="+", verbose_name=_("ke OPD")
    )
    effective_on = models.DateField(_("berlaku sejak"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mutasi")
        verbose_name_plural = _("mutasi")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.from_opd} → {self.to_opd}"


def roster_upload_to(instance: RosterImport, filename: str) -> str:
    """Private path of an uploaded roster: never the user's file name (it may hold anything)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roster/{instance.pemda_id}/{uuid.uuid4().hex}.{suffix}"


class RosterImport(TenantModel):
    """One roster file (CSV/XLSX export of SIMPEG/SIASN) on its way into the employee table.

    uploaded → validating → invalid | valid → committing → done | failed. Nothing reaches the
    employee table until the whole file is valid and someone commits it (issue #2, point 5).
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        VALIDATING = "validating", _("Sedang diperiksa")
        INVALID = "invalid", _("Tidak valid")
        VALID = "valid", _("Valid, menunggu disimpan")
        COMMITTING = "committing", _("Sedang disimpan")
        DONE = "done", _("Tersimpan")
        FAILED = "failed", _("Gagal disimpan")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    # Errors kept per import; the count beyond this is still reported (error_count).
    MAX_STORED_ERRORS = 1000

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    file = models.FileField(_("berkas"), upload_to=roster_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    encoding = models.CharField(_("pengodean teks"), max_length=20, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("ukuran (byte)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    errors: models.JSONField[Any] = models.JSONField(_("kesalahan"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    summary: models.JSONField[Any] = models.JSONField(_("ringkasan"), default=dict, blank=True)
    failure_reason = models.CharField(_("alasan gagal"), max_length=500, blank=True)
    validated_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    commit_requested_at = models.DateTimeField(_("diminta disimpan"), null=True, blank=True)
    committed_at = models.DateTimeField(_("disimpan"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disimpan oleh"),
    )

    class Meta:
        verbose_name = _("impor data pegawai")
        verbose_name_plural = _("impor data pegawai")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "-created_at"], name="rosterimport_pemda_created")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("org:roster_import_detail", args=[self.pk])

    @property
    def is_pending_commit(self) -> bool:
        """Valid and queued for saving, but the worker has not started yet."""
        return self.status == self.Status.VALID and self.commit_requested_at is not None

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.VALID and self.commit_requested_at is None

    @property
    def is_final(self) -> bool:
        """Nothing will change without a person acting (the progress page stops polling)."""
        if self.status == self.Status.VALID:
            return self.commit_requested_at is None
        return self.status in (self.Status.INVALID, self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int | None:
        if not self.total_rows:
            return None
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)
