"""Stable error codes of gift reports (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class ReportError(StrEnum):
    NOT_AN_EMPLOYEE = "report_not_an_employee"
    NOT_DRAFT = "report_not_draft"
    INVALID = "report_invalid"
    IDEMPOTENCY_CONFLICT = "report_idempotency_conflict"
    NOT_OWNER = "report_not_owner"
    EVIDENCE_CLOSED = "report_evidence_closed"
