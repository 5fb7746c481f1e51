"""Writes of the question bank and the pre/post tests (issue #7 point 1).

Rules:
- The bank belongs to the pemda. A question has four distinct options A–D and one correct
  answer. Once anyone has answered it, its text, options and correct answer are locked (the
  answers record what was asked); the explanation, topic, legal basis and the active flag stay
  editable. A question drawn into a test is never deleted, only deactivated.
- An event has at most one pre-test and one post-test. The UPG chooses the number of questions
  and optionally topics; the draw from the active bank is random and stored, so everyone taking
  that test gets the same questions. The post-test reuses the pre-test's questions by default
  (shown in another order), so the knowledge gain compares like with like; redrawing the
  pre-test then redraws the post-test too. Questions change only while the test is closed and
  nobody has answered it.
- Opening the post-test closes the pre-test, unless the UPG configured otherwise.
- A participant takes each test once, by their own code, only after their attendance is recorded
  (check-in first: a test measures what the event taught, so only people who were there count),
  only while the test is open, and must answer every question. The score is the share of right
  answers, 0–100, rounded half up.

Every change writes a timeline event in its transaction: bank changes on the question (loading
the default bank on the pemda), test configuration and opening/closing on the event, a
submission on the attempt (without the participant's name: personal data stays on the row).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.org.models import Pemda
from sehati.outreach.models import (
    Event,
    Participant,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
)
from sehati.outreach.question_bank_default import DEFAULT_QUESTIONS

MAX_TEXT = 2_000
MAX_OPTION = 500
MAX_EXPLANATION = 5_000
MAX_BASIS = 300
MIN_COUNT, MAX_COUNT = 1, 50
PARTICIPANT_ACTOR = "peserta (kode peserta)"
LETTERS = ("A", "B", "C", "D")


class QuizError(StrEnum):
    INVALID = "quiz_invalid"
    DUPLICATE_OPTIONS = "quiz_question_duplicate_options"
    QUESTION_LOCKED = "quiz_question_locked"
    QUESTION_IN_USE = "quiz_question_in_use"
    EVENT_CANCELLED = "quiz_event_cancelled"
    BANK_TOO_SMALL = "quiz_bank_too_small"
    NO_PRE_TEST = "quiz_no_pre_test"
    HAS_ANSWERS = "quiz_has_answers"
    IS_OPEN = "quiz_is_open"
    NO_QUESTIONS = "quiz_no_questions"
    POST_OPEN = "quiz_post_open"
    NOT_OPEN = "quiz_not_open"
    NOT_ATTENDED = "quiz_not_attended"
    ALREADY_TAKEN = "quiz_already_taken"
    INCOMPLETE = "quiz_answers_incomplete"


@dataclass(frozen=True)
class QuestionData:
    text: str
    options: Sequence[str]  # A, B, C, D
    correct: str
    explanation: str
    topic: str
    legal_basis: str


def _norm(text: str) -> str:
    return " ".join(text.split())


def question_data_check(data: QuestionData) -> QuestionData:
    """The question cleaned (whitespace collapsed), or an ApplicationError saying what is
    wrong: empty or too long texts, not four options, two options alike, the correct answer
    not one of A–D, an unknown topic, no legal basis."""
    text = data.text.strip()
    options = [_norm(o) for o in data.options]
    if not text or len(text) > MAX_TEXT:
        raise ApplicationError(
            _("Tulis pertanyaannya (paling banyak %(n)d karakter).") % {"n": MAX_TEXT},
            code=QuizError.INVALID,
        )
    if len(options) != 4 or any(not o or len(o) > MAX_OPTION for o in options):
        raise ApplicationError(
            _("Isi keempat pilihan A sampai D (masing-masing paling banyak %(n)d karakter).")
            % {"n": MAX_OPTION},
            code=QuizError.INVALID,
        )
    if len({o.casefold() for o in options}) != 4:
        raise ApplicationError(
            _("Keempat pilihan harus berbeda satu sama lain."), code=QuizError.DUPLICATE_OPTIONS
        )
    if data.correct not in LETTERS:
        raise ApplicationError(
            _("Pilih jawaban yang benar: A, B, C atau D."), code=QuizError.INVALID
        )
    if data.topic not in Question.Topic.values:
        raise ApplicationError(_("Pilih topik soal."), code=QuizError.INVALID)
    basis = _norm(data.legal_basis)
    if not basis or len(basis) > MAX_BASIS:
        raise ApplicationError(
            _("Tulis dasar hukumnya (pasal yang dirujuk, paling banyak %(n)d karakter).")
            % {"n": MAX_BASIS},
            code=QuizError.INVALID,
        )
    explanation = data.explanation.strip()
    if len(explanation) > MAX_EXPLANATION:
        raise ApplicationError(
            _("Pembahasan paling banyak %(n)d karakter.") % {"n": MAX_EXPLANATION},
            code=QuizError.INVALID,
        )
    return QuestionData(
        text=text,
        options=options,
        correct=data.correct,
        explanation=explanation,
        topic=data.topic,
        legal_basis=basis,
    )


def question_is_answered(*, question: Question) -> bool:
    return QuizAnswer.objects.filter(question=question).exists()


def question_is_used(*, question: Question) -> bool:
    return QuizQuestion.objects.filter(question=question).exists()


@transaction.atomic
def question_create(*, pemda: Pemda, actor: Any, data: QuestionData) -> Question:
    clean = question_data_check(data)
    question = Question.objects.create(
        pemda=pemda,
        text=clean.text,
        option_a=clean.options[0],
        option_b=clean.options[1],
        option_c=clean.options[2],
        option_d=clean.options[3],
        correct=clean.correct,
        explanation=clean.explanation,
        topic=clean.topic,
        legal_basis=clean.legal_basis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    timeline_record(
        subject=question, type="outreach_question_created", actor=actor, data={"topic": clean.topic}
    )
    return question


@transaction.atomic
def question_update(*, question: Question, actor: Any, data: QuestionData) -> Question:
    """Change a question. Refused for the text, options and correct answer of a question that
    has been answered (deactivate it and write a new one instead)."""
    clean = question_data_check(data)
    question = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
    before = question.options, question.text, question.correct
    after = list(zip(LETTERS, clean.options, strict=True)), clean.text, clean.correct
    locked_changed = before != after
    if locked_changed and question_is_answered(question=question):
        raise ConflictError(
            _(
                "Soal ini sudah dijawab peserta: pertanyaan, pilihan dan kunci jawabannya tidak "
                "dapat diubah. Nonaktifkan soal ini dan buat soal baru."
            ),
            code=QuizError.QUESTION_LOCKED,
        )
    changed = []
    for field, value in (
        ("text", clean.text),
        ("option_a", clean.options[0]),
        ("option_b", clean.options[1]),
        ("option_c", clean.options[2]),
        ("option_d", clean.options[3]),
        ("correct", clean.correct),
        ("explanation", clean.explanation),
        ("topic", clean.topic),
        ("legal_basis", clean.legal_basis),
    ):
        if getattr(question, field) != value:
            setattr(question, field, value)
            changed.append(field)
    if changed:
        question.save(update_fields=[*changed, "updated_at"])
        timeline_record(
            subject=question,
            type="outreach_question_updated",
            actor=actor,
            data={"fields": changed},
        )
    return question


@transaction.atomic
def question_set_active(*, question: Question, actor: Any, active: bool) -> Question:
    """Activate or deactivate a question. A deactivated question is not drawn into new tests;
    tests that already hold it keep it."""
    question = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
    if question.is_active == active:
        return question
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    timeline_record(
        subject=question,
        type="outreach_question_activated" if active else "outreach_question_deactivated",
        actor=actor,
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: Any) -> None:
    """Delete a question that was never drawn into a test; one that was is only deactivated."""
    question = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
    if question_is_used(question=question):
        raise ConflictError(
            _(
                "Soal ini sudah dipakai dalam tes sehingga tidak dapat dihapus; nonaktifkan saja "
                "agar tidak terpilih lagi."
            ),
            code=QuizError.QUESTION_IN_USE,
        )
    timeline_record(
        subject=question,
        type="outreach_question_deleted",
        actor=actor,
        data={"text": question.text[:200]},
    )
    question.delete()


@transaction.atomic
def question_bank_load_default(*, pemda: Pemda, actor: Any) -> int:
    """Add SEHATI's default questions the pemda's bank lacks (by key); returns how many were
    added. Loading twice adds nothing; loaded questions the UPG edited or deactivated stay."""
    have = set(
        Question.objects.filter(pemda=pemda)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    new = [
        Question(
            pemda=pemda,
            text=d.text,
            option_a=d.options[0],
            option_b=d.options[1],
            option_c=d.options[2],
            option_d=d.options[3],
            correct=d.correct,
            explanation=d.explanation,
            topic=d.topic,
            legal_basis=d.legal_basis,
            source_key=d.key,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for d in DEFAULT_QUESTIONS
        if d.key not in have
    ]
    if new:
        Question.objects.bulk_create(new)
        timeline_record(
            subject=pemda,
            type="outreach_question_bank_loaded",
            actor=actor,
            data={"added": len(new)},
        )
    return len(new)


# --- tests of an event ------------------------------------------------------------------------


def _refuse_cancelled(event: Event) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ConflictError(
            _("Kegiatan ini dibatalkan; tesnya tidak dapat diatur atau dibuka."),
            code=QuizError.EVENT_CANCELLED,
        )


def _set_items(quiz: Quiz, question_ids: Sequence[int]) -> None:
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question_id=qid, position=n)
        for n, qid in enumerate(question_ids, start=1)
    )


def _has_answers(quiz: Quiz | None) -> bool:
    return quiz is not None and QuizAttempt.objects.filter(quiz=quiz).exists()


@transaction.atomic
def quiz_configure(
    *,
    event: Event,
    kind: str,
    actor: Any,
    question_count: int,
    topics: Iterable[str] = (),
    reuse_pre: bool = True,
    close_pre_on_open: bool = True,
    rng: random.Random | None = None,
) -> Quiz:
    """Create or redraw the event's pre-test or post-test.

    The pre-test (and a post-test with `reuse_pre` False) draws `question_count` questions at
    random from the pemda's active bank, limited to `topics` when given. A post-test with
    `reuse_pre` takes the pre-test's questions in a new random order (count and topics follow
    the pre-test). Refused for a cancelled event, while the test is open, once anyone answered
    it, and when the bank holds too few active questions."""
    rng = rng or random.SystemRandom()
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    _refuse_cancelled(event)
    if kind not in Quiz.Kind.values:
        raise ApplicationError(_("Jenis tes tidak dikenal."), code=QuizError.INVALID)
    if not MIN_COUNT <= question_count <= MAX_COUNT:
        raise ApplicationError(
            _("Jumlah soal antara %(lo)d dan %(hi)d.") % {"lo": MIN_COUNT, "hi": MAX_COUNT},
            code=QuizError.INVALID,
        )
    chosen_topics = sorted(set(topics))
    if any(t not in Question.Topic.values for t in chosen_topics):
        raise ApplicationError(_("Topik tidak dikenal."), code=QuizError.INVALID)
    quizzes = {q.kind: q for q in Quiz.objects.select_for_update(of=("self",)).filter(event=event)}
    quiz = quizzes.get(kind)
    label = Quiz.Kind(kind).label
    if quiz is not None and quiz.is_open:
        raise ConflictError(
            _("%(test)s sedang dibuka; tutup lebih dulu sebelum mengubah soalnya.")
            % {"test": label},
            code=QuizError.IS_OPEN,
        )
    if _has_answers(quiz):
        raise ConflictError(
            _("%(test)s sudah dijawab peserta; soalnya tidak dapat diubah lagi.") % {"test": label},
            code=QuizError.HAS_ANSWERS,
        )
    post = quizzes.get(Quiz.Kind.POST)
    follower = post if kind == Quiz.Kind.PRE and post is not None and post.reuse_pre else None
    if follower is not None and (follower.is_open or _has_answers(follower)):
        raise ConflictError(
            _(
                "Tes akhir memakai soal tes awal dan sedang dibuka atau sudah dijawab; soal tes "
                "awal tidak dapat diubah lagi."
            ),
            code=QuizError.HAS_ANSWERS,
        )
    reuse = kind == Quiz.Kind.POST and reuse_pre
    if reuse:
        pre = quizzes.get(Quiz.Kind.PRE)
        pre_ids = list(pre.items.values_list("question_id", flat=True)) if pre else []
        if pre is None or not pre_ids:
            raise ApplicationError(
                _("Atur tes awal lebih dulu: tes akhir memakai soal tes awal."),
                code=QuizError.NO_PRE_TEST,
            )
        ids = rng.sample(pre_ids, len(pre_ids))
        question_count, chosen_topics = len(ids), list(pre.topics)
    else:
        pool = Question.objects.filter(pemda_id=event.pemda_id, is_active=True)
        if chosen_topics:
            pool = pool.filter(topic__in=chosen_topics)
        pool_ids = sorted(pool.values_list("id", flat=True))
        if len(pool_ids) < question_count:
            raise ApplicationError(
                _(
                    "Bank soal aktif hanya berisi %(have)d soal untuk pilihan ini; kurangi "
                    "jumlah soal, tambah topik, atau tambah soal ke bank."
                )
                % {"have": len(pool_ids)},
                code=QuizError.BANK_TOO_SMALL,
            )
        ids = rng.sample(pool_ids, question_count)
    fields = {
        "question_count": question_count,
        "topics": chosen_topics,
        "reuse_pre": reuse,
        "close_pre_on_open": close_pre_on_open if kind == Quiz.Kind.POST else True,
    }
    if quiz is None:
        quiz = Quiz.objects.create(
            pemda_id=event.pemda_id,
            event=event,
            kind=kind,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
    else:
        for name, value in fields.items():
            setattr(quiz, name, value)
        quiz.save(update_fields=[*fields, "updated_at"])
    _set_items(quiz, ids)
    if follower is not None:
        follower.question_count, follower.topics = question_count, chosen_topics
        follower.save(update_fields=["question_count", "topics", "updated_at"])
        _set_items(follower, rng.sample(ids, len(ids)))
    timeline_record(
        subject=event,
        type="outreach_quiz_configured",
        actor=actor,
        data={
            "quiz_id": quiz.pk,
            "kind": kind,
            "question_count": question_count,
            "topics": chosen_topics,
            "reuse_pre": reuse,
            "post_redrawn": follower is not None,
        },
    )
    return quiz


@transaction.atomic
def quiz_open(*, quiz: Quiz, actor: Any, now: dt.datetime) -> Quiz:
    """Open a test for participants. Opening the post-test closes the pre-test when the test
    says so. Refused without questions, for a cancelled event, and for the pre-test while a
    post-test that closes it is open. Opening an open test changes nothing."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("event").get(pk=quiz.pk)
    _refuse_cancelled(quiz.event)
    if quiz.is_open:
        return quiz
    if not quiz.items.exists():
        raise ApplicationError(
            _("Tes ini belum berisi soal; atur soalnya lebih dulu."), code=QuizError.NO_QUESTIONS
        )
    other = (
        Quiz.objects.select_for_update(of=("self",))
        .filter(event_id=quiz.event_id)
        .exclude(kind=quiz.kind)
        .first()
    )
    if quiz.is_pre and other is not None and other.is_open and other.close_pre_on_open:
        raise ConflictError(
            _("Tes akhir sedang dibuka; tes awal tidak dapat dibuka bersamaan."),
            code=QuizError.POST_OPEN,
        )
    quiz.is_open, quiz.opened_at = True, now
    quiz.save(update_fields=["is_open", "opened_at", "updated_at"])
    timeline_record(
        subject=quiz.event,
        type="outreach_quiz_opened",
        actor=actor,
        data={"quiz_id": quiz.pk, "kind": quiz.kind},
    )
    if quiz.is_post and quiz.close_pre_on_open and other is not None and other.is_open:
        _close(other, actor=actor, now=now, automatic=True)
    return quiz


