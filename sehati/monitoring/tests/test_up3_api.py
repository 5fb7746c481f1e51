"""The API of UP3 meetings, the overview and the monthly report (issue #5 point 8)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from sehati.accounts.services import token_create
from sehati.core.models import TimelineEvent
from sehati.monitoring.models import Meeting
from sehati.monitoring.tests.test_up3_report import NOW, build_month

pytestmark = pytest.mark.django_db
JSON = "application/json"


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='uji')[1]}")


@time_machine.travel(NOW, tick=False)
def test_meetings_create_read_patch(world) -> None:
    month = build_month(world)
    andi, budi = month.monitors["andi"], month.monitors["budi"]
    upg = api(world.users["upg"])
    created = upg.post(
        "/api/v1/meetings",
        {
            "held_on": "2026-11-10",
            "place": "Aula",
            "agenda": "Evaluasi",
            "minutes": "Disepakati kunjungan ulang.",
            "attendee_ids": [budi.pk, andi.pk],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["attendee_ids"] == sorted([andi.pk, budi.pk]) and body["files"] == []
    meeting_id = body["id"]

    listed = upg.get("/api/v1/meetings", {"year": 2026, "month": 11})
    assert [m["id"] for m in listed.json()["items"]] == [meeting_id]
    assert listed.json()["items"][0]["attendee_ids"] == sorted([andi.pk, budi.pk])
    everything = upg.get("/api/v1/meetings").json()
    assert everything["count"] == 3  # October, September and the new one; not the other pemda's

    unchanged = upg.patch(f"/api/v1/meetings/{meeting_id}", {}, content_type=JSON)
    assert unchanged.status_code == 200 and unchanged.json()["minutes"] == body["minutes"]
    assert not TimelineEvent.objects.filter(type="meeting_updated").exists()
    patched = upg.patch(
        f"/api/v1/meetings/{meeting_id}",
        {"minutes": "Notulen final.", "attendee_ids": [andi.pk]},
        content_type=JSON,
    )
    assert patched.status_code == 200
    assert patched.json()["minutes"] == "Notulen final." and patched.json()["attendee_ids"] == [
        andi.pk
    ]
    assert api(world.users["pemantau"]).get(f"/api/v1/meetings/{meeting_id}").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_meeting_refusals(world) -> None:
    month = build_month(world)
    upg = api(world.users["upg"])
    base = {"held_on": "2026-11-10", "place": "Aula", "agenda": "x", "minutes": "y"}
    future = upg.post("/api/v1/meetings", {**base, "held_on": "2026-11-24"}, content_type=JSON)
    assert future.status_code == 422 and future.json()["code"] == "meeting_in_future"
    empty = upg.post("/api/v1/meetings", {**base, "minutes": ""}, content_type=JSON)
    assert empty.status_code == 422
    stranger = Meeting.objects.filter(pemda=world.other_pemda).first()
    assert stranger is not None
    assert upg.get(f"/api/v1/meetings/{stranger.pk}").status_code == 404
    assert upg.patch(f"/api/v1/meetings/{stranger.pk}", {}, content_type=JSON).status_code == 404
    other_monitor = upg.patch(
        f"/api/v1/meetings/{month.meetings['oktober'].pk}",
        {"attendee_ids": [10**12]},
        content_type=JSON,
    )
    assert other_monitor.status_code == 422
    assert other_monitor.json()["code"] == "meeting_attendee_unknown"
    pemantau = api(world.users["pemantau"])
    assert pemantau.post("/api/v1/meetings", base, content_type=JSON).status_code == 403
    assert pemantau.get("/api/v1/up3/monthly/2026/10").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_monthly_figures(world) -> None:
    build_month(world)
    response = api(world.users["inspektur"]).get("/api/v1/up3/monthly/2026/10")
    assert response.status_code == 200, response.content
    r = response.json()
    assert (r["label"], r["as_of"], r["partial"]) == ("Oktober 2026", "2026-10-31", False)
    assert r["visits_total"] == 4 and r["findings_opened"] == 3 and r["findings_closed"] == 1
    assert r["followup"] == {
        "count": 3,
        "average_working_days": 2.3,
        "median_working_days": 2.0,
        "max_working_days": 4,
    }
    assert [f["number"] for f in r["overdue"]] == ["TMU/2026/0006", "TMU/2026/0003"]
    assert [(m["name"], m["visits"]) for m in r["visits_by_monitor"]] == [
        ("Budi", 0),
        ("Dedi", 1),
        ("Andi", 3),
    ]
    assert r["meetings"][0]["present"] == 2 and r["findings"][0]["days_to_response"] == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/up3/monthly/2026/13", 422, "validation_error"),
        ("/api/v1/up3/monthly/2026/0", 422, "validation_error"),
        ("/api/v1/up3/monthly/99999999999999999999999/1", 422, "validation_error"),
        ("/api/v1/up3/monthly/2026/12", 422, "up3_month_future"),
        ("/api/v1/up3/monthly/2026/xx", 422, "validation_error"),
    ],
)
def test_bad_months_are_clear_errors(world, path, status, code) -> None:
    response = api(world.users["upg"]).get(path)
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["message"]


@time_machine.travel(NOW, tick=False)
def test_overview(world) -> None:
    build_month(world)
    upg = api(world.users["upg"])
    o = upg.get("/api/v1/up3/overview").json()
    assert (o["date_from"], o["date_to"]) == ("2026-01-01", "2026-11-23")
    assert (o["findings_total"], o["findings_overdue"], o["prone_coverage_percent"]) == (6, 2, 50)
    kec = {t["name"]: t["total"] for t in o["by_kecamatan"]}
    assert kec == {"Angkinang": 2, "Kandangan": 3, "(tanpa kecamatan)": 1}
    assert o["by_service_unit"][0]["name"] == "Puskesmas Kandangan"
    november = upg.get("/api/v1/up3/overview", {"date_from": "2026-11-01"}).json()
    assert november["findings_total"] == 1
    backwards = upg.get(
        "/api/v1/up3/overview", {"date_from": "2026-11-01", "date_to": "2026-10-01"}
    )
    assert backwards.status_code == 422 and backwards.json()["code"] == "up3_period_invalid"
    assert upg.get("/api/v1/up3/overview", {"date_from": "kemarin"}).status_code == 422
