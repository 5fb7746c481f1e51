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
