"""Fuzz every operation of /api/v1 with schemathesis: no 5xx, documented statuses and bodies.

The schema is generated from the live NinjaAPI when the tests are collected, so operations
that other modules add (roster imports, …) are covered without a hard-coded list. Requests go
through Django's WSGI application in-process (same DB transaction as the test) with the bearer
token of a pemda admin. Examples per operation and generation mode (valid and invalid input):
SCHEMATHESIS_EXAMPLES for reads (12 in `make test` on SQLite, 6 on PostgreSQL) and
SCHEMATHESIS_WRITE_EXAMPLES for operations that change data (POST, PATCH, PUT, DELETE; 20 on
SQLite, where a body of many fields leaves far more to try; 6 on PostgreSQL, whose pass looks for
database-specific 5xx). About 220 operations × 2 modes run on both databases within the
20-minute budget; set both variables for a deeper run (e.g. 200 and 500 before a release).

Why not `@schema.parametrize()`: schemathesis 4.32 with pytest 9.2 gives every operation the
same node id (`test_schemathesis.py::test_api_operation`, without `[GET /api/v1/…]`; its lazy
`from_fixture` variant crashes on the removed `Node._nodeid`). Under pytest-xdist (`-n 2` in
scripts/test.sh) the duplicates collapse and only the first operation would be fuzzed. A plain
`pytest.mark.parametrize` over the operations, each drawing cases from schemathesis'
documented `APIOperation.as_strategy()`, has one distinct test per operation everywhere.
"""

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from sehati.accounts.services import token_create
from sehati.api.api import api

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
WRITE_EXAMPLES = int(os.environ.get("SCHEMATHESIS_WRITE_EXAMPLES", "20"))
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
]

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
# Result objects: a malformed operation raises here, at collection, with its own message.
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
wsgi_app = get_wsgi_application()


@pytest.fixture
def wsgi_in_test_transaction() -> Any:
    """Keep the test's DB connection open across WSGI requests, as Django's test Client does:
    the handler's close_old_connections would close it inside the test transaction
    (PostgreSQL: "the connection is closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield wsgi_app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(world: Any) -> str:
    """A bearer token of the pemda admin (MFA middleware does not apply to bearer requests)."""
    _row, raw = token_create(user=world.users["admin_pemda"], name="schemathesis")
    return raw


def test_schema_has_operations() -> None:
    assert len(OPERATIONS) >= 9
    assert "GET /api/v1/me" in OPERATIONS


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_api_operation(
    label: str, mode: GenerationMode, admin_token: str, wsgi_in_test_transaction: Any
) -> None:
    operation = OPERATIONS[label]
    headers = {"Authorization": f"Bearer {admin_token}"}

    @settings(
        max_examples=WRITE_EXAMPLES if label.split(" ", 1)[0] in WRITES else EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode), label="case")
        response = case.call(app=wsgi_in_test_transaction, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()
