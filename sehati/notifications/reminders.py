"""Deadline reminders (issue #4 point 9): H-3, H-1 and breach, each sent exactly once, by e-mail
and in the app; and the closing of incomplete cases whose completion window has passed (point 7).

Which step a deadline is at, from the working days left (`case_deadlines`):

    left == 3 or 2              → H-3   (2: the run at 3 was missed; sent late, once)
    left == 1 or 0 (due today)  → H-1
    due date before today       → breach

Only the latest applicable step is sent: a case first seen at one day left gets H-1, not H-3 as
well. Each (case, deadline, due date, step, user) is written to `ReminderLog` before the notice,
under its unique constraint, so a second run on the same day (or two runs at once) sends nothing
again; a deadline that moves (a new due date) starts its own reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sehati.accounts.models import Role, RoleGrant, User
from sehati.cases.models import Case
from sehati.cases.selectors import CaseDeadline, case_deadlines
from sehati.cases.services import case_close_incomplete, reporter_notice
from sehati.core.errors import ConflictError
from sehati.notifications.models import ReminderLog
from sehati.notifications.services import notice_send
from sehati.org.models import Pemda
from sehati.reports.selectors import work_calendar_for
from sehati.rules.calendar import CalendarRangeError
from sehati.rules.rulesets import DeadlineCode

logger = logging.getLogger(__name__)
Step = ReminderLog.Step
SYSTEM_ACTOR = "sistem"
# Deadlines the reporter must meet; the others are the UPG's. KPK's own decision is not ours to
# chase (UU 30/2002 Pasal 17: KPK has 30 HK; it is shown, not reminded).
REPORTER_DEADLINES = frozenset({DeadlineCode.COMPLETENESS.value})
NOT_REMINDED = frozenset({DeadlineCode.KPK_DECISION.value})
# While the case is in these states the UPG pembantu of `handler_opd` works on it.
PEMBANTU_STATES = frozenset(
    {Case.Status.RECEIVED, Case.Status.VERIFICATION, Case.Status.INCOMPLETE, Case.Status.COMPLETE}
)
H3_DAYS = 3
# Reminders go out from this hour of each pemda's local time (the job wakes hourly).
REMINDER_HOUR = 6


@dataclass
class ReminderRun:
    sent: int = 0  # notices sent (one per reminder and recipient)
    skipped_already_sent: int = 0  # reminders found in the log: sent by an earlier run
    closed_incomplete: int = 0  # incomplete cases closed because their window had passed
    failed: int = 0  # cases whose deadlines could not be computed (logged)
    findings_escalated: int = 0  # UP3 findings escalated: the OPD's follow-up was overdue

    def __iadd__(self, other: ReminderRun) -> ReminderRun:
        self.sent += other.sent
        self.skipped_already_sent += other.skipped_already_sent
        self.closed_incomplete += other.closed_incomplete
        self.failed += other.failed
        self.findings_escalated += other.findings_escalated
        return self


def reminder_step(*, deadline: CaseDeadline, today: dt.date) -> str | None:
    """The step a deadline is at today (see the module docstring), or None."""
    left = deadline.working_days_left
    if not deadline.active or left is None:
        return None
    # A due date already behind us is a breach even on a weekend, when no working day has
    # passed since (working days left is then still 0).
    if deadline.due_on < today or left < 0:
        return Step.BREACH.value
    if left <= 1:
        return Step.H1.value
    if left <= H3_DAYS:
        return Step.H3.value
    return None


def _path(name: str, kwargs: dict[str, Any], fallback: str) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the page's URL is not mounted in this installation
        return fallback


def _reminder_text(
    *, case: Case, deadline: CaseDeadline, step: str, today: dt.date, for_reporter: bool
) -> tuple[str, str]:
    number = case.report.register_number
    due = deadline.due_on.strftime("%d-%m-%Y")
    left = deadline.working_days_left or 0
    values = {"number": number, "label": deadline.label, "date": due, "days": left}
    if step == Step.BREACH:
        title = _("Tenggat terlewati: %(label)s — laporan %(number)s (%(date)s)") % values
    elif deadline.due_on == today or left == 0:
        title = _("Pengingat: tenggat %(label)s — laporan %(number)s jatuh hari ini (%(date)s)") % (
            values
        )
    else:
        title = (
            _(
                "Pengingat: tenggat %(label)s — laporan %(number)s tinggal %(days)s hari kerja "
                "(%(date)s)"
            )
            % values
        )
    if for_reporter:
        body = (
            _(
                "Lengkapi laporan %(number)s paling lambat %(date)s. Bila sampai tanggal itu belum "
                "lengkap, laporan ditutup sebagai tidak dapat ditindaklanjuti."
            )
            % values
        )
        if case.missing_note:
            body += "\n" + _("Kekurangan: %(note)s") % {"note": case.missing_note}
    elif step == Step.BREACH:
        body = (
            _(
                "Tenggat %(label)s untuk laporan %(number)s jatuh pada %(date)s dan sudah lewat. "
                "Selesaikan langkah ini secepatnya dan catat alasannya."
            )
            % values
        )
    else:
        body = _("Tenggat %(label)s untuk laporan %(number)s jatuh pada %(date)s.") % values
    if deadline.legal_basis:
        body += "\n" + _("Dasar: %(basis)s") % {"basis": deadline.legal_basis}
    return title, body


@dataclass(frozen=True)
class _Staff:
    """Who works on a pemda's cases: looked up once per run and pemda."""

    central: tuple[User, ...]
    pembantu: dict[int, tuple[User, ...]]

    def for_case(self, case: Case) -> list[User]:
        if case.assignee_id is not None and case.assignee is not None and case.assignee.is_active:
            return [case.assignee]
        users: list[User] = []
        if case.handler_opd_id is not None and case.status in PEMBANTU_STATES:
            users.extend(self.pembantu.get(case.handler_opd_id, ()))
        seen = {u.pk for u in users}
        users.extend(u for u in self.central if u.pk not in seen)
        return users


