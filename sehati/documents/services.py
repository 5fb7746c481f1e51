"""Writes of the documents app: letter templates (with their timeline events) and the record
that a document was generated."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sehati.accounts.models import User
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError
from sehati.documents.errors import DocumentError
from sehati.documents.models import LetterTemplate
from sehati.org.models import Pemda
from sehati.reports.models import GiftReport

TEMPLATE_FIELDS = ("code", "name", "subject", "body", "is_active")


def _validated(template: LetterTemplate) -> None:
    """Model validation (unknown placeholders, lengths) as an ApplicationError."""
    try:
        template.full_clean(exclude=["pemda"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = [str(m) for errors in exc.message_dict.values() for m in errors]
        code = (
            DocumentError.UNKNOWN_PLACEHOLDER
            if {"subject", "body"} & set(exc.message_dict)
            else DocumentError.INVALID
        )
        raise ApplicationError(" ".join(messages), code=code, extra=exc.message_dict) from None
    taken = LetterTemplate.objects.filter(pemda_id=template.pemda_id, code=template.code)
    if template.pk is not None:
        taken = taken.exclude(pk=template.pk)
    if taken.exists():
        raise ApplicationError(
            _("Kode templat ini sudah dipakai."),
            code=DocumentError.TEMPLATE_CODE_TAKEN,
            extra={"code": [_("Kode templat ini sudah dipakai.")]},
        )


def letter_template_create(*, pemda: Pemda, actor: User, data: dict[str, Any]) -> LetterTemplate:
    """A new letter template of `pemda`; its text may use only the known placeholders."""
    template = LetterTemplate(pemda=pemda, **{k: data[k] for k in TEMPLATE_FIELDS if k in data})
    _validated(template)
    with transaction.atomic():
        template.save()
        timeline_record(
            subject=template,
            type="letter_template_created",
            actor=actor,
            data={"code": template.code},
        )
    return template


def letter_template_update(
    *, template: LetterTemplate, actor: User, data: dict[str, Any]
) -> LetterTemplate:
    """Change a template; the timeline names the fields that changed (nothing is written when
    nothing changed)."""
    with transaction.atomic():
        locked = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        changed = []
        for key in TEMPLATE_FIELDS:
            if key in data and getattr(locked, key) != data[key]:
                setattr(locked, key, data[key])
                changed.append(key)
        if not changed:
            return locked
        _validated(locked)
        locked.save()
        timeline_record(
            subject=locked,
            type="letter_template_updated",
            actor=actor,
            data={"fields": sorted(changed)},
        )
    return locked


def document_generated_record(
    *, reports: Iterable[GiftReport], actor: User, document: str, data: dict[str, Any] | None = None
) -> None:
    """Note on each report's timeline that a document about it was generated (who, which)."""
    with transaction.atomic():
        for report in reports:
            timeline_record(
                subject=report,
                type="document_generated",
                actor=actor,
                data={"document": document, **(data or {})},
            )
