"""The demo surveys: a closed staff survey whose small OPD are suppressed, an open public one."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import World
from sehati.surveys.demo import demo_surveys_build
from sehati.surveys.models import Response, StaffParticipation, Survey
from sehati.surveys.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_demo_surveys(world: World) -> None:
    assert demo_surveys_build(pemda=world.pemda, today=dt.date(2026, 11, 23), seed=7) == 2
    staff = Survey.objects.get(pemda=world.pemda, audience="staff")
    public = Survey.objects.get(pemda=world.pemda, audience="public")
    assert staff.is_closed and public.is_open
    # One participation row per staff answer, and every answer as long as the questionnaire.
    answers = Response.objects.filter(survey=staff)
    assert answers.count() == StaffParticipation.objects.filter(survey=staff).count() > 0
    assert {len(bytes(a)) for a in answers.values_list("answers", flat=True)} == {12}
    # The test world's OPD are small: every group is suppressed; the total is shown exactly
    # when it reaches the minimum (the hidden groups together are then large enough too).
    results = survey_results(survey=staff)
    assert {r.status for r in results.rows} <= {"small", "empty"}
    assert (results.total.overall is not None) == (answers.count() >= staff.min_group_size)
    shared = public.groups.get(shared_device=True)
    assert shared.service_unit is not None and Response.objects.filter(group=shared).exists()
    assert demo_surveys_build(pemda=world.pemda, today=dt.date(2026, 11, 23), seed=7) == 0
