"""UP3 community monitoring and public tips (issue #5). This first slice: public tips."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    contact = models.CharField(_("kontak (opsional)"), max_length=200, blank=True)
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
