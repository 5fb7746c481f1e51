"""Tenant resolution: every request knows its pemda (the user's, else the installation's)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from sehati.core.tenancy import pemda_for_request


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazy: pages that never use it (e.g. /healthz while the database is down) do not query.
        request.pemda = SimpleLazyObject(lambda: pemda_for_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)
