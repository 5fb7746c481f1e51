"""Stable error codes of periodic declarations (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class DeclarationError(StrEnum):
    INVALID = "declaration_invalid"
    PERIOD_CLOSED = "declaration_period_closed"
    NOT_STARTED = "declaration_period_not_started"
    NOT_OBLIGED = "declaration_not_obliged"
    NOT_AN_EMPLOYEE = "declaration_not_an_employee"
    REPORT_INVALID = "declaration_report_invalid"
    REMIND_THROTTLED = "declaration_remind_throttled"
    NOT_UNREPORTED = "declaration_not_unreported"
    CASE_EXISTS = "declaration_case_exists"
    CONFIRM_REQUIRED = "declaration_confirm_required"
