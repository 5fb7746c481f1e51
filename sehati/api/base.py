"""Shared API pieces: authentication, the error schema, COMMON_ERRORS, the Rupiah type."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth
from pydantic import BeforeValidator, Field

from sehati.accounts.services import token_authenticate


class Error(Schema):
    code: str
    message: str
    detail: Any = None


# Declared on every operation so that the OpenAPI document (and schemathesis) know them.
COMMON_ERRORS: dict[int, type[Schema]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: Error,
}


def _reject_bool(value: object) -> object:
    # JSON true/false are ints to pydantic; money must never be a boolean.
    if isinstance(value, bool):
        raise ValueError("nilai rupiah harus bilangan bulat, bukan boolean")
    return value


def _reject_bool_id(value: object) -> object:
    # Nor an id: `true` would otherwise name row 1.
    if isinstance(value, bool):
        raise ValueError("id harus bilangan bulat, bukan boolean")
    return value


Rupiah = Annotated[int, Field(ge=0, le=10**15), BeforeValidator(_reject_bool)]

# Free text a client sends to a filter: bounded, and without NUL, which PostgreSQL text cannot hold
# (a NUL reached the database as a 500 before; now it is a 422 on both databases).
NO_NUL = r"^[^\x00]*$"
SearchText = Annotated[str, Field(max_length=100, pattern=NO_NUL)]

# Largest primary key of PostgreSQL bigint and SQLite INTEGER: bound every id a client sends, so a
# huge number is a 422 and not a database overflow (500).
ID_MAX = 2**63 - 1
# The id of a row, sent in a body or a query.
RefId = Annotated[int, Field(ge=1, le=ID_MAX), BeforeValidator(_reject_bool_id)]
PAGE_MAX = 1000
OFFSET_MAX = 10**9


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` with upper bounds (ninja leaves them unbounded: SQLite and PostgreSQL
    fail on a LIMIT/OFFSET beyond 64 bits). Use `@paginate(Pagination)` on every list."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=PAGE_MAX)
        offset: int = Field(0, ge=0, le=OFFSET_MAX)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=PAGE_MAX, **kwargs)


class BearerAuth(HttpBearer):
    """`Authorization: Bearer sht_…` tokens created with `sehati token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            request.pemda = user.pemda  # type: ignore[attr-defined]
        return user


class SessionAuthActive(SessionAuth):
    """The browser's session (with CSRF on writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [BearerAuth(), SessionAuthActive()]


def auth_for(action: Any) -> list[Any]:
    """Authentication that also checks the policy table's action, before django-ninja validates
    the body: a role without the action gets 403, not a validation error about its input."""
    from sehati.accounts.policies import require

    class _Bearer(BearerAuth):
        def authenticate(self, request: HttpRequest, token: str) -> Any:
            user = super().authenticate(request, token)
            if user is not None:
                require(user, action)
            return user

    class _Session(SessionAuthActive):
        def authenticate(self, request: HttpRequest, key: str | None) -> Any:
            user = super().authenticate(request, key)
            if user is not None:
                require(user, action)
            return user

    # Same names as the shared schemes, so the OpenAPI document lists one bearer and one session
    # scheme whatever the operation.
    _Bearer.__name__ = _Bearer.__qualname__ = BearerAuth.__name__
    _Session.__name__ = _Session.__qualname__ = SessionAuthActive.__name__
    return [_Bearer(), _Session()]
