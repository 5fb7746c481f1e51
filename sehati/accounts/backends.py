"""Login by NIP, username or e-mail (issue #2: "login by NIP or e-mail")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sehati.accounts.models import User
from sehati.org.nip import nip_normalise


class NipOrUsernameBackend(ModelBackend):
    """Accepts an 18-digit NIP (of the linked employee) in place of the username."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        candidate = nip_normalise(username)
        if not (len(candidate) == 18 and candidate.isdigit()):
            return None
        # A NIP is unique within a pemda; on a shared installation the same person may have an
        # account in two pemda, and then the NIP alone does not say which: ask for the username.
        matches = list(User.objects.filter(employee__nip=candidate, is_active=True)[:2])
        user = matches[0] if len(matches) == 1 else None
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The identifier axes locks on: allauth posts it as `login`."""
    if credentials:
        for key in ("username", "email", "login"):
            if credentials.get(key):
                return str(credentials[key]).strip().lower()
    return str(request.POST.get("login", "")).strip().lower()
