"""Activating TOTP proves possession of the authenticator: record it as this session's MFA step,
so that the MFA middleware does not end the session that just set it up."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def record_mfa_on_activation(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", type="totp", id=authenticator.pk)
