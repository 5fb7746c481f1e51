"""Access to letter templates: pemda-wide objects, so only a pemda-wide grant of
`Action.CASE_KPK` (the central UPG) reaches one; out of scope and missing are the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sehati.accounts.policies import Action, Scope, require
from sehati.documents.letters import PLACEHOLDERS_BY_CODE
from sehati.documents.models import LetterTemplate


def letter_templates_editable(user: Any) -> bool:
    """Whether the user may create and change the pemda's letter templates."""
    return require(user, Action.CASE_KPK) in (Scope.PEMDA, Scope.ANY)


def access_letter_template(user: Any, template_id: int) -> LetterTemplate:
    if not letter_templates_editable(user) or not 1 <= template_id <= 2**63 - 1:
        raise Http404
    try:
        return LetterTemplate.objects.exclude(code__in=PLACEHOLDERS_BY_CODE).get(
            pk=template_id, pemda_id=user.pemda_id
        )
    except LetterTemplate.DoesNotExist:
        raise Http404 from None
