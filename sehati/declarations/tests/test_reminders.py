"""Declaration reminders: H-3 working days and the due date from the daily run (once each), and
the UPG's manual reminder (once a day per period)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import World
from sehati.core.errors import ConflictError
from sehati.declarations import services as svc
from sehati.declarations.errors import DeclarationError
from sehati.declarations.tests.helpers import DUE, NOW, TODAY, declaration_of, open_period
from sehati.notifications.models import Notice, ReminderLog
from sehati.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db
H3 = dt.date(2026, 12, 1)  # Tue: Wed, Thu, Fri 4 Dec are the 3 working days left


def test_daily_run_reminds_at_h3_and_on_due_date_once(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    svc.declaration_answer(
        declaration=declaration_of(period, world, "budi"),
        actor=world.users["pelapor"],
        answer="none",
        today=TODAY,
        now=NOW,
    )
    assert reminders_send(today=dt.date(2026, 11, 30), pemda=world.pemda).sent == 0
    run = reminders_send(today=H3, pemda=world.pemda)
    # Dinkes accounts: budi (answered), rina, hasan → 2 reminders
    assert run.sent == 2
    assert reminders_send(today=H3, pemda=world.pemda).sent == 0  # logged: not again
    assert reminders_send(today=dt.date(2026, 12, 2), pemda=world.pemda).sent == 0
    due = reminders_send(today=DUE, pemda=world.pemda)
    assert due.sent == 2
    titles = set(
        Notice.objects.filter(user=world.users["upg_pembantu"]).values_list("title", flat=True)
    )
    assert any(t.startswith("Hari ini batas deklarasi") for t in titles)
    assert not Notice.objects.filter(
        user=world.users["pelapor"], title__startswith="Pengingat deklarasi"
    ).exists()
    assert ReminderLog.objects.filter(subject_key=f"declaration_period:{period.pk}").count() == 4


def test_no_reminders_for_closed_period(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    svc.period_close(period=period, actor=world.users["upg"], now=NOW, confirm=True)
    assert reminders_send(today=H3, pemda=world.pemda).sent == 0


def test_manual_reminder_once_a_day(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    before = Notice.objects.count()
    sent = svc.period_remind(period=period, actor=world.users["upg"], today=TODAY)
    assert sent == 3  # budi, rina, hasan have accounts; none answered
    assert Notice.objects.count() == before + 3
    with pytest.raises(ConflictError) as exc:
        svc.period_remind(period=period, actor=world.users["upg"], today=TODAY)
    assert exc.value.code == DeclarationError.REMIND_THROTTLED
    assert (
        svc.period_remind(
            period=period, actor=world.users["upg"], today=TODAY + dt.timedelta(days=1)
        )
        == 3
    )
