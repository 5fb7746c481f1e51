"""Error codes of the privacy module (API `code`, stable)."""

from enum import StrEnum


class PrivacyError(StrEnum):
    RECORD_TYPE = "privacy_record_type"
    ACTION = "privacy_retention_action"
    KEEP_YEARS = "privacy_keep_years"
    NOT_FOUND = "privacy_record_not_found"
    HOLD_ACTIVE = "privacy_hold_active"
    HOLD_RELEASED = "privacy_hold_released"
    REASON = "privacy_reason_required"
    CONFIRM = "privacy_confirm_required"
    RECEIVED_AT = "privacy_received_at"
    CLOSED = "privacy_request_closed"
    RESPONSE = "privacy_response_required"
    PERIOD = "privacy_period"
