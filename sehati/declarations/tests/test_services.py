"""Services of periodic declarations: scope, answers, freezing at close, sanction cases."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import World
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError
from sehati.declarations import services as svc
from sehati.declarations.errors import DeclarationError
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.declarations.selectors import period_people, period_roster
from sehati.declarations.tests.helpers import (
    DUE,
    GIFT,
    NOW,
    TODAY,
    declaration_of,
    open_period,
    submitted_report,
)
from sehati.notifications.models import Notice
from sehati.org.models import Employee
from sehati.reports.models import GiftReport
from sehati.sanctions.models import SanctionCase

pytestmark = pytest.mark.django_db
A = Declaration.Answer


def _answer(world: World, declaration: Declaration, answer: str, **kwargs: object) -> Declaration:
    return svc.declaration_answer(
        declaration=declaration,
        actor=world.users["pelapor"],
        answer=answer,
        today=kwargs.pop("today", TODAY),  # type: ignore[arg-type]
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def test_open_for_all_opd_builds_roster_and_notifies(world: World) -> None:
    period = open_period(world)
    employees = Employee.objects.filter(pemda=world.pemda, is_active=True)
    assert Declaration.objects.filter(period=period).count() == employees.count()
    assert not Declaration.objects.filter(period=period).exclude(answer="").exists()
    # every obliged employee with an account got a notice (7 personas with employees)
    notified = Notice.objects.filter(title__contains="Semester II 2026")
    assert notified.count() == 7
    assert world.users["pemantau"].pk not in set(notified.values_list("user_id", flat=True))
    assert timeline_for(period).filter(type="declaration_period_opened").exists()


def test_chosen_opd_includes_its_sub_units(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    obliged = set(Declaration.objects.filter(period=period).values_list("employee_id", flat=True))
    assert world.employees["puskesmas_staff"].pk in obliged
    assert world.employees["budi"].pk in obliged
    assert world.employees["dukcapil_staff"].pk not in obliged


def test_inactive_employee_is_not_obliged(world: World) -> None:
    world.employees["colleague_dinkes"].is_active = False
    world.employees["colleague_dinkes"].save()
    period = open_period(world, opds=(world.dinkes,))
    assert not Declaration.objects.filter(
        period=period, employee=world.employees["colleague_dinkes"]
    ).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "Judul"),
        ({"due_on": dt.date(2026, 10, 1), "starts_on": dt.date(2026, 10, 5)}, "sebelum"),
        ({"due_on": dt.date(2026, 11, 20)}, "lewat"),
    ],
)
def test_open_refuses_bad_input(world: World, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ApplicationError, match=message):
        open_period(world, **kwargs)
    assert not DeclarationPeriod.objects.exists()


def test_open_refuses_opd_of_another_pemda(world: World) -> None:
    with pytest.raises(ApplicationError):
        open_period(world, opds=(world.other_opd,))
    assert not DeclarationPeriod.objects.exists()


def test_answer_none_then_change_to_reported(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    _answer(world, declaration, A.NONE)
    declaration.refresh_from_db()
    assert declaration.answer == A.NONE and declaration.answered_at == NOW
    report = submitted_report(world.users["pelapor"])
    _answer(world, declaration, A.REPORTED, report_ids=[report.pk])
    declaration.refresh_from_db()
    assert declaration.answer == A.REPORTED
    assert list(declaration.reports.all()) == [report]
    types = list(timeline_for(declaration).values_list("type", flat=True))
    assert types == ["declaration_answer_changed", "declaration_answered"]


def test_reported_needs_own_submitted_reports(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    with pytest.raises(ApplicationError) as exc:
        _answer(world, declaration, A.REPORTED, report_ids=[])
    assert exc.value.code == DeclarationError.REPORT_INVALID
    colleague_report = submitted_report(world.users["upg_pembantu"])
    with pytest.raises(ApplicationError) as exc:
        _answer(world, declaration, A.REPORTED, report_ids=[colleague_report.pk])
    assert exc.value.code == DeclarationError.REPORT_INVALID
    declaration.refresh_from_db()
    assert declaration.answer == ""


def test_unreported_gifts_start_drafts(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    second = {**GIFT, "description": "Voucher belanja", "value_idr": 500_000}
    _answer(world, declaration, A.UNREPORTED, gifts=[GIFT, second])
    gifts = list(declaration.gifts.order_by("position"))
    assert [g.description for g in gifts] == ["Parsel buah dari rekanan", "Voucher belanja"]
    drafts = GiftReport.objects.filter(reporter=world.employees["budi"], status="draft")
    assert drafts.count() == 2
    assert {g.report_id for g in gifts} == set(drafts.values_list("id", flat=True))
    report = gifts[0].report
    assert report is not None
    assert (report.value_idr, report.giver_name, report.received_on) == (
        850_000,
        "CV Maju",
        dt.date(2026, 11, 10),
    )
    # The same list again: no new drafts; one gift fewer: its row goes, its draft stays.
    _answer(world, declaration, A.UNREPORTED, gifts=[GIFT])
    assert drafts.count() == 2
    assert declaration.gifts.count() == 1


@pytest.mark.parametrize(
    "gift",
    [
        {**GIFT, "description": ""},
        {**GIFT, "giver_name": ""},
        {**GIFT, "value_idr": True},
        {**GIFT, "value_idr": -1},
        {**GIFT, "received_on": dt.date(2026, 12, 1)},  # after today
        {**GIFT, "received_on": None},
    ],
)
def test_unreported_gift_validation(world: World, gift: dict[str, object]) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    with pytest.raises(ApplicationError):
        _answer(world, declaration, A.UNREPORTED, gifts=[gift])
    assert not GiftReport.objects.filter(reporter=world.employees["budi"]).exists()
    declaration.refresh_from_db()
    assert declaration.answer == ""


def test_unreported_needs_a_gift(world: World) -> None:
    period = open_period(world)
    with pytest.raises(ApplicationError):
        _answer(world, declaration_of(period, world, "budi"), A.UNREPORTED, gifts=[])


def test_only_the_employee_answers(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "rina")
    with pytest.raises(ApplicationError) as exc:
        _answer(world, declaration, A.NONE)
    assert exc.value.code == DeclarationError.NOT_AN_EMPLOYEE
    with pytest.raises(ApplicationError):
        svc.declaration_answer(
            declaration=declaration,
            actor=world.users["pemantau"],  # no employee record
            answer=A.NONE,
            today=TODAY,
            now=NOW,
        )


def test_employee_moved_out_of_scope_cannot_answer(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    declaration = declaration_of(period, world, "budi")
    budi = world.employees["budi"]
    budi.opd = world.dukcapil
    budi.save()
    with pytest.raises(ApplicationError) as exc:
        _answer(world, declaration, A.NONE)
    assert exc.value.code == DeclarationError.NOT_OBLIGED
    # The roster follows: the unanswered row of someone no longer obliged goes.
    svc.period_roster_sync(period=period)
    assert not Declaration.objects.filter(period=period, employee=budi).exists()


def test_not_before_start(world: World) -> None:
    period = open_period(world, starts_on=dt.date(2026, 11, 30))
    with pytest.raises(ConflictError) as exc:
        _answer(world, declaration_of(period, world, "budi"), A.NONE)
    assert exc.value.code == DeclarationError.NOT_STARTED


def test_close_freezes_answers_and_roster(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    _answer(world, declaration_of(period, world, "budi"), A.NONE)
    with pytest.raises(ApplicationError) as exc:
        svc.period_close(period=period, actor=world.users["upg"], now=NOW, confirm=False)
    assert exc.value.code == DeclarationError.CONFIRM_REQUIRED
    svc.period_close(period=period, actor=world.users["upg"], now=NOW, confirm=True)
    period.refresh_from_db()
    assert period.status == DeclarationPeriod.Status.CLOSED and period.closed_at == NOW
    before = dict(Declaration.objects.filter(period=period).values_list("employee_id", "opd_id"))
    # answers can no longer be given or changed
    with pytest.raises(ConflictError) as exc:
        _answer(world, declaration_of(period, world, "budi"), A.REPORTED, report_ids=[1])
    assert exc.value.code == DeclarationError.PERIOD_CLOSED
    # a later transfer changes nothing in the closed roster
    staff = world.employees["puskesmas_staff"]
    staff.opd = world.dukcapil
    staff.save()
    assert svc.period_roster_sync(period=period) == 0
    after = dict(Declaration.objects.filter(period=period).values_list("employee_id", "opd_id"))
    assert after == before
    with pytest.raises(ConflictError):
        svc.period_update(period=period, actor=world.users["upg"], today=TODAY, title="Baru")
    with pytest.raises(ConflictError):
        svc.period_close(period=period, actor=world.users["upg"], now=NOW, confirm=True)


def test_update_changes_scope_keeps_answers(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    _answer(world, declaration_of(period, world, "budi"), A.NONE)
    svc.period_update(
        period=period, actor=world.users["upg"], today=TODAY, opd_ids=[world.dukcapil.pk]
    )
    rows = Declaration.objects.filter(period=period)
    assert rows.filter(employee=world.employees["dukcapil_staff"]).exists()
    assert rows.filter(employee=world.employees["budi"], answer=A.NONE).exists()
    assert not rows.filter(employee=world.employees["rina"]).exists()
    assert timeline_for(period).filter(type="declaration_period_updated").exists()


def test_roster_counts_and_people_filters(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    _answer(world, declaration_of(period, world, "budi"), A.UNREPORTED, gifts=[GIFT])
    roster = period_roster(period=period)
    dinkes = next(r for r in roster.rows if r.opd_id == world.dinkes.pk)
    # budi, rina, hasan, the colleague in Dinkes; the Puskesmas staff in its own row
    assert (dinkes.obliged, dinkes.answered, dinkes.unreported, dinkes.pending) == (4, 1, 1, 3)
    assert roster.total.obliged == 5
    assert period_people(period=period, status="unreported").count() == 1
    assert period_people(period=period, status="pending").count() == 4
    assert period_people(period=period, opd_id=world.dinkes.pk).count() == 5  # with sub-unit
    name = world.employees["budi"].name
    assert period_people(period=period, q=name[:5]).filter(employee__name=name).exists()


def test_sanction_case_from_unreported(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    with pytest.raises(ConflictError) as exc:
        svc.declaration_sanction_open(
            declaration=declaration, actor=world.users["upg"], description="Uji"
        )
    assert exc.value.code == DeclarationError.NOT_UNREPORTED
    _answer(world, declaration, A.UNREPORTED, gifts=[GIFT])
    case = svc.declaration_sanction_open(
        declaration=declaration, actor=world.users["upg"], description="Mengaku belum melapor."
    )
    declaration.refresh_from_db()
    assert declaration.sanction_case == case
    assert case.source == SanctionCase.Source.DECLARATION
    assert case.employee == world.employees["budi"]
    assert "Semester II 2026" in case.source_reference
    with pytest.raises(ConflictError) as exc:
        svc.declaration_sanction_open(
            declaration=declaration, actor=world.users["upg"], description="Lagi"
        )
    assert exc.value.code == DeclarationError.CASE_EXISTS


def test_ensure_for_new_employee(world: World) -> None:
    period = open_period(world, opds=(world.dinkes,))
    newcomer = world.employees["dukcapil_staff"]
    assert svc.declarations_ensure_for(employee=newcomer) == 0
    newcomer.opd = world.puskesmas
    newcomer.save()
    assert svc.declarations_ensure_for(employee=newcomer) == 1
    assert Declaration.objects.filter(period=period, employee=newcomer).exists()
    assert svc.declarations_ensure_for(employee=newcomer) == 0


def test_due_date_is_stored(world: World) -> None:
    period = open_period(world)
    assert period.due_on == DUE