def _staff_for(pemda: Pemda) -> _Staff:
    central: dict[int, User] = {}
    pembantu: dict[int, dict[int, User]] = defaultdict(dict)
    grants = RoleGrant.objects.filter(
        pemda=pemda,
        role__in=[Role.UPG.value, Role.UPG_PEMBANTU.value],
        user__is_active=True,
        user__pemda=pemda,
    ).select_related("user")
    for grant in grants.order_by("user_id"):
        if grant.role == Role.UPG.value:
            central[grant.user_id] = grant.user
        elif grant.opd_id is not None:
            pembantu[grant.opd_id][grant.user_id] = grant.user
    return _Staff(
        central=tuple(central.values()),
        pembantu={opd_id: tuple(users.values()) for opd_id, users in pembantu.items()},
    )


def _open_cases(pemda: Pemda, today: dt.date) -> Iterable[Case]:
    """Open cases with some deadline that may be within H-3 or past: a superset of what
    `case_deadlines` finds active, narrowed in SQL so quiet cases cost nothing."""
    qs = Case.objects.filter(pemda=pemda).exclude(status=Case.Status.CLOSED)
    try:
        # working days left <= 3 ⇔ due date before the 4th working day after today.
        horizon: dt.date | None = work_calendar_for(pemda).add_working_days(today, H3_DAYS + 1)
    except CalendarRangeError:
        horizon = None
    if horizon is not None:
        qs = qs.filter(
            Q(forwarded_on__isnull=True, report__report_due__lt=horizon)
            | Q(forwarded_on__isnull=True, forward_due__lt=horizon)
            | Q(status=Case.Status.INCOMPLETE, completion_due__lt=horizon)
            | Q(status=Case.Status.DECIDED, handover_due__lt=horizon)
        )
    return qs.select_related("report", "pemda", "assignee").order_by("id")


def _reminder_log(
    *, pemda: Pemda, key: str, deadline: CaseDeadline, step: str, user: User | None, today: dt.date
) -> bool:
    """Write the log row; False when this reminder was already sent (the unique constraint)."""
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the run usable
            ReminderLog.objects.create(
                pemda=pemda,
                subject_key=key,
                deadline=deadline.code,
                due_on=deadline.due_on,
                step=step,
                user=user,
                sent_on=today,
            )
    except IntegrityError:
        return False
    return True


def _close_expired(pemda: Pemda, today: dt.date) -> int:
    closed = 0
    expired = Case.objects.filter(
        pemda=pemda, status=Case.Status.INCOMPLETE, completion_due__lt=today
    ).select_related("report", "pemda")
    for case in expired.order_by("id"):
        try:
            case_close_incomplete(case=case, actor=SYSTEM_ACTOR, today=today)
        except ConflictError:  # completed or closed meanwhile (another run, the reporter)
            continue
        closed += 1
    return closed


def _findings_run(pemda: Pemda, today: dt.date, run: ReminderRun) -> None:
    """UP3 findings (issue #5 point 4): escalate overdue follow-ups to the UPG and the
    Inspektorat, and remind the heads of the OPD one working day before the deadline."""
    from sehati.monitoring.findings import (
        findings_escalate_overdue,
        findings_need_run,
        findings_remind_due,
    )

    if not findings_need_run(pemda=pemda, today=today):  # one query on a quiet day
        return
    run.findings_escalated += findings_escalate_overdue(pemda=pemda, today=today)
    reminded = findings_remind_due(pemda=pemda, today=today)
    run.sent += reminded.sent
    run.skipped_already_sent += reminded.skipped_already_sent


