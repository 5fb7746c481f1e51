"""UP3 findings and their follow-up (issue #5 point 4): services and selectors.

A finding (from a monitor's visit, a public tip or another source) goes to the head of the OPD
concerned with a follow-up deadline in working days (`Pemda.days_finding_followup`, from the
pemda's Perbup), and to the UPG, who reports to the regent and alone decides whether it goes to
KPK (GRATIFICATION_LAW.md §6.1: findings go to the head of the OPD, to the Bupati via UPG, and to
KPK). The OPD answers; the UPG closes the finding or returns the answer; a follow-up past its
deadline is escalated to the UPG and the Inspektorat by the daily run.

A finding about a gift linked to the civil servant concerned marks any later report of that gift
as filed "after a finding" (DECISIONS.md #10; PerKPK 2/2019 as amended by PerKPK 1/2026: such a
report may be set as *milik negara*; only KPK decides).

Every change writes a timeline event in its transaction; notices are in-app (and e-mailed after
commit by `notice_send`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sehati.accounts.models import Role, RoleGrant, User
from sehati.core.audit import timeline_record
from sehati.core.counters import counter_next
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import file_access_register, file_check, files_for, files_store
from sehati.core.forms import MAX_FILES_PER_POST
from sehati.core.models import StoredFile
from sehati.monitoring.models import Finding, FindingCounter, FindingNote, Tip, Visit
from sehati.notifications.models import ReminderLog
from sehati.notifications.services import notice_send
from sehati.org.models import Employee, Opd, Pemda, ServiceUnit
from sehati.reports.models import GiftReport
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError

MAX_TEXT = 10_000
MIN_DESCRIPTION = 10
SYSTEM_ACTOR = "sistem"
# Stored-file purposes on a finding (and the visit's photos, stored on the Visit).
EVIDENCE = "finding_evidence"
OPD_RESPONSE = "opd_response"
VISIT_PHOTO = "visit_photo"
# ReminderLog.deadline of the OPD's follow-up.
FOLLOWUP_DEADLINE = "finding_followup"

S = Finding.Status


class FindingError(StrEnum):
    INVALID = "finding_invalid"
    OUTCOME_REQUIRED = "finding_outcome_required"
    WRONG_STATE = "finding_wrong_state"
    CLOSED = "finding_closed"
    ALREADY_ESCALATED = "finding_already_escalated"
    ALREADY_KPK = "finding_already_kpk"
    UNKNOWN_EMPLOYEE = "finding_unknown_employee"
    CALENDAR = "finding_calendar"
    TOO_MANY_FILES = "finding_too_many_files"


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, code=FindingError.INVALID)


def _path(finding: Finding) -> str:
    try:
        return reverse("monitoring:finding_detail", kwargs={"finding_id": finding.pk})
    except NoReverseMatch:  # the page's URL is not mounted in this installation
        return f"/up3/temuan/{finding.pk}/"


def _followup_due(pemda: Pemda, day: dt.date) -> dt.date:
    """The OPD's follow-up deadline: `days_finding_followup` working days after `day` (day 0),
    as the pemda's Perbup sets it (default 10 HK)."""
    try:
        return work_calendar_for(pemda).add_working_days(day, pemda.days_finding_followup)
    except CalendarRangeError as exc:
        raise ApplicationError(str(exc), code=FindingError.CALENDAR) from None


def _finding_number(*, pemda_id: int, year: int) -> str:
    """The next "TMU/<year>/<seq>" of the pemda, taken under a row lock (call in a transaction)."""
    return f"TMU/{year}/{counter_next(FindingCounter, pemda_id=pemda_id, year=year):04d}"


# --- who hears about a finding --------------------------------------------------------------


def _opd_ancestor_ids(opd: Opd) -> set[int]:
    """The OPD with every parent above it (one query: the OPD tree is small)."""
    parents = dict(Opd.objects.filter(pemda_id=opd.pemda_id).values_list("id", "parent_id"))
    found: set[int] = set()
    node: int | None = opd.pk
    while node is not None and node not in found:
        found.add(node)
        node = parents.get(node)
    return found


