"""Checks of free text shared by the services (one wording of the messages everywhere)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from sehati.core.errors import ApplicationError


def text_checked(value: Any, *, label: str, required: bool, limit: int, code: StrEnum) -> str:
    """The value as stripped text, or an ApplicationError with `code`: missing when required,
    a NUL character (PostgreSQL refuses it in text), or longer than `limit` characters."""
    text = str(value or "").strip()
    if required and not text:
        raise ApplicationError(_("%(label)s wajib diisi.") % {"label": label}, code=code)
    if "\x00" in text:
        raise ApplicationError(
            _("%(label)s memuat karakter yang tidak sah.") % {"label": label}, code=code
        )
    if len(text) > limit:
        raise ApplicationError(
            _("%(label)s terlalu panjang (paling banyak %(n)d karakter).")
            % {"label": label, "n": limit},
            code=code,
        )
    return text
