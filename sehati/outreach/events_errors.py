"""Stable error codes of socialisation events, registration, attendance and certificates
(STYLE.md rule 8). The question bank and the tests keep their own codes."""

from __future__ import annotations

from enum import StrEnum


class OutreachError(StrEnum):
    INVALID = "outreach_invalid"
    PLACE_REQUIRED = "outreach_place_required"
    CANCELLED = "outreach_event_cancelled"
    NOT_PLANNED = "outreach_event_not_planned"
    NOT_YET = "outreach_event_not_yet"  # the event's date has not come
    AUDIENCE_LOCKED = "outreach_audience_locked"
    HAS_ATTENDANCE = "outreach_event_has_attendance"
    CONFIRM_REQUIRED = "outreach_confirm_required"
    REGISTRATION_CLOSED = "outreach_registration_closed"
    CHECKIN_CLOSED = "outreach_checkin_closed"
    PERSON_INVALID = "outreach_person_invalid"
    NIP_MISMATCH = "outreach_nip_mismatch"
    ALREADY_REGISTERED = "outreach_already_registered"
    PARTICIPANT_UNKNOWN = "outreach_participant_unknown"
    NOT_ATTENDED = "outreach_not_attended"
    THROTTLED = "outreach_throttled"
    TOO_MANY_FILES = "outreach_too_many_files"
    FULL = "outreach_event_full"
