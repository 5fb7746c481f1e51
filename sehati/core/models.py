"""Kernel models: timestamps, the tenant foreign key, the audit timeline, worker heartbeat."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """Every domain row carries its pemda (ARCHITECTURE.md: one codebase serves one or many)."""

    pemda = models.ForeignKey("org.Pemda", on_delete=models.PROTECT, verbose_name=_("pemda"))

    class Meta:
        abstract = True


class TimelineEvent(models.Model):
    """One entry of the legal record users see: who did what, when, to which object.

    Written by services in the same transaction as the change (STYLE.md rule 4); never updated.
    """

    pemda = models.ForeignKey(
        "org.Pemda", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pemda")
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.BigIntegerField()
    type = models.CharField(_("jenis"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    data: models.JSONField[Any] = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("peristiwa linimasa")
        verbose_name_plural = _("linimasa audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.type}"


class WorkerHeartbeat(models.Model):
    """The huey worker writes here every minute; /healthz reads it to report a stale worker."""

    name = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at}"
