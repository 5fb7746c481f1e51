"""Stable error codes of UPG case work (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class CaseError(StrEnum):
    WRONG_STATE = "case_wrong_state"
    INVALID = "case_invalid"
    NOT_YET_EXPIRED = "case_completion_not_expired"
    OVERRIDE_REASON_REQUIRED = "case_override_reason_required"
    FOLLOWUP_NOT_ALLOWED = "case_followup_not_allowed"
    CUSTODY_HELD = "case_custody_still_held"
    CUSTODY_RELEASED = "custody_already_released"
    NOT_UPG_HEAD = "identity_not_upg_head"
