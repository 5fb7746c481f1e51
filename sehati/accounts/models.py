"""Users, their role grants, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class Role(models.TextChoices):
    """The roles of issue #2. `pelapor` is implied by a link to an employee; `publik` is anonymous."""

    PELAPOR = "pelapor", _("Pelapor (ASN)")
    UPG_PEMBANTU = "upg_pembantu", _("UPG pembantu")
    UPG = "upg", _("UPG")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")
    PEMANTAU = "pemantau", _("Pemantau UP3")
    INSPEKTUR = "inspektur", _("Inspektur/auditor")
    OPERATOR_TPP = "operator_tpp", _("Operator TPP (BKPSDM)")
    ADMIN = "admin_pemda", _("Admin pemda")
    # The regent, mayor or governor (issue #8): reads the pemda's summary; never personal data.
    KEPALA_DAERAH = "kepala_daerah", _("Kepala daerah")
    PUBLIK = "publik", _("Publik (tanpa login)")


class User(AbstractUser):
    pemda = models.ForeignKey(
        "org.Pemda", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pemda")
    )
    employee = models.OneToOneField(
        "org.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("pegawai"),
    )
    display_name = models.CharField(_("nama tampilan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="user_email_unique"
            ),
        ]

    def get_full_name(self) -> str:
        if self.display_name:
            return self.display_name
        if self.employee_id and self.employee is not None:
            return self.employee.name
        return super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class RoleGrant(TenantModel):
    """A role given to a user, optionally bound to an OPD (UPG pembantu, kepala OPD) or a
    kecamatan (pemantau UP3)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("pengguna")
    )
    role = models.CharField(
        _("peran"),
        max_length=20,
        choices=[c for c in Role.choices if c[0] not in ("pelapor", "publik")],
    )
    opd = models.ForeignKey(
        "org.Opd", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("OPD")
    )
    kecamatan = models.ForeignKey(
        "org.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("kecamatan"),
    )
    decree = models.CharField(_("dasar penunjukan (SK)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pemberian peran")
        verbose_name_plural = _("pemberian peran")
        constraints = [
            # Coalesce so that two grants without OPD/kecamatan also collide (SQLite has no
            # NULLS NOT DISTINCT).
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("opd", 0),
                Coalesce("kecamatan", 0),
                name="role_grant_unique",
            ),
            # Roles that act for one OPD must name it; the others must not.
            models.CheckConstraint(
                condition=(Q(role__in=["upg_pembantu", "kepala_opd"]) & Q(opd__isnull=False))
                | (~Q(role__in=["upg_pembantu", "kepala_opd"]) & Q(opd__isnull=True)),
                name="role_grant_opd_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" — {self.opd}" if self.opd_id else ""
        return f"{self.user}: {self.get_role_display()}{where}"


class ApiToken(models.Model):
    """A bearer token for programs. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("pengguna")
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
