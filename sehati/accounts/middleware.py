"""MFA is required for the UPG, inspektur and admin roles: until a TOTP authenticator is set up,
every page sends them to set it up (the account and static pages excepted)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from sehati.accounts.policies import mfa_required
from sehati.accounts.services import user_has_totp

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and mfa_required(user)
            and not user_has_totp(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "mfa_required",
                        "message": "Peran Anda mewajibkan autentikasi dua faktor (TOTP).",
                    },
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
