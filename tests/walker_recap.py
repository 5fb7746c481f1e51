"""The policy-table walker's world for issue #8 (periodic recaps): recaps are pemda-wide; a period
is a path parameter, not an object id. Merged into tests/test_policy_table.py."""

from __future__ import annotations

from typing import Any

# The issue page answers GET too (the figures); its POST is walked by the API operation.
POST_ONLY: set[str] = set()
# An empty issue body is refused after the permission check (422), so nothing is issued.
API_BODIES: dict[str, dict[str, Any]] = {"/issue": {}}
# A finished quarter: a path parameter, not an object id.
FIXED_PATH_PARAMS: dict[str, str] = {"recap_period": "2026-q3"}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Nothing to build: a recap is about the persona's whole pemda."""
    return {}


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's."""
    return None
