"""Stable error codes of monitoring and public tips (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class TipError(StrEnum):
    INVALID = "tip_invalid"
    NO_PEMDA = "tip_no_pemda"
    THROTTLED = "tip_throttled"
    CLOSED = "tip_closed"
