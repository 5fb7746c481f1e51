"""Visits over the API (issue #5 point 3): 201 for a new visit, 200 with the same visit for a
resent client_uuid, photos skipped by SHA-256, drafts sent, scope by 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sehati.accounts.services import token_create
from sehati.core.models import StoredFile
from sehati.core.tests.samples import JPEG_BYTES, PDF_BYTES, PNG_BYTES
from sehati.monitoring.models import Finding, Visit
from sehati.monitoring.tests.test_visits import LEVY, TODAY, Field, field_setup, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def field(world: Any) -> Field:
    return field_setup(world)


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='uji')[1]}")


def body(f: Field, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "client_uuid": "6f1c1d2e-0000-4000-8000-000000000001",
        "service_unit_id": f.unit.pk,
        "visited_on": TODAY.isoformat(),
        "answers": {str(f.standard.pk): "tidak", str(f.levy.pk): "ya"},
        "narrative": "Papan standar pelayanan tidak ada.",
        "prone_service_id": f.prone.pk,
        "latitude": -2.771234,
        "longitude": 115.265432,
        "findings": [
            {
                "category": LEVY.category,
                "severity": LEVY.severity,
                "description": LEVY.description,
                "person_description": LEVY.person_description,
            }
        ],
        "submit": True,
    }
    data.update(extra)
    return data


def test_a_resent_visit_is_answered_200_with_the_same_visit(
    field: Field, private_media: Any
) -> None:
    client = api(field.user)
    first = client.post("/api/v1/visits", body(field), content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/visits", body(field), content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    out = first.json()
    assert out["status"] == "submitted" and out["latitude"] == -2.771234
    assert [a["answer"] for a in out["answers"]] == ["tidak", "ya"]
    assert out["findings"][0]["category"] == "pungli" and out["findings"][0]["outcome"] == ""
    assert Visit.objects.count() == 1 and Finding.objects.count() == 1


def test_draft_photos_then_submit(field: Field, private_media: Any) -> None:
    client = api(field.user)
    draft = client.post(
        "/api/v1/visits",
        body(field, submit=False, narrative="", findings=[]),
        content_type="application/json",
    )
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    visit_id = draft.json()["id"]
    url = f"/api/v1/visits/{visit_id}/photos"
    added = client.post(
        url,
        {
            "file": [
                SimpleUploadedFile("a.png", PNG_BYTES, "image/png"),
                SimpleUploadedFile("b.jpg", JPEG_BYTES, "image/jpeg"),
            ]
        },
    )
    assert added.status_code == 201, added.content
    assert sorted(p["name"] for p in added.json()) == ["a.png", "b.jpg"]
    resent = client.post(url, {"file": SimpleUploadedFile("a.png", PNG_BYTES, "image/png")})
    assert resent.status_code == 200 and len(resent.json()) == 2
    pdf = client.post(url, {"file": SimpleUploadedFile("s.pdf", PDF_BYTES, "application/pdf")})
    assert pdf.status_code == 422 and pdf.json()["code"] == "visit_photo_not_image"
    assert StoredFile.objects.count() == 2
    incomplete = client.post(f"/api/v1/visits/{visit_id}/submit")
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "visit_incomplete"
    client.post(
        "/api/v1/visits", body(field, submit=False, findings=[]), content_type="application/json"
    )
    sent = client.post(f"/api/v1/visits/{visit_id}/submit")
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    assert len(sent.json()["photos"]) == 2
    assert client.post(f"/api/v1/visits/{visit_id}/submit").status_code == 200
    late = client.post(url, {"file": SimpleUploadedFile("c.png", PNG_BYTES + b"x", "image/png")})
    assert late.status_code == 409


def test_refusals_and_scope(world: Any, field: Field) -> None:
    client = api(field.user)
    bad = client.post(
        "/api/v1/visits", body(field, answers={"1": "mungkin"}), content_type="application/json"
    )
    assert bad.status_code == 422
    future = client.post(
        "/api/v1/visits",
        body(field, visited_on=(TODAY + dt.timedelta(days=1)).isoformat()),
        content_type="application/json",
    )
    assert future.status_code == 422 and future.json()["code"] == "visit_invalid"
    assert not Visit.objects.exists()
    draft = save(field, client_uuid=uuid.uuid4(), submit=False).visit
    upg = api(world.users["upg"])
    assert upg.get(f"/api/v1/visits/{draft.pk}").status_code == 404
    assert (
        upg.post("/api/v1/visits", body(field), content_type="application/json").status_code == 403
    )
    assert upg.get("/api/v1/visits").json()["count"] == 0
    mine = client.get("/api/v1/visits", {"status": "draft"})
    assert mine.status_code == 200 and mine.json()["items"][0]["id"] == draft.pk
    assert client.get("/api/v1/visits", {"status": "lain"}).status_code == 422


def test_the_api_list_pins_its_queries(
    world: Any, field: Field, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        save(field, client_uuid=uuid.uuid4())
    client = api(world.users["upg"])
    with django_assert_max_num_queries(12):
        listing = client.get(
            "/api/v1/visits", {"q": "Loket", "kecamatan_id": field.monitor.kecamatan_id}
        )
    assert listing.status_code == 200 and listing.json()["count"] == 12
