"""In-app notices and the log that makes each reminder go out exactly once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class Notice(TenantModel):
    """A message to one user, shown in the app (and sent by e-mail when the user has an
    address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("pengguna"),
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed = models.BooleanField(_("dikirim lewat e-mail"), default=False)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderLog(TenantModel):
    """One reminder sent: (subject, deadline, due date, step, user) is unique, so a reminder task
    that runs twice on a day sends nothing the second time (issue #4 point 9)."""

    class Step(models.TextChoices):
        H3 = "h-3", _("3 hari kerja sebelum tenggat")
        H1 = "h-1", _("1 hari kerja sebelum tenggat")
        H0 = "h-0", _("Hari tenggat")
        BREACH = "breach", _("Tenggat terlewati")

    subject_key = models.CharField(_("objek"), max_length=64)  # e.g. "case:123"
    deadline = models.CharField(_("tenggat"), max_length=40)
    due_on = models.DateField(_("tanggal tenggat"))
    step = models.CharField(_("tahap"), max_length=8, choices=Step.choices)
    # None for the reminder to a confidential reporter (issue #9 point 1): (case, deadline,
    # step) is then unique on its own, and the row does not link the reporter to the case.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    sent_on = models.DateField(_("dikirim"))

    class Meta:
        verbose_name = _("log pengingat")
        verbose_name_plural = _("log pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "deadline", "due_on", "step", "user"],
                name="reminder_once",
            ),
            models.UniqueConstraint(
                fields=["subject_key", "deadline", "due_on", "step"],
                condition=models.Q(user__isnull=True),
                name="reminder_once_sealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.deadline} {self.step} → {self.user_id}"