def _declarations_run(pemda: Pemda, today: dt.date, run: ReminderRun) -> None:
    """Periodic declarations (issue #6 point 1): remind who has not answered, 3 working days
    before a period's due date and on the due date."""
    from sehati.declarations.services import declarations_remind_due

    reminded = declarations_remind_due(pemda=pemda, today=today)
    run.sent += reminded.sent
    run.skipped_already_sent += reminded.skipped_already_sent


def _pemda_reminders(pemda: Pemda, today: dt.date) -> ReminderRun:
    run = ReminderRun(closed_incomplete=_close_expired(pemda, today))
    _findings_run(pemda, today, run)
    _declarations_run(pemda, today, run)
    cases = list(_open_cases(pemda, today))
    if not cases:
        return run
    staff = _staff_for(pemda)
    reporters = {
        u.employee_id: u
        for u in User.objects.filter(
            pemda=pemda,
            is_active=True,
            employee_id__in={c.report.reporter_id for c in cases},
        )
    }
    keys = [f"case:{c.pk}" for c in cases]
    logged = set(
        ReminderLog.objects.filter(pemda=pemda, subject_key__in=keys).values_list(
            "subject_key", "deadline", "due_on", "step", "user_id"
        )
    )
    for case in cases:
        key = f"case:{case.pk}"
        try:
            deadlines = case_deadlines(case=case, today=today)
        except Exception:  # one case's faulty data must not stop everyone else's reminders
            logger.exception("Tenggat kasus %s tidak dapat dihitung", case.pk)
            run.failed += 1
            continue
        for deadline in deadlines:
            if deadline.code in NOT_REMINDED:
                continue
            step = reminder_step(deadline=deadline, today=today)
            if step is None:
                continue
            for_reporter = deadline.code in REPORTER_DEADLINES
            if for_reporter:
                reporter = reporters.get(case.report.reporter_id)
                recipients = [reporter] if reporter is not None else []
                url = _path(
                    "reports:report_detail",
                    {"report_id": case.report_id},
                    f"/laporan/{case.report_id}/",
                )
            else:
                recipients = staff.for_case(case)
                url = _path("cases:case_detail", {"case_id": case.pk}, f"/kasus/{case.pk}/")
            title, body = _reminder_text(
                case=case, deadline=deadline, step=step, today=today, for_reporter=for_reporter
            )
            # A confidential reporter's reminder is logged without them (ReminderLog.user).
            sealed = for_reporter and case.report.confidential
            if for_reporter:
                title, body, url = reporter_notice(
                    report=case.report, title=title, body=body, url=url
                )
            for user in recipients:
                log_user = None if sealed else user
                if (key, deadline.code, deadline.due_on, step, log_user and user.pk) in logged:
                    run.skipped_already_sent += 1
                    continue
                with transaction.atomic():  # the log row and the notice stand or fall together
                    if not _reminder_log(
                        pemda=pemda,
                        key=key,
                        deadline=deadline,
                        step=step,
                        user=log_user,
                        today=today,
                    ):
                        run.skipped_already_sent += 1
                        continue
                    notice_send(user=user, title=title, body=body, url=url)
                run.sent += 1
    return run


def reminders_send(*, today: dt.date, pemda: Pemda | None = None) -> ReminderRun:
    """The daily reminder run for one pemda (or every pemda, all with the same `today`; the
    task passes each pemda its own local date). First closes incomplete cases whose completion
    window ended before `today` (PerKPK 2/2019 Pasal 9 as amended by PerKPK 1/2026; the reporter
    is notified by `case_close_incomplete`), then sends the H-3/H-1/breach reminders of open
    cases. Safe to run again on the same day, also concurrently: nothing is sent twice."""
    run = ReminderRun()
    pemdas = [pemda] if pemda is not None else list(Pemda.objects.order_by("id"))
    for one in pemdas:
        run += _pemda_reminders(one, today)
    return run


def reminders_scheduled(*, now: dt.datetime) -> ReminderRun:
    """The periodic job's run: each pemda whose local time (WIB/WITA/WIT) is past
    REMINDER_HOUR gets `reminders_send` with its own local date. Run hourly: the first run from
    06:05 sends the day's reminders, the later ones find them in the log and send nothing, and
    they catch up a day whose 06:05 run the worker missed."""
    run = ReminderRun()
    for pemda in Pemda.objects.order_by("id"):
        local = now.astimezone(ZoneInfo(pemda.time_zone or "Asia/Makassar"))
        if local.hour >= REMINDER_HOUR:
            run += reminders_send(today=local.date(), pemda=pemda)
    return run
