"""Action plans (issue #7 point 3): what the pemda does about a weak integrity score.

The UPG (or the Inspektorat) records a plan for a weak score or a free dimension ("perizinan",
"sosialisasi"), names the OPD that owns it, a due date and its status; the owner OPD reports
progress with evidence (`ActionPlanUpdate`, files through `sehati/core/files.py`); a plan links
to what it relies on elsewhere in SEHATI (`ActionPlanLink`: a socialisation event, an internal
survey, a UP3 finding, a declaration period; resolved by `sehati/integrity/plans_links.py`).

KPK's recommendation after Kapuas's thematic SPI 2024 (licensing 64.81, socialisation 56.94,
both Rentan; GRATIFICATION_LAW.md §5.6) is the kind of thing a plan records: more transparency,
simpler procedures, digitalised services.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel


class ActionPlan(TenantModel):
    """One action for a weak score or dimension, owned by one OPD (with its sub-units)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    score = models.ForeignKey(
        "integrity.IntegrityScore",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("skor yang dijawab"),
    )
    # Free text when no score is named ("perizinan"), or the part of the score the plan answers.
    dimension = models.CharField(_("dimensi/tema"), max_length=120, blank=True)
    owner_opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("OPD penanggung jawab"),
    )
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    progress_percent = models.PositiveSmallIntegerField(_("kemajuan (persen)"), default=0)
    # The pemda's local date the plan was reported done or cancelled.
    closed_on = models.DateField(_("ditutup pada"), null=True, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["pemda", "status", "due_on"]),
            models.Index(fields=["pemda", "owner_opd", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0) & Q(progress_percent__lte=100),
                name="action_plan_progress_0_100",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(dimension=""),
                name="action_plan_score_or_dimension",
            ),
            # Done means done: the percent cannot say otherwise.
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress_percent=100),
                name="action_plan_done_is_100",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="action_plan_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Planned or in progress: it can still be late, be reported on, be changed."""
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today: dt.date) -> bool:
        """Past its due date (the pemda's local `today`) and neither done nor cancelled."""
        return self.is_open and self.due_on < today

    @property
    def dimension_label(self) -> str:
        """What the plan answers, in words: its dimension, else the score's."""
        if self.dimension:
            return self.dimension
        if self.score is not None:
            return self.score.dimension or str(self.score.get_kind_display())
        return ""


class ActionPlanUpdate(TenantModel):
    """A progress report: a note, perhaps a status change and a new percent, by whom and when,
    with evidence files (StoredFile, purpose `action_plan_evidence`)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="updates", verbose_name=_("rencana aksi")
    )
    note = models.TextField(_("catatan"))
    status_from = models.CharField(
        _("status sebelum"), max_length=12, choices=ActionPlan.Status.choices
    )
    status_to = models.CharField(
        _("status sesudah"), max_length=12, choices=ActionPlan.Status.choices
    )
    percent_from = models.PositiveSmallIntegerField(_("kemajuan sebelum (persen)"))
    percent_to = models.PositiveSmallIntegerField(_("kemajuan sesudah (persen)"))
    # Reporting "done" needs evidence on the plan, or this: why there is none (e.g. a regulation
    # signed on paper and kept by the legal section). Empty otherwise.
    no_evidence_reason = models.TextField(_("alasan tanpa bukti"), blank=True)
    reported_on = models.DateField(_("tanggal laporan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dilaporkan oleh"),
    )

    class Meta:
        verbose_name = _("laporan kemajuan rencana aksi")
        verbose_name_plural = _("laporan kemajuan rencana aksi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_to__gte=0) & Q(percent_to__lte=100),
                name="action_plan_update_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.reported_on}"

    @property
    def status_changed(self) -> bool:
        return self.status_from != self.status_to


class ActionPlanLink(TenantModel):
    """A plan's link to an object of another module, by kind and id. The kinds and what they
    resolve to are in `sehati/integrity/plans_links.py` (a target is always of the plan's
    pemda; a target that is gone later shows as such). Removing a link marks it removed."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Kegiatan sosialisasi")
        SURVEY = "survey", _("Survei integritas internal")
        FINDING = "finding", _("Temuan UP3")
        DECLARATION_PERIOD = "declaration_period", _("Periode deklarasi")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="links", verbose_name=_("rencana aksi")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    target_id = models.BigIntegerField(_("id tujuan"))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditautkan oleh"),
    )
    # A removed link is kept (who linked what, and when it was undone), but no longer shown.
    removed_at = models.DateTimeField(_("dihapus pada"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dihapus oleh"),
    )

    class Meta:
        verbose_name = _("tautan rencana aksi")
        verbose_name_plural = _("tautan rencana aksi")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "target_id"],
                condition=Q(removed_at__isnull=True),
                name="action_plan_link_once",
            ),
        ]
        indexes = [models.Index(fields=["pemda", "kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"