def _users_with(pemda_id: int, roles: Iterable[str], **grant_filter: Any) -> list[User]:
    grants = (
        RoleGrant.objects.filter(
            pemda_id=pemda_id,
            role__in=list(roles),
            user__is_active=True,
            user__pemda_id=pemda_id,
            **grant_filter,
        )
        .select_related("user")
        .order_by("user_id")
    )
    users: dict[int, User] = {}
    for grant in grants:
        users.setdefault(grant.user_id, grant.user)
    return list(users.values())


def finding_opd_heads(*, finding: Finding) -> list[User]:
    """Active users holding a kepala OPD grant for the finding's OPD or one of its parents."""
    return _users_with(
        finding.pemda_id, [Role.KEPALA_OPD.value], opd_id__in=_opd_ancestor_ids(finding.opd)
    )


def _upg_users(pemda_id: int) -> list[User]:
    return _users_with(pemda_id, [Role.UPG.value])


def _supervisors(pemda_id: int) -> list[User]:
    """The UPG and the Inspektur(s): who an overdue follow-up is escalated to."""
    return _users_with(pemda_id, [Role.UPG.value, Role.INSPEKTUR.value])


def _send(users: Iterable[User], *, title: str, body: str, url: str) -> None:
    for user in users:
        notice_send(user=user, title=title, body=body, url=url)


def finding_reporter_label(finding: Finding) -> str:
    """How a finding's source is shown to people who may not know the monitor by name (the
    head of the OPD, the monitor themself): "Pemantau UP3 Kec. X"."""
    kecamatan = finding.kecamatan.name if finding.kecamatan_id and finding.kecamatan else ""
    if finding.source == Finding.Source.VISIT:
        if kecamatan:
            return _("Pemantau UP3 Kec. %(kec)s") % {"kec": kecamatan}
        return _("Pemantau UP3")
    if finding.source == Finding.Source.TIP:
        return _("Aduan masyarakat")
    return _("UPG")


# --- opening ----------------------------------------------------------------------------------


