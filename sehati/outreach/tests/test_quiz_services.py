"""The question bank and the pre/post tests (issue #7 point 1): the default bank as data, draws,
refusals, scoring and the knowledge gain. Helpers here are reused by the view and API tests."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from sehati.core.errors import ApplicationError
from sehati.core.models import TimelineEvent
from sehati.outreach.models import Event, Participant, Question, Quiz, QuizAnswer, QuizAttempt
from sehati.outreach.question_bank_default import DEFAULT_QUESTIONS, SECTIONS_USED
from sehati.outreach.quiz_selectors import event_results, participant_tests
from sehati.outreach.quiz_services import (
    QuestionData,
    QuizError,
    question_bank_load_default,
    question_create,
    question_delete,
    question_set_active,
    question_update,
    quiz_close,
    quiz_configure,
    quiz_open,
    quiz_submit,
    score_of,
)

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
# The sections of shared/domain/GRATIFICATION_LAW.md that exist (compiled 2026-11-23); the
# default bank may cite only these. The file lives outside the repository, so the list is data
# here; when the file is beside the checkout it is read too and must still hold each of them.
DOMAIN_SECTIONS = {
    "§1.1", "§1.2", "§1.3", "§1.4",
    "§2.1", "§2.2", "§2.3", "§2.4", "§2.5", "§2.6", "§2.7", "§2.8", "§2.9",
    "§3.1", "§3.2", "§3.3", "§3.4",
    "§4.1", "§4.2", "§4.3",
}  # fmt: skip
DOMAIN_FILE = Path(settings.BASE_DIR).parent / "shared" / "domain" / "GRATIFICATION_LAW.md"


# --- helpers (also used by test_quiz_views.py and test_quiz_api.py) ---------------------------


def make_event(
    pemda: Any, *, title: str = "Sosialisasi gratifikasi", status: str = "held"
) -> Event:
    return Event.objects.create(
        pemda=pemda,
        title=title,
        audience="asn",
        held_on=dt.date(2026, 11, 23),
        status=status,
        join_code=f"jc-{Event.objects.count() + 1}-{pemda.pk}",
    )


def make_participant(event: Event, name: str, *, attended: bool = True) -> Participant:
    n = Participant.objects.count() + 1
    return Participant.objects.create(
        pemda=event.pemda,
        event=event,
        kind="public",
        name=name,
        code=f"kode-uji-{n}",
        attended_at=NOW if attended else None,
        attended_via="list" if attended else "",
    )


def make_bank(pemda: Any, n: int = 6, *, topic: str = "batas_waktu") -> list[Question]:
    return [
        question_create(
            pemda=pemda,
            actor=None,
            data=QuestionData(
                text=f"Soal {topic} {i}?",
                options=[f"Pilihan {x} {i}" for x in "ABCD"],
                correct="ABCD"[i % 4],
                explanation=f"Pembahasan {i}",
                topic=topic,
                legal_basis="Pasal 12C UU 20/2001",
            ),
        )
        for i in range(n)
    ]


def answers_for(quiz: Quiz, right: int) -> dict[int, str]:
    """Answers to the test with the first `right` questions right and the rest wrong."""
    out = {}
    for n, item in enumerate(quiz.items.select_related("question").order_by("position")):
        good = item.question.correct
        out[item.question_id] = good if n < right else ("A" if good != "A" else "B")
    return out


def quiz_pair(event: Event, *, count: int = 5, seed: int = 1) -> tuple[Quiz, Quiz]:
    rng = random.Random(seed)
    pre = quiz_configure(event=event, kind="pre", actor=None, question_count=count, rng=rng)
    post = quiz_configure(event=event, kind="post", actor=None, question_count=count, rng=rng)
    return pre, post


# --- the default bank ---------------------------------------------------------------------------


def test_default_bank_is_sound_and_cites_existing_sections() -> None:
    assert 25 <= len(DEFAULT_QUESTIONS) <= 30
    assert len({d.key for d in DEFAULT_QUESTIONS}) == len(DEFAULT_QUESTIONS)
    for d in DEFAULT_QUESTIONS:
        assert len(d.options) == 4 and all(o.strip() for o in d.options), d.key
        assert len({o.strip().casefold() for o in d.options}) == 4, f"{d.key}: options alike"
        assert d.correct in "ABCD" and len(d.correct) == 1, d.key
        assert d.topic in Question.Topic.values, d.key
        assert d.legal_basis.strip() and d.explanation.strip(), d.key
        assert d.section in SECTIONS_USED, d.key
        # The bank is about the law of gratification, never KPK's SPI questionnaire.
        assert "SPI" not in d.text + " ".join(d.options), d.key
    assert set(SECTIONS_USED) <= DOMAIN_SECTIONS
    assert {d.section for d in DEFAULT_QUESTIONS} == set(SECTIONS_USED)
    # Thresholds and deadlines in force from 20 January 2026 (Peraturan KPK 1/2026).
    by_key = {d.key: d for d in DEFAULT_QUESTIONS}
    wedding = by_key["bawaan-14"]
    assert wedding.options["ABCD".index(wedding.correct)] == "Rp1.500.000 per pemberi"
    completeness = by_key["bawaan-22"]
    assert completeness.options["ABCD".index(completeness.correct)] == "20 hari kerja"
    # Correct answers are spread over the four letters, not always the same one.
    assert {d.correct for d in DEFAULT_QUESTIONS} == set("ABCD")


def test_default_bank_sections_exist_in_the_domain_file() -> None:
    if not DOMAIN_FILE.exists():
        pytest.skip(f"{DOMAIN_FILE} is outside the repository and not present here")
    headings = set(re.findall(r"^###\s+(\d+\.\d+)\s", DOMAIN_FILE.read_text(), flags=re.M))
    assert {s.removeprefix("§") for s in SECTIONS_USED} <= headings


def test_loading_the_default_bank_is_idempotent_and_keeps_edits(world: Any) -> None:
    pemda = world.pemda
    upg = world.users["upg"]
    assert question_bank_load_default(pemda=pemda, actor=upg) == len(DEFAULT_QUESTIONS)
    first = Question.objects.get(pemda=pemda, source_key="bawaan-01")
    question_set_active(question=first, actor=upg, active=False)
    first.delete()  # never drawn: a fresh load brings exactly this one back
    assert question_bank_load_default(pemda=pemda, actor=upg) == 1
    assert question_bank_load_default(pemda=pemda, actor=upg) == 0
    assert Question.objects.filter(pemda=pemda).count() == len(DEFAULT_QUESTIONS)
    assert not Question.objects.filter(pemda=world.other_pemda).exists()
    assert TimelineEvent.objects.filter(type="outreach_question_bank_loaded").count() == 2


# --- the bank's rules ---------------------------------------------------------------------------


def test_question_checks_and_locks(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    base = QuestionData(
        text="  Batas lapor ke KPK?  ",
        options=["7 hari", "14 hari", "30 hari kerja", "60 hari"],
        correct="C",
        explanation="",
        topic="batas_waktu",
        legal_basis="Pasal 12C",
    )
    for bad, code in (
        (QuestionData(**{**base.__dict__, "options": ["a", "A ", "b", "c"]}), "duplicate"),
        (QuestionData(**{**base.__dict__, "correct": "E"}), "invalid"),
        (QuestionData(**{**base.__dict__, "topic": "spi"}), "invalid"),
        (QuestionData(**{**base.__dict__, "legal_basis": " "}), "invalid"),
        (QuestionData(**{**base.__dict__, "options": ["a", "b", "c"]}), "invalid"),
    ):
        with pytest.raises(ApplicationError) as exc:
            question_create(pemda=pemda, actor=upg, data=bad)
        assert code in exc.value.code
    q = question_create(pemda=pemda, actor=upg, data=base)
    assert q.text == "Batas lapor ke KPK?" and q.correct_text == "30 hari kerja"
    # Answered: text, options and the key are locked; the explanation is not.
    event = make_event(pemda)
    make_bank(pemda, 2)
    quiz = quiz_configure(event=event, kind="pre", actor=upg, question_count=3)
    quiz_open(quiz=quiz, actor=upg, now=NOW)
    quiz_submit(
        quiz=quiz, participant=make_participant(event, "Ani"), answers=answers_for(quiz, 3), now=NOW
    )
    with pytest.raises(ApplicationError) as exc:
        question_update(
            question=q, actor=upg, data=QuestionData(**{**base.__dict__, "correct": "A"})
        )
    assert exc.value.code == QuizError.QUESTION_LOCKED
    question_update(
        question=q, actor=upg, data=QuestionData(**{**base.__dict__, "explanation": "Pasal 12C."})
    )
    q.refresh_from_db()
    assert q.explanation == "Pasal 12C." and q.correct == "C"
    # Drawn into a test: never deleted; an unused question may be.
    with pytest.raises(ApplicationError) as exc:
        question_delete(question=q, actor=upg)
    assert exc.value.code == QuizError.QUESTION_IN_USE
    spare = make_bank(pemda, 1, topic="sanksi")[0]
    question_delete(question=spare, actor=upg)
    assert not Question.objects.filter(pk=spare.pk).exists()
    assert TimelineEvent.objects.filter(type="outreach_question_deleted").count() == 1


# --- draws --------------------------------------------------------------------------------------


def test_draws_are_stored_and_the_post_test_reuses_the_pre_test(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    bank = make_bank(pemda, 6) + make_bank(pemda, 3, topic="sanksi")
    question_set_active(question=bank[0], actor=upg, active=False)
    event = make_event(pemda)
    rng = random.Random(3)
    pre = quiz_configure(
        event=event, kind="pre", actor=upg, question_count=5, topics=["batas_waktu"], rng=rng
    )
    pre_ids = list(pre.items.order_by("position").values_list("question_id", flat=True))
    assert len(pre_ids) == 5 and bank[0].pk not in pre_ids  # active, of the chosen topic
    assert set(pre_ids) == {q.pk for q in bank[1:6]}
    post = quiz_configure(event=event, kind="post", actor=upg, question_count=2, rng=rng)
    assert post.reuse_pre and post.question_count == 5
    assert set(post.items.values_list("question_id", flat=True)) == set(pre_ids)
    # Too few active questions for the choice: a clear refusal, nothing changed.
    with pytest.raises(ApplicationError) as exc:
        quiz_configure(event=event, kind="pre", actor=upg, question_count=4, topics=["sanksi"])
    assert exc.value.code == QuizError.BANK_TOO_SMALL
    assert list(pre.items.order_by("position").values_list("question_id", flat=True)) == pre_ids
    # Redrawing the pre-test redraws the post-test that follows it.
    pre = quiz_configure(event=event, kind="pre", actor=upg, question_count=3, topics=["sanksi"])
    new_ids = set(pre.items.values_list("question_id", flat=True))
    assert new_ids == {q.pk for q in bank[6:]}
    post.refresh_from_db()
    assert set(post.items.values_list("question_id", flat=True)) == new_ids
    assert post.question_count == 3
    # A post-test of its own: an independent draw.
    own = quiz_configure(event=event, kind="post", actor=upg, question_count=4, reuse_pre=False)
    assert not own.reuse_pre and own.items.count() == 4
    # No pre-test yet: a post-test reusing it is refused.
    other = make_event(pemda, title="Tanpa tes awal")
    with pytest.raises(ApplicationError) as exc:
        quiz_configure(event=other, kind="post", actor=upg, question_count=3)
    assert exc.value.code == QuizError.NO_PRE_TEST
    cancelled = make_event(pemda, title="Batal", status="cancelled")
    with pytest.raises(ApplicationError) as exc:
        quiz_configure(event=cancelled, kind="pre", actor=upg, question_count=3)
    assert exc.value.code == QuizError.EVENT_CANCELLED
    assert TimelineEvent.objects.filter(type="outreach_quiz_configured").count() == 4


def test_questions_are_fixed_once_answered_or_open(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    make_bank(pemda, 6)
    event = make_event(pemda)
    pre, _post = quiz_pair(event)
    quiz_open(quiz=pre, actor=upg, now=NOW)
    with pytest.raises(ApplicationError) as exc:
        quiz_configure(event=event, kind="pre", actor=upg, question_count=5)
    assert exc.value.code == QuizError.IS_OPEN
    quiz_submit(
        quiz=pre, participant=make_participant(event, "Ani"), answers=answers_for(pre, 2), now=NOW
    )
    quiz_close(quiz=pre, actor=upg, now=NOW)
    with pytest.raises(ApplicationError) as exc:
        quiz_configure(event=event, kind="pre", actor=upg, question_count=5)
    assert exc.value.code == QuizError.HAS_ANSWERS
    # The post-test (no answers yet) may still be redrawn.
    quiz_configure(event=event, kind="post", actor=upg, question_count=5)


# --- opening, closing, taking -------------------------------------------------------------------


def test_opening_the_post_test_closes_the_pre_test_unless_configured(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    make_bank(pemda, 6)
    event = make_event(pemda)
    pre, post = quiz_pair(event)
    quiz_open(quiz=pre, actor=upg, now=NOW)
    post = quiz_open(quiz=post, actor=upg, now=NOW)
    pre.refresh_from_db()
    assert post.is_open and not pre.is_open
    with pytest.raises(ApplicationError) as exc:
        quiz_open(quiz=pre, actor=upg, now=NOW)
    assert exc.value.code == QuizError.POST_OPEN
    closed = TimelineEvent.objects.get(type="outreach_quiz_closed")
    assert closed.data == {"quiz_id": pre.pk, "kind": "pre", "automatic": True}
    # Configured to keep the pre-test open: both open at once.
    other = make_event(pemda, title="Keduanya dibuka")
    pre2 = quiz_configure(event=other, kind="pre", actor=upg, question_count=3)
    post2 = quiz_configure(
        event=other, kind="post", actor=upg, question_count=3, close_pre_on_open=False
    )
    quiz_open(quiz=pre2, actor=upg, now=NOW)
    post2 = quiz_open(quiz=post2, actor=upg, now=NOW)
    pre2.refresh_from_db()
    assert pre2.is_open and post2.is_open
    # A test without questions cannot be opened.
    Quiz.objects.filter(pk=pre2.pk).update(is_open=False)
    pre2.items.all().delete()
    with pytest.raises(ApplicationError) as exc:
        quiz_open(quiz=pre2, actor=upg, now=NOW)
    assert exc.value.code == QuizError.NO_QUESTIONS


def test_taking_a_test_refusals_and_score(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    make_bank(pemda, 9)
    event = make_event(pemda)
    pre, _post = quiz_pair(event, count=9)
    ani = make_participant(event, "Ani")
    absent = make_participant(event, "Budi", attended=False)

    def refused(participant: Participant, answers: dict[int, str], code: str) -> None:
        with pytest.raises(ApplicationError) as exc:
            quiz_submit(quiz=pre, participant=participant, answers=answers, now=NOW)
        assert exc.value.code == code

    refused(ani, answers_for(pre, 9), QuizError.NOT_OPEN)
    quiz_open(quiz=pre, actor=upg, now=NOW)
    refused(absent, answers_for(pre, 9), QuizError.NOT_ATTENDED)
    partial = dict(list(answers_for(pre, 9).items())[:7])
    refused(ani, partial, QuizError.INCOMPLETE)
    refused(ani, {**answers_for(pre, 9), 10**9: "A"}, QuizError.INVALID)
    refused(ani, dict.fromkeys(answers_for(pre, 9), "E"), QuizError.INVALID)
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()
    attempt = quiz_submit(quiz=pre, participant=ani, answers=answers_for(pre, 7), now=NOW)
    assert (attempt.correct_count, attempt.total, attempt.score) == (7, 9, 78)
    assert attempt.answers.filter(is_correct=True).count() == 7
    refused(ani, answers_for(pre, 9), QuizError.ALREADY_TAKEN)
    event_of_other = make_event(pemda, title="Lain")
    refused(make_participant(event_of_other, "Cici"), answers_for(pre, 9), QuizError.INVALID)
    # The participant's page: the pre-test taken, the post-test not open yet.
    tests = participant_tests(participant=ani)
    assert [t.quiz.kind for t in tests] == ["pre", "post"]
    assert tests[0].attempt == attempt and not tests[0].can_take
    assert "belum dibuka" in tests[1].refusal
    submitted = TimelineEvent.objects.get(type="outreach_quiz_submitted")
    assert "Ani" not in str(submitted.data) + submitted.actor_label


@pytest.mark.parametrize(
    ("correct", "total", "score"),
    [(0, 5, 0), (1, 3, 33), (2, 3, 67), (7, 9, 78), (1, 8, 13), (5, 5, 100), (0, 0, 0)],
)
def test_score_is_the_share_right_rounded_half_up(correct: int, total: int, score: int) -> None:
    assert score_of(correct=correct, total=total) == score


# --- results ------------------------------------------------------------------------------------


def test_results_knowledge_gain_over_those_who_took_both(world: Any) -> None:
    pemda, upg = world.pemda, world.users["upg"]
    make_bank(pemda, 5)
    event = make_event(pemda)
    pre, post = quiz_pair(event, count=5)
    people = {name: make_participant(event, name) for name in ("Ani", "Budi", "Cici", "Dedi")}
    quiz_open(quiz=pre, actor=upg, now=NOW)
    for name, right in (("Ani", 2), ("Budi", 3), ("Cici", 1)):  # 40, 60, 20
        quiz_submit(quiz=pre, participant=people[name], answers=answers_for(pre, right), now=NOW)
    quiz_open(quiz=post, actor=upg, now=NOW)
    for name, right in (("Ani", 4), ("Budi", 3), ("Dedi", 5)):  # 80, 60, 100
        quiz_submit(quiz=post, participant=people[name], answers=answers_for(post, right), now=NOW)
    r = event_results(event=event, with_people=True)
    assert (r.pre_n, str(r.pre_mean)) == (3, "40.0")
    assert (r.post_n, str(r.post_mean)) == (3, "80.0")
    assert (r.both_n, str(r.gain)) == (2, "20.0")  # Ani +40, Budi 0
    assert (r.improved_n, str(r.improved_percent)) == (1, "50.0")
    assert r.pre_bands == [0, 1, 1, 1, 0] and r.post_bands == [0, 0, 0, 1, 2]
    rows = {p.participant.name: (p.pre, p.post, p.gain) for p in r.people}
    assert rows == {
        "Ani": (40, 80, 40),
        "Budi": (60, 60, 0),
        "Cici": (20, None, None),
        "Dedi": (None, 100, None),
    }
    assert len(r.questions) == 5
    first = r.questions[0]
    # The first pre-test question: right for all three (each got at least one right).
    assert (first.pre_n, str(first.pre_rate)) == (3, "100.0")
    assert first.post_n == 3
    assert not event_results(event=event, with_people=False).people
    empty = event_results(event=make_event(pemda, title="Kosong"), with_people=True)
    assert not empty.has_data and empty.gain is None and empty.questions == []
