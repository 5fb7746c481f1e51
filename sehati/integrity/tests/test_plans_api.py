"""The action-plan API: a plan's life (create, change, links, progress reports with evidence,
done, cancel), what OPD-bound staff reach, the progress figures and the XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from conftest import World
from sehati.accounts.services import token_create
from sehati.core.tests.samples import PNG_BYTES
from sehati.integrity.models import ActionPlan
from sehati.integrity.tests.plans_helpers import make_plan, weak_score
from sehati.monitoring.models import Finding

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _api(world: World, persona: str) -> Client:
    _row, raw = token_create(user=world.users[persona], name="uji")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_plan_lifecycle(world: World, private_media: Any) -> None:
    score = weak_score(world.pemda)
    upg = _api(world, "upg")
    hasan = _api(world, "kepala_opd")
    created = _post(
        upg,
        f"{API}/action-plans",
        {
            "title": "Izin praktik daring",
            "owner_opd_id": world.dinkes.pk,
            "due_on": "2027-01-31",
            "score_id": score.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    plan_id = body["id"]
    assert body["score"]["weak"] is True and body["score"]["band"] == "rentan"
    assert (body["status"], body["overdue"], body["owner_opd_name"]) == (
        "planned",
        False,
        "Dinas Kesehatan",
    )
    for bad in (
        {"title": "x", "owner_opd_id": world.dinkes.pk, "due_on": "2027-01-31"},  # no dimension
        {
            "title": "x",
            "owner_opd_id": world.other_opd.pk,
            "due_on": "2027-01-31",
            "dimension": "a",
        },
        {"title": "x", "owner_opd_id": True, "due_on": "2027-01-31", "dimension": "a"},
    ):
        assert _post(upg, f"{API}/action-plans", bad).status_code == 422, bad
    patched = upg.patch(
        f"{API}/action-plans/{plan_id}",
        {"due_on": "2027-02-28", "description": "Tanpa tatap muka."},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["due_on"] == "2027-02-28"
    assert patched.json()["score"]["id"] == score.pk  # not sent: kept

    finding = Finding.objects.create(
        pemda=world.pemda,
        number="TMU/2026/0009",
        source="lainnya",
        category="pungli",
        severity="sedang",
        opd=world.dinkes,
        observed_on=dt.date(2026, 10, 6),
        description="Diminta uang",
        sent_on=dt.date(2026, 10, 6),
        followup_due=dt.date(2026, 10, 20),
    )
    targets = upg.get(f"{API}/action-plan-link-targets?kind=finding").json()
    assert targets == [
        {"id": finding.pk, "title": "TMU/2026/0009 — Dugaan pungutan liar (Dinas Kesehatan)"}
    ]
    linked = _post(
        upg, f"{API}/action-plans/{plan_id}/links", {"kind": "finding", "target_id": finding.pk}
    )
    assert linked.status_code == 201 and linked.json()["url"].endswith(f"/{finding.pk}/")
    again = _post(
        upg, f"{API}/action-plans/{plan_id}/links", {"kind": "finding", "target_id": finding.pk}
    )
    assert again.status_code == 409 and again.json()["code"] == "action_plan_link_exists"
    assert hasan.get(f"{API}/action-plans/{plan_id}/links").json()[0]["title"].startswith("TMU")

    url = f"{API}/action-plans/{plan_id}/updates"
    empty = hasan.post(url, {})
    assert empty.status_code == 422 and empty.json()["code"] == "action_plan_invalid"
    no_evidence = hasan.post(url, {"note": "Selesai", "status": "done"})
    assert no_evidence.json()["code"] == "action_plan_done_needs_evidence"
    reported = hasan.post(
        url,
        {
            "note": "Aplikasi dipakai sejak November.",
            "status": "done",
            "file": [SimpleUploadedFile("sop.png", PNG_BYTES, "image/png")],
        },
    )
    assert reported.status_code == 201, reported.content
    update = reported.json()
    assert (update["status_to"], update["percent_to"]) == ("done", 100)
    assert update["files"][0]["name"] == "sop.png"
    assert hasan.get(update["files"][0]["download"]).status_code == 200
    closed = hasan.post(url, {"note": "Lagi"})
    assert closed.status_code == 409 and closed.json()["code"] == "action_plan_closed"
    reopened = upg.post(url, {"note": "Bukti kurang", "status": "in_progress", "percent": "90"})
    assert reopened.status_code == 201 and reopened.json()["percent_to"] == 90
    assert len(upg.get(url).json()) == 2

    link_id = linked.json()["id"]
    removed = upg.post(f"{API}/action-plan-links/{link_id}/remove")
    assert (
        removed.status_code == 200 and upg.get(f"{API}/action-plans/{plan_id}/links").json() == []
    )
    refused = _post(upg, f"{API}/action-plans/{plan_id}/cancel", {"reason": "x", "confirm": False})
    assert refused.status_code == 422
    cancelled = _post(
        upg, f"{API}/action-plans/{plan_id}/cancel", {"reason": "Digabung", "confirm": True}
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert ActionPlan.objects.get().cancel_reason == "Digabung"


def test_opd_staff_reach_their_own_plans_only(world: World) -> None:
    dinkes = make_plan(world, due_on=dt.date(2026, 11, 23))
    puskesmas = make_plan(world, opd=world.puskesmas, title="Papan tarif")
    dukcapil = make_plan(world, opd=world.dukcapil, title="KTP-el daring")
    other = make_plan(world, opd=world.other_opd, title="Lain")
    rina = _api(world, "upg_pembantu")
    listed = rina.get(f"{API}/action-plans").json()
    assert {p["id"] for p in listed["items"]} == {dinkes.pk, puskesmas.pk}
    for plan in (dukcapil, other):
        assert rina.get(f"{API}/action-plans/{plan.pk}").status_code == 404
        assert rina.post(f"{API}/action-plans/{plan.pk}/updates", {"note": "x"}).status_code == 404
    assert (
        rina.post(f"{API}/action-plans/{puskesmas.pk}/updates", {"note": "Mulai"}).status_code
        == 201
    )
    assert _post(rina, f"{API}/action-plans", {}).status_code == 403  # not a manager
    assert _api(world, "pelapor").get(f"{API}/action-plans").status_code == 403
    upg = _api(world, "upg")
    filtered = upg.get(f"{API}/action-plans?owner_opd_id={world.dinkes.pk}&status=planned").json()
    assert {p["id"] for p in filtered["items"]} == {dinkes.pk, puskesmas.pk}  # with sub-units
    assert upg.get(f"{API}/action-plans?score_kind=bogus").status_code == 422
    with time_machine.travel(dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC), tick=False):
        progress = rina.get(f"{API}/action-plans/progress").json()
        assert progress["today"] == "2026-11-24"
        assert (progress["total"]["total"], progress["total"]["overdue"]) == (2, 1)
        assert progress["overdue"][0]["id"] == dinkes.pk
        assert progress["overdue"][0]["days_late"] == 1
        export = upg.get(f"{API}/action-plans/xlsx?overdue=true")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [dinkes.pk]
