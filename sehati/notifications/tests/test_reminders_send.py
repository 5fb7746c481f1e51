"""Deadline reminders (issue #4 point 9): H-3, H-1 and breach, each exactly once, to the right
people; incomplete cases past their window are closed (point 7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from sehati.accounts.models import Role
from sehati.accounts.tests.factories import grant
from sehati.cases import services as svc
from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.notifications.models import Notice, ReminderLog
from sehati.notifications.reminders import ReminderRun, reminders_scheduled, reminders_send
from sehati.reports.selectors import work_calendar_for

pytestmark = pytest.mark.django_db

D = dt.date
ALL_OK = dict.fromkeys(svc.CHECKLIST_KEYS, "ok")
# The report of `submitted_report` (received 1 Oct, submitted 5 Oct 2026): the UPG must forward
# it to KPK by Monday 19 Oct 2026 (10 HK); the legal 30 HK end on 12 Nov 2026.
FORWARD_DUE = D(2026, 10, 19)
H3_DAY = D(2026, 10, 14)  # Wed: Thu, Fri, Mon left
LEFT_2_DAY = D(2026, 10, 15)  # Thu
H1_DAY = D(2026, 10, 16)  # Fri: Mon left
BREACH_DAY = D(2026, 10, 20)  # Tue


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Any:
    """`reminders_send` with its after-commit work (notices of closing, e-mails) done."""

    def _run(today: dt.date, pemda: Any = None) -> ReminderRun:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(today=today, pemda=pemda)

    return _run


def _titles(user: Any) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def test_the_fixed_dates_are_what_the_calendar_says(world) -> None:
    case = submitted_report(world.users["pelapor"]).case
    calendar = work_calendar_for(world.pemda)
    assert case.forward_due == FORWARD_DUE
    left = {day: calendar.working_days_between(day, FORWARD_DUE) for day in (H3_DAY, H1_DAY)}
    assert left == {H3_DAY: 3, H1_DAY: 1}
    assert calendar.working_days_between(LEFT_2_DAY, FORWARD_DUE) == 2


def test_h3_goes_to_the_upg_pembantu_and_the_central_upg_once(world, run) -> None:
    report = submitted_report(world.users["pelapor"])
    rina, siti, budi = world.users["upg_pembantu"], world.users["upg"], world.users["pelapor"]

    first = run(H3_DAY)
    assert (first.sent, first.skipped_already_sent, first.closed_incomplete) == (2, 0, 0)
    expected = (
        f"Pengingat: tenggat UPG meneruskan ke KPK — laporan {report.register_number} "
        "tinggal 3 hari kerja (19-10-2026)"
    )
    assert _titles(rina) == [expected]
    assert _titles(siti) == [expected]
    assert _titles(budi) == []  # the UPG's deadline is not the reporter's business
    notice = Notice.objects.get(user=siti)
    assert notice.url == f"/kasus/{report.case.pk}/"
    assert "Perbup" in notice.body  # the legal basis of the deadline
    # The e-mails are the notices.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        (u.email, f"[SEHATI] {expected}") for u in (rina, siti)
    )
    assert Notice.objects.filter(emailed=True).count() == 2


def test_run_twice_on_one_day_sends_each_reminder_once(world, run) -> None:
    """Acceptance of issue #4 point 9."""
    submitted_report(world.users["pelapor"])
    assert run(H3_DAY).sent == 2
    again = run(H3_DAY)
    assert (again.sent, again.skipped_already_sent) == (0, 2)
    assert Notice.objects.count() == 2
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2


def test_a_lost_log_row_race_is_skipped_not_sent_twice(world, run, monkeypatch) -> None:
    """A concurrent run that wrote the log row after this run read the log: the unique
    constraint refuses the second row and the reminder is skipped."""
    from sehati.notifications import reminders

    submitted_report(world.users["pelapor"])
    run(H3_DAY)
    monkeypatch.setattr(reminders.ReminderLog.objects, "filter", lambda **kw: _NoRows())
    again = run(H3_DAY)
    assert (again.sent, again.skipped_already_sent) == (0, 2)
    assert Notice.objects.count() == 2


