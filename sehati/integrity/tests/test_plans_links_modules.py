"""Links to the modules written alongside action plans: socialisation events and internal
surveys (resolved lazily by app label), within the pemda, newest first, shown as each viewer may
see them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.apps import apps

from conftest import World
from sehati.core.errors import ApplicationError
from sehati.integrity import plans_selectors as sel
from sehati.integrity.plans_links import link_kinds_available, link_target_choices, links_resolve
from sehati.integrity.plans_services import plan_link_add
from sehati.integrity.tests.plans_helpers import make_plan

pytestmark = pytest.mark.django_db


def _event(pemda: Any, title: str, held_on: dt.date) -> Any:
    return apps.get_model("outreach", "Event").objects.create(
        pemda=pemda, title=title, audience="asn", held_on=held_on, join_code=uuid.uuid4().hex
    )


def _survey(pemda: Any, title: str) -> Any:
    return apps.get_model("surveys", "Survey").objects.create(pemda=pemda, title=title)


def test_events_and_surveys_link_within_the_pemda(world: World) -> None:
    assert [k.code for k in link_kinds_available()] == [
        "event",
        "survey",
        "finding",
        "declaration_period",
    ]
    old = _event(world.pemda, "Sosialisasi 2025", dt.date(2025, 5, 2))
    new = _event(world.pemda, "Sosialisasi perizinan", dt.date(2026, 11, 2))
    other_event = _event(world.other_pemda, "Pemda lain", dt.date(2026, 11, 3))
    survey = _survey(world.pemda, "Survei integritas pelayanan 2026")
    other_survey = _survey(world.other_pemda, "Survei pemda lain")
    choices = link_target_choices(kind="event", pemda_id=world.pemda.pk)
    assert choices == [
        (new.pk, "Sosialisasi perizinan (02-11-2026)"),
        (old.pk, "Sosialisasi 2025 (02-05-2025)"),
    ]
    assert link_target_choices(kind="survey", pemda_id=world.pemda.pk) == [
        (survey.pk, "Survei integritas pelayanan 2026")
    ]
    plan = make_plan(world)
    upg = world.users["upg"]
    for kind, target in (("event", other_event), ("survey", other_survey)):
        with pytest.raises(ApplicationError) as exc:
            plan_link_add(plan=plan, actor=upg, kind=kind, target_id=target.pk)
        assert exc.value.code == "action_plan_link_target_missing"
    plan_link_add(plan=plan, actor=upg, kind="event", target_id=new.pk)
    plan_link_add(plan=plan, actor=upg, kind="survey", target_id=survey.pk)

    def seen(persona: str) -> list[tuple[str, str]]:
        views = links_resolve(links=sel.plan_links(plan=plan), user=world.users[persona])
        return [(v.title, v.url) for v in views]

    assert seen("upg") == [
        ("Sosialisasi perizinan (02-11-2026)", f"/sosialisasi/kegiatan/{new.pk}/"),
        ("Survei integritas pelayanan 2026", f"/survei/{survey.pk}/"),
    ]
    # The head of Dinkes follows events but does not read survey results: the survey's title
    # (pemda-level data) without its page.
    assert seen("kepala_opd") == [
        ("Sosialisasi perizinan (02-11-2026)", f"/sosialisasi/kegiatan/{new.pk}/"),
        ("Survei integritas pelayanan 2026", ""),
    ]
