"""Demo data of the question bank and the pre/post tests (issue #7 point 1), built at the end of
`sehati.outreach.demo.demo_outreach_build`: the default bank loaded into the demo pemda; the two
most recent held events with both tests taken by most of those who attended (scores generated,
higher after the event than before, as a socialisation should make them); and the tests of
today's event drawn but not opened yet, for the UPG to open on the day. Everything goes through
the services (with the timeline). A second call adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sehati.accounts.models import User
from sehati.org.models import Pemda
from sehati.outreach.models import Event, Participant, Quiz
from sehati.outreach.quiz_services import (
    question_bank_load_default,
    quiz_close,
    quiz_configure,
    quiz_open,
    quiz_submit,
)

QUESTIONS = 10


def _answers(quiz: Quiz, *, skill: float, rng: random.Random) -> dict[int, str]:
    out = {}
    for item in quiz.items.select_related("question"):
        right = item.question.correct
        wrong = [x for x in "ABCD" if x != right]
        out[item.question_id] = right if rng.random() < skill else rng.choice(wrong)
    return out


def _taken(event: Event, *, actor: User | None, rng: random.Random) -> None:
    pre = quiz_configure(event=event, kind="pre", actor=actor, question_count=QUESTIONS, rng=rng)
    post = quiz_configure(event=event, kind="post", actor=actor, question_count=QUESTIONS, rng=rng)
    present = list(
        Participant.objects.filter(event=event, attended_at__isnull=False).order_by("id")
    )
    skills = {p.pk: rng.uniform(0.25, 0.7) for p in present}
    now = timezone.now()
    quiz_open(quiz=pre, actor=actor, now=now)
    for p in present:
        if rng.random() < 0.85:
            quiz_submit(
                quiz=pre, participant=p, answers=_answers(pre, skill=skills[p.pk], rng=rng), now=now
            )
    quiz_open(quiz=post, actor=actor, now=now)  # closes the pre-test
    for p in present:
        if rng.random() < 0.8:
            skill = min(0.97, skills[p.pk] + rng.uniform(0.05, 0.35))
            quiz_submit(
                quiz=post, participant=p, answers=_answers(post, skill=skill, rng=rng), now=now
            )
    quiz_close(quiz=post, actor=actor, now=now)


def demo_quiz_build(*, pemda: Pemda, today: dt.date, seed: int) -> None:
    """Load the default bank and give some of the demo pemda's events their tests."""
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    upg = User.objects.filter(pemda=pemda, username="upg.demo").first()
    question_bank_load_default(pemda=pemda, actor=upg)
    if Quiz.objects.filter(pemda=pemda).exists():
        return
    held = (
        Event.objects.filter(
            pemda=pemda, status=Event.Status.HELD, participants__attended_at__isnull=False
        )
        .distinct()
        .order_by("-held_on", "-id")[:2]
    )
    for event in held:
        _taken(event, actor=upg, rng=rng)
    for event in Event.objects.filter(
        pemda=pemda, status=Event.Status.PLANNED, held_on=today
    ).order_by("id")[:1]:
        quiz_configure(event=event, kind="pre", actor=upg, question_count=QUESTIONS, rng=rng)
        quiz_configure(event=event, kind="post", actor=upg, question_count=QUESTIONS, rng=rng)
