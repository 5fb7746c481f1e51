"""MFA is required for the UPG, inspektur and admin roles.

- Without a TOTP authenticator, every page sends them to set one up.
- With one, the session must have passed the TOTP step (allauth records it); a session that
  signed in by password alone — through any door — is ended and sent back to the login.
The account and static pages are exempt so that these steps can be taken.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sehati.accounts.policies import mfa_required
from sehati.accounts.services import user_has_totp

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


def session_passed_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and mfa_required(user)
        ):
            if not user_has_totp(user):
                return self._refuse(
                    request,
                    "mfa_required",
                    _("Peran Anda mewajibkan autentikasi dua faktor (TOTP)."),
                    redirect("mfa_activate_totp"),
                )
            if not session_passed_mfa(request):
                logout(request)
                messages.warning(
                    request, _("Masuk kembali dengan kata sandi dan kode autentikator.")
                )
                return self._refuse(
                    request,
                    "mfa_not_passed",
                    _("Sesi ini belum melewati langkah kode autentikator."),
                    redirect("account_login"),
                )
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, code: str, message: str, page: HttpResponse) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"code": code, "message": message, "detail": None}, status=403)
        return page
