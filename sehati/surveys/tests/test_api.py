"""The surveys API: build, open, answer (staff and public), close and read results in which a
group under the minimum size carries no figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import World
from sehati.accounts.services import token_create
from sehati.surveys.models import Response, StaffParticipation
from sehati.surveys.tests.helpers import close, fill, public_group, staff_group, survey_build

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


QUESTIONNAIRE = {
    "dimensions": [
        {
            "name": "Budaya antigratifikasi",
            "weight": 2,
            "items": [
                {"text": "Pegawai menolak pemberian.", "scale_min": 1, "scale_max": 4},
                {"text": "Ada 'uang terima kasih'.", "reversed": True},
            ],
        },
        {
            "name": "Sistem pelaporan",
            "items": [
                {
                    "text": "Bila ditawari hadiah?",
                    "kind": "choice",
                    "options": [
                        {"label": "Menerima", "score": 0},
                        {"label": "Menolak", "score": 1},
                    ],
                }
            ],
        },
    ]
}


def test_build_open_answer_close_and_read(world: World) -> None:
    upg = _api(world, "upg")
    created = _post(upg, f"{API}/surveys", {"title": "Survei API", "audience": "both"})
    assert created.status_code == 201, created.content
    survey_id = created.json()["id"]
    built = _post(upg, f"{API}/surveys/{survey_id}/questionnaire", QUESTIONNAIRE)
    assert built.status_code == 200, built.content
    body = built.json()
    assert [len(d["items"]) for d in body["dimensions"]] == [2, 1] and body["problems"] == []
    bad = _post(
        upg,
        f"{API}/surveys/{survey_id}/questionnaire",
        {"dimensions": [{"name": "x", "items": [{"text": "y", "kind": "choice"}]}]},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "survey_questionnaire_invalid"
    assert _post(upg, f"{API}/surveys/{survey_id}/open", {"confirm": False}).status_code == 422
    opened = _post(upg, f"{API}/surveys/{survey_id}/open", {"confirm": True})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    links = upg.get(f"{API}/surveys/{survey_id}/links").json()
    assert links[0]["url"].endswith(f"/survei-saya/{survey_id}/")
    token = links[1]["url"].rstrip("/").rsplit("/", 1)[1]

    # A civil servant answers once.
    budi = _api(world, "pelapor")
    assert budi.get(f"{API}/staff-surveys").json() == [
        {"id": survey_id, "title": "Survei API", "closes_on": None, "answered": False}
    ]
    form = budi.get(f"{API}/staff-surveys/{survey_id}").json()
    questions = [q for s in form["sections"] for q in s["questions"]]
    assert [len(q["choices"]) for q in questions] == [4, 5, 2] and form["state"] == "open"
    answers = {str(questions[0]["id"]): 4, str(questions[1]["id"]): 1, str(questions[2]["id"]): 2}
    body = {"revision": form["revision"], "answers": answers}
    stored = _post(budi, f"{API}/staff-surveys/{survey_id}/responses", body)
    assert stored.status_code == 201, stored.content
    again = _post(budi, f"{API}/staff-surveys/{survey_id}/responses", body)
    assert again.status_code == 409 and again.json()["code"] == "survey_already_answered"
    assert budi.get(f"{API}/staff-surveys/{survey_id}").json()["state"] == "answered"
    boolean = {"revision": form["revision"], "answers": {str(questions[0]["id"]): True}}
    assert (
        _post(
            _api(world, "kepala_opd"), f"{API}/staff-surveys/{survey_id}/responses", boolean
        ).status_code
        == 422
    )

    # The public, without login.
    anonymous = Client()
    public_form = anonymous.get(f"{API}/public-surveys/{token}").json()
    assert public_form["title"] == "Survei API"
    assert _post(anonymous, f"{API}/public-surveys/{token}/responses", body).status_code == 201
    assert anonymous.get(f"{API}/public-surveys/bukan-token").status_code == 404
    assert Response.objects.filter(survey_id=survey_id).count() == 2
    assert StaffParticipation.objects.filter(survey_id=survey_id).count() == 1

    # Results only once closed; then a group of one shows nothing, nor the total.
    early = upg.get(f"{API}/surveys/{survey_id}/results")
    assert early.status_code == 409 and early.json()["code"] == "survey_not_closed"
    assert _post(upg, f"{API}/surveys/{survey_id}/close", {"confirm": True}).status_code == 200
    results = upg.get(f"{API}/surveys/{survey_id}/results").json()
    assert all(
        not g["shown"] and g["overall"] is None and g["n"] is None for g in results["groups"]
    )
    assert results["total"]["shown"] is False and results["total"]["overall"] is None
    assert all(i["figure"] is None for i in results["items"])
    assert "tidak menghitung SPI" in results["note"]
    frozen = _post(upg, f"{API}/surveys/{survey_id}/questionnaire", QUESTIONNAIRE)
    assert frozen.status_code == 409


def test_results_show_groups_at_the_minimum_with_figures(world: World) -> None:
    survey = survey_build(world)
    fill(survey, staff_group(survey, world.dinkes), 10, b"\x05\x01\x03")
    fill(survey, staff_group(survey, world.dukcapil), 11, b"\x03\x03\x01")
    fill(survey, public_group(survey), 4)
    close(survey, world)
    results = _api(world, "inspektur").get(f"{API}/surveys/{survey.pk}/results").json()
    rows = {g["label"]: g for g in results["groups"]}
    public = rows["Masyarakat umum"]
    assert public["shown"] is False and public["hidden_reason"].startswith("Tidak ditampilkan")
    assert public["n"] is None and public["dimensions"] is None
    # Dinkes (10) is hidden as the complement of the small public group; Dukcapil shown.
    dinkes = rows[staff_group(survey, world.dinkes).label]
    assert dinkes["shown"] is False and "dihitung dari total" in dinkes["hidden_reason"]
    dukcapil = rows[staff_group(survey, world.dukcapil).label]
    assert dukcapil["shown"] and dukcapil["n"] == 11
    assert dukcapil["overall"]["index"] == "33.33"  # (2 * 50 + 0) / 3
    assert [d["index"] for d in dukcapil["dimensions"]] == ["50.00", "0.00"]
    assert results["total"]["n"] == 25
    xlsx = _api(world, "upg").get(f"{API}/surveys/{survey.pk}/results/xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_list_detail_patch_groups_copy_remove(world: World) -> None:
    survey = survey_build(world)
    upg = _api(world, "upg")
    listing = upg.get(f"{API}/surveys", {"status": "open"}).json()
    assert [s["id"] for s in listing["items"]] == [survey.pk] and listing["items"][0][
        "responses"
    ] == 0
    fill(survey, public_group(survey), 3)
    detail = upg.get(f"{API}/surveys/{survey.pk}").json()
    assert {g["responses"] for g in detail["groups"] if g["kind"] == "public"} == {"< 10"}
    patched = upg.patch(
        f"{API}/surveys/{survey.pk}", {"min_group_size": 15}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["min_group_size"] == 15
    added = _post(upg, f"{API}/surveys/{survey.pk}/groups", {"label": "Loket 2", "population": 300})
    assert added.status_code == 201 and added.json()["population"] == 300
    group_id = added.json()["id"]
    assert (
        upg.patch(
            f"{API}/survey-groups/{group_id}", {"is_active": False}, content_type="application/json"
        ).json()["is_active"]
        is False
    )
    assert _post(upg, f"{API}/survey-groups/{group_id}/remove", {}).json()["removed"] is True
    copy = _post(upg, f"{API}/surveys/{survey.pk}/copy", {})
    assert copy.status_code == 201 and copy.json()["status"] == "draft"
    assert _post(upg, f"{API}/surveys/{survey.pk}/remove", {}).status_code == 409
    assert _post(upg, f"{API}/surveys/{copy.json()['id']}/remove", {}).status_code == 200
    inspektur = _api(world, "inspektur")
    assert inspektur.get(f"{API}/surveys/{survey.pk}").status_code == 200
    assert _post(inspektur, f"{API}/surveys/{survey.pk}/copy", {}).status_code == 403
