"""The OpenAPI document: the committed snapshot is current, it is served, and every operation
documents the shared error responses (so clients and schemathesis know them)."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sehati.api.api import api

SNAPSHOT = Path(__file__).resolve().parent / "openapi.json"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
REQUIRED_ERRORS = {"400", "401", "403", "404", "422"}


def _current() -> dict[str, Any]:
    # Through JSON, as clients see it (ninja keys responses by int status codes).
    schema: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    return schema


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_committed_snapshot_is_current() -> None:
    # The same text scripts/openapi_snapshot.py writes and --check compares.
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    current = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert SNAPSHOT.read_text() == current, (
        "OpenAPI berubah: jalankan `.venv/bin/python scripts/openapi_snapshot.py` "
        "lalu commit tests/api/openapi.json"
    )


@pytest.mark.django_db
def test_openapi_json_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    served = response.json()
    assert served["openapi"].startswith("3.1")
    assert served["info"]["title"] == "SEHATI API"
    assert set(served["paths"]) == set(_current()["paths"])
    assert "/api/v1/me" in served["paths"]
    assert served["components"]["securitySchemes"]["BearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_there_are_operations() -> None:
    assert len(_operations(_current())) >= 9


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    _operations(_current()),
    ids=[f"{m} {p}" for m, p, _ in _operations(_current())],
)
def test_every_operation_declares_the_shared_errors(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    responses = operation["responses"]
    missing = REQUIRED_ERRORS - set(responses)
    assert not missing, f"{method} {path} tidak mendokumentasikan {sorted(missing)}"
    for code in REQUIRED_ERRORS:
        body = responses[code]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)
    # An operation that needs a login accepts a bearer token (public ones declare no security).
    if operation.get("security"):
        assert {"BearerAuth": []} in operation["security"], (method, path)
    # Ids are bounded, so a huge number is a 422 and never a database overflow.
    for param in operation.get("parameters", []):
        for option in param["schema"].get("anyOf", [param["schema"]]):
            if option.get("type") == "integer":
                assert "maximum" in option, (method, path, param["name"])


def test_error_schema_is_code_message_detail() -> None:
    error = _current()["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "detail"}
    assert set(error["required"]) == {"code", "message"}
