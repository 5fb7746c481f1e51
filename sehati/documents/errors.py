"""Stable error codes of the documents app (STYLE.md rule 8)."""

from __future__ import annotations

from enum import StrEnum


class DocumentError(StrEnum):
    INVALID = "document_invalid"
    NOTHING_SELECTED = "document_nothing_selected"
    TEMPLATE_CODE_TAKEN = "letter_template_code_taken"
    UNKNOWN_PLACEHOLDER = "letter_template_unknown_placeholder"
