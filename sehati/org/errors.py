"""Stable error codes of the organisation domain (STYLE.md rule 8): programs match on these."""

from __future__ import annotations

from enum import StrEnum


class RosterError(StrEnum):
    FILE_TYPE = "roster_file_type"
    FILE_EMPTY = "roster_file_empty"
    FILE_TOO_LARGE = "roster_file_too_large"
    FILE_CONTENT = "roster_file_content_mismatch"
    FILE_CHANGED = "roster_file_changed"
    ALREADY_VALIDATED = "roster_import_already_validated"
    VALIDATION_FAILED = "roster_import_validation_failed"
    NOT_VALID = "roster_import_not_valid"
    COMMIT_PENDING = "roster_import_commit_pending"
    ALREADY_COMMITTED = "roster_import_already_committed"
    COMMIT_FAILED = "roster_import_commit_failed"
