"""Writes of periodic declarations (issue #6 point 1): opening, editing and closing a period,
keeping its roster, answers, reminders, and opening a sanction case from an admitted gift.

Every change writes a timeline event in its transaction. Closing locks the period row, and an
answer locks it too before checking that the period is open, so no answer slips in after the
close: the closed roster is the record.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sehati.accounts.models import User
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.validation import text_checked
from sehati.declarations.errors import DeclarationError
from sehati.declarations.models import Declaration, DeclarationPeriod, DeclaredGift
from sehati.declarations.selectors import (
    period_covered_opd_ids,
    period_obliged_employees,
    reports_linkable,
)
from sehati.notifications.models import ReminderLog
from sehati.notifications.services import notice_send
from sehati.org.models import Employee, Opd, Pemda
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError

logger = logging.getLogger(__name__)
A = Declaration.Answer
EARLIEST = dt.date(2015, 1, 1)
LATEST = dt.date(2100, 12, 31)
GIFT_EARLIEST = dt.date(2000, 1, 1)
MAX_GIFTS = 20
MAX_REPORTS = 50
MAX_TEXT = 5_000
MAX_VALUE_IDR = 10**15
# Daily reminders: 3 working days before the due date, and on the due date itself.
H3_DAYS = 3
REMINDER_DEADLINE = "declaration_due"
STEP_H3 = ReminderLog.Step.H3.value
STEP_DUE_DAY = ReminderLog.Step.H0.value  # the due date itself


def _invalid(message: str, code: DeclarationError = DeclarationError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


def _text(value: Any, *, label: str, required: bool, limit: int) -> str:
    return text_checked(
        value, label=label, required=required, limit=limit, code=DeclarationError.INVALID
    )


def _date(value: Any, *, label: str, low: dt.date = EARLIEST, high: dt.date = LATEST) -> dt.date:
    if not isinstance(value, dt.date):
        raise _invalid(_("%(label)s wajib diisi.") % {"label": label})
    if not low <= value <= high:
        raise _invalid(_("%(label)s di luar rentang yang wajar.") % {"label": label})
    return value


def _path(name: str, kwargs: dict[str, Any], fallback: str) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # pages not mounted in this installation
        return fallback


def _answer_path(declaration_id: int) -> str:
    return _path(
        "declarations:answer",
        {"declaration_id": declaration_id},
        f"/deklarasi-saya/{declaration_id}/",
    )


def _opds_checked(*, pemda: Pemda, all_opd: bool, opd_ids: Iterable[int]) -> list[Opd]:
    wanted = {int(i) for i in opd_ids}
    if all_opd:
        return []
    if not wanted:
        raise _invalid(_("Pilih paling sedikit satu OPD, atau pilih semua OPD."))
    found = list(Opd.objects.filter(pemda=pemda, pk__in=wanted))
    if len(found) != len(wanted):
        raise _invalid(_("OPD yang dipilih harus OPD pemda ini."))
    return found


def _dates_checked(*, starts_on: Any, due_on: Any) -> tuple[dt.date, dt.date]:
    start = _date(starts_on, label=_("Tanggal mulai"))
    due = _date(due_on, label=_("Batas jawab"))
    if due < start:
        raise _invalid(_("Batas jawab tidak boleh sebelum tanggal mulai."))
    return start, due


# --- the roster ------------------------------------------------------------------------------


def period_roster_sync(*, period: DeclarationPeriod) -> int:
    """Make an open period's rows follow the employee data: a row for every obliged employee,
    unanswered rows moved with their employee's transfer, unanswered rows of employees no
    longer obliged removed (answers are kept). Closed periods never change. Returns the number
    of rows added, moved or removed. Idempotent; safe to call from any read."""
    if not period.is_open:
        return 0
    obliged = dict(period_obliged_employees(period=period).values_list("id", "opd_id"))
    existing = list(
        Declaration.objects.filter(period=period).values_list(
            "id", "employee_id", "opd_id", "answer"
        )
    )
    have = {employee_id for _id, employee_id, _opd, _answer in existing}
    changes = 0
    gone = [
        row_id
        for row_id, employee_id, _opd, answer in existing
        if answer == A.PENDING and employee_id not in obliged
    ]
    if gone:
        changes += Declaration.objects.filter(pk__in=gone, answer=A.PENDING).delete()[0]
    for row_id, employee_id, opd_id, answer in existing:
        if answer == A.PENDING and employee_id in obliged and obliged[employee_id] != opd_id:
            changes += Declaration.objects.filter(pk=row_id, answer=A.PENDING).update(
                opd_id=obliged[employee_id]
            )
    new = [
        Declaration(pemda_id=period.pemda_id, period=period, employee_id=emp_id, opd_id=opd_id)
        for emp_id, opd_id in obliged.items()
        if emp_id not in have
    ]
    if new:
        Declaration.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        changes += len(new)
    return changes


def declarations_ensure_for(*, employee: Employee) -> int:
    """Rows for `employee` in every open period that obliges them and has none yet (a new
    employee, or one transferred into a covered OPD since the period opened)."""
    if not employee.is_active:
        return 0
    added = 0
    periods = DeclarationPeriod.objects.filter(
        pemda_id=employee.pemda_id, status=DeclarationPeriod.Status.OPEN
    ).exclude(declarations__employee=employee)
    for period in periods:
        if employee.opd_id in period_covered_opd_ids(period=period):
            _row, created = Declaration.objects.get_or_create(
                period=period,
                employee=employee,
                defaults={"pemda_id": employee.pemda_id, "opd_id": employee.opd_id},
            )
            added += int(created)
    return added


def _pending_recipients(period: DeclarationPeriod) -> list[tuple[User, int]]:
    """(user, declaration id) of every unanswered, obliged employee with an active account."""
    pending = dict(
        Declaration.objects.filter(period=period, answer=A.PENDING).values_list("employee_id", "id")
    )
    users = User.objects.filter(
        pemda_id=period.pemda_id, is_active=True, employee_id__in=pending.keys()
    ).order_by("id")
    return [(user, pending[user.employee_id]) for user in users if user.employee_id]


# --- periods ---------------------------------------------------------------------------------


def period_open(
    *,
    pemda: Pemda,
    actor: Any,
    title: str,
    starts_on: dt.date,
    due_on: dt.date,
    today: dt.date,
    description: str = "",
    all_opd: bool = True,
    opd_ids: Iterable[int] = (),
) -> DeclarationPeriod:
    """Open a declaration period for all OPD or the chosen ones (each with its sub-units). The
    roster is built at once and every obliged employee with an account gets a notice."""
    clean_title = _text(title, label=_("Judul"), required=True, limit=200)
    clean_description = _text(description, label=_("Keterangan"), required=False, limit=MAX_TEXT)
    start, due = _dates_checked(starts_on=starts_on, due_on=due_on)
    if due < today:
        raise _invalid(_("Batas jawab sudah lewat; pilih tanggal hari ini atau sesudahnya."))
    opds = _opds_checked(pemda=pemda, all_opd=all_opd, opd_ids=opd_ids)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        period = DeclarationPeriod.objects.create(
            pemda=pemda,
            title=clean_title,
            description=clean_description,
            starts_on=start,
            due_on=due,
            all_opd=all_opd,
            created_by=actor_user,
        )
        if opds:
            period.opds.set(opds)
        period_roster_sync(period=period)
        recipients = _pending_recipients(period)
        timeline_record(
            subject=period,
            type="declaration_period_opened",
            actor=actor,
            data={
                "starts_on": start.isoformat(),
                "due_on": due.isoformat(),
                "all_opd": all_opd,
                "opd": sorted(o.pk for o in opds),
                "obliged": Declaration.objects.filter(period=period).count(),
                "notified": len(recipients),
            },
        )
        values = {"title": clean_title, "date": due.strftime("%d-%m-%Y")}
        for user, declaration_id in recipients:
            notice_send(
                user=user,
                title=_("Deklarasi gratifikasi dibuka: %(title)s") % values,
                body=_(
                    "Isi deklarasi gratifikasi periode %(title)s paling lambat %(date)s: "
                    "apakah Anda menerima gratifikasi, dan bila ya, apakah sudah dilaporkan."
                )
                % values,
                url=_answer_path(declaration_id),
            )
    return period


def _lock_period(period: DeclarationPeriod) -> DeclarationPeriod:
    locked = DeclarationPeriod.objects.select_for_update().get(pk=period.pk)
    if not locked.is_open:
        raise ConflictError(
            _("Periode deklarasi ini sudah ditutup."), code=DeclarationError.PERIOD_CLOSED
        )
    return locked


def period_update(
    *,
    period: DeclarationPeriod,
    actor: Any,
    today: dt.date,
    title: str | None = None,
    description: str | None = None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    all_opd: bool | None = None,
    opd_ids: Iterable[int] | None = None,
) -> DeclarationPeriod:
    """Change an open period; a value left None keeps its value, and nothing changed writes
    nothing. A change of the OPD covered updates the roster (answers are kept)."""
    with transaction.atomic():
        locked = _lock_period(period)
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = _text(title, label=_("Judul"), required=True, limit=200)
        if description is not None:
            changes["description"] = _text(
                description, label=_("Keterangan"), required=False, limit=MAX_TEXT
            )
        start, due = _dates_checked(
            starts_on=starts_on if starts_on is not None else locked.starts_on,
            due_on=due_on if due_on is not None else locked.due_on,
        )
        if due != locked.due_on and due < today:
            raise _invalid(_("Batas jawab sudah lewat; pilih tanggal hari ini atau sesudahnya."))
        changes["starts_on"], changes["due_on"] = start, due
        new_all = locked.all_opd if all_opd is None else all_opd
        before_opds = set(locked.opds.values_list("id", flat=True))
        wanted_ids = before_opds if opd_ids is None else {int(i) for i in opd_ids}
        opds = _opds_checked(pemda=locked.pemda, all_opd=new_all, opd_ids=wanted_ids)
        changes["all_opd"] = new_all
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, changes[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        after_opds = {o.pk for o in opds}
        if after_opds != before_opds:
            locked.opds.set(opds)
            changed.append("opds")
        if changed:
            moved = period_roster_sync(period=locked)
            timeline_record(
                subject=locked,
                type="declaration_period_updated",
                actor=actor,
                data={"changed": changed, "roster_changes": moved},
            )
    return locked


def period_close(
    *, period: DeclarationPeriod, actor: Any, now: dt.datetime, confirm: bool
) -> DeclarationPeriod:
    """Close an open period: the roster is brought up to date one last time and then frozen
    (the unanswered rows stay, with the employee's OPD of this moment); no answer can be given
    or changed afterwards. Irreversible, hence `confirm`."""
    if not confirm:
        raise _invalid(
            _("Tutup periode harus dikonfirmasi: jawaban dan daftar wajib deklarasi dibekukan."),
            DeclarationError.CONFIRM_REQUIRED,
        )
    with transaction.atomic():
        locked = _lock_period(period)
        period_roster_sync(period=locked)
        locked.status = DeclarationPeriod.Status.CLOSED
        locked.closed_at = now
        locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        rows = Declaration.objects.filter(period=locked)
        obliged = rows.count()
        pending = rows.filter(answer=A.PENDING).count()
        timeline_record(
            subject=locked,
            type="declaration_period_closed",
            actor=actor,
            data={
                "obliged": obliged,
                "answered": obliged - pending,
                "not_answered": pending,
                "unreported": rows.filter(answer=A.UNREPORTED).count(),
            },
        )
    return locked


def _remind_text(period: DeclarationPeriod, today: dt.date) -> tuple[str, str]:
    values = {"title": period.title, "date": period.due_on.strftime("%d-%m-%Y")}
    if period.due_on == today:
        title = _("Hari ini batas deklarasi gratifikasi: %(title)s") % values
    elif period.due_on < today:
        title = _("Batas deklarasi gratifikasi sudah lewat: %(title)s") % values
    else:
        title = _("Pengingat deklarasi gratifikasi: %(title)s (batas %(date)s)") % values
    body = (
        _(
            "Anda belum mengisi deklarasi gratifikasi periode %(title)s. Isi paling lambat "
            "%(date)s; hanya butuh satu menit bila Anda tidak menerima gratifikasi."
        )
        % values
    )
    return title, body


def period_remind(*, period: DeclarationPeriod, actor: Any, today: dt.date) -> int:
    """The UPG's "Kirim pengingat": a notice now to every obliged employee who has not answered
    (with an account). Once a day per period. Returns the number of notices sent."""
    with transaction.atomic():
        locked = _lock_period(period)
        if locked.last_reminded_on == today:
            raise ConflictError(
                _("Pengingat periode ini sudah dikirim hari ini; coba lagi besok."),
                code=DeclarationError.REMIND_THROTTLED,
            )
        period_roster_sync(period=locked)
        recipients = _pending_recipients(locked)
        title, body = _remind_text(locked, today)
        for user, declaration_id in recipients:
            notice_send(user=user, title=title, body=body, url=_answer_path(declaration_id))
        locked.last_reminded_on = today
        locked.save(update_fields=["last_reminded_on", "updated_at"])
        timeline_record(
            subject=locked,
            type="declaration_period_reminded",
            actor=actor,
            data={"sent": len(recipients)},
        )
    return len(recipients)


@dataclass
class DeclarationReminders:
    sent: int = 0
    skipped_already_sent: int = 0


def _due_step(*, due_on: dt.date, today: dt.date, pemda: Pemda) -> str | None:
    """H-3 (3 working days before the due date; 2 when the run at 3 was missed) or the due
    date itself; None on other days."""
    if today == due_on:
        return STEP_DUE_DAY
    if today > due_on:
        return None
    try:
        left = work_calendar_for(pemda).working_days_between(today, due_on)
    except CalendarRangeError:
        return None
    return STEP_H3 if 2 <= left <= H3_DAYS else None


def declarations_remind_due(*, pemda: Pemda, today: dt.date) -> DeclarationReminders:
    """The daily run's part (called from sehati.notifications.reminders): for each open period
    at H-3 or on its due date, a reminder to each obliged employee who has not answered. Each
    (period, due date, step, user) goes to ReminderLog first, so it is sent once."""
    out = DeclarationReminders()
    periods = DeclarationPeriod.objects.filter(
        pemda=pemda, status=DeclarationPeriod.Status.OPEN, due_on__gte=today
    ).order_by("id")
    for period in periods:
        step = _due_step(due_on=period.due_on, today=today, pemda=pemda)
        if step is None or period.starts_on > today:
            continue
        with transaction.atomic():
            period_roster_sync(period=period)
        title, body = _remind_text(period, today)
        for user, declaration_id in _pending_recipients(period):
            with transaction.atomic():  # the log row and the notice stand or fall together
                try:
                    with transaction.atomic():  # a savepoint: a duplicate leaves the run usable
                        ReminderLog.objects.create(
                            pemda=pemda,
                            subject_key=f"declaration_period:{period.pk}",
                            deadline=REMINDER_DEADLINE,
                            due_on=period.due_on,
                            step=step,
                            user=user,
                            sent_on=today,
                        )
                except IntegrityError:
                    out.skipped_already_sent += 1
                    continue
                notice_send(user=user, title=title, body=body, url=_answer_path(declaration_id))
            out.sent += 1
    return out


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftInput:
    description: str
    received_on: dt.date
    giver_name: str
    value_idr: int


def _gifts_checked(gifts: Sequence[Any], today: dt.date) -> list[GiftInput]:
    if not gifts:
        raise _invalid(_("Sebutkan paling sedikit satu pemberian yang belum dilaporkan."))
    if len(gifts) > MAX_GIFTS:
        raise _invalid(_("Paling banyak %(n)d pemberian sekali isi.") % {"n": MAX_GIFTS})
    out = []
    for n, raw in enumerate(gifts, start=1):
        get = raw.get if isinstance(raw, dict) else lambda k, r=raw: getattr(r, k, None)
        label = _("Pemberian %(n)d") % {"n": n}
        value = get("value_idr")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid(
                _("%(label)s: perkiraan nilai harus bilangan bulat rupiah.") % {"label": label}
            )
        if not 0 <= value <= MAX_VALUE_IDR:
            raise _invalid(_("%(label)s: perkiraan nilai tidak wajar.") % {"label": label})
        received = _date(
            get("received_on"),
            label=_("%(label)s: tanggal diterima") % {"label": label},
            low=GIFT_EARLIEST,
            high=today,
        )
        out.append(
            GiftInput(
                description=_text(
                    get("description"),
                    label=_("%(label)s: uraian") % {"label": label},
                    required=True,
                    limit=300,
                ),
                received_on=received,
                giver_name=_text(
                    get("giver_name"),
                    label=_("%(label)s: pemberi") % {"label": label},
                    required=True,
                    limit=200,
                ),
                value_idr=value,
            )
        )
    return out


def _gift_draft(*, gift: GiftInput, actor: User, period: DeclarationPeriod) -> Any:
    from sehati.reports.services import report_create

    report, _created = report_create(
        actor=actor,
        data={
            "kind": "receipt",
            "received_on": gift.received_on,
            "category": "other",
            "form": "other",
            "value_idr": gift.value_idr,
            "giver_name": gift.giver_name,
            "giver_relation": "other",
            "description": gift.description,
            "place": "",
            "chronology": _(
                "Dicatat dari deklarasi gratifikasi periode %(title)s. Lengkapi tempat, kronologi, "
                "hubungan dengan pemberi dan bentuk pemberian, lalu kirim laporan ini."
            )
            % {"title": period.title},
        },
    )
    return report


def declaration_answer(
    *,
    declaration: Declaration,
    actor: Any,
    answer: str,
    today: dt.date,
    now: dt.datetime,
    report_ids: Iterable[int] = (),
    gifts: Sequence[Any] = (),
) -> Declaration:
    """The employee's own answer (or a changed one) while the period is open.

    - "none": no gift received in the period;
    - "reported": received and already reported — link one or more of their own submitted
      reports;
    - "unreported": received and not yet reported — each gift listed starts a report draft for
      the employee, prefilled from the gift, to complete and submit. A gift listed again
      unchanged keeps its draft; drafts of gifts no longer listed stay the employee's drafts.
    """
    if answer not in (A.NONE, A.REPORTED, A.UNREPORTED):
        raise _invalid(_("Pilih salah satu jawaban."))
    if getattr(actor, "employee_id", None) is None:
        raise _invalid(
            _("Hanya ASN yang terdaftar sebagai pegawai dapat mengisi deklarasi."),
            DeclarationError.NOT_AN_EMPLOYEE,
        )
    if actor.employee_id != declaration.employee_id:
        raise _invalid(_("Deklarasi ini milik pegawai lain."), DeclarationError.NOT_AN_EMPLOYEE)
    wanted_reports = {int(i) for i in report_ids} if answer == A.REPORTED else set()
    clean_gifts = _gifts_checked(gifts, today) if answer == A.UNREPORTED else []
    if answer == A.REPORTED:
        if not wanted_reports:
            raise _invalid(
                _("Pilih paling sedikit satu laporan gratifikasi Anda yang sudah dikirim."),
                DeclarationError.REPORT_INVALID,
            )
        if len(wanted_reports) > MAX_REPORTS:
            raise _invalid(_("Terlalu banyak laporan dipilih."), DeclarationError.REPORT_INVALID)
    with transaction.atomic():
        period = _lock_period(declaration.period)
        if today < period.starts_on:
            raise ConflictError(
                _("Periode deklarasi ini belum dimulai (mulai %(date)s).")
                % {"date": period.starts_on.strftime("%d-%m-%Y")},
                code=DeclarationError.NOT_STARTED,
            )
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("employee")
            .get(pk=declaration.pk)
        )
        employee = locked.employee
        if not employee.is_active or employee.opd_id not in period_covered_opd_ids(period=period):
            raise _invalid(
                _("Anda tidak termasuk pegawai yang wajib deklarasi pada periode ini."),
                DeclarationError.NOT_OBLIGED,
            )
        reports = list(
            reports_linkable(employee_id=employee.pk, pemda_id=period.pemda_id).filter(
                pk__in=wanted_reports
            )
        )
        if len(reports) != len(wanted_reports):
            raise _invalid(
                _("Laporan yang dipilih harus laporan Anda sendiri yang sudah dikirim."),
                DeclarationError.REPORT_INVALID,
            )
        previous = locked.answer
        locked.answer = answer
        locked.answered_at = now
        locked.answered_by = actor
        locked.opd_id = employee.opd_id
        locked.save(update_fields=["answer", "answered_at", "answered_by", "opd", "updated_at"])
        clear_ids, sealed = locked.reports_link(reports)
        drafts = _gifts_replace(locked, clean_gifts, actor=actor, period=period)
        timeline_record(
            subject=locked,
            type="declaration_answered" if not previous else "declaration_answer_changed",
            actor=actor,
            data={
                "answer": answer,
                "previous": previous,
                "reports": clear_ids,
                "confidential_reports": sealed,
                "gifts": len(clean_gifts),
                "drafts_created": drafts,
            },
        )
    return locked


def _gifts_replace(
    declaration: Declaration, gifts: list[GiftInput], *, actor: Any, period: DeclarationPeriod
) -> int:
    """Make the declaration's gift list `gifts`; returns the number of drafts created."""
    old = list(declaration.gifts.all())
    unused = {(g.description, g.received_on, g.giver_name, g.value_idr): g for g in old}
    kept: list[DeclaredGift] = []
    drafts = 0
    for position, gift in enumerate(gifts, start=1):
        key = (gift.description, gift.received_on, gift.giver_name, gift.value_idr)
        row = unused.pop(key, None)
        if row is None:
            row = DeclaredGift(
                pemda_id=declaration.pemda_id,
                declaration=declaration,
                description=gift.description,
                received_on=gift.received_on,
                giver_name=gift.giver_name,
                value_idr=gift.value_idr,
                report=_gift_draft(gift=gift, actor=actor, period=period),
            )
            drafts += 1
        row.position = position
        row.save()
        kept.append(row)
    if unused:
        DeclaredGift.objects.filter(pk__in=[g.pk for g in unused.values()]).delete()
    return drafts


def declaration_sanction_open(*, declaration: Declaration, actor: Any, description: str) -> Any:
    """Open a sanction case about an employee who admitted unreported gifts (the Inspektorat
    examines it; GRATIFICATION_LAW.md §4.3). One case per declaration."""
    from sehati.sanctions.models import SanctionCase
    from sehati.sanctions.services import sanction_case_open

    text = _text(description, label=_("Uraian"), required=True, limit=MAX_TEXT)
    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("period", "employee", "pemda")
            .get(pk=declaration.pk)
        )
        if locked.answer != A.UNREPORTED:
            raise ConflictError(
                _("Kasus sanksi hanya dapat dibuka dari deklarasi yang mengaku belum melapor."),
                code=DeclarationError.NOT_UNREPORTED,
            )
        if locked.sanction_case_id is not None:
            raise ConflictError(
                _("Kasus sanksi untuk deklarasi ini sudah dibuka."),
                code=DeclarationError.CASE_EXISTS,
            )
        reference = _("%(title)s — deklarasi #%(id)s") % {
            "title": locked.period.title,
            "id": locked.pk,
        }
        case = sanction_case_open(
            pemda=locked.pemda,
            actor=actor,
            employee=locked.employee,
            source=SanctionCase.Source.DECLARATION,
            description=text,
            source_reference=reference[:200],
        )
        locked.sanction_case = case
        locked.save(update_fields=["sanction_case", "updated_at"])
        timeline_record(
            subject=locked,
            type="declaration_sanction_opened",
            actor=actor,
            data={"sanction_case": case.pk},
        )
    return case