class _NoRows:
    def values_list(self, *args: Any) -> list[Any]:
        return []


def test_assigned_case_reminds_only_its_officer_h1_then_breach_once(world, run) -> None:
    report = submitted_report(world.users["pelapor"])
    rina, siti = world.users["upg_pembantu"], world.users["upg"]
    svc.case_verification_start(case=report.case, actor=rina)

    assert run(H1_DAY).sent == 1
    assert run(D(2026, 10, 17)).sent == 0  # Saturday: still one working day left, sent already
    assert run(FORWARD_DUE).sent == 0  # due today: H-1 was sent
    assert run(BREACH_DAY).sent == 1
    assert run(D(2026, 10, 21)).sent == 0  # a breach is told once
    number = report.register_number
    assert _titles(rina) == [
        f"Pengingat: tenggat UPG meneruskan ke KPK — laporan {number} tinggal 1 hari kerja "
        "(19-10-2026)",
        f"Tenggat terlewati: UPG meneruskan ke KPK — laporan {number} (19-10-2026)",
    ]
    assert _titles(siti) == []
    assert list(ReminderLog.objects.values_list("step", flat=True).order_by("id")) == [
        "h-1",
        "breach",
    ]


def test_a_missed_day_sends_h3_late_then_h1(world, run) -> None:
    """The run at three days left did not happen: at two days left H-3 still goes out, once."""
    submitted_report(world.users["pelapor"])
    siti = world.users["upg"]
    assert run(LEFT_2_DAY).sent == 2
    assert "tinggal 2 hari kerja" in _titles(siti)[0]
    assert run(LEFT_2_DAY).sent == 0
    assert run(H1_DAY).sent == 2
    assert [log.step for log in ReminderLog.objects.filter(user=siti).order_by("id")] == [
        "h-3",
        "h-1",
    ]


def test_only_the_latest_step_is_sent_when_first_seen_late(world, run) -> None:
    submitted_report(world.users["pelapor"])
    siti = world.users["upg"]
    assert run(FORWARD_DUE).sent == 2  # first run on the due day: H-1, "jatuh hari ini"
    assert "jatuh hari ini (19-10-2026)" in _titles(siti)[0]
    assert set(ReminderLog.objects.values_list("step", flat=True)) == {"h-1"}
    run(BREACH_DAY)
    assert set(ReminderLog.objects.values_list("step", flat=True)) == {"h-1", "breach"}


def test_no_reminder_far_from_the_deadline_or_before_h3(world, run) -> None:
    submitted_report(world.users["pelapor"])
    assert run(D(2026, 10, 6)).sent == 0
    assert run(D(2026, 10, 13)).sent == 0  # 4 working days left
    assert Notice.objects.count() == 0


def test_incomplete_case_reminds_the_reporter_then_closes_when_the_window_passes(
    world, run
) -> None:
    budi, siti = world.users["pelapor"], world.users["upg"]
    report = submitted_report(budi)
    case = svc.case_verify(
        case=report.case,
        actor=siti,
        checklist={**ALL_OK, "evidence": "missing"},
        missing_note="Foto parsel",
        today=D(2026, 10, 6),
    )
    due = case.completion_due
    assert due is not None
    calendar = work_calendar_for(world.pemda)
    h3 = next(
        due - dt.timedelta(days=n)
        for n in range(1, 20)
        if calendar.working_days_between(due - dt.timedelta(days=n), due) == 3
    )
    Notice.objects.all().delete()  # the "please complete" notice of the verification

    run(h3)
    assert _titles(budi) == [
        f"Pengingat: tenggat Pelapor melengkapi laporan — laporan {report.register_number} "
        f"tinggal 3 hari kerja ({due:%d-%m-%Y})"
    ]
    notice = Notice.objects.get(user=budi)
    assert notice.url == f"/laporan/{report.pk}/"
    assert "Foto parsel" in notice.body

    assert run(due).closed_incomplete == 0  # the last day still belongs to the reporter
    after = run(due + dt.timedelta(days=1))
    case.refresh_from_db()
    assert (case.status, case.close_reason) == ("closed", Case.CloseReason.INCOMPLETE_EXPIRED)
    assert after.closed_incomplete == 1
    assert _titles(budi)[-1] == f"Laporan {report.register_number} ditutup"
    # Closed, not reminded of the breach; a second run closes nothing.
    assert not ReminderLog.objects.filter(deadline="completeness", step="breach").exists()
    assert run(due + dt.timedelta(days=1)).closed_incomplete == 0
    assert mail.outbox[-1].to == [budi.email]


