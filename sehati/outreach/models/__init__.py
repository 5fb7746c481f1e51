"""Socialisation (issue #7 point 1): events and their participants (`events.py`), the question
bank and the pre/post tests (`quiz.py`). Each module lists its models here."""

from sehati.outreach.models.events import CertificateCounter, Event, Participant
from sehati.outreach.models.quiz import Question, Quiz, QuizAnswer, QuizAttempt, QuizQuestion

__all__ = [
    "CertificateCounter",
    "Event",
    "Participant",
    "Question",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizQuestion",
]
