"""The declarations API: periods, roster, people, own declarations and answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import World
from sehati.accounts.services import token_create
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.declarations.tests.helpers import GIFT, declaration_of, open_period

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


def test_period_lifecycle(world: World) -> None:
    upg = _api(world, "upg")
    created = _post(
        upg,
        f"{API}/declaration-periods",
        {
            "title": "Semester II",
            "starts_on": "2026-11-23",
            "due_on": "2026-12-04",
            "all_opd": False,
            "opd_ids": [world.dinkes.pk],
        },
    )
    assert created.status_code == 201, created.content
    period_id = created.json()["id"]
    assert created.json()["opd_ids"] == [world.dinkes.pk]
    patched = upg.patch(
        f"{API}/declaration-periods/{period_id}",
        {"title": "Semester II 2026"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Semester II 2026"
    listed = upg.get(f"{API}/declaration-periods").json()
    assert listed["count"] == 1
    assert _post(upg, f"{API}/declaration-periods/{period_id}/remind", {}).json() == {"sent": 3}
    again = _post(upg, f"{API}/declaration-periods/{period_id}/remind", {})
    assert again.status_code == 409 and again.json()["code"] == "declaration_remind_throttled"
    refused = _post(upg, f"{API}/declaration-periods/{period_id}/close", {"confirm": False})
    assert refused.status_code == 422
    closed = _post(upg, f"{API}/declaration-periods/{period_id}/close", {"confirm": True})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert DeclarationPeriod.objects.get().status == "closed"


def test_invalid_period_is_422(world: World) -> None:
    upg = _api(world, "upg")
    bad = _post(
        upg,
        f"{API}/declaration-periods",
        {"title": "X", "starts_on": "2026-12-05", "due_on": "2026-12-04"},
    )
    assert bad.status_code == 422
    assert not DeclarationPeriod.objects.exists()
    assert _post(_api(world, "pelapor"), f"{API}/declaration-periods", {}).status_code == 403


def test_own_declarations_and_answer(world: World) -> None:
    period = open_period(world)
    budi = _api(world, "pelapor")
    mine = budi.get(f"{API}/declarations").json()
    assert mine["count"] == 1 and mine["items"][0]["answer"] == ""
    declaration_id = mine["items"][0]["id"]
    answered = _post(
        budi,
        f"{API}/declarations/{declaration_id}/answer",
        {"answer": "unreported", "gifts": [{**GIFT, "received_on": "2026-11-10"}]},
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["answer"] == "unreported" and body["gifts"][0]["report_id"]
    boolean = _post(
        budi,
        f"{API}/declarations/{declaration_id}/answer",
        {
            "answer": "unreported",
            "gifts": [{**GIFT, "received_on": "2026-11-10", "value_idr": True}],
        },
    )
    assert boolean.status_code == 422
    other = declaration_of(period, world, "rina")
    assert (
        _post(budi, f"{API}/declarations/{other.pk}/answer", {"answer": "none"}).status_code == 404
    )
    assert budi.get(f"{API}/declarations/{other.pk}").status_code == 404


def test_roster_and_people_by_role(world: World) -> None:
    period = open_period(world)
    budi = _api(world, "pelapor")
    decl = declaration_of(period, world, "budi")
    _post(budi, f"{API}/declarations/{decl.pk}/answer", {"answer": "none"})
    roster = _api(world, "upg").get(f"{API}/declaration-periods/{period.pk}/roster").json()
    assert roster["total"]["answered"] == 1 and roster["total"]["none"] == 1
    pembantu = _api(world, "upg_pembantu")
    mine = pembantu.get(f"{API}/declaration-periods/{period.pk}/roster").json()
    assert {r["opd_id"] for r in mine["rows"]} == {world.dinkes.pk, world.puskesmas.pk}
    assert mine["total"]["none"] is None and mine["total"]["answered"] == 1
    people = pembantu.get(f"{API}/declaration-periods/{period.pk}/people?status=answered").json()
    assert people["count"] == 1 and people["items"][0]["answer"] is None
    full = _api(world, "inspektur").get(f"{API}/declaration-periods/{period.pk}/people?status=none")
    assert full.json()["items"][0]["answer"] == "none"


def test_sanction_case_from_api(world: World) -> None:
    period = open_period(world)
    decl = declaration_of(period, world, "budi")
    _post(
        _api(world, "pelapor"),
        f"{API}/declarations/{decl.pk}/answer",
        {"answer": "unreported", "gifts": [{**GIFT, "received_on": "2026-11-10"}]},
    )
    url = f"{API}/declarations/{decl.pk}/sanction-case"
    assert _post(_api(world, "upg_pembantu"), url, {"description": "x"}).status_code == 403
    opened = _post(_api(world, "inspektur"), url, {"description": "Mengaku belum melapor."})
    assert opened.status_code == 201
    assert Declaration.objects.get(pk=decl.pk).sanction_case_id == opened.json()["sanction_case_id"]
    assert _post(_api(world, "upg"), url, {"description": "lagi"}).status_code == 409