def finding_open(
    *,
    pemda: Pemda,
    actor: Any,
    source: str,
    category: str,
    severity: str,
    description: str,
    observed_on: dt.date,
    today: dt.date,
    service_unit: ServiceUnit | None = None,
    opd: Opd | None = None,
    visit: Visit | None = None,
    tip: Tip | None = None,
    person_description: str = "",
    gift_description: str = "",
) -> Finding:
    """Record a finding and send it: to the heads of its OPD (and of the OPD above it) with the
    follow-up deadline, and to every UPG officer of the pemda. Safe inside a caller's
    transaction (a visit's submission calls it in its own); opens one when there is none.

    The OPD is the unit's when a unit is given (an `opd` that differs is refused), else `opd` is
    required. A finding from a tip moves the tip to *ditindaklanjuti*."""
    if source not in Finding.Source.values:
        raise _invalid(_("Sumber temuan tidak dikenal."))
    if category not in Finding.Category.values:
        raise _invalid(_("Pilih kategori temuan."))
    if severity not in Finding.Severity.values:
        raise _invalid(_("Pilih tingkat temuan."))
    text = (description or "").strip()
    if len(text) < MIN_DESCRIPTION:
        raise _invalid(_("Uraikan temuan paling sedikit dalam satu kalimat (10 huruf)."))
    if observed_on > today:
        raise _invalid(_("Tanggal kejadian tidak boleh sesudah hari ini."))
    for obj, label in (
        (service_unit, _("Unit layanan")),
        (opd, _("OPD")),
        (visit, _("Kunjungan")),
        (tip, _("Aduan")),
    ):
        if obj is not None and obj.pemda_id != pemda.pk:
            raise _invalid(_("%(what)s bukan milik pemda ini.") % {"what": label})
    if service_unit is not None:
        if opd is not None and opd.pk != service_unit.opd_id:
            raise _invalid(_("Unit layanan itu bukan bagian dari OPD yang dipilih."))
        opd = service_unit.opd
    if opd is None:
        raise _invalid(_("Pilih unit layanan atau OPD yang dimaksud temuan."))
    if source == Finding.Source.VISIT and visit is None:
        raise _invalid(_("Temuan dari kunjungan harus menyebut kunjungannya."))
    if visit is not None and source != Finding.Source.VISIT:
        raise _invalid(_("Temuan dari kunjungan harus bersumber kunjungan pemantau."))
    if tip is not None and source != Finding.Source.TIP:
        raise _invalid(_("Temuan dari aduan harus bersumber aduan masyarakat."))
    kecamatan_id = service_unit.kecamatan_id if service_unit is not None else None
    if kecamatan_id is None and visit is not None:
        kecamatan_id = visit.monitor.kecamatan_id
    due = _followup_due(pemda, today)
    with transaction.atomic():
        finding = Finding.objects.create(
            pemda=pemda,
            number=_finding_number(pemda_id=pemda.pk, year=today.year),
            source=source,
            visit=visit,
            tip=tip,
            category=category,
            severity=severity,
            service_unit=service_unit,
            opd=opd,
            kecamatan_id=kecamatan_id,
            observed_on=observed_on,
            description=text[:MAX_TEXT],
            person_description=(person_description or "").strip()[:300],
            gift_description=(gift_description or "").strip()[:300],
            sent_on=today,
            followup_due=due,
            reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        timeline_record(
            subject=finding,
            type="finding_opened",
            actor=actor,
            data={
                "number": finding.number,
                "source": source,
                "category": category,
                "severity": severity,
                "opd": opd.pk,
                "followup_due": due.isoformat(),
            },
        )
        if tip is not None and tip.status in (
            Tip.Status.NEW,
            Tip.Status.IN_REVIEW,
            Tip.Status.NEED_INFO,
        ):
            from sehati.monitoring.services import tip_status_set

            tip_status_set(tip=tip, actor=actor, status=Tip.Status.FOLLOWED_UP)
        _notify_opened(finding)
    return finding


def _notify_opened(finding: Finding) -> None:
    heads = finding_opd_heads(finding=finding)
    url = _path(finding)
    values = {
        "number": finding.number,
        "opd": finding.opd.name,
        "category": finding.get_category_display(),
        "severity": finding.get_severity_display(),
        "unit": finding.service_unit.name if finding.service_unit else finding.opd.name,
        "due": finding.followup_due.strftime("%d-%m-%Y"),
        "days": finding.pemda.days_finding_followup,
    }
    _send(
        heads,
        title=_("Temuan UP3 %(number)s tentang %(opd)s") % values,
        body=_(
            "%(category)s (tingkat %(severity)s) di %(unit)s. Tindak lanjuti dan sampaikan "
            "tanggapan paling lambat %(due)s (%(days)s hari kerja)."
        )
        % values,
        url=url,
    )
    body = (
        _("%(category)s (tingkat %(severity)s) di %(unit)s. Tenggat tindak lanjut OPD: %(due)s.")
        % values
    )
    if heads:
        body += " " + _("Dikirim kepada kepala OPD: %(names)s.") % {
            "names": ", ".join(u.get_full_name() or u.get_username() for u in heads)
        }
    else:
        body += " " + _(
            "Belum ada akun kepala OPD untuk %(opd)s: sampaikan temuan ini kepada kepala OPD "
            "secara langsung dan berikan akun kepala OPD."
        ) % {"opd": finding.opd.name}
    _send(
        _upg_users(finding.pemda_id),
        title=_("Temuan baru %(number)s: %(opd)s") % values,
        body=body,
        url=url,
    )


def _check_uploads(uploads: Sequence[UploadedFile]) -> None:
    for upload in uploads:
        file_check(upload=upload)


def finding_record(
    *,
    pemda: Pemda,
    actor: Any,
    today: dt.date,
    source: str,
    category: str,
    severity: str,
    description: str,
    observed_on: dt.date,
    service_unit_id: int | None = None,
    opd_id: int | None = None,
    tip_id: int | None = None,
    visit_id: int | None = None,
    person_description: str = "",
    gift_description: str = "",
    uploads: Sequence[UploadedFile] = (),
) -> Finding:
    """The UPG records a finding (page or API): ids are looked up in the pemda, the evidence
    is checked before anything is written and stored with the finding, all or nothing.

    The files are the last write of the transaction: only a failing COMMIT could leave their
    blobs behind (files_store itself deletes them when anything before fails)."""

    def one(model: Any, pk: int | None, what: str) -> Any:
        if pk is None:
            return None
        if not 1 <= pk <= 2**63 - 1:
            raise _invalid(_("%(what)s tidak dikenal.") % {"what": what})
        obj = model.objects.filter(pk=pk, pemda=pemda).first()
        if obj is None:
            raise _invalid(_("%(what)s tidak dikenal.") % {"what": what})
        return obj

    unit = one(ServiceUnit, service_unit_id, _("Unit layanan"))
    opd = one(Opd, opd_id, _("OPD"))
    tip = one(Tip, tip_id, _("Aduan"))
    visit = one(Visit, visit_id, _("Kunjungan"))
    _check_uploads(uploads)
    with transaction.atomic():
        finding = finding_open(
            pemda=pemda,
            actor=actor,
            source=source,
            category=category,
            severity=severity,
            description=description,
            observed_on=observed_on,
            today=today,
            service_unit=unit,
            opd=opd,
            visit=visit,
            tip=tip,
            person_description=person_description,
            gift_description=gift_description,
        )
        if uploads:
            files_store(
                pemda=pemda, actor=actor, uploads=uploads, subject=finding, purpose=EVIDENCE
            )
    return finding


# --- follow-up --------------------------------------------------------------------------------


def _lock(finding: Finding, *allowed: str) -> Finding:
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("opd", "pemda", "service_unit", "kecamatan")
        .get(pk=finding.pk)
    )
    if locked.status not in allowed:
        if locked.status == S.CLOSED:
            raise ConflictError(_("Temuan ini sudah selesai."), code=FindingError.CLOSED)
        raise ConflictError(
            _("Langkah ini tidak dapat dilakukan pada temuan berstatus “%(status)s”.")
            % {"status": locked.get_status_display()},
            code=FindingError.WRONG_STATE,
        )
    return locked


