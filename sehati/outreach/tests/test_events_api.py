"""The socialisation API: events CRUD with its errors, participants (personal fields for the
UPG and the Inspektur only), attendance, materials, certificates, coverage and dashboard, and
the public operations by secret code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from sehati.accounts.services import token_create
from sehati.core.tests.samples import PNG_BYTES
from sehati.outreach.models import Participant
from sehati.outreach.tests.events_helpers import FROZEN, TODAY, attend, make_event

pytestmark = pytest.mark.django_db
API = "/api/v1/outreach"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


def _api(world: World, persona: str) -> Client:
    _row, raw = token_create(user=world.users[persona], name="uji")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_event_crud(world: World) -> None:
    upg = _api(world, "upg")
    body = {
        "title": "Sosialisasi API",
        "audience": "asn",
        "held_on": "2026-11-30",
        "online_url": "https://zoom.us/j/9",
        "opd_ids": [world.dinkes.pk],
        "target_count": 30,
    }
    created = upg.post(f"{API}/events", body, content_type="application/json")
    assert created.status_code == 201
    event = created.json()
    assert event["opd_ids"] == [world.dinkes.pk] and event["status"] == "planned"
    assert event["checkin_url"].endswith(
        "/sosialisasi/hadir/" + event["checkin_url"].split("/")[-2] + "/"
    )
    refused = upg.post(f"{API}/events", {**body, "online_url": ""}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "outreach_place_required"
    assert (
        upg.post(
            f"{API}/events", {**body, "target_count": True}, content_type="application/json"
        ).status_code
        == 422
    )
    patched = upg.patch(
        f"{API}/events/{event['id']}", {"place": "Aula", "starts_at": "08:30"},
        content_type="application/json",
    )  # fmt: skip
    assert patched.status_code == 200
    assert (patched.json()["place"], patched.json()["starts_at"]) == ("Aula", "08:30:00")
    assert patched.json()["online_url"] == "https://zoom.us/j/9"
    early = upg.post(
        f"{API}/events/{event['id']}/held", {"confirm": True}, content_type="application/json"
    )
    assert early.status_code == 409 and early.json()["code"] == "outreach_event_not_yet"
    cancelled = upg.post(
        f"{API}/events/{event['id']}/cancel", {"reason": "Hujan", "confirm": True},
        content_type="application/json",
    )  # fmt: skip
    assert cancelled.json()["status"] == "cancelled"
    listed = _api(world, "kepala_opd").get(f"{API}/events", {"status": "cancelled"}).json()
    assert [e["id"] for e in listed["items"]] == [event["id"]]
    assert (
        _api(world, "kepala_opd")
        .post(f"{API}/events", body, content_type="application/json")
        .status_code
        == 403
    )
    other = make_event(world, pemda=world.other_pemda)
    assert upg.get(f"{API}/events/{other.pk}").status_code == 404


def test_participants_attendance_files_certificates(world: World, private_media: Any) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=1))
    budi = attend(event, world.employees["budi"])
    waiting = Participant.objects.create(
        pemda=world.pemda, event=event, kind="public", name="Warga Terdaftar", code="tunggu-1"
    )
    upg, kepala = _api(world, "upg"), _api(world, "kepala_opd")
    full = upg.get(f"{API}/events/{event.pk}/participants").json()["items"]
    assert {p["name"] for p in full} == {budi.name, "Warga Terdaftar"}
    masked = kepala.get(f"{API}/events/{event.pk}/participants").json()["items"]
    assert {p["name"] for p in masked} == {None} and {p["nip"] for p in masked} == {None}
    assert {p["opd_id"] for p in masked} == {world.dinkes.pk, None}
    recorded = upg.post(
        f"{API}/events/{event.pk}/attendance", {"participant_ids": [waiting.pk]},
        content_type="application/json",
    )  # fmt: skip
    assert recorded.json() == {"recorded": 1}
    added = upg.post(
        f"{API}/events/{event.pk}/participants",
        {"employee_id": world.employees["dukcapil_staff"].pk},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["attended_via"] == "list"
    undone = upg.post(f"{API}/participants/{added.json()['id']}/unattend")
    assert undone.json()["attended_at"] is None
    uploaded = upg.post(
        f"{API}/events/{event.pk}/files",
        {"file": SimpleUploadedFile("a.png", PNG_BYTES, "image/png")},
    )
    assert uploaded.status_code == 201 and uploaded.json()[0]["name"] == "a.png"
    assert kepala.get(f"{API}/events/{event.pk}/files").json()[0]["size"] == len(PNG_BYTES)
    pdf = upg.get(f"{API}/participants/{budi.pk}/certificate")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    absent = upg.get(f"{API}/participants/{added.json()['id']}/certificate")
    assert absent.status_code == 409
    xlsx = kepala.get(f"{API}/events/{event.pk}/participants/xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    detail = kepala.get(f"{API}/events/{event.pk}").json()
    assert (detail["registered"], detail["attended"]) == (3, 2)


def test_coverage_and_dashboard(world: World) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=3), target_count=5)
    attend(event, world.employees["budi"])
    upg = _api(world, "upg")
    upg.post(f"{API}/events/{event.pk}/held", {"confirm": True}, content_type="application/json")
    coverage = _api(world, "kepala_opd").get(f"{API}/coverage").json()
    dinkes = next(r for r in coverage["rows"] if r["opd_id"] == world.dinkes.pk)
    assert (dinkes["staff"], dinkes["reached"], dinkes["percent"]) == (5, 1, 20.0)
    assert coverage["year"] == 2026 and coverage["events_held"] == 1
    board = upg.get(f"{API}/dashboard", {"year": 2026}).json()
    assert board["events_held"] == 1 and board["months"][10]["held"] == 1
    assert board["targets"][0]["percent"] == 20.0
    assert upg.get(f"{API}/dashboard", {"year": 1999}).status_code == 422
    for path in ("/coverage/xlsx", "/dashboard/xlsx"):
        assert upg.get(API + path)["Content-Type"].startswith("application/vnd.openxmlformats")


def test_public_operations(world: World) -> None:
    event = make_event(world, audience="vendor")
    anonymous = Client()
    info = anonymous.get(f"{API}/join/{event.join_code}").json()
    assert info["checkin_open"] and info["registration_open"] and info["audience"] == "vendor"
    body = {"name": "Rudi", "organisation": "CV Rudi"}
    registered = anonymous.post(
        f"{API}/join/{event.join_code}/register", body, content_type="application/json"
    )
    assert registered.status_code == 201
    code = registered.json()["code"]
    assert registered.json()["participant_url"].endswith(f"/sosialisasi/peserta/{code}/")
    assert anonymous.get(f"{API}/participant/{code}/certificate").status_code == 409
    checked = anonymous.post(f"{API}/participant/{code}/checkin")
    assert checked.json()["attended_at"] is not None
    assert anonymous.get(f"{API}/participant/{code}").json()["certificate_available"] is True
    pdf = anonymous.get(f"{API}/participant/{code}/certificate")
    assert pdf.content[:4] == b"%PDF"
    walk_in = anonymous.post(
        f"{API}/join/{event.join_code}/checkin", {"name": "Sari", "organisation": "CV Sari"},
        content_type="application/json",
    )  # fmt: skip
    assert walk_in.status_code == 200 and walk_in.json()["code"] != code
    invalid = anonymous.post(
        f"{API}/join/{event.join_code}/register", {"name": "Tanpa usaha"},
        content_type="application/json",
    )  # fmt: skip
    assert invalid.status_code == 422 and invalid.json()["code"] == "outreach_invalid"
    later = make_event(world, held_on=TODAY + dt.timedelta(days=3))
    closed = anonymous.post(
        f"{API}/join/{later.join_code}/checkin", {"name": "Sari"}, content_type="application/json"
    )
    assert closed.status_code == 409 and closed.json()["code"] == "outreach_checkin_closed"
    assert anonymous.get(f"{API}/join/bukan-kode").status_code == 404
    assert anonymous.get(f"{API}/participant/a%20b").status_code in (404, 422)
