"""Stable error codes of action plans (issue #7 point 3; STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class PlanError(StrEnum):
    INVALID = "action_plan_invalid"
    CLOSED = "action_plan_closed"
    STATUS_INVALID = "action_plan_status_invalid"
    DONE_NEEDS_EVIDENCE = "action_plan_done_needs_evidence"
    CONFIRM_REQUIRED = "action_plan_confirm_required"
    LINK_KIND_UNKNOWN = "action_plan_link_kind_unknown"
    LINK_TARGET_MISSING = "action_plan_link_target_missing"
    LINK_EXISTS = "action_plan_link_exists"
