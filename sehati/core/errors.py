"""Typed application errors with stable codes (STYLE.md rule 8).

Interfaces map them: a form error in HTML, 409/422 with the code in the API. Never a 500.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ApplicationError(Exception):
    """A refused operation; `message` is Indonesian (translatable), `code` is stable for programs."""

    status_code = 422

    def __init__(self, message: Any, *, code: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """The operation conflicts with the current state (HTTP 409)."""

    status_code = 409


class FileError(StrEnum):
    """Why an uploaded file was refused (sehati/core/files.py)."""

    MISSING = "file_missing"
    EMPTY = "file_empty"
    TOO_LARGE = "file_too_large"
    TYPE_NOT_ALLOWED = "file_type_not_allowed"
    CONTENT_MISMATCH = "file_content_mismatch"
    CONTENT_UNSAFE = "file_content_unsafe"  # a hidden payload, a pixel flood, active PDF content
    TOO_MANY = "file_too_many"
    INFECTED = "file_infected"  # ClamAV found a signature (SEHATI_CLAMAV)
    SCAN_UNAVAILABLE = "file_scan_unavailable"  # the virus scanner could not be asked


class ThrottledError(ApplicationError):
    """Too many attempts from one client (HTTP 429)."""

    status_code = 429
