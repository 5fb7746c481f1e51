"""The policy-table walker's world for issue #8 (transparency): objects in and out of each persona's
scope, and what the walker needs to reach them. Merged into tests/test_policy_table.py."""

from __future__ import annotations

from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = set()
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending.
API_BODIES: dict[str, dict[str, Any]] = {}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["transparency"]."""
    return {}


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's."""
    return None
