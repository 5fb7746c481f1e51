"""The tenant (pemda), its organisation tree, places and people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Kecamatan(TenantModel):
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="kecamatan_code_unique"),
            models.UniqueConstraint(fields=["pemda", "name"], name="kecamatan_name_unique"),
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
            models.UniqueConstraint(fields=["pemda", "code"], name="desa_code_unique"),
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
            models.UniqueConstraint(fields=["pemda", "code"], name="opd_code_unique"),
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
            models.UniqueConstraint(fields=["pemda", "code"], name="unit_code_unique"),
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
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
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
            models.UniqueConstraint(fields=["pemda", "nip"], name="employee_nip_unique"),
            models.CheckConstraint(
                condition=Q(nik="") | Q(nik__regex=r"^[0-9]{16}$"), name="employee_nik_16_digits"
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