def _close(quiz: Quiz, *, actor: Any, now: dt.datetime, automatic: bool) -> None:
    quiz.is_open, quiz.closed_at = False, now
    quiz.save(update_fields=["is_open", "closed_at", "updated_at"])
    timeline_record(
        subject=quiz.event,
        type="outreach_quiz_closed",
        actor=actor,
        data={"quiz_id": quiz.pk, "kind": quiz.kind, "automatic": automatic},
    )


@transaction.atomic
def quiz_close(*, quiz: Quiz, actor: Any, now: dt.datetime) -> Quiz:
    """Close a test: no more submissions (it can be opened again). Closing a closed test
    changes nothing."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("event").get(pk=quiz.pk)
    if quiz.is_open:
        _close(quiz, actor=actor, now=now, automatic=False)
    return quiz


# --- taking a test ----------------------------------------------------------------------------


def score_of(*, correct: int, total: int) -> int:
    """The score 0–100: the share of right answers, rounded half up (7 of 9 is 78)."""
    if total <= 0:
        return 0
    return (200 * correct + total) // (2 * total)


def quiz_refusal(*, quiz: Quiz, participant: Participant, taken: bool | None = None) -> str:
    """Why the participant may not take the test now ("" when they may). `taken` saves a
    query when the caller knows whether the participant already submitted."""
    if participant.event_id != quiz.event_id:
        return _("Tes ini bukan untuk kegiatan Anda.")
    if taken is None:
        taken = QuizAttempt.objects.filter(quiz=quiz, participant=participant).exists()
    if taken:
        return _("Anda sudah mengerjakan tes ini.")
    if quiz.event.status == Event.Status.CANCELLED:
        return _("Kegiatan ini dibatalkan.")
    if participant.attended_at is None:
        return _(
            "Tes dapat dikerjakan setelah kehadiran Anda tercatat. Lakukan presensi lebih dulu "
            "(pindai kode QR kegiatan atau tekan Saya hadir)."
        )
    if not quiz.is_open:
        return _("%(test)s belum dibuka atau sudah ditutup.") % {"test": quiz.get_kind_display()}
    return ""


@transaction.atomic
def quiz_submit(
    *, quiz: Quiz, participant: Participant, answers: Mapping[int, str], now: dt.datetime
) -> QuizAttempt:
    """Record a participant's answers (question id → "A"–"D") and score them. Every question of
    the test must be answered, once; anything else is refused and nothing is saved."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("event").get(pk=quiz.pk)
    refusal = quiz_refusal(quiz=quiz, participant=participant)
    if refusal:
        code = QuizError.ALREADY_TAKEN
        if participant.attended_at is None:
            code = QuizError.NOT_ATTENDED
        elif not quiz.is_open:
            code = QuizError.NOT_OPEN
        if participant.event_id != quiz.event_id:
            code = QuizError.INVALID
        raise ConflictError(refusal, code=code)
    items = list(quiz.items.select_related("question"))
    wanted = {i.question_id for i in items}
    unknown = set(answers) - wanted
    if unknown or any(answers[q] not in LETTERS for q in answers):
        raise ApplicationError(
            _("Jawaban tidak sesuai dengan soal tes ini; muat ulang halaman tesnya."),
            code=QuizError.INVALID,
        )
    missing = len(wanted - set(answers))
    if missing:
        raise ApplicationError(
            _("Masih ada %(n)d soal yang belum dijawab; jawab semua soal lalu kirim lagi.")
            % {"n": missing},
            code=QuizError.INCOMPLETE,
            extra={"missing": missing},
        )
    right = {i.question_id: i.question.correct for i in items}
    correct = sum(1 for q, choice in answers.items() if right[q] == choice)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                pemda_id=quiz.pemda_id,
                quiz=quiz,
                participant=participant,
                correct_count=correct,
                total=len(items),
                score=score_of(correct=correct, total=len(items)),
                submitted_at=now,
            )
    except IntegrityError:
        raise ConflictError(
            _("Anda sudah mengerjakan tes ini."), code=QuizError.ALREADY_TAKEN
        ) from None
    QuizAnswer.objects.bulk_create(
        QuizAnswer(
            attempt=attempt,
            question_id=i.question_id,
            chosen=answers[i.question_id],
            is_correct=answers[i.question_id] == i.question.correct,
        )
        for i in items
    )
    timeline_record(
        subject=attempt,
        type="outreach_quiz_submitted",
        actor=PARTICIPANT_ACTOR,
        data={"quiz_id": quiz.pk, "kind": quiz.kind},
    )
    return attempt
