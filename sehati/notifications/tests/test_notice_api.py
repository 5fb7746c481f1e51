"""GET /api/v1/notices and POST /api/v1/notices/read: the caller's own notices only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sehati.accounts.services import token_create
from sehati.notifications.models import Notice
from sehati.notifications.services import notice_send

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _row, raw = token_create(user=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _notice(user: Any, title: str) -> Notice:
    return notice_send(user=user, title=title, body="", url="/laporan/", email=False)


def test_list_own_notices_newest_first_and_unread_filter(world) -> None:
    budi = world.users["pelapor"]
    first = _notice(budi, "Pertama")
    _notice(budi, "Kedua")
    _notice(world.users["upg"], "Milik Siti")
    Notice.objects.filter(pk=first.pk).update(read_at=first.created_at)
    api = _client(budi)
    body = api.get("/api/v1/notices").json()
    assert body["count"] == 2
    assert [n["title"] for n in body["items"]] == ["Kedua", "Pertama"]
    assert set(body["items"][0]) == {"id", "created_at", "title", "body", "url", "read_at"}
    unread = api.get("/api/v1/notices?unread=true").json()
    assert [n["title"] for n in unread["items"]] == ["Kedua"]


def test_mark_some_or_all_read(world) -> None:
    budi, siti = world.users["pelapor"], world.users["upg"]
    a, b = _notice(budi, "A"), _notice(budi, "B")
    theirs = _notice(siti, "C")
    api = _client(budi)
    response = api.post(
        "/api/v1/notices/read", {"ids": [a.pk, theirs.pk]}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == {"marked": 1}
    assert api.post("/api/v1/notices/read", {}, content_type="application/json").json() == {
        "marked": 1
    }
    assert set(Notice.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == {
        theirs.pk
    }
    assert b.pk not in set(Notice.objects.filter(read_at__isnull=True).values_list("pk", flat=True))


def test_invalid_ids_are_422_and_anonymous_401(world) -> None:
    api = _client(world.users["pelapor"])
    response = api.post("/api/v1/notices/read", {"ids": [0]}, content_type="application/json")
    assert response.status_code == 422
    # Not an object: refused, never read as "mark all".
    _notice(world.users["pelapor"], "A")
    assert api.post("/api/v1/notices/read", [], content_type="application/json").status_code == 422
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
    assert Client().get("/api/v1/notices").status_code == 401
