"""Reads of the documents app: which letter template applies."""

from __future__ import annotations

from django.db.models import QuerySet

from sehati.documents.letters import (
    DEFAULT_LETTER_BODY,
    DEFAULT_LETTER_CODE,
    DEFAULT_LETTER_NAME,
    DEFAULT_LETTER_SUBJECT,
    PLACEHOLDERS_BY_CODE,
)
from sehati.documents.models import LetterTemplate
from sehati.org.models import Pemda


def letter_template_default(*, pemda: Pemda) -> LetterTemplate:
    """The shipped cover letter, as an unsaved template of `pemda`."""
    return LetterTemplate(
        pemda=pemda,
        code=DEFAULT_LETTER_CODE,
        name=str(DEFAULT_LETTER_NAME),
        subject=str(DEFAULT_LETTER_SUBJECT),
        body=str(DEFAULT_LETTER_BODY),
        is_active=True,
    )


def letter_template_for(*, pemda: Pemda, code: str = DEFAULT_LETTER_CODE) -> LetterTemplate:
    """The pemda's active template with `code`, else the shipped default (not saved)."""
    found = LetterTemplate.objects.filter(pemda=pemda, code=code, is_active=True).first()
    return found if found is not None else letter_template_default(pemda=pemda)


def letter_templates_of(*, pemda_id: int) -> QuerySet[LetterTemplate]:
    """The pemda's cover-letter templates. The sanction letters (issue #6) are the
    Inspektorat's, edited on the sanction pages: they are not listed here."""
    return (
        LetterTemplate.objects.filter(pemda_id=pemda_id)
        .exclude(code__in=PLACEHOLDERS_BY_CODE)
        .order_by("code")
    )
