"""A scalar query parameter sent twice is refused, not silently taken from its last value
(found by schemathesis: `?opd_id=<garbage>&opd_id=5` answered 200)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sehati.accounts.services import token_create


def test_repeated_scalar_parameter_is_a_422_and_lists_still_work(world: Any) -> None:
    _row, raw = token_create(user=world.users["upg"], name="uji")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/sanction-cases", {"opd_id": world.dinkes.pk}).status_code == 200
    twice = client.get(f"/api/v1/sanction-cases?opd_id=abc&opd_id={world.dinkes.pk}")
    assert twice.status_code == 422
    same = client.get(f"/api/v1/sanction-cases?opd_id={world.dinkes.pk}&opd_id={world.dinkes.pk}")
    assert same.status_code == 422
    assert client.get("/api/v1/sanction-cases?limit=5&offset=0").status_code == 200
