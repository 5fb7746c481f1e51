"""REST API of the question bank and the pre/post tests (issue #7 points 1 and 6).

Staff (signed in): the bank and loading SEHATI's default bank (the UPG), an event's tests,
drawing their questions and opening/closing them (the UPG), and the results (everyone who sees
the event; per-participant scores only for the UPG and the Inspektur, null for others).

A participant, by their secret code and without login: their tests, one test's questions
without the answers, and sending the answers (once per test, after their attendance is
recorded). The post-test's answer returns the right answers and explanations; the pre-test's
only the score, so the post-test stays meaningful."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    access_outreach_event,
    access_quiz,
    access_quiz_question,
    outreach_content_visible,
)
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.org.models import Pemda
from sehati.outreach import quiz_selectors as qsel
from sehati.outreach import quiz_services as qsvc
from sehati.outreach.models import Question, Quiz, QuizAttempt
from sehati.outreach.selectors import participant_for_code

router = Router(tags=["Sosialisasi: bank soal dan tes"])
QuestionId = PathEx[int, P(ge=1, le=ID_MAX)]
EventId = PathEx[int, P(ge=1, le=ID_MAX)]
QuizId = PathEx[int, P(ge=1, le=ID_MAX)]
Code = PathEx[str, P(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
Phase = Literal["pre", "post"]
Letter = Literal["A", "B", "C", "D"]
TopicCode = Literal[
    "pengertian", "wajib_lapor", "batas_waktu", "pengecualian", "sanksi", "penanganan", "upg"
]
Text = Annotated[str, Field(min_length=1, max_length=qsvc.MAX_TEXT, pattern=NO_NUL)]
OptionText = Annotated[str, Field(min_length=1, max_length=qsvc.MAX_OPTION, pattern=NO_NUL)]


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


# --- the question bank --------------------------------------------------------------------------


class QuizQuestionOut(Schema):
    id: int
    text: str
    options: dict[str, str] = Field(description="Pilihan A–D")
    correct: str
    explanation: str
    topic: str
    legal_basis: str
    is_active: bool
    is_default: bool = Field(description="Dimuat dari bank soal bawaan SEHATI")
    used_in_tests: int
    locked: bool = Field(
        description="Sudah dijawab: pertanyaan, pilihan dan kunci tidak dapat diubah"
    )

    @staticmethod
    def resolve_options(obj: Question) -> dict[str, str]:
        return dict(obj.options)

    @staticmethod
    def resolve_is_default(obj: Question) -> bool:
        return bool(obj.source_key)

    @staticmethod
    def resolve_used_in_tests(obj: Question) -> int:
        used = getattr(obj, "used_in", None)
        return int(used) if used is not None else obj.quiz_items.count()

    @staticmethod
    def resolve_locked(obj: Question) -> bool:
        answered = getattr(obj, "answered", None)
        return bool(answered) if answered is not None else qsvc.question_is_answered(question=obj)


class QuizQuestionFilter(Schema):
    q: SearchText = ""
    topic: Annotated[
        str,
        Field(pattern="^(|pengertian|wajib_lapor|batas_waktu|pengecualian|sanksi|penanganan|upg)$"),
    ] = ""
    status: Annotated[str, Field(pattern="^(|active|inactive)$")] = ""


@router.get(
    "/outreach/questions",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: list[QuizQuestionOut], **COMMON_ERRORS},
    summary="Bank soal pemda (cari, saring topik dan status)",
)
@paginate(Pagination)
def question_list_op(request: HttpRequest, filters: Query[QuizQuestionFilter]) -> Any:
    return qsel.question_list(
        pemda_id=_pemda(request).pk, q=filters.q, topic=filters.topic, status=filters.status
    )


class QuizQuestionIn(Schema):
    text: Text
    options: Annotated[list[OptionText], Field(min_length=4, max_length=4)] = Field(
        description="Empat pilihan berbeda, berurutan A, B, C, D"
    )
    correct: Letter
    explanation: Annotated[str, Field(max_length=qsvc.MAX_EXPLANATION, pattern=NO_NUL)] = ""
    topic: TopicCode
    legal_basis: Annotated[str, Field(min_length=1, max_length=qsvc.MAX_BASIS, pattern=NO_NUL)]


def _data(payload: Any) -> qsvc.QuestionData:
    return qsvc.QuestionData(
        text=payload.text,
        options=list(payload.options),
        correct=payload.correct,
        explanation=payload.explanation,
        topic=payload.topic,
        legal_basis=payload.legal_basis,
    )


@router.post(
    "/outreach/questions",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={201: QuizQuestionOut, **COMMON_ERRORS},
    summary="Tambah soal ke bank soal",
)
def question_create_op(request: HttpRequest, payload: QuizQuestionIn) -> Any:
    question = qsvc.question_create(pemda=_pemda(request), actor=request.user, data=_data(payload))
    return Status(201, question)


class QuizBankLoadOut(Schema):
    added: int
    active_total: int


@router.post(
    "/outreach/questions/load-default",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizBankLoadOut, **COMMON_ERRORS},
    summary="Muat bank soal bawaan SEHATI (hanya soal yang belum ada; aman diulang)",
)
def question_load_default_op(request: HttpRequest) -> Any:
    pemda = _pemda(request)
    added = qsvc.question_bank_load_default(pemda=pemda, actor=request.user)
    return {"added": added, "active_total": qsel.bank_counts(pemda_id=pemda.pk)["total"]}


@router.get(
    "/outreach/questions/{question_id}",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizQuestionOut, **COMMON_ERRORS},
    summary="Satu soal bank soal",
)
def question_get_op(request: HttpRequest, question_id: QuestionId) -> Any:
    return access_quiz_question(request.user, question_id)


class QuizQuestionPatch(Schema):
    """Only the fields sent change. Text, options and correct answer of an answered question
    are locked (409 quiz_question_locked)."""

    text: Annotated[str | None, Field(min_length=1, max_length=qsvc.MAX_TEXT, pattern=NO_NUL)] = (
        None
    )
    options: Annotated[list[OptionText] | None, Field(min_length=4, max_length=4)] = None
    correct: Letter | None = None
    explanation: Annotated[str | None, Field(max_length=qsvc.MAX_EXPLANATION, pattern=NO_NUL)] = (
        None
    )
    topic: TopicCode | None = None
    legal_basis: Annotated[
        str | None, Field(min_length=1, max_length=qsvc.MAX_BASIS, pattern=NO_NUL)
    ] = None
    is_active: bool | None = None


@router.patch(
    "/outreach/questions/{question_id}",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizQuestionOut, **COMMON_ERRORS},
    summary="Ubah atau nonaktifkan soal (hanya kolom yang dikirim)",
)
def question_update_op(
    request: HttpRequest, question_id: QuestionId, payload: QuizQuestionPatch
) -> Any:
    question = access_quiz_question(request.user, question_id)
    sent = payload.dict(exclude_unset=True)
    content = {k: v for k, v in sent.items() if k != "is_active" and v is not None}
    if content:
        current = {
            "text": question.text,
            "options": [o for _letter, o in question.options],
            "correct": question.correct,
            "explanation": question.explanation,
            "topic": question.topic,
            "legal_basis": question.legal_basis,
        }
        question = qsvc.question_update(
            question=question,
            actor=request.user,
            data=qsvc.QuestionData(**{**current, **content}),
        )
    if sent.get("is_active") is not None:
        question = qsvc.question_set_active(
            question=question, actor=request.user, active=bool(sent["is_active"])
        )
    return question


# --- an event's tests ---------------------------------------------------------------------------


class QuizTestOut(Schema):
    id: int
    event_id: int
    kind: str
    question_count: int
    topics: list[str]
    reuse_pre: bool
    close_pre_on_open: bool
    is_open: bool
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    respondents: int
    question_ids: list[int] = Field(description="Soal yang terundi, berurutan")

    @staticmethod
    def resolve_respondents(obj: Quiz) -> int:
        found = getattr(obj, "respondents", None)
        return int(found) if found is not None else obj.attempts.count()

    @staticmethod
    def resolve_question_ids(obj: Quiz) -> list[int]:
        return list(obj.items.order_by("position").values_list("question_id", flat=True))


@router.get(
    "/outreach/events/{event_id}/tests",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: list[QuizTestOut], **COMMON_ERRORS},
    summary="Tes awal dan tes akhir sebuah kegiatan",
)
def event_tests_op(request: HttpRequest, event_id: EventId) -> Any:
    event = access_outreach_event(request.user, event_id)
    quizzes = qsel.event_quizzes(event=event)
    return [quizzes[k] for k in Quiz.Kind.values if k in quizzes]


class QuizConfigureIn(Schema):
    kind: Phase
    question_count: Annotated[int, Field(ge=qsvc.MIN_COUNT, le=qsvc.MAX_COUNT)] = 10
    topics: Annotated[list[TopicCode], Field(max_length=7)] = []
    reuse_pre: bool = Field(True, description="Tes akhir saja: pakai soal tes awal")
    close_pre_on_open: bool = Field(True, description="Tes akhir saja: tutup tes awal saat dibuka")


@router.post(
    "/outreach/events/{event_id}/tests",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizTestOut, **COMMON_ERRORS},
    summary="Atur tes awal atau tes akhir: undi dan simpan soalnya (undi ulang bila belum dijawab)",
    description=(
        "409 quiz_has_answers bila sudah ada yang menjawab, quiz_is_open bila sedang dibuka; "
        "422 quiz_bank_too_small bila bank soal aktif kurang."
    ),
)
def event_tests_configure_op(
    request: HttpRequest, event_id: EventId, payload: QuizConfigureIn
) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    quiz = qsvc.quiz_configure(
        event=event,
        kind=payload.kind,
        actor=request.user,
        question_count=payload.question_count,
        topics=payload.topics,
        reuse_pre=payload.reuse_pre,
        close_pre_on_open=payload.close_pre_on_open,
    )
    return qsel.event_quizzes(event=event)[quiz.kind]


def _quiz_out(quiz: Quiz) -> Quiz:
    return qsel.event_quizzes(event=quiz.event)[quiz.kind]


@router.post(
    "/outreach/tests/{quiz_id}/open",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizTestOut, **COMMON_ERRORS},
    summary="Buka tes untuk peserta yang hadir (tes akhir menutup tes awal bila diatur begitu)",
)
def quiz_open_op(request: HttpRequest, quiz_id: QuizId) -> Any:
    quiz = access_quiz(request.user, quiz_id)
    return _quiz_out(qsvc.quiz_open(quiz=quiz, actor=request.user, now=timezone.now()))


@router.post(
    "/outreach/tests/{quiz_id}/close",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: QuizTestOut, **COMMON_ERRORS},
    summary="Tutup tes (dapat dibuka lagi)",
)
def quiz_close_op(request: HttpRequest, quiz_id: QuizId) -> Any:
    quiz = access_quiz(request.user, quiz_id)
    return _quiz_out(qsvc.quiz_close(quiz=quiz, actor=request.user, now=timezone.now()))


class QuizResultsSummaryOut(Schema):
    pre_n: int
    pre_mean: Decimal | None
    post_n: int
    post_mean: Decimal | None
    both_n: int = Field(description="Peserta yang mengerjakan kedua tes")
    knowledge_gain: Decimal | None = Field(
        description="Rata-rata (nilai tes akhir − tes awal) dari both_n peserta"
    )
    improved_n: int
    improved_percent: Decimal | None


class QuizResultsQuestionOut(Schema):
    position: int
    question_id: int
    text: str
    correct: str
    pre_percent_correct: Decimal | None
    pre_n: int
    post_percent_correct: Decimal | None
    post_n: int


class QuizResultsPersonOut(Schema):
    participant_id: int
    name: str
    pre_score: int | None
    post_score: int | None
    gain: int | None


class QuizResultsOut(Schema):
    event_id: int
    summary: QuizResultsSummaryOut
    questions: list[QuizResultsQuestionOut]
    participants: list[QuizResultsPersonOut] | None = Field(
        None, description="Hanya untuk UPG dan Inspektur"
    )


@router.get(
    "/outreach/events/{event_id}/test-results",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: QuizResultsOut, **COMMON_ERRORS},
    summary="Hasil tes: rata-rata, kenaikan pengetahuan, per soal (dan per peserta)",
)
@reads_from_replica
def event_results_op(request: HttpRequest, event_id: EventId) -> Any:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    r = qsel.event_results(event=event, with_people=full)
    return {
        "event_id": event.pk,
        "summary": {
            "pre_n": r.pre_n,
            "pre_mean": r.pre_mean,
            "post_n": r.post_n,
            "post_mean": r.post_mean,
            "both_n": r.both_n,
            "knowledge_gain": r.gain,
            "improved_n": r.improved_n,
            "improved_percent": r.improved_percent,
        },
        "questions": [
            {
                "position": row.position,
                "question_id": row.question.pk,
                "text": row.question.text,
                "correct": row.question.correct,
                "pre_percent_correct": row.pre_rate,
                "pre_n": row.pre_n,
                "post_percent_correct": row.post_rate,
                "post_n": row.post_n,
            }
            for row in r.questions
        ],
        "participants": [
            {
                "participant_id": p.participant.pk,
                "name": p.participant.name,
                "pre_score": p.pre,
                "post_score": p.post,
                "gain": p.gain,
            }
            for p in r.people
        ]
        if full
        else None,
    }


# --- a participant's tests (by their code, no login) --------------------------------------------


class QuizOwnTestOut(Schema):
    kind: str
    question_count: int
    is_open: bool
    can_take: bool
    refusal: str = Field(description="Mengapa belum dapat dikerjakan (kosong bila dapat)")
    score: int | None = Field(description="Nilai 0–100 bila sudah dikerjakan")


def _own_out(test: qsel.ParticipantTest) -> dict[str, Any]:
    return {
        "kind": test.quiz.kind,
        "question_count": test.quiz.question_count,
        "is_open": test.quiz.is_open,
        "can_take": test.can_take,
        "refusal": test.refusal,
        "score": test.attempt.score if test.attempt else None,
    }


@router.get(
    "/outreach/participant/{code}/tests",
    auth=None,
    response={200: list[QuizOwnTestOut], **COMMON_ERRORS},
    summary="Tes peserta sendiri (tes awal dan tes akhir) dengan kode rahasianya",
)
def own_tests_op(request: HttpRequest, code: Code) -> Any:
    participant = participant_for_code(code)
    return [_own_out(t) for t in qsel.participant_tests(participant=participant)]


class QuizTakeQuestionOut(Schema):
    question_id: int
    position: int
    text: str
    options: dict[str, str]


class QuizTakeOut(Schema):
    test: QuizOwnTestOut
    questions: list[QuizTakeQuestionOut] = Field(
        description="Tanpa kunci jawaban; kosong bila tes belum dapat dikerjakan"
    )


def _own_test(code: str, phase: str) -> tuple[Any, qsel.ParticipantTest]:
    participant = participant_for_code(code)
    test = qsel.participant_test(participant=participant, kind=phase)
    if test is None:
        raise Http404
    return participant, test


@router.get(
    "/outreach/participant/{code}/tests/{phase}",
    auth=None,
    response={200: QuizTakeOut, **COMMON_ERRORS},
    summary="Soal satu tes (pre = tes awal, post = tes akhir) tanpa kunci jawaban",
    description="404 bila kegiatan tidak memiliki tes itu.",
)
def own_test_get_op(request: HttpRequest, code: Code, phase: Phase) -> Any:
    _participant, test = _own_test(code, phase)
    questions = []
    if test.can_take:
        questions = [
            {
                "question_id": item.question_id,
                "position": item.position,
                "text": item.question.text,
                "options": dict(item.question.options),
            }
            for item in qsel.quiz_items(quiz=test.quiz)
        ]
    return {"test": _own_out(test), "questions": questions}


class QuizAnswerIn(Schema):
    question_id: RefId
    choice: Letter


class QuizSubmitIn(Schema):
    answers: Annotated[list[QuizAnswerIn], Field(max_length=qsvc.MAX_COUNT)]


class QuizReviewOut(Schema):
    question_id: int
    chosen: str
    correct: str
    is_correct: bool
    explanation: str
    legal_basis: str


class QuizSubmitOut(Schema):
    kind: str
    score: int
    correct_count: int
    total: int
    review: list[QuizReviewOut] | None = Field(
        None, description="Tes akhir saja: jawaban benar dan pembahasannya"
    )


def _submitted(attempt: QuizAttempt) -> dict[str, Any]:
    quiz = attempt.quiz
    review = None
    if quiz.is_post:
        answers = qsel.attempt_answers(attempt=attempt)
        review = [
            {
                "question_id": item.question_id,
                "chosen": answers[item.question_id].chosen if item.question_id in answers else "",
                "correct": item.question.correct,
                "is_correct": bool(
                    item.question_id in answers and answers[item.question_id].is_correct
                ),
                "explanation": item.question.explanation,
                "legal_basis": item.question.legal_basis,
            }
            for item in qsel.quiz_items(quiz=quiz)
        ]
    return {
        "kind": quiz.kind,
        "score": attempt.score,
        "correct_count": attempt.correct_count,
        "total": attempt.total,
        "review": review,
    }


@router.post(
    "/outreach/participant/{code}/tests/{phase}",
    auth=None,
    response={201: QuizSubmitOut, **COMMON_ERRORS},
    summary="Kirim jawaban satu tes (sekali; semua soal wajib dijawab)",
    description=(
        "409 quiz_not_attended sebelum kehadiran tercatat, quiz_not_open bila tes ditutup, "
        "quiz_already_taken bila sudah dikerjakan; 422 quiz_answers_incomplete bila ada soal "
        "yang belum dijawab."
    ),
)
def own_test_submit_op(
    request: HttpRequest, code: Code, phase: Phase, payload: QuizSubmitIn
) -> Any:
    participant, test = _own_test(code, phase)
    answers: dict[int, str] = {}
    for a in payload.answers:
        if a.question_id in answers:
            raise ApplicationError(
                _("Satu soal dijawab lebih dari sekali."), code=qsvc.QuizError.INVALID
            )
        answers[a.question_id] = a.choice
    attempt = qsvc.quiz_submit(
        quiz=test.quiz, participant=participant, answers=answers, now=timezone.now()
    )
    return Status(201, _submitted(attempt))
