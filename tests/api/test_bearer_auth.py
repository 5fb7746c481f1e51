"""Bearer tokens on /api/v1: a live token works, a revoked or missing one is a 401 with the shared
error body, and a token of another pemda never sees this pemda's data."""

from typing import Any

import pytest
from django.test import Client

from conftest import World
from sehati.accounts.models import Role, User
from sehati.accounts.services import token_create, token_revoke
from sehati.accounts.tests.factories import grant
from sehati.core.audit import timeline_record
from sehati.org.tests.factories import RosterImportFactory

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _token(user: User) -> str:
    _row, raw = token_create(user=user, name="uji API")
    return raw


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]


def test_valid_token_works(client: Client, world: World) -> None:
    user = world.users["admin_pemda"]
    response = client.get("/api/v1/me", **_bearer(_token(user)))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["pemda"] == "uji"
    assert {"role": Role.ADMIN.value, "opd_id": None, "kecamatan_id": None} in body["roles"]


def test_token_of_mfa_role_is_not_blocked_by_the_mfa_middleware(
    client: Client, world: World
) -> None:
    # The MFA middleware guards browser sessions; a bearer token is its own credential.
    response = client.get("/api/v1/opd", **_bearer(_token(world.users["inspektur"])))
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_revoked_token_is_401(client: Client, world: World) -> None:
    user = world.users["admin_pemda"]
    row, raw = token_create(user=user, name="dicabut")
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 200
    token_revoke(token=row, actor=user)
    _assert_error(client.get("/api/v1/me", **_bearer(raw)), 401, "unauthenticated")


def test_token_of_inactive_user_is_401(client: Client, world: World) -> None:
    user = world.users["admin_pemda"]
    raw = _token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _assert_error(client.get("/api/v1/me", **_bearer(raw)), 401, "unauthenticated")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_AUTHORIZATION": "Bearer sht_bukan-token-yang-sah"},
        {"HTTP_AUTHORIZATION": "Bearer tanpa-awalan"},
        {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="},
    ],
    ids=["missing", "empty", "unknown", "no-prefix", "basic"],
)
def test_missing_or_bad_token_is_401(client: Client, world: World, headers: dict[str, str]) -> None:
    for path in ("/api/v1/me", "/api/v1/opd", f"/api/v1/employees/{world.employees['budi'].id}"):
        _assert_error(client.get(path, **headers), 401, "unauthenticated")


def test_token_of_another_pemda_never_sees_this_pemda(client: Client, world: World) -> None:
    outsider = world.users["other_pemda_user"]
    grant(outsider, Role.ADMIN)  # the widest role, but in the other pemda
    headers = _bearer(_token(outsider))
    here_event = timeline_record(
        subject=world.pemda, type="rahasia_pemda_uji", actor="uji", pemda=world.pemda
    )
    here_import = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["admin_pemda"])
    here_employees = {e.id for e in world.employees.values() if e.pemda_id == world.pemda.id}
    here_opd = {world.dinkes.id, world.puskesmas.id, world.dukcapil.id}

    me = client.get("/api/v1/me", **headers).json()
    assert me["pemda"] == "lain"

    def ids(path: str) -> set[int]:
        response = client.get(path, {"limit": 1000}, **headers)
        assert response.status_code == 200, (path, response.content)
        return {item["id"] for item in response.json()["items"]}

    assert ids("/api/v1/opd") == {world.other_opd.id}
    assert not ids("/api/v1/kecamatan") & set(
        world.pemda.kecamatan_set.values_list("id", flat=True)
    )
    assert not ids("/api/v1/units") & set(world.pemda.serviceunit_set.values_list("id", flat=True))
    employees = ids("/api/v1/employees")
    assert employees == {world.employees["other_pemda_staff"].id}
    assert not employees & here_employees
    assert here_event.id not in ids("/api/v1/timeline")
    found = client.get("/api/v1/employees", {"q": world.employees["budi"].nip}, **headers)
    assert found.json()["count"] == 0

    # Objects of this pemda by id: the same 404 as a missing one (no existence oracle).
    budi = world.employees["budi"].id
    for path in (
        f"/api/v1/opd/{world.dinkes.id}",
        f"/api/v1/employees/{budi}",
        f"/api/v1/employees/{budi}/mutasi",
        f"/api/v1/roster-imports/{here_import.id}",
    ):
        _assert_error(client.get(path, **headers), 404, "not_found")
    _assert_error(
        client.post(f"/api/v1/roster-imports/{here_import.id}/commit", **headers),
        404,
        "not_found",
    )
    assert here_opd.isdisjoint(ids("/api/v1/opd"))
