"""Action-plan services: validation, status rules, evidence, overdue by an explicit `today`,
links (never across pemda) and what a viewer sees of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from conftest import World
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import access_stored_file
from sehati.core.models import TimelineEvent
from sehati.core.tests.samples import PNG_BYTES
from sehati.declarations.models import DeclarationPeriod
from sehati.integrity import plans_selectors as sel
from sehati.integrity.models import ActionPlan, ActionPlanLink
from sehati.integrity.plans_links import links_resolve
from sehati.integrity.plans_services import (
    PlanData,
    plan_cancel,
    plan_create,
    plan_edit,
    plan_link_add,
    plan_link_remove,
    plan_progress_report,
)
from sehati.integrity.tests.plans_helpers import TODAY, make_plan, weak_score
from sehati.monitoring.models import Finding
from sehati.notifications.models import Notice

pytestmark = pytest.mark.django_db
S = ActionPlan.Status


def _codes(exc: Any) -> str:
    return str(exc.value.code)


def _finding(world: World, opd: Any, number: str) -> Finding:
    return Finding.objects.create(
        pemda=opd.pemda,
        number=number,
        source="lainnya",
        category="pungli",
        severity="sedang",
        opd=opd,
        observed_on=dt.date(2026, 10, 6),
        description="Diminta uang",
        sent_on=dt.date(2026, 10, 6),
        followup_due=dt.date(2026, 10, 20),
    )


def test_create_checks_input_and_tells_the_owner_opd(world: World) -> None:
    score = weak_score(world.pemda)
    upg = world.users["upg"]

    def create(**changes: Any) -> ActionPlan:
        data = {
            "title": "Izin daring",
            "owner_opd_id": world.puskesmas.pk,
            "due_on": dt.date(2027, 1, 31),
            "score_id": score.pk,
        }
        return plan_create(
            pemda=world.pemda, actor=upg, data=PlanData(**{**data, **changes}), today=TODAY
        )

    refusals = {
        "other pemda's OPD": {"owner_opd_id": world.other_opd.pk},
        "other pemda's score": {"score_id": weak_score(world.other_pemda).pk},
        "neither score nor dimension": {"score_id": None, "dimension": "  "},
        "due in the past": {"due_on": TODAY - dt.timedelta(days=1)},
        "empty title": {"title": " "},
        "NUL in title": {"title": "a\x00b"},
    }
    for label, changes in refusals.items():
        with pytest.raises(ApplicationError) as exc:
            create(**changes)
        assert _codes(exc) == "action_plan_invalid", label
    assert not ActionPlan.objects.exists()

    plan = create(due_on=TODAY)  # today itself is fine
    assert plan.status == S.PLANNED and plan.progress_percent == 0
    assert plan.dimension_label == "perizinan"  # from the score
    event = TimelineEvent.objects.get(subject_id=plan.pk, type="action_plan_created")
    assert event.data["score"] == score.pk
    # The Puskesmas has no staff of its own: Dinkes's head and UPG pembantu cover it.
    told = set(Notice.objects.values_list("user__username", flat=True))
    assert told == {"kepala_hasan", "upgp_rina"}


def test_status_rules_from_planned_to_done(world: World, private_media: Any) -> None:
    plan = make_plan(world)
    hasan = world.users["kepala_opd"]

    def report(**kwargs: Any) -> Any:
        kwargs.setdefault("note", "Kemajuan dilaporkan.")
        return plan_progress_report(plan=plan, actor=hasan, today=TODAY, **kwargs)

    first = report(percent=40)
    plan.refresh_from_db()
    assert (plan.status, plan.progress_percent) == (S.IN_PROGRESS, 40)  # moved on by the percent
    assert (first.status_from, first.status_to) == (S.PLANNED, S.IN_PROGRESS)
    for kwargs, code in (
        ({"note": ""}, "action_plan_invalid"),
        ({"percent": 101}, "action_plan_invalid"),
        ({"status": "planned"}, "action_plan_status_invalid"),  # it has progress
        ({"status": "cancelled"}, "action_plan_status_invalid"),  # cancelling is its own step
        ({"status": "done", "percent": 90}, "action_plan_invalid"),  # done is 100
        ({"status": "done"}, "action_plan_done_needs_evidence"),
    ):
        with pytest.raises(ApplicationError) as exc:
            report(**kwargs)
        assert _codes(exc) == code, kwargs
    assert plan.updates.count() == 1  # refusals wrote nothing

    # Evidence on an earlier report is enough to report done later.
    photo = SimpleUploadedFile("spanduk.png", PNG_BYTES, "image/png")
    report(percent=80, uploads=[photo])
    done = report(status="done", note="Layanan daring sudah berjalan.")
    plan.refresh_from_db()
    assert (plan.status, plan.progress_percent, plan.closed_on) == (S.DONE, 100, TODAY)
    assert done.no_evidence_reason == ""
    assert TimelineEvent.objects.filter(subject_id=plan.pk, type="action_plan_done").exists()

    # Closed for the OPD; the UPG may reopen it when the evidence is not enough.
    with pytest.raises(ConflictError):
        report(percent=100)
    with pytest.raises(ConflictError):
        report(status="in_progress", note="Buka lagi")  # not a manager
    reopened = plan_progress_report(
        plan=plan,
        actor=world.users["upg"],
        note="Bukti hanya spanduk; lampirkan SOP layanan daring.",
        status="in_progress",
        today=TODAY,
        may_reopen=True,
    )
    plan.refresh_from_db()
    assert (plan.status, plan.progress_percent, plan.closed_on) == (S.IN_PROGRESS, 99, None)
    assert reopened.status_from == S.DONE


def test_done_without_evidence_needs_a_reason(world: World) -> None:
    plan = make_plan(world)
    update = plan_progress_report(
        plan=plan,
        actor=world.users["upg_pembantu"],
        note="Perbup ditandatangani.",
        status="done",
        no_evidence_reason="Naskah asli Perbup disimpan Bagian Hukum; belum dipindai.",
        today=TODAY,
    )
    plan.refresh_from_db()
    assert plan.status == S.DONE and plan.progress_percent == 100
    assert update.no_evidence_reason.startswith("Naskah asli")


def test_evidence_downloads_follow_the_plan(world: World, private_media: Any) -> None:
    dinkes_plan = make_plan(world)
    dukcapil_plan = make_plan(world, opd=world.dukcapil, title="KTP-el daring")
    for plan in (dinkes_plan, dukcapil_plan):
        plan_progress_report(
            plan=plan,
            actor=world.users["upg"],
            note="Foto kegiatan",
            uploads=[SimpleUploadedFile("foto.png", PNG_BYTES, "image/png")],
            today=TODAY,
        )
    [dinkes_file] = sel.plan_updates(plan=dinkes_plan)[0].files
    [dukcapil_file] = sel.plan_updates(plan=dukcapil_plan)[0].files
    for persona in ("upg", "inspektur", "kepala_opd", "upg_pembantu"):
        assert access_stored_file(world.users[persona], dinkes_file.public_id) == dinkes_file
    for persona, file in (
        ("kepala_opd", dukcapil_file),  # another OPD's plan
        ("pelapor", dinkes_file),  # no access to plans at all
        ("operator_tpp", dinkes_file),
        ("other_pemda_user", dinkes_file),
    ):
        with pytest.raises(Http404):
            access_stored_file(world.users[persona], file.public_id)
    # A refused file stores nothing and writes no report.
    with pytest.raises(ApplicationError):
        plan_progress_report(
            plan=dinkes_plan,
            actor=world.users["upg"],
            note="x",
            uploads=[SimpleUploadedFile("skrip.exe", b"MZ\x90\x00", "application/octet-stream")],
            today=TODAY,
        )
    assert dinkes_plan.updates.count() == 1


def test_cancel_and_edit(world: World) -> None:
    plan = make_plan(world, due_on=dt.date(2026, 12, 1))
    upg = world.users["upg"]
    data = PlanData(
        title="Izin daring (revisi)",
        owner_opd_id=world.dukcapil.pk,
        due_on=dt.date(2026, 12, 1),
        dimension="perizinan",
    )
    # The due date is unchanged: still accepted after it has passed.
    later = dt.date(2026, 12, 5)
    plan_edit(plan=plan, actor=upg, data=data, today=later)
    plan.refresh_from_db()
    assert plan.owner_opd == world.dukcapil and plan.title.endswith("(revisi)")
    event = TimelineEvent.objects.get(subject_id=plan.pk, type="action_plan_updated")
    assert event.data["owner_opd"] == {"from": world.dinkes.pk, "to": world.dukcapil.pk}
    with pytest.raises(ApplicationError):  # a new due date in the past
        plan_edit(
            plan=plan,
            actor=upg,
            data=PlanData(**{**vars(data), "due_on": dt.date(2026, 12, 2)}),
            today=later,
        )
    with pytest.raises(ApplicationError) as exc:
        plan_cancel(plan=plan, actor=upg, reason="Digabung", confirm=False, today=TODAY)
    assert _codes(exc) == "action_plan_confirm_required"
    with pytest.raises(ApplicationError):
        plan_cancel(plan=plan, actor=upg, reason="  ", confirm=True, today=TODAY)
    plan_cancel(plan=plan, actor=upg, reason="Digabung ke rencana lain.", confirm=True, today=TODAY)
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on) == (S.CANCELLED, TODAY)
    for attempt in (
        lambda: plan_edit(plan=plan, actor=upg, data=data, today=TODAY),
        lambda: plan_cancel(plan=plan, actor=upg, reason="lagi", confirm=True, today=TODAY),
        lambda: plan_progress_report(
            plan=plan, actor=upg, note="x", today=TODAY, may_reopen=True, status="in_progress"
        ),
    ):
        with pytest.raises(ConflictError):
            attempt()


def test_overdue_uses_the_explicit_today(world: World) -> None:
    score = weak_score(world.pemda)
    late = make_plan(world, due_on=dt.date(2026, 11, 30), score=score, today=TODAY)
    on_time = make_plan(
        world, opd=world.dukcapil, due_on=dt.date(2026, 12, 31), dimension="sosialisasi"
    )
    finished = make_plan(world, due_on=dt.date(2026, 11, 30), dimension="sosialisasi")
    plan_progress_report(
        plan=finished,
        actor=world.users["upg"],
        note="Selesai",
        status="done",
        no_evidence_reason="Uji",
        today=TODAY,
    )
    assert not late.is_overdue(dt.date(2026, 11, 30))  # the due date itself is not late
    assert late.is_overdue(dt.date(2026, 12, 1))
    day = dt.date(2026, 12, 1)
    plans = ActionPlan.objects.filter(pemda=world.pemda)
    listed = sel.plan_list(
        plans=plans, pemda_id=world.pemda.pk, filters=sel.PlanFilters(overdue=True), today=day
    )
    assert list(listed) == [late]
    ordered = list(
        sel.plan_list(plans=plans, pemda_id=world.pemda.pk, filters=sel.PlanFilters(), today=day)
    )
    assert ordered == [late, on_time, finished]  # overdue first, closed last
    progress = sel.plan_progress(plans=plans, today=day)
    t = progress.total
    assert (t.planned, t.done, t.overdue, t.total) == (2, 1, 1, 3)
    assert t.average_percent == round(100 / 3)
    dinkes = next(r for r in progress.by_opd if r.key == str(world.dinkes.pk))
    assert (dinkes.counts.overdue, dinkes.counts.done) == (1, 1)
    by_dim = {r.label: r for r in progress.by_dimension}
    assert by_dim["sosialisasi"].counts.total == 2
    spi = next(r for r in progress.by_dimension if r.key == f"score:{score.pk}")
    assert spi.weakness == "Rentan" and spi.counts.overdue == 1
    assert [p.days_late for p in sel.plans_overdue(plans=plans, today=day)] == [1]
    assert sel.plan_progress(plans=plans, today=TODAY).total.overdue == 0


def test_links_stay_in_the_pemda_and_show_what_the_viewer_may_see(world: World) -> None:
    plan = make_plan(world)
    upg = world.users["upg"]
    own_finding = _finding(world, world.dinkes, "TMU/2026/0001")
    dukcapil_finding = _finding(world, world.dukcapil, "TMU/2026/0002")
    other_finding = _finding(world, world.other_opd, "TMU/2026/0001")
    period = DeclarationPeriod.objects.create(
        pemda=world.pemda,
        title="Deklarasi Disdukcapil",
        starts_on=dt.date(2026, 7, 1),
        due_on=dt.date(2026, 12, 31),
        all_opd=False,
    )
    period.opds.set([world.dukcapil])
    other_period = DeclarationPeriod.objects.create(
        pemda=world.other_pemda, title="Lain", starts_on=TODAY, due_on=TODAY
    )
    for kind, target in (("finding", other_finding), ("declaration_period", other_period)):
        with pytest.raises(ApplicationError) as exc:
            plan_link_add(plan=plan, actor=upg, kind=kind, target_id=target.pk)
        assert _codes(exc) == "action_plan_link_target_missing"
    with pytest.raises(ApplicationError) as exc:
        plan_link_add(plan=plan, actor=upg, kind="sanction_case", target_id=1)
    assert _codes(exc) == "action_plan_link_kind_unknown"
    links = [
        plan_link_add(plan=plan, actor=upg, kind="finding", target_id=own_finding.pk),
        plan_link_add(plan=plan, actor=upg, kind="finding", target_id=dukcapil_finding.pk),
        plan_link_add(plan=plan, actor=upg, kind="declaration_period", target_id=period.pk),
    ]
    with pytest.raises(ConflictError):
        plan_link_add(plan=plan, actor=upg, kind="finding", target_id=own_finding.pk)

    def seen(persona: str) -> list[tuple[str, bool]]:
        views = links_resolve(links=sel.plan_links(plan=plan), user=world.users[persona])
        return [(v.title, bool(v.url)) for v in views]

    assert seen("upg") == [
        ("Deklarasi Disdukcapil (01-07-2026 s.d. 31-12-2026)", True),
        ("TMU/2026/0001 — Dugaan pungutan liar (Dinas Kesehatan)", True),
        ("TMU/2026/0002 — Dugaan pungutan liar (Disdukcapil)", True),
    ]
    # The head of Dinkes: the Disdukcapil period is pemda-level data (title, no page); the
    # finding about Disdukcapil is not (kind only).
    assert seen("kepala_opd") == [
        ("Deklarasi Disdukcapil (01-07-2026 s.d. 31-12-2026)", False),
        ("TMU/2026/0001 — Dugaan pungutan liar (Dinas Kesehatan)", True),
        ("", False),
    ]
    assert plan_link_remove(link=links[0], actor=upg, now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    assert not plan_link_remove(
        link=links[0], actor=upg, now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    )
    assert len(sel.plan_links(plan=plan)) == 2
    # Removed links are kept for the record and may be linked again.
    plan_link_add(plan=plan, actor=upg, kind="finding", target_id=own_finding.pk)
    assert ActionPlanLink.objects.filter(plan=plan).count() == 4
    own_finding.delete()
    gone = links_resolve(links=sel.plan_links(plan=plan), user=upg)
    assert [v.missing for v in gone] == [False, False, True]


def test_demo_plans_tell_one_story(world: World, private_media: Any) -> None:
    from sehati.integrity.models import IntegrityScore
    from sehati.integrity.plans_demo import demo_plans_build
    from sehati.org.tests.factories import OpdFactory

    for code, parent in (("DPMPTSP", None), ("SETDA-PBJ", None), ("BKPSDM", None)):
        OpdFactory(pemda=world.pemda, code=code, name=code, parent=parent)
    OpdFactory(pemda=world.pemda, code="RSUD", name="RSUD", parent=world.dinkes)
    ombudsman = IntegrityScore.objects.create(
        pemda=world.pemda, kind="ombudsman", year=2021, value="78.26", source="Ombudsman RI"
    )
    finding = _finding(world, world.dinkes, "TMU/2026/0001")
    demo_plans_build(pemda=world.pemda, today=TODAY, seed=1)
    demo_plans_build(pemda=world.pemda, today=TODAY, seed=1)  # adds nothing
    plans = {
        p.owner_opd.code: p for p in ActionPlan.objects.filter(status__in=["done", "in_progress"])
    }
    assert ActionPlan.objects.count() == 6
    assert sorted(ActionPlan.objects.values_list("status", flat=True)) == sorted(
        ["done", "in_progress", "in_progress", "planned", "planned", "cancelled"]
    )
    assert plans["DPMPTSP"].score == ombudsman
    [done_report] = [u for u in sel.plan_updates(plan=plans["DPMPTSP"]) if u.files]
    assert done_report.files[0].content_type == "application/pdf"
    assert plans["RSUD"].is_overdue(TODAY) and not plans["DINKES"].is_overdue(TODAY)
    assert ActionPlanLink.objects.filter(kind="finding", target_id=finding.pk).count() == 2
    # The head of Dinkes sees the Dinkes and RSUD plans (RSUD is its sub-unit).
    from sehati.accounts.policies import action_plan_scope_for

    seen = set(
        action_plan_scope_for(world.users["kepala_opd"]).values_list("owner_opd__code", flat=True)
    )
    assert seen == {"DINKES", "RSUD"}
