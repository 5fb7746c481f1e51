"""Demo data of the tests: the default bank, two held events with both tests taken (a positive
knowledge gain), today's event with its tests drawn but closed; a second call adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sehati.outreach.models import Question, Quiz, QuizAttempt
from sehati.outreach.question_bank_default import DEFAULT_QUESTIONS
from sehati.outreach.quiz_demo import demo_quiz_build
from sehati.outreach.quiz_selectors import event_results
from sehati.outreach.tests.test_quiz_services import make_event, make_participant

TODAY = dt.date(2026, 11, 23)


def test_demo_quiz_build(world: Any) -> None:
    held = [make_event(world.pemda, title=f"Terlaksana {n}") for n in range(3)]
    for event in held:
        for n in range(12):
            make_participant(event, f"Peserta {event.pk}-{n}")
    today = make_event(world.pemda, title="Hari ini", status="planned")
    today.held_on = TODAY
    today.save()
    demo_quiz_build(pemda=world.pemda, today=TODAY, seed=5)
    assert Question.objects.filter(pemda=world.pemda).count() == len(DEFAULT_QUESTIONS)
    taken = [e for e in held if QuizAttempt.objects.filter(quiz__event=e).exists()]
    assert len(taken) == 2
    for event in taken:
        results = event_results(event=event, with_people=False, with_questions=False)
        assert results.both_n >= 5 and results.gain is not None and results.gain > 0
        assert not Quiz.objects.filter(event=event, is_open=True).exists()
    drawn = Quiz.objects.filter(event=today)
    assert drawn.count() == 2 and not drawn.filter(is_open=True).exists()
    attempts = QuizAttempt.objects.count()
    demo_quiz_build(pemda=world.pemda, today=TODAY, seed=5)
    assert QuizAttempt.objects.count() == attempts and Quiz.objects.count() == 6
