"""Template tags of the pre/post tests for pages the events module renders: the staff event
page (`_event_tests.html`) and the participant's own page (`_participant_tests.html`) include
partials that only receive the event or the participant; these tags read what the partials show.
"""

from __future__ import annotations

from typing import Any

from django import template

from sehati.accounts.policies import outreach_content_visible
from sehati.outreach import quiz_selectors as qsel
from sehati.outreach.models import Event, Participant, Quiz

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_event_panel(context: template.Context, event: Event) -> dict[str, Any]:
    """The event's tests (by kind, with respondents) and the results summary (no names)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    quizzes = qsel.event_quizzes(event=event)
    return {
        "tests": [
            {"kind": kind, "label": label, "quiz": quizzes.get(kind)}
            for kind, label in Quiz.Kind.choices
        ],
        "configured": bool(quizzes),
        "results": qsel.event_results(event=event, with_people=False, with_questions=False),
        "full": user is not None and outreach_content_visible(user),
    }


@register.simple_tag
def quiz_participant_tests(participant: Participant) -> list[qsel.ParticipantTest]:
    """The participant's tests (pre first) with their own attempt and whether they may take
    each now."""
    return qsel.participant_tests(participant=participant)