def _with_files(
    *,
    finding: Finding,
    actor: Any,
    uploads: Sequence[UploadedFile],
    purpose: str,
    step: Callable[[], Finding],
) -> Finding:
    """Run a step and store its files, all or nothing (the step runs as files_store's guard,
    inside the transaction that stores the files; every file is checked before)."""
    if not uploads:
        return step()
    result: list[Finding] = []
    files_store(
        pemda=finding.pemda,
        actor=actor,
        uploads=uploads,
        subject=finding,
        purpose=purpose,
        guard=lambda: result.append(step()),
    )
    return result[0]


def finding_respond(
    *,
    finding: Finding,
    actor: Any,
    body: str,
    today: dt.date,
    uploads: Sequence[UploadedFile] = (),
) -> Finding:
    """The head of the OPD answers a finding that waits for its follow-up (with files)."""
    text = (body or "").strip()
    if len(text) < MIN_DESCRIPTION:
        raise _invalid(_("Tuliskan tindak lanjut OPD paling sedikit dalam satu kalimat."))

    def step() -> Finding:
        with transaction.atomic():
            locked = _lock(finding, S.SENT)
            locked.status = S.RESPONDED
            locked.responded_on = today
            locked.save(update_fields=["status", "responded_on", "updated_at"])
            FindingNote.objects.create(
                pemda_id=locked.pemda_id,
                finding=locked,
                kind=FindingNote.Kind.OPD_RESPONSE,
                author=actor if getattr(actor, "is_authenticated", False) else None,
                body=text[:MAX_TEXT],
            )
            timeline_record(
                subject=locked,
                type="finding_responded",
                actor=actor,
                data={"round": locked.rounds, "late": today > locked.followup_due},
            )
            _send(
                _upg_users(locked.pemda_id),
                title=_("Temuan %(number)s ditanggapi %(opd)s")
                % {"number": locked.number, "opd": locked.opd.name},
                body=_("Tanggapan kepala OPD menunggu verifikasi UPG."),
                url=_path(locked),
            )
            return locked

    return _with_files(
        finding=finding, actor=actor, uploads=uploads, purpose=OPD_RESPONSE, step=step
    )


