"""Writes of action plans (issue #7 point 3): create, edit and cancel a plan (the UPG, the
Inspektorat), report progress with evidence (the owner OPD; the UPG too), link and unlink
objects of other modules.

Status rules (docs/user-guide/upg-integritas.md, "Rencana aksi"):
- planned -> in progress -> done; a progress report above 0 percent moves a planned plan to
  in progress; "done" is 100 percent.
- Reporting "done" needs evidence: at least one file on the plan (this report's or an earlier
  one's), or a written reason why there is none (a decree kept on paper by the legal section,
  say). The reason is kept on the report and shown with it.
- Done and cancelled plans are closed: no reports, no edits, no link changes. Only the UPG (who
  both manages plans and reports progress) may reopen a done plan, by a report that sets it back
  to in progress (the evidence was not enough). A cancelled plan stays cancelled: record a new
  one.
- Cancelling needs a reason and a confirmation.

Every change writes a timeline event on the plan in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sehati.accounts.models import Role, RoleGrant, User
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import files_store
from sehati.core.models import StoredFile
from sehati.core.validation import text_checked
from sehati.integrity.models import ActionPlan, ActionPlanLink, ActionPlanUpdate, IntegrityScore
from sehati.integrity.plans_errors import PlanError
from sehati.integrity.plans_links import link_kind_get, link_target_get
from sehati.notifications.services import notice_send
from sehati.org.models import Opd, Pemda

S = ActionPlan.Status
EARLIEST = dt.date(2015, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_TEXT = 5_000
EVIDENCE_PURPOSE = "action_plan_evidence"
MAX_FILES = 10
# Status a progress report may set; cancelling is its own step.
REPORTABLE = (S.PLANNED, S.IN_PROGRESS, S.DONE)


def _invalid(message: str, code: PlanError = PlanError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


def _text(value: Any, *, label: str, required: bool, limit: int) -> str:
    return text_checked(value, label=label, required=required, limit=limit, code=PlanError.INVALID)


@dataclass(frozen=True)
class PlanData:
    """What the UPG writes about a plan (create and edit)."""

    title: str
    owner_opd_id: int
    due_on: dt.date
    description: str = ""
    score_id: int | None = None
    dimension: str = ""


@dataclass(frozen=True)
class _Checked:
    title: str
    description: str
    score: IntegrityScore | None
    dimension: str
    owner_opd: Opd
    due_on: dt.date


def _checked(*, pemda_id: int, data: PlanData) -> _Checked:
    title = _text(data.title, label=_("Judul"), required=True, limit=200)
    description = _text(data.description, label=_("Uraian"), required=False, limit=MAX_TEXT)
    dimension = _text(data.dimension, label=_("Dimensi/tema"), required=False, limit=120)
    score = None
    if data.score_id is not None:
        score = (
            IntegrityScore.objects.filter(pemda_id=pemda_id, pk=data.score_id)
            .select_related("opd")
            .first()
            if 1 <= data.score_id <= 2**63 - 1
            else None
        )
        if score is None:
            raise _invalid(_("Skor yang dipilih tidak ada di pemda ini."))
    if score is None and not dimension:
        raise _invalid(_("Pilih skor yang dijawab atau tuliskan dimensi/temanya."))
    owner = (
        Opd.objects.filter(pemda_id=pemda_id, pk=data.owner_opd_id).first()
        if 1 <= data.owner_opd_id <= 2**63 - 1
        else None
    )
    if owner is None:
        raise _invalid(_("OPD penanggung jawab harus OPD pemda ini."))
    if not isinstance(data.due_on, dt.date) or not EARLIEST <= data.due_on <= LATEST:
        raise _invalid(_("Tenggat wajib diisi dengan tanggal yang wajar."))
    return _Checked(title, description, score, dimension, owner, data.due_on)


def _opd_heads_and_staff(owner: Opd) -> list[User]:
    """Active accounts of the heads and UPG pembantu of the owner OPD or of an OPD above it
    (a grant on an OPD covers its sub-units)."""
    chain: list[int] = []
    node: Opd | None = owner
    while node is not None and node.pk not in chain:
        chain.append(node.pk)
        node = node.parent
    user_ids = RoleGrant.objects.filter(
        pemda_id=owner.pemda_id,
        role__in=[Role.KEPALA_OPD.value, Role.UPG_PEMBANTU.value],
        opd_id__in=chain,
    ).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _plan_path(plan: ActionPlan) -> str:
    return reverse("integrity:plan_detail", kwargs={"plan_id": plan.pk})


def _notify_owner(plan: ActionPlan, *, moved: bool = False) -> int:
    values = {"title": plan.title, "date": plan.due_on.strftime("%d-%m-%Y")}
    title = (
        _("Rencana aksi dialihkan ke OPD Anda: %(title)s")
        if moved
        else _("Rencana aksi baru untuk OPD Anda: %(title)s")
    ) % values
    body = (
        _(
            "UPG mencatat rencana aksi %(title)s dengan tenggat %(date)s. Laporkan kemajuannya "
            "beserta buktinya di SEHATI."
        )
        % values
    )
    recipients = _opd_heads_and_staff(plan.owner_opd)
    for user in recipients:
        notice_send(user=user, title=title, body=body, url=_plan_path(plan), email=False)
    return len(recipients)


# --- plans -----------------------------------------------------------------------------------


def plan_create(*, pemda: Pemda, actor: Any, data: PlanData, today: dt.date) -> ActionPlan:
    """Record an action plan for a weak score or a dimension, owned by one OPD. The due date may
    not be before `today` (the pemda's local date). The owner OPD's head and UPG pembantu are
    told."""
    c = _checked(pemda_id=pemda.pk, data=data)
    if c.due_on < today:
        raise _invalid(_("Tenggat sudah lewat; pilih tanggal hari ini atau sesudahnya."))
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            pemda=pemda,
            title=c.title,
            description=c.description,
            score=c.score,
            dimension=c.dimension,
            owner_opd=c.owner_opd,
            due_on=c.due_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        notified = _notify_owner(plan)
        timeline_record(
            subject=plan,
            type="action_plan_created",
            actor=actor,
            data={
                "owner_opd": c.owner_opd.pk,
                "due_on": c.due_on.isoformat(),
                "score": c.score.pk if c.score else None,
                "dimension": c.dimension,
                "notified": notified,
            },
        )
    return plan


def _lock(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_related("owner_opd").select_for_update().get(pk=plan.pk)


def _refuse_closed(plan: ActionPlan) -> None:
    if not plan.is_open:
        raise ConflictError(
            _("Rencana aksi ini sudah %(status)s; tidak dapat diubah lagi.")
            % {"status": str(plan.get_status_display()).lower()},
            code=PlanError.CLOSED,
        )


def plan_edit(*, plan: ActionPlan, actor: Any, data: PlanData, today: dt.date) -> ActionPlan:
    """Change an open plan (planned or in progress). A new due date may not be before `today`;
    an unchanged one may (the plan stays overdue). A new owner OPD is told. Nothing changed
    writes nothing."""
    c = _checked(pemda_id=plan.pemda_id, data=data)
    with transaction.atomic():
        locked = _lock(plan)
        _refuse_closed(locked)
        if c.due_on != locked.due_on and c.due_on < today:
            raise _invalid(_("Tenggat sudah lewat; pilih tanggal hari ini atau sesudahnya."))
        wanted: dict[str, Any] = {
            "title": c.title,
            "description": c.description,
            "score_id": c.score.pk if c.score else None,
            "dimension": c.dimension,
            "owner_opd_id": c.owner_opd.pk,
            "due_on": c.due_on,
        }
        before = {name: getattr(locked, name) for name in wanted}
        changed = [name for name, value in wanted.items() if before[name] != value]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, wanted[name])
        locked.save(update_fields=[*changed, "updated_at"])
        locked.refresh_from_db()
        data_out: dict[str, Any] = {"changed": [n.removesuffix("_id") for n in changed]}
        if "due_on" in changed:
            data_out["due_on"] = {"from": before["due_on"].isoformat(), "to": c.due_on.isoformat()}
        if "owner_opd_id" in changed:
            data_out["owner_opd"] = {"from": before["owner_opd_id"], "to": c.owner_opd.pk}
            data_out["notified"] = _notify_owner(locked, moved=True)
        timeline_record(subject=locked, type="action_plan_updated", actor=actor, data=data_out)
    return locked


def plan_cancel(
    *, plan: ActionPlan, actor: Any, reason: str, confirm: bool, today: dt.date
) -> ActionPlan:
    """Cancel an open plan, with a reason. Irreversible (a cancelled plan stays cancelled),
    hence `confirm`."""
    clean = _text(reason, label=_("Alasan pembatalan"), required=True, limit=MAX_TEXT)
    if not confirm:
        raise _invalid(
            _("Pembatalan harus dikonfirmasi: rencana yang dibatalkan tidak dapat dibuka lagi."),
            PlanError.CONFIRM_REQUIRED,
        )
    with transaction.atomic():
        locked = _lock(plan)
        _refuse_closed(locked)
        status_from = locked.status
        locked.status = S.CANCELLED
        locked.cancel_reason = clean
        locked.closed_on = today
        locked.save(update_fields=["status", "cancel_reason", "closed_on", "updated_at"])
        timeline_record(
            subject=locked,
            type="action_plan_cancelled",
            actor=actor,
            data={"status_from": status_from, "reason": clean},
        )
    return locked


# --- progress reports ------------------------------------------------------------------------


def plan_evidence_count(*, plan: ActionPlan) -> int:
    """Evidence files on all of the plan's progress reports."""
    return StoredFile.objects.filter(
        subject_type=ContentType.objects.get_for_model(ActionPlanUpdate),
        subject_id__in=ActionPlanUpdate.objects.filter(plan_id=plan.pk).values("pk"),
    ).count()


def _next_state(
    *,
    plan: ActionPlan,
    status: str | None,
    percent: int | None,
    may_reopen: bool,
) -> tuple[str, int]:
    """The status and percent after a report, or a refusal saying why."""
    if status is not None and status not in REPORTABLE:
        if status == S.CANCELLED:
            raise _invalid(
                _("Pembatalan dilakukan UPG dengan tombol Batalkan, dengan alasannya."),
                PlanError.STATUS_INVALID,
            )
        raise _invalid(_("Status tidak dikenal."), PlanError.STATUS_INVALID)
    if percent is not None and (isinstance(percent, bool) or not 0 <= percent <= 100):
        raise _invalid(_("Kemajuan harus antara 0 dan 100 persen."))
    if plan.status == S.CANCELLED:
        _refuse_closed(plan)
    if plan.status == S.DONE:
        if not (may_reopen and status == S.IN_PROGRESS):
            raise ConflictError(
                _(
                    "Rencana aksi ini sudah selesai. Hanya UPG yang dapat membukanya lagi "
                    "(status Berjalan) bila buktinya belum cukup."
                ),
                code=PlanError.CLOSED,
            )
        # Reopened without a percent: just short of done, until the OPD reports again.
        return S.IN_PROGRESS, min(plan.progress_percent, 99) if percent is None else percent
    new_status = status or plan.status
    if new_status == S.DONE:
        if percent is not None and percent != 100:
            raise _invalid(
                _("Rencana yang selesai berarti kemajuan 100 persen; ubah kemajuannya atau status.")
            )
        return S.DONE, 100
    new_percent = plan.progress_percent if percent is None else percent
    if new_status == S.PLANNED and new_percent > 0:
        if status == S.PLANNED:
            raise _invalid(
                _("Rencana yang sudah ada kemajuannya berstatus Berjalan, bukan Direncanakan."),
                PlanError.STATUS_INVALID,
            )
        new_status = S.IN_PROGRESS
    return new_status, new_percent


def plan_progress_report(
    *,
    plan: ActionPlan,
    actor: Any,
    note: str,
    today: dt.date,
    status: str | None = None,
    percent: int | None = None,
    no_evidence_reason: str = "",
    uploads: Sequence[UploadedFile] = (),
    may_reopen: bool = False,
) -> ActionPlanUpdate:
    """A progress report on a plan: a note (required), perhaps a new status and percent, and
    evidence files (all stored or none). `may_reopen`: the caller also manages plans (the
    UPG) and may set a done plan back to in progress. See the module's status rules."""
    clean_note = _text(note, label=_("Catatan kemajuan"), required=True, limit=MAX_TEXT)
    reason = _text(
        no_evidence_reason, label=_("Alasan tanpa bukti"), required=False, limit=MAX_TEXT
    )
    if len(uploads) > MAX_FILES:
        raise _invalid(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES},
        )
    _next_state(plan=plan, status=status, percent=percent, may_reopen=may_reopen)  # early refusal
    update = ActionPlanUpdate(
        pemda_id=plan.pemda_id,
        plan_id=plan.pk,
        note=clean_note,
        reported_on=today,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )

    def write() -> None:
        locked = _lock(plan)
        new_status, new_percent = _next_state(
            plan=locked, status=status, percent=percent, may_reopen=may_reopen
        )
        done_now = new_status == S.DONE and locked.status != S.DONE
        if done_now and not uploads and not reason and plan_evidence_count(plan=locked) == 0:
            raise _invalid(
                _(
                    "Untuk menyatakan selesai, unggah paling sedikit satu bukti, atau tuliskan "
                    "alasan mengapa tidak ada bukti."
                ),
                PlanError.DONE_NEEDS_EVIDENCE,
            )
        update.status_from, update.status_to = locked.status, new_status
        update.percent_from, update.percent_to = locked.progress_percent, new_percent
        update.no_evidence_reason = reason if done_now else ""
        update.save()
        reopened = locked.status == S.DONE and new_status == S.IN_PROGRESS
        locked.status, locked.progress_percent = new_status, new_percent
        if done_now:
            locked.closed_on = today
        elif reopened:
            locked.closed_on = None
        locked.save(update_fields=["status", "progress_percent", "closed_on", "updated_at"])
        kind = "action_plan_progress_reported"
        if done_now:
            kind = "action_plan_done"
        elif reopened:
            kind = "action_plan_reopened"
        timeline_record(
            subject=locked,
            type=kind,
            actor=actor,
            data={
                "update": update.pk,
                "status_from": update.status_from,
                "status_to": update.status_to,
                "percent_from": update.percent_from,
                "percent_to": update.percent_to,
                "files": len(uploads),
                "no_evidence_reason": bool(update.no_evidence_reason),
            },
        )

    if uploads:
        files_store(
            pemda=plan.pemda,
            actor=actor,
            uploads=list(uploads),
            subject=update,
            purpose=EVIDENCE_PURPOSE,
            guard=write,
        )
    else:
        with transaction.atomic():
            write()
    return update


