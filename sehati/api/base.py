"""Shared API pieces: authentication, the error schema, COMMON_ERRORS, the Rupiah type."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Schema
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


Rupiah = Annotated[int, Field(ge=0, le=10**15), BeforeValidator(_reject_bool)]


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
