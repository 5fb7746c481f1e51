"""Kernel models: timestamps, the tenant foreign key, the audit timeline, worker heartbeat,
stored files (evidence, SK scans, photos) attached to any subject."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
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
    # Set by `timeline_record` before hashing (hence not auto_now_add).
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    # Tamper evidence (issue #9 point 2): events of one pemda form a chain; each event's hash
    # covers its facts and the previous event's hash (sehati/core/audit_chain.py). `actor_ref`
    # is the actor's id as written (the `actor` link may be cleared when a user is deleted);
    # `actor_label` is a display name that a confidential report may mask, so it is not hashed.
    seq = models.BigIntegerField(_("urutan rantai"), null=True, blank=True, editable=False)
    actor_ref = models.BigIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("peristiwa linimasa")
        verbose_name_plural = _("linimasa audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "created_at"]),
            models.Index(fields=["pemda", "seq"], name="timeline_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.type}"


class AuditChainHead(models.Model):
    """The last link of a pemda's audit chain (`chain` = the pemda id, 0 for events without a
    pemda). Locked while an event is appended, so the chain has one order."""

    chain = models.BigIntegerField(unique=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class WorkerHeartbeat(models.Model):
    """The huey worker writes here every minute; /healthz reads it to report a stale worker."""

    name = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at}"


def stored_file_upload_to(instance: StoredFile, filename: str) -> str:
    """Private path of a stored file: `files/<pemda>/<yyyy>/<random hex><ext>`. Never the user's
    file name (it may hold anything) and never the public id (the URL and the disk stay unlinked)."""
    from django.utils import timezone

    ext = f".{instance.extension}" if instance.extension else ""
    return f"files/{instance.pemda_id}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{ext}"


class StoredFile(TenantModel):
    """One uploaded file (photo, scan, PDF) attached to any subject (a report, a case step …).

    Written only by `sehati.core.files.file_store`, which checks size and content first; read only
    through `access_stored_file`, which asks the subject's registered access check. URLs carry
    `public_id`, never the integer key (no enumerable ids)."""

    public_id = models.UUIDField(_("id publik"), default=uuid.uuid4, unique=True, editable=False)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.BigIntegerField()
    purpose = models.SlugField(_("keperluan"), max_length=32)
    file = models.FileField(_("berkas"), upload_to=stored_file_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=100)
    extension = models.CharField(_("ekstensi"), max_length=10)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="core_storedfile_size_gt_0")
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def sha256_short(self) -> str:
        return self.sha256[:12]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