def test_closed_cases_get_nothing(world, run) -> None:
    siti = world.users["upg"]
    report = submitted_report(world.users["pelapor"])
    svc.case_verify(
        case=report.case, actor=siti, checklist=ALL_OK, missing_note="", today=D(2026, 10, 6)
    )
    svc.case_analyse(
        case=report.case,
        actor=siti,
        recommendation="Bukan gratifikasi yang wajib dilaporkan.",
        must_report=False,
        override_reason="Pemberian dalam acara resmi.",
        today=D(2026, 10, 7),
    )
    Notice.objects.all().delete()
    assert run(BREACH_DAY) == ReminderRun()
    assert Notice.objects.count() == 0


def test_one_pemda_only_and_each_pemda_its_own_people(world, run) -> None:
    submitted_report(world.users["pelapor"])
    other = world.users["other_pemda_user"]
    grant(other, Role.UPG)
    submitted_report(other)
    assert run(H3_DAY, pemda=world.other_pemda).sent == 1
    assert _titles(other) and not _titles(world.users["upg"])
    assert run(H3_DAY).sent == 2  # all pemda: the first pemda's two; the other's was sent


def test_query_count_does_not_grow_with_people(world, run, django_assert_max_num_queries) -> None:
    for _ in range(3):
        submitted_report(world.users["pelapor"])
    run(H3_DAY)
    # A repeat run reads the expired cases, the UP3 findings to act on, the open declaration
    # periods, the calendar, the cases (with report and assignee), staff, reporters and the log
    # once, and per case only the selector's calendar and rule book.
    with django_assert_max_num_queries(8 + 2 * 3):
        assert run(H3_DAY, pemda=world.pemda).sent == 0


def test_the_scheduled_run_waits_for_six_in_the_pemda_time(world, run) -> None:
    submitted_report(world.users["pelapor"])
    utc = dt.UTC
    # 05:30 WITA (UTC+8) on the H-3 day: too early.
    assert reminders_scheduled(now=dt.datetime(2026, 10, 13, 21, 30, tzinfo=utc)).sent == 0
    # 06:05 WITA.
    assert reminders_scheduled(now=dt.datetime(2026, 10, 13, 22, 5, tzinfo=utc)).sent == 2


def test_the_command_prints_the_counts(world) -> None:
    from io import StringIO

    submitted_report(world.users["pelapor"])
    out = StringIO()
    call_command("reminders", "--date", "2026-10-14", "--pemda", "uji", stdout=out)
    assert "uji 2026-10-14: terkirim 2, sudah terkirim sebelumnya 0" in out.getvalue()
    out = StringIO()
    call_command("reminders", "--date", "2026-10-14", stdout=out)
    assert "jumlah: terkirim 0, sudah terkirim sebelumnya 2" in out.getvalue()


def test_one_faulty_case_does_not_stop_the_others(world, run, monkeypatch, caplog) -> None:
    from sehati.notifications import reminders

    broken = submitted_report(world.users["pelapor"]).case
    submitted_report(world.users["pelapor"])
    real = reminders.case_deadlines

    def deadlines(*, case: Case, today: dt.date) -> Any:
        if case.pk == broken.pk:
            raise ValueError("data rusak")
        return real(case=case, today=today)

    monkeypatch.setattr(reminders, "case_deadlines", deadlines)
    result = run(H3_DAY)
    assert (result.sent, result.failed) == (2, 1)
    assert f"Tenggat kasus {broken.pk}" in caplog.text
