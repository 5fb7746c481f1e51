"""The civil servant a case is about hears of their summons, the decision and the outcome of
their appeal (a notice with a link to their own view of the case); nobody else does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from sehati.notifications.models import Notice
from sehati.sanctions import appeals as app
from sehati.sanctions import examination as ex
from sehati.sanctions.models import SanctionCase
from sehati.sanctions.services import sanction_decide

pytestmark = pytest.mark.django_db
D = dt.date


def test_summons_decision_and_appeal_outcome_reach_the_employee_only(world: Any) -> None:
    budi = world.users["pelapor"]
    inspektur = world.users["inspektur"]
    case = ex.sanction_case_open_with_gifts(
        pemda=world.pemda,
        actor=inspektur,
        employee=budi.employee,
        source=SanctionCase.Source.MANUAL,
        description="Menerima parsel dari rekanan dan tidak melapor.",
        today=D(2026, 3, 2),
    )
    assert not Notice.objects.exists()  # opening alone sends nothing
    ex.sanction_step_add(
        case=case,
        actor=inspektur,
        data=ex.StepData(
            kind="summons",
            occurred_on=D(2026, 3, 9),
            at_time=dt.time(9, 0),
            place="Kantor Inspektorat",
            purpose="klarifikasi penerimaan parsel",
        ),
        today=D(2026, 3, 2),
    )
    case = sanction_decide(
        case=case,
        actor=inspektur,
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/3/INSP/2026",
        decided_on=D(2026, 3, 16),
        today=D(2026, 3, 16),
    )
    app.sanction_appeal_file(
        case=case, actor=budi, grounds="Parsel sudah saya kembalikan.", today=D(2026, 3, 20)
    )
    app.sanction_appeal_outcome_record(
        case=case,
        actor=inspektur,
        outcome="cancelled",
        decision_number="700/4/INSP/2026",
        decided_on=D(2026, 4, 10),
        today=D(2026, 4, 10),
    )
    notices = list(Notice.objects.order_by("id"))
    assert {n.user_id for n in notices} == {budi.pk}
    assert [n.title for n in notices] == [
        "Panggilan pemeriksaan Inspektorat",
        "Putusan kasus sanksi gratifikasi",
        "Putusan atas keberatan Anda",
    ]
    assert "09-03-2026 09.00 di Kantor Inspektorat" in notices[0].body
    assert "700/3/INSP/2026" in notices[1].body and "700/4/INSP/2026" in notices[2].body
    url = reverse("sanctions:case_detail", kwargs={"case_id": case.pk})
    assert all(n.url == url for n in notices)
