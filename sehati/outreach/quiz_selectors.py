"""Reads of the question bank and the pre/post tests: the bank list, an event's tests, a
participant's tests, and the results (per participant, per event, per question).

Knowledge gain (`EventResults.gain`) is the mean of (post-test score − pre-test score) over the
participants who took both tests, given with that number n; the means of each test are over all
who took it. Scores are 0–100; means are rounded once, to one decimal, half up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sehati.outreach.models import (
    Event,
    Participant,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
)
from sehati.outreach.quiz_services import quiz_refusal

STATUS_ACTIVE, STATUS_INACTIVE = "active", "inactive"
# Score bands of the distribution chart: 0–19, 20–39, 40–59, 60–79, 80–100.
BANDS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))
ONE_PLACE = Decimal("0.1")


def question_list(
    *, pemda_id: int, q: str = "", topic: str = "", status: str = ""
) -> QuerySet[Question]:
    """The pemda's bank, by topic then age, with how many tests hold each question."""
    rows = Question.objects.filter(pemda_id=pemda_id)
    if topic in Question.Topic.values:
        rows = rows.filter(topic=topic)
    if status == STATUS_ACTIVE:
        rows = rows.filter(is_active=True)
    elif status == STATUS_INACTIVE:
        rows = rows.filter(is_active=False)
    if q:
        rows = rows.filter(
            Q(text__icontains=q)
            | Q(option_a__icontains=q)
            | Q(option_b__icontains=q)
            | Q(option_c__icontains=q)
            | Q(option_d__icontains=q)
            | Q(legal_basis__icontains=q)
        )
    return rows.annotate(
        used_in=Count("quiz_items", distinct=True),
        answered=Exists(QuizAnswer.objects.filter(question=OuterRef("pk"))),
    ).order_by("topic", "id")


def bank_counts(*, pemda_id: int) -> dict[str, int]:
    """Active questions per topic code, and "total"."""
    counts = dict(
        Question.objects.filter(pemda_id=pemda_id, is_active=True)
        .values_list("topic")
        .annotate(n=Count("id"))
        .values_list("topic", "n")
    )
    counts["total"] = sum(counts.values())
    return counts


def event_quizzes(*, event: Event) -> dict[str, Quiz]:
    """The event's tests by kind ("pre", "post"), each with `respondents` counted."""
    return {
        quiz.kind: quiz
        for quiz in Quiz.objects.filter(event=event).annotate(
            respondents=Count("attempts", distinct=True)
        )
    }


def quiz_items(*, quiz: Quiz) -> list[QuizQuestion]:
    """The test's questions in order."""
    return list(quiz.items.select_related("question").order_by("position"))


@dataclass
class ParticipantTest:
    """One test as the participant sees it on their page."""

    quiz: Quiz
    attempt: QuizAttempt | None
    refusal: str  # why they may not take it now ("" when they may)

    @property
    def can_take(self) -> bool:
        return not self.refusal


def participant_tests(*, participant: Participant) -> list[ParticipantTest]:
    """The participant's event's tests (pre first) with their own attempt, if any."""
    quizzes = list(
        Quiz.objects.filter(event_id=participant.event_id)
        .select_related("event")
        .order_by("-kind")  # "pre" before "post"
    )
    attempts = {
        a.quiz_id: a for a in QuizAttempt.objects.filter(participant=participant, quiz__in=quizzes)
    }
    return [
        ParticipantTest(
            quiz=quiz,
            attempt=attempts.get(quiz.pk),
            refusal=quiz_refusal(quiz=quiz, participant=participant, taken=quiz.pk in attempts),
        )
        for quiz in quizzes
    ]


def participant_test(*, participant: Participant, kind: str) -> ParticipantTest | None:
    for test in participant_tests(participant=participant):
        if test.quiz.kind == kind:
            return test
    return None


def attempt_answers(*, attempt: QuizAttempt) -> dict[int, QuizAnswer]:
    return {a.question_id: a for a in attempt.answers.all()}


# --- results ----------------------------------------------------------------------------------


def _mean(values: Iterable[int]) -> Decimal | None:
    items = list(values)
    if not items:
        return None
    return (Decimal(sum(items)) / Decimal(len(items))).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass
class PersonRow:
    participant: Participant
    pre: int | None
    post: int | None

    @property
    def gain(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass
class QuestionRow:
    position: int
    question: Question
    pre_rate: Decimal | None  # percent of respondents who answered it right
    post_rate: Decimal | None
    pre_n: int
    post_n: int


@dataclass
class EventResults:
    pre: Quiz | None
    post: Quiz | None
    pre_n: int = 0
    post_n: int = 0
    pre_mean: Decimal | None = None
    post_mean: Decimal | None = None
    both_n: int = 0  # took both tests
    gain: Decimal | None = None  # mean of (post − pre) over both_n
    improved_n: int = 0  # post > pre
    improved_percent: Decimal | None = None
    pre_bands: list[int] = field(default_factory=list)
    post_bands: list[int] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)  # only when asked for

    @property
    def has_data(self) -> bool:
        return bool(self.pre_n or self.post_n)


def _bands(scores: list[int]) -> list[int]:
    return [sum(1 for s in scores if lo <= s <= hi) for lo, hi in BANDS]


def _rates(quiz: Quiz | None) -> dict[int, tuple[int, int]]:
    """question id → (answers, right answers) of one test."""
    if quiz is None:
        return {}
    rows = (
        QuizAnswer.objects.filter(attempt__quiz=quiz)
        .values("question_id")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    )
    return {r["question_id"]: (r["n"], r["right"]) for r in rows}


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP)


def _question_rows(pre: Quiz | None, post: Quiz | None) -> list[QuestionRow]:
    """Per question: in the pre-test's order, then post-test questions the pre-test lacks."""
    pre_rates, post_rates = _rates(pre), _rates(post)
    rows: list[QuestionRow] = []
    ordered: list[QuizQuestion] = []
    seen: set[int] = set()
    for quiz in (pre, post):
        if quiz is None:
            continue
        for item in quiz_items(quiz=quiz):
            if item.question_id not in seen:
                seen.add(item.question_id)
                ordered.append(item)
    for n, item in enumerate(ordered, start=1):
        pn, pr = pre_rates.get(item.question_id, (0, 0))
        qn, qr = post_rates.get(item.question_id, (0, 0))
        rows.append(
            QuestionRow(
                position=n,
                question=item.question,
                pre_rate=_percent(pr, pn),
                post_rate=_percent(qr, qn),
                pre_n=pn,
                post_n=qn,
            )
        )
    return rows


def event_results(*, event: Event, with_people: bool, with_questions: bool = True) -> EventResults:
    """The event's test results. `with_people` adds the per-participant rows (names): only for
    viewers who may read who took part (`outreach_content_visible`); `with_questions` the
    right-answer rate per question."""
    quizzes = {q.kind: q for q in Quiz.objects.filter(event=event)}
    pre, post = quizzes.get(Quiz.Kind.PRE), quizzes.get(Quiz.Kind.POST)
    results = EventResults(pre=pre, post=post)
    attempts = QuizAttempt.objects.filter(quiz__event=event).values_list(
        "participant_id", "quiz__kind", "score"
    )
    by_person: dict[int, dict[str, int]] = {}
    for participant_id, kind, score in attempts:
        by_person.setdefault(participant_id, {})[kind] = score
    pre_scores = [s["pre"] for s in by_person.values() if "pre" in s]
    post_scores = [s["post"] for s in by_person.values() if "post" in s]
    both = [(s["pre"], s["post"]) for s in by_person.values() if "pre" in s and "post" in s]
    results.pre_n, results.post_n, results.both_n = len(pre_scores), len(post_scores), len(both)
    results.pre_mean, results.post_mean = _mean(pre_scores), _mean(post_scores)
    results.gain = _mean(b - a for a, b in both)
    results.improved_n = sum(1 for a, b in both if b > a)
    results.improved_percent = _percent(results.improved_n, len(both))
    results.pre_bands, results.post_bands = _bands(pre_scores), _bands(post_scores)
    if with_questions:
        results.questions = _question_rows(pre, post)
    if with_people and by_person:
        people = Participant.objects.filter(pk__in=by_person).select_related(
            "opd", "kecamatan", "employee"
        )
        results.people = [
            PersonRow(
                participant=p,
                pre=by_person[p.pk].get("pre"),
                post=by_person[p.pk].get("post"),
            )
            for p in people.order_by("name", "id")
        ]
    return results