def finding_verify(
    *,
    finding: Finding,
    actor: Any,
    decision: str,
    note: str,
    today: dt.date,
    outcome: str = "",
) -> Finding:
    """The UPG's verification of the OPD's answer: `close` (with the outcome the monitor reads;
    also straight from *menunggu tindak lanjut*, for a finding found unfounded or settled
    otherwise) or `return` (the answer is not enough: a new round with a new deadline counted
    from today, and the UPG's note to the head of the OPD)."""
    if decision not in ("close", "return"):
        raise _invalid(_("Pilih keputusan verifikasi: selesai atau kembalikan."))
    note_text = (note or "").strip()
    if decision == "close":
        result = (outcome or "").strip()
        if not result:
            raise ApplicationError(
                _("Tuliskan hasil tindak lanjut yang akan dibaca pemantau."),
                code=FindingError.OUTCOME_REQUIRED,
            )
        with transaction.atomic():
            locked = _lock(finding, S.SENT, S.RESPONDED)
            was = locked.status
            locked.status = S.CLOSED
            locked.closed_on = today
            locked.outcome = result[:MAX_TEXT]
            locked.save(update_fields=["status", "closed_on", "outcome", "updated_at"])
            if note_text:
                _note(locked, actor, FindingNote.Kind.UPG_NOTE, note_text)
            timeline_record(
                subject=locked,
                type="finding_closed",
                actor=actor,
                data={"from": was, "round": locked.rounds},
            )
            values = {"number": locked.number}
            recipients = finding_opd_heads(finding=locked)
            monitor_user = _monitor_user(locked)
            if monitor_user is not None:
                recipients.append(monitor_user)
            _send(
                recipients,
                title=_("Temuan %(number)s selesai") % values,
                body=_("Hasil tindak lanjut: %(outcome)s") % {"outcome": locked.outcome[:500]},
                url=_path(locked),
            )
            return locked
    if not note_text:
        raise _invalid(_("Tuliskan apa yang masih kurang dari tanggapan OPD."))
    due = _followup_due(finding.pemda, today)
    with transaction.atomic():
        locked = _lock(finding, S.RESPONDED)
        locked.status = S.SENT
        locked.rounds += 1
        locked.followup_due = due
        locked.save(update_fields=["status", "rounds", "followup_due", "updated_at"])
        _note(locked, actor, FindingNote.Kind.UPG_RETURN, note_text)
        timeline_record(
            subject=locked,
            type="finding_returned",
            actor=actor,
            data={"round": locked.rounds, "followup_due": due.isoformat()},
        )
        _send(
            finding_opd_heads(finding=locked),
            title=_("Tanggapan temuan %(number)s dikembalikan UPG") % {"number": locked.number},
            body=_("Catatan UPG: %(note)s\nTanggapi lagi paling lambat %(due)s.")
            % {"note": note_text[:1000], "due": due.strftime("%d-%m-%Y")},
            url=_path(locked),
        )
        return locked


def _note(finding: Finding, actor: Any, kind: str, body: str) -> FindingNote:
    return FindingNote.objects.create(
        pemda_id=finding.pemda_id,
        finding=finding,
        kind=kind,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        body=body[:MAX_TEXT],
    )


def _monitor_user(finding: Finding) -> User | None:
    if finding.visit_id is None:
        return None
    user = (
        User.objects.filter(monitor__visits__pk=finding.visit_id, is_active=True)
        .order_by("pk")
        .first()
    )
    return user


