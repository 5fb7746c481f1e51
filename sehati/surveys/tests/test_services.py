"""Services of internal surveys: the builder and its freeze, opening and closing, and the
anonymous responses (what a response row holds, once per civil servant, public limits)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from conftest import World
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError, ThrottledError
from sehati.core.models import TimelineEvent
from sehati.org.tests.factories import EmployeeFactory, OpdFactory
from sehati.surveys import services as svc
from sehati.surveys.errors import SurveyError
from sehati.surveys.models import (
    Dimension,
    Item,
    RespondentGroup,
    Response,
    StaffParticipation,
    Survey,
)
from sehati.surveys.selectors import survey_indices, survey_results
from sehati.surveys.tests.helpers import (
    NOW,
    TODAY,
    answers_for,
    fill,
    public_group,
    staff_group,
    survey_build,
)

pytestmark = pytest.mark.django_db


def test_a_response_row_holds_nothing_that_identifies() -> None:
    # Anonymity by design: no user, employee, address, browser or time on the row, and a random
    # (not sequential) id. A new field here must be argued for, not slipped in.
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "group", "answers"}
    assert not Response._meta.get_field("id").auto_created  # a random 63-bit key
    participation = {f.name for f in StaffParticipation._meta.get_fields()}
    assert participation == {"id", "survey", "employee"}  # no time, no OPD, no response link


def test_staff_answer_once_anonymously_in_the_top_level_opd(world: World) -> None:
    survey = survey_build(world)
    # The Puskesmas is a sub-unit of Dinkes: its staff answer in the Dinkes group.
    staff = world.employees["puskesmas_staff"]
    events_before = TimelineEvent.objects.count()
    svc.staff_response_submit(
        survey=survey,
        employee=staff,
        answers=answers_for(survey, [5, 1, 3]),
        revision=2,
        today=TODAY,
    )
    row = Response.objects.get(survey=survey)
    assert row.group == staff_group(survey, world.dinkes)
    assert bytes(row.answers) == b"\x05\x01\x03"
    assert 0 < row.id < 2**63
    assert StaffParticipation.objects.filter(survey=survey, employee=staff).exists()
    assert TimelineEvent.objects.count() == events_before  # an answer is never an event
    with pytest.raises(ConflictError) as exc:
        svc.staff_response_submit(
            survey=survey,
            employee=staff,
            answers=answers_for(survey, [4, 2, 1]),
            revision=2,
            today=TODAY,
        )
    assert exc.value.code == SurveyError.ALREADY_ANSWERED
    assert Response.objects.filter(survey=survey).count() == 1


def test_answers_are_checked(world: World) -> None:
    survey = survey_build(world)
    budi = world.employees["budi"]

    def submit(values: list[int | None], revision: int = 2) -> None:
        svc.staff_response_submit(
            survey=survey,
            employee=budi,
            answers=answers_for(survey, values),
            revision=revision,
            today=TODAY,
        )

    for values, code in [
        ([6, 1, 1], SurveyError.ANSWERS_INVALID),  # beyond the 1..5 scale
        ([5, 1, 4], SurveyError.ANSWERS_INVALID),  # the question has three options
        ([5, None, 1], SurveyError.ANSWERS_INVALID),  # a required item skipped
    ]:
        with pytest.raises(ApplicationError) as exc:
            submit(values)
        assert exc.value.code == code
    with pytest.raises(ConflictError) as exc:
        submit([5, 1, 1], revision=1)  # the form came from an older questionnaire
    assert exc.value.code == SurveyError.REVISION_CHANGED
    with pytest.raises(ApplicationError, match="tidak ada"):
        svc.answers_pack(items=svc.items_ordered(survey=survey), answers={999_999: 1})
    assert not Response.objects.exists() and not StaffParticipation.objects.exists()
    with pytest.raises(ApplicationError) as exc:
        svc.staff_response_submit(
            survey=survey,
            employee=world.employees["other_pemda_staff"],
            answers=answers_for(survey, [5, 1, 1]),
            revision=2,
            today=TODAY,
        )
    assert exc.value.code == SurveyError.NOT_AN_EMPLOYEE


def test_public_answers_limits_and_the_browser_flag(world: World, settings: object) -> None:
    survey = survey_build(world)
    group = public_group(survey)
    assert group.label == "Masyarakat umum" and group.link_token  # made at opening
    answers = answers_for(survey, [4, 2, 3])
    svc.public_response_submit(group=group, answers=answers, revision=2, today=TODAY, client="abc")
    with pytest.raises(ConflictError):  # the same browser again
        svc.public_response_submit(
            group=group, answers=answers, revision=2, today=TODAY, answered_before=True
        )
    group.shared_device = True  # a counter tablet: the browser flag does not apply
    group.save()
    svc.public_response_submit(
        group=group, answers=answers, revision=2, today=TODAY, answered_before=True
    )
    for _ in range(svc.PUBLIC_LIMIT - 1):
        svc.public_response_submit(
            group=group, answers=answers, revision=2, today=TODAY, client="abc"
        )
    with pytest.raises(ThrottledError):
        svc.public_response_submit(
            group=group, answers=answers, revision=2, today=TODAY, client="abc"
        )
    group.is_active = False
    group.save()
    with pytest.raises(ConflictError) as exc:
        svc.public_response_submit(group=group, answers=answers, revision=2, today=TODAY)
    assert exc.value.code == SurveyError.GROUP_INACTIVE
    assert Response.objects.filter(survey=survey).count() == svc.PUBLIC_LIMIT + 1


def test_questionnaire_is_frozen_after_the_first_answer(world: World) -> None:
    upg = world.users["upg"]
    survey = survey_build(world)
    # Open, nobody answered yet: still editable (the revision moves on).
    dim = Dimension.objects.filter(survey=survey).first()
    assert dim is not None
    svc.dimension_save(
        survey=survey,
        actor=upg,
        dimension=dim,
        data=svc.DimensionData(
            name="Budaya",
            weight=2,
            items=[
                svc.ItemData(id=i.pk, text=i.text, reversed=i.reversed) for i in dim.items.all()
            ],
        ),
    )
    survey.refresh_from_db()
    assert survey.revision == 3 and survey.item_count == 3
    svc.staff_response_submit(
        survey=survey,
        employee=world.employees["budi"],
        answers=answers_for(survey, [5, 1, 3]),
        revision=3,
        today=TODAY,
    )
    for attempt in (
        lambda: svc.dimension_delete(dimension=dim, actor=upg),
        lambda: svc.questionnaire_replace(survey=survey, actor=upg, dimensions=[]),
        lambda: svc.survey_update(survey=survey, actor=upg, audience="public"),
    ):
        with pytest.raises(ConflictError) as exc:
            attempt()
        assert exc.value.code == SurveyError.QUESTIONNAIRE_FROZEN
    assert Item.objects.filter(dimension__survey=survey).count() == 3


def test_builder_validation(world: World) -> None:
    upg = world.users["upg"]
    survey = survey_build(world, open_it=False)
    bad_items = [
        (svc.ItemData(text="x", scale_min=5, scale_max=5), "skala harus naik"),
        (svc.ItemData(text="x", scale_min=-5, scale_max=10), "paling banyak 11"),
        (svc.ItemData(text="", scale_min=1, scale_max=5), "wajib diisi"),
        (svc.ItemData(text="x", kind="choice", options=[("A", 1)]), "2 sampai"),
        (svc.ItemData(text="x", kind="choice", options=[("A", 1), ("B", 1)]), "sama"),
        (svc.ItemData(text="x", kind="choice", options=[("A", None), ("B", 1)]), "skor"),
        (svc.ItemData(text="x", options=[("a", None), ("b", None)]), "label skala"),
    ]
    for item, message in bad_items:
        with pytest.raises(ApplicationError, match=message):
            svc.dimension_save(
                survey=survey, actor=upg, data=svc.DimensionData(name="D", items=[item])
            )
    with pytest.raises(ApplicationError, match="Bobot"):
        svc.dimension_save(
            survey=survey,
            actor=upg,
            data=svc.DimensionData(name="D", weight="0", items=[svc.ItemData(text="x")]),
        )
    with pytest.raises(ApplicationError, match="paling sedikit satu butir"):
        svc.dimension_save(survey=survey, actor=upg, data=svc.DimensionData(name="D"))
    with pytest.raises(ApplicationError, match="antara 5 dan 1000"):
        svc.survey_update(survey=survey, actor=upg, min_group_size=4)
    assert Dimension.objects.filter(survey=survey).count() == 2  # nothing half-saved


def test_open_needs_a_complete_questionnaire_and_makes_groups(world: World) -> None:
    upg = world.users["upg"]
    empty = svc.survey_create(pemda=world.pemda, actor=upg, title="Kosong", audience="staff")
    with pytest.raises(ApplicationError) as exc:
        svc.survey_open(survey=empty, actor=upg, today=TODAY, now=NOW)
    assert exc.value.code == SurveyError.QUESTIONNAIRE_INVALID
    survey = survey_build(world, audience="staff")
    labels = sorted(survey.groups.values_list("label", flat=True))
    assert labels == sorted(
        [
            world.dinkes.short_name or world.dinkes.name,
            world.dukcapil.short_name or world.dukcapil.name,
        ]
    )
    dinkes = staff_group(survey, world.dinkes)
    # Dinkes with its Puskesmas: 3 personas + a colleague + Puskesmas staff, all active.
    assert dinkes.population == 5
    assert survey.opens_on == TODAY
    assert timeline_for(survey).filter(type="survey_opened").exists()
    with pytest.raises(ConflictError):
        svc.survey_open(survey=survey, actor=upg, today=TODAY, now=NOW)
    # A new top-level OPD after opening: its staff get a group when they answer.
    bappeda = OpdFactory(pemda=world.pemda, code="BAPPEDA", name="Bappeda")
    newcomer = EmployeeFactory(pemda=world.pemda, opd=bappeda)
    svc.staff_response_submit(
        survey=survey,
        employee=newcomer,
        answers=answers_for(survey, [3, 3, 2]),
        revision=survey.revision,
        today=TODAY,
    )
    assert survey.groups.filter(opd=bappeda).exists()


def test_dates_close_and_results_only_when_closed(world: World) -> None:
    upg = world.users["upg"]
    survey = survey_build(world, closes_on=dt.date(2026, 11, 30))
    with pytest.raises(ValueError, match="closed"):
        survey_results(survey=survey)
    later = dt.date(2026, 12, 1)
    with pytest.raises(ConflictError) as exc:
        svc.staff_response_submit(
            survey=survey,
            employee=world.employees["budi"],
            answers=answers_for(survey, [5, 1, 3]),
            revision=2,
            today=later,
        )
    assert exc.value.code == SurveyError.CLOSED
    closed = svc.survey_close_if_due(survey=survey, today=later, now=NOW)
    assert closed.is_closed
    assert timeline_for(survey).get(type="survey_closed").actor_label == "sistem"
    with pytest.raises(ConflictError):
        svc.survey_update(survey=closed, actor=upg, min_group_size=20)
    with pytest.raises(ApplicationError):
        svc.survey_close(survey=closed, actor=upg, now=NOW, confirm=False)


def test_copy_and_delete(world: World) -> None:
    upg = world.users["upg"]
    survey = survey_build(world)
    fill(survey, public_group(survey), 3)
    copy = svc.survey_copy(survey=survey, actor=upg)
    assert copy.is_draft and copy.title.endswith("(salinan)")
    assert Item.objects.filter(dimension__survey=copy).count() == 3 == copy.item_count
    assert not Response.objects.filter(survey=copy).exists()
    assert not copy.groups.filter(kind="staff").exists()  # made again at opening
    assert public_group(copy).link_token != public_group(survey).link_token
    with pytest.raises(ConflictError):
        svc.survey_delete(survey=survey, actor=upg)
    svc.survey_delete(survey=copy, actor=upg)
    assert not Survey.objects.filter(pk=copy.pk).exists()
    assert TimelineEvent.objects.filter(type="survey_deleted", pemda=world.pemda).exists()


def test_groups(world: World) -> None:
    upg = world.users["upg"]
    survey = survey_build(world)
    counter = svc.group_public_add(
        survey=survey, actor=upg, label="Loket Disdukcapil", population=400, shared_device=True
    )
    assert counter.link_token and counter.link_token != public_group(survey).link_token
    svc.group_update(group=counter, actor=upg, label="Loket 1", population=None)
    counter.refresh_from_db()
    assert (counter.label, counter.population) == ("Loket 1", None)
    staff = staff_group(survey, world.dinkes)
    svc.group_update(group=staff, actor=upg, label="Nama lain", population=40)
    staff.refresh_from_db()
    assert staff.label != "Nama lain" and staff.population == 40  # a staff group: only N
    fill(survey, counter, 1)
    with pytest.raises(ConflictError):
        svc.group_remove(group=counter, actor=upg)
    with pytest.raises(ApplicationError):
        svc.group_remove(group=staff, actor=upg)
    extra = svc.group_public_add(survey=survey, actor=upg, label="Puskesmas")
    svc.group_remove(group=extra, actor=upg)
    assert not RespondentGroup.objects.filter(pk=extra.pk).exists()
    staff_only = survey_build(world, audience="staff", title="Pegawai saja")
    with pytest.raises(ApplicationError, match="hanya untuk pegawai"):
        svc.group_public_add(survey=staff_only, actor=upg, label="x")


def test_loaded_answers_give_the_hand_computed_indices(world: World) -> None:
    # Two Dinkes responses: (5, 1, option 3) -> culture mean(100, 100) = 100, system 100;
    # (3, 3, option 1) -> culture mean(50, 50) = 50, system 0. Culture weighs 2, system 1.
    survey = survey_build(world)
    group = staff_group(survey, world.dinkes)
    svc.responses_bulk_insert(
        survey=survey, rows=[(group.pk, b"\x05\x01\x03"), (group.pk, b"\x03\x03\x01")]
    )
    results, groups, _dims, _items = survey_indices(survey=survey)
    g = results.groups[groups.index(group)]
    assert g.n == 2
    assert g.dimensions[0].mean == pytest.approx(75.0)
    assert g.dimensions[1].mean == pytest.approx(50.0)
    assert g.overall.mean == pytest.approx((2 * 75 + 50) / 3)
    assert results.total.n == 2
    assert connection.vendor in ("sqlite", "postgresql")  # the same numbers on both loaders