# --- links -----------------------------------------------------------------------------------


def plan_link_add(
    *, plan: ActionPlan, actor: Any, kind: str, target_id: int, note: str = ""
) -> ActionPlanLink:
    """Link an open plan to an object of another module of the same pemda (plans_links.py)."""
    clean_note = _text(note, label=_("Keterangan"), required=False, limit=300)
    link_kind = link_kind_get(kind)
    target = link_target_get(kind=kind, pemda_id=plan.pemda_id, target_id=target_id)
    try:
        with transaction.atomic():
            locked = _lock(plan)
            _refuse_closed(locked)
            link = ActionPlanLink.objects.create(
                pemda_id=locked.pemda_id,
                plan=locked,
                kind=link_kind.code,
                target_id=target.pk,
                note=clean_note,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            timeline_record(
                subject=locked,
                type="action_plan_linked",
                actor=actor,
                data={"link": link.pk, "kind": link.kind, "target_id": link.target_id},
            )
    except IntegrityError:
        raise ConflictError(
            _("%(kind)s ini sudah ditautkan ke rencana aksi ini.") % {"kind": link_kind.label},
            code=PlanError.LINK_EXISTS,
        ) from None
    return link


def plan_link_remove(*, link: ActionPlanLink, actor: Any, now: dt.datetime) -> bool:
    """Remove a link of an open plan: it is marked removed (kept for the record) and no longer
    shown. Removing a removed link changes nothing (returns False)."""
    with transaction.atomic():
        locked = _lock(link.plan)
        _refuse_closed(locked)
        removed = ActionPlanLink.objects.filter(
            pk=link.pk, plan=locked, removed_at__isnull=True
        ).update(
            removed_at=now,
            removed_by=actor if getattr(actor, "is_authenticated", False) else None,
            updated_at=now,
        )
        if removed:
            timeline_record(
                subject=locked,
                type="action_plan_unlinked",
                actor=actor,
                data={"link": link.pk, "kind": link.kind, "target_id": link.target_id},
            )
    return bool(removed)


# --- who may download evidence -----------------------------------------------------------------


def _update_file_access(user: Any, update: ActionPlanUpdate) -> bool:
    """Whoever may see the plan may download its evidence (sehati/core/files.py)."""
    from sehati.accounts.policies import action_plan_scope_for

    return action_plan_scope_for(user).filter(pk=update.plan_id).exists()


def files_register() -> None:
    """Called from the app's ready()."""
    from sehati.core.files import file_access_register

    file_access_register("integrity.ActionPlanUpdate", _update_file_access)