def finding_escalate(*, finding: Finding, actor: Any, reason: str, today: dt.date) -> Finding:
    """Escalate a finding to the UPG and the Inspektorat (once): by the UPG, or by the daily
    run when the OPD's follow-up is overdue."""
    text = (reason or "").strip()
    if not text:
        raise _invalid(_("Tuliskan alasan eskalasi."))
    with transaction.atomic():
        locked = _lock(finding, S.SENT, S.RESPONDED)
        if locked.escalated_on is not None:
            raise ConflictError(
                _("Temuan ini sudah dieskalasi pada %(day)s.")
                % {"day": locked.escalated_on.strftime("%d-%m-%Y")},
                code=FindingError.ALREADY_ESCALATED,
            )
        locked.escalated_on = today
        locked.escalation_reason = text[:300]
        locked.save(update_fields=["escalated_on", "escalation_reason", "updated_at"])
        timeline_record(
            subject=locked,
            type="finding_escalated",
            actor=actor,
            data={"reason": locked.escalation_reason},
        )
        _send(
            _supervisors(locked.pemda_id),
            title=_("Eskalasi temuan %(number)s (%(opd)s)")
            % {"number": locked.number, "opd": locked.opd.name},
            body=_("Alasan: %(reason)s. Tenggat tindak lanjut OPD: %(due)s.")
            % {
                "reason": locked.escalation_reason,
                "due": locked.followup_due.strftime("%d-%m-%Y"),
            },
            url=_path(locked),
        )
        return locked


def findings_escalate_overdue(*, pemda: Pemda, today: dt.date) -> int:
    """The daily run: escalate every finding whose OPD follow-up is past its deadline and not
    yet escalated. Safe to run twice (an escalated finding is not escalated again)."""
    escalated = 0
    overdue = Finding.objects.filter(
        pemda=pemda, status=S.SENT, followup_due__lt=today, escalated_on__isnull=True
    ).select_related("opd", "pemda")
    for finding in overdue.order_by("id"):
        reason = _("Tindak lanjut OPD melewati tenggat %(due)s.") % {
            "due": finding.followup_due.strftime("%d-%m-%Y")
        }
        try:
            finding_escalate(finding=finding, actor=SYSTEM_ACTOR, reason=reason, today=today)
        except ConflictError:  # answered, closed or escalated meanwhile
            continue
        escalated += 1
    return escalated


# Two working days never span more than this many calendar days (the longest Lebaran break
# with cuti bersama and weekends is about ten): a cheap SQL bound before the calendar is read.
_REMINDER_SPAN_DAYS = 21


def findings_need_run(*, pemda: Pemda, today: dt.date) -> bool:
    """Whether the daily run has anything to do for the pemda's findings (one query): a
    follow-up overdue and not yet escalated, or one due within the next days."""
    return Finding.objects.filter(
        Q(followup_due__lt=today, escalated_on__isnull=True)
        | Q(followup_due__gte=today, followup_due__lte=today + dt.timedelta(_REMINDER_SPAN_DAYS)),
        pemda=pemda,
        status=S.SENT,
    ).exists()


@dataclass
class FindingReminders:
    sent: int = 0
    skipped_already_sent: int = 0


