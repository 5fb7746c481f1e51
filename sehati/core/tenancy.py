"""Which pemda a request belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from sehati.org.models import Pemda


def default_pemda() -> Pemda | None:
    """The installation's public pemda: SEHATI_DEFAULT_PEMDA, else the only (or first) one."""
    from sehati.org.models import Pemda

    code = settings.SEHATI_DEFAULT_PEMDA
    if code:
        return Pemda.objects.filter(code=code).first()
    return Pemda.objects.order_by("id").first()


def pemda_for_request(request: Any) -> Pemda | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "pemda_id", None):
        return user.pemda  # type: ignore[no-any-return]
    return default_pemda()
