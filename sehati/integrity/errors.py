"""Stable error codes of the integrity scores register and its imports (issue #7 point 2;
STYLE.md rule 8). Action plans have theirs in `plans_errors.py`."""

from __future__ import annotations

from enum import StrEnum


class ScoreError(StrEnum):
    INVALID = "score_invalid"  # one or more fields refused; `extra["errors"]` lists them
    EXISTS = "score_exists"  # the same kind, year, scope and dimension is already registered
    CONFIRM_REQUIRED = "score_confirm_required"
    HAS_PLANS = "score_has_action_plans"
    IMPORT_FILE = "score_import_file"  # the file as a whole cannot be read
    IMPORT_INVALID = "score_import_invalid"  # rows with errors; nothing is written
    IMPORT_DONE = "score_import_committed"  # already saved
    IMPORT_CHANGED = "score_import_changed"  # the data changed since the check; check again
