"""Tenant resolution: every request knows its pemda (the user's, else the installation's)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from sehati.core.tenancy import pemda_for_request


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazy: pages that never use it (e.g. /healthz while the database is down) do not query.
        request.pemda = SimpleLazyObject(lambda: pemda_for_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Indonesian unless the user chose another language (the switch sets a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English browser
    would get English by default; STYLE.md wants Indonesian by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ContentSecurityPolicyMiddleware:
    """Every response gets the project's Content-Security-Policy (issue #9 point 5): scripts,
    styles, images and fonts from this site only, no inline script or style, no plug-ins, no
    framing. A view that needs another policy sets its own header first (stored files, the
    transparency widget)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class ExportAuditMiddleware:
    """Every file a signed-in user downloads (an export, a letter, a stored file: any answer
    with `Content-Disposition: attachment`) is written to the audit timeline of their pemda, with
    the address and the file name (issue #9 point 2). Public open data is not: it has no user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and disposition.startswith("attachment")
            and user is not None
            and user.is_authenticated
            and getattr(user, "pemda_id", None)
        ):
            from sehati.core.audit import timeline_record

            filename = disposition.partition("filename=")[2].strip('"')[:200]
            timeline_record(
                subject=user.pemda,
                type="file_downloaded",
                actor=user,
                data={
                    "path": request.path[:300],
                    "query": request.META.get("QUERY_STRING", "")[:300],
                    "file": filename,
                },
            )
        return response