def findings_remind_due(*, pemda: Pemda, today: dt.date) -> FindingReminders:
    """H-1 reminders to the heads of the OPD: a follow-up due today or on the next working day.
    Each (finding, due date, user) is logged in ReminderLog first, so it is sent once."""
    out = FindingReminders()
    try:
        horizon = work_calendar_for(pemda).add_working_days(today, 2)
    except CalendarRangeError:
        return out
    due_soon = Finding.objects.filter(
        pemda=pemda, status=S.SENT, followup_due__gte=today, followup_due__lt=horizon
    ).select_related("opd", "pemda")
    for finding in due_soon.order_by("id"):
        for user in finding_opd_heads(finding=finding):
            with transaction.atomic():
                try:
                    with transaction.atomic():  # a savepoint: the run goes on after a duplicate
                        ReminderLog.objects.create(
                            pemda=pemda,
                            subject_key=f"finding:{finding.pk}",
                            deadline=FOLLOWUP_DEADLINE,
                            due_on=finding.followup_due,
                            step=ReminderLog.Step.H1,
                            user=user,
                            sent_on=today,
                        )
                except IntegrityError:
                    out.skipped_already_sent += 1
                    continue
                notice_send(
                    user=user,
                    title=_("Pengingat: tindak lanjut temuan %(number)s jatuh tempo %(due)s")
                    % {
                        "number": finding.number,
                        "due": finding.followup_due.strftime("%d-%m-%Y"),
                    },
                    body=_(
                        "Sampaikan tanggapan OPD atas temuan %(number)s. Bila tenggat lewat, "
                        "temuan dieskalasi ke UPG dan Inspektorat."
                    )
                    % {"number": finding.number},
                    url=_path(finding),
                )
            out.sent += 1
    return out


def finding_kpk_mark(*, finding: Finding, actor: Any, note: str, today: dt.date) -> Finding:
    """The UPG decides the finding goes to KPK (once), with its note."""
    text = (note or "").strip()
    if not text:
        raise _invalid(_("Tuliskan catatan untuk KPK."))
    with transaction.atomic():
        locked = _lock(finding, S.SENT, S.RESPONDED, S.CLOSED)
        if locked.kpk_marked_on is not None:
            raise ConflictError(
                _("Temuan ini sudah ditandai untuk KPK."), code=FindingError.ALREADY_KPK
            )
        locked.kpk_marked_on = today
        locked.kpk_note = text[:MAX_TEXT]
        locked.save(update_fields=["kpk_marked_on", "kpk_note", "updated_at"])
        timeline_record(subject=locked, type="finding_kpk_marked", actor=actor)
        return locked


def finding_employee_link(*, finding: Finding, actor: Any, employee_id: int | None) -> Finding:
    """The UPG records the civil servant involved (an employee of the finding's pemda), or
    removes the link with None. A later report of the gift by that employee is flagged."""
    employee: Employee | None = None
    if employee_id is not None:
        employee = Employee.objects.filter(pk=employee_id, pemda_id=finding.pemda_id).first()
        if employee is None:
            raise ApplicationError(
                _("Pegawai tidak ditemukan di pemda ini."), code=FindingError.UNKNOWN_EMPLOYEE
            )
    with transaction.atomic():
        locked = _lock(finding, S.SENT, S.RESPONDED, S.CLOSED)
        if locked.employee_id == employee_id:
            return locked
        locked.employee = employee
        locked.save(update_fields=["employee", "updated_at"])
        timeline_record(
            subject=locked,
            type="finding_employee_linked",
            actor=actor,
            data={"employee": employee.pk if employee else None},
        )
        return locked


# --- reads ------------------------------------------------------------------------------------


def finding_for_report(*, report: GiftReport) -> Finding | None:
    """The gratification finding about the report's reporter made on or after the day the gift
    was received: the report is then filed "after a finding" (DECISIONS.md #10). The earliest
    such finding is the reference."""
    if report.reporter_id is None:
        return None
    return (
        Finding.objects.filter(
            pemda_id=report.pemda_id,
            category=Finding.Category.GRATIFICATION,
            employee_id=report.reporter_id,
            observed_on__gte=report.received_on,
        )
        .order_by("observed_on", "id")
        .first()
    )


def employee_by_nip(*, pemda_id: int, nip: str) -> Employee | None:
    """One employee of the pemda by NIP (spaces ignored)."""
    clean = "".join((nip or "").split())
    if not clean:
        return None
    return Employee.objects.filter(pemda_id=pemda_id, nip=clean).first()


@dataclass(frozen=True)
class FindingFilters:
    q: str = ""
    status: str = ""  # "" open, "all", or a status
    category: str = ""
    severity: str = ""
    opd_id: int | None = None
    kecamatan_id: int | None = None
    overdue: bool = False
    kpk: bool = False


