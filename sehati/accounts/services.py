"""Account writes: API tokens, role grants."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.accounts.models import ApiToken, User
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError

TOKEN_PREFIX = "sht_"  # noqa: S105 - a public prefix that marks SEHATI tokens


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, actor: Any = None) -> tuple[ApiToken, str]:
    """Create a bearer token; returns the row and the raw token, which is never stored."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("Nama token wajib diisi."), code="token_name_required")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[: len(TOKEN_PREFIX) + 6], token_hash=token_hash(raw)
    )
    timeline_record(
        subject=user,
        type="token_created",
        actor=actor or user,
        pemda=user.pemda,
        data={"token_id": token.pk, "name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    timeline_record(
        subject=token.user,
        type="token_revoked",
        actor=actor,
        pemda=token.user.pemda,
        data={"token_id": token.pk, "name": token.name, "prefix": token.prefix},
    )
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user of a live token, or None. Records the last use (at most once a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_has_totp(user: Any) -> bool:
    cached: bool | None = getattr(user, "_sehati_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._sehati_has_totp = cached
    return cached
