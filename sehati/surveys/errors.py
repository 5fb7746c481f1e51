"""Stable error codes of internal integrity surveys (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class SurveyError(StrEnum):
    INVALID = "survey_invalid"
    QUESTIONNAIRE_INVALID = "survey_questionnaire_invalid"
    QUESTIONNAIRE_FROZEN = "survey_questionnaire_frozen"  # somebody has answered
    CLOSED = "survey_closed"
    NOT_DRAFT = "survey_not_draft"
    NOT_OPEN = "survey_not_open"
    NOT_CLOSED = "survey_not_closed"
    NOT_STARTED = "survey_not_started"
    CONFIRM_REQUIRED = "survey_confirm_required"
    GROUP_HAS_RESPONSES = "survey_group_has_responses"
    GROUP_INACTIVE = "survey_group_inactive"
    ALREADY_ANSWERED = "survey_already_answered"
    NOT_AN_EMPLOYEE = "survey_not_an_employee"
    REVISION_CHANGED = "survey_revision_changed"
    ANSWERS_INVALID = "survey_answers_invalid"
    THROTTLED = "survey_throttled"