def finding_search(
    *, findings: QuerySet[Finding], filters: FindingFilters, today: dt.date
) -> QuerySet[Finding]:
    """Filter a scoped queryset of findings (from `finding_scope_for`), newest first."""
    qs = findings
    f = filters
    if f.q:
        qs = qs.filter(Q(number__icontains=f.q) | Q(description__icontains=f.q))
    if f.status in S.values:
        qs = qs.filter(status=f.status)
    elif f.status != "all":
        qs = qs.exclude(status=S.CLOSED)
    if f.category in Finding.Category.values:
        qs = qs.filter(category=f.category)
    if f.severity in Finding.Severity.values:
        qs = qs.filter(severity=f.severity)
    if f.opd_id is not None:
        qs = qs.filter(opd_id=f.opd_id)
    if f.kecamatan_id is not None:
        qs = qs.filter(kecamatan_id=f.kecamatan_id)
    if f.overdue:
        qs = qs.filter(status=S.SENT, followup_due__lt=today)
    if f.kpk:
        qs = qs.filter(kpk_marked_on__isnull=False)
    return qs.order_by("-sent_on", "-id")


def finding_days_left(*, finding: Finding, today: dt.date) -> int | None:
    """Working days left until the OPD's deadline (negative when overdue), while it waits."""
    if finding.status != S.SENT:
        return None
    try:
        return work_calendar_for(finding.pemda).working_days_between(today, finding.followup_due)
    except CalendarRangeError:
        return None


# --- files ------------------------------------------------------------------------------------


def _uploads_limited(uploads: Sequence[UploadedFile]) -> list[UploadedFile]:
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise ApplicationError(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            code=FindingError.TOO_MANY_FILES,
        )
    return files


def _guard(finding: Finding, *allowed: str) -> Callable[[], None]:
    """files_store's guard: lock the finding and refuse a state not `allowed` (ConflictError)."""

    def check() -> None:
        _lock(finding, *allowed)

    return check


def finding_evidence_add(
    *, finding: Finding, actor: Any, uploads: Sequence[UploadedFile]
) -> list[StoredFile]:
    """The UPG adds evidence to a finding that is not closed. Every file is checked before
    anything is written; the finding is locked and its state checked in the transaction that
    stores the files (a "file_attached" event each), all or nothing."""
    files = _uploads_limited(uploads)
    return files_store(
        pemda=finding.pemda,
        actor=actor,
        uploads=files,
        subject=finding,
        purpose=EVIDENCE,
        guard=_guard(finding, S.SENT, S.RESPONDED),
    )


def finding_response_files_add(
    *, finding: Finding, actor: Any, uploads: Sequence[UploadedFile]
) -> list[StoredFile]:
    """The head of the OPD attaches documents to the answer they are preparing: only while the
    finding waits for the OPD (*menunggu tindak lanjut*); once answered, a new round (the UPG
    returning the answer) opens it again. Same all-or-nothing rules as `finding_evidence_add`."""
    files = _uploads_limited(uploads)
    return files_store(
        pemda=finding.pemda,
        actor=actor,
        uploads=files,
        subject=finding,
        purpose=OPD_RESPONSE,
        guard=_guard(finding, S.SENT),
    )


def finding_files(*, finding: Finding) -> list[StoredFile]:
    """The finding's files: its evidence, the OPD's response documents and the photos of the
    visit it came from, oldest first."""
    found = list(files_for(finding).filter(purpose__in=[EVIDENCE, OPD_RESPONSE]))
    if finding.visit_id is not None and finding.visit is not None:
        found += list(files_for(finding.visit, VISIT_PHOTO))
    return sorted(found, key=lambda f: (f.created_at, f.pk))


def finding_file_access(user: Any, finding: Any) -> bool:
    """Whoever may see the finding may read its files (evidence, the OPD's response)."""
    from sehati.accounts.policies import finding_scope_for

    return finding_scope_for(user).filter(pk=finding.pk).exists()


def files_register() -> None:
    file_access_register("monitoring.Finding", finding_file_access)
