"""Stable error codes of sanction cases and the TPP payroll list (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class SanctionError(StrEnum):
    INVALID = "sanction_invalid"
    ALREADY_DECIDED = "sanction_already_decided"
    NOT_DECIDED = "sanction_not_decided"
    NO_DEDUCTION = "sanction_no_deduction"
    DATE_IN_FUTURE = "sanction_date_in_future"
    NO_RULE = "sanction_no_rule"
    MONTH_ALREADY_PROCESSED = "payroll_month_already_processed"
    # sanction cases: examination, appeals, discipline, letters (issue #6 points 2, 4, 5)
    CASE_CLOSED = "sanction_case_closed"
    APPEAL_NOT_ALLOWED = "sanction_appeal_not_allowed"
    APPEAL_PENDING = "sanction_appeal_pending"
    NO_PENDING_APPEAL = "sanction_no_pending_appeal"
    PENALTY_TIER_MISMATCH = "sanction_penalty_tier_mismatch"
    NO_SUMMONS = "sanction_no_summons"
    TOO_MANY_FILES = "sanction_too_many_files"
