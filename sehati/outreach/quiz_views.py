"""Pages of the question bank and the pre/post tests (issue #7 point 1).

Staff (signed in): the bank (the UPG: list, search, filter, add, edit, deactivate, delete an
unused question, load SEHATI's default bank), an event's test configuration and opening/closing
(the UPG), and the results with charts and an XLSX download (everyone who sees the event; names
and per-person scores only for the UPG and the Inspektur).

Participants (by their secret code): one page per test with radio buttons, usable without
JavaScript and on a phone; after sending, the score (pre-test) or the score with the right
answers and their explanation (post-test). Views only parse and translate; services decide."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    access_outreach_event,
    access_quiz,
    access_quiz_question,
    can,
    outreach_content_visible,
    require,
)
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.org.models import Pemda
from sehati.outreach import quiz_selectors as qsel
from sehati.outreach import quiz_services as qsvc
from sehati.outreach.models import Event, Question, Quiz
from sehati.outreach.quiz_exports import (
    XLSX_CONTENT_TYPE,
    results_charts,
    results_filename,
    results_xlsx,
)
from sehati.outreach.quiz_forms import QuestionForm, QuizConfigForm, TakeQuizForm
from sehati.outreach.selectors import participant_for_code

BANK_PAGE_SIZE = 25
PEOPLE_PAGE_SIZE = 100
GET_POST = require_http_methods(["GET", "POST"])


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(pemda: Pemda) -> dt.date:
    return local_today(pemda.time_zone or "Asia/Makassar")


def _q(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached by a secret link: never cached by shared caches, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- the question bank (the UPG) ----------------------------------------------------------------


@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_MANAGE)
    pemda = _pemda(request)
    q = _q(request)
    topic = request.GET.get("topik", "")
    topic = topic if topic in Question.Topic.values else ""
    status = request.GET.get("status", "")
    status = status if status in (qsel.STATUS_ACTIVE, qsel.STATUS_INACTIVE) else ""
    rows = qsel.question_list(pemda_id=pemda.pk, q=q, topic=topic, status=status)
    page = Paginator(rows, BANK_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = qsel.bank_counts(pemda_id=pemda.pk)
    return render(
        request,
        "outreach/quiz_question_list.html",
        {
            "page": page,
            "q": q,
            "topic": topic,
            "status": status,
            "topics": Question.Topic.choices,
            "counts": counts,
            "topic_counts": [
                (label, counts.get(value, 0)) for value, label in Question.Topic.choices
            ],
        },
    )


@login_required
@GET_POST
def question_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_MANAGE)
    pemda = _pemda(request)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            qsvc.question_create(pemda=pemda, actor=request.user, data=form.to_data())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Soal ditambahkan ke bank soal."))
            if "save_add" in request.POST:
                return redirect("outreach:question_create")
            return redirect("outreach:question_list")
    return render(request, "outreach/quiz_question_form.html", {"form": form, "question": None})


@login_required
@GET_POST
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access_quiz_question(request.user, question_id)
    locked = qsvc.question_is_answered(question=question)
    used = qsvc.question_is_used(question=question)
    form = QuestionForm(
        request.POST or None, initial=QuestionForm.initial_from(question), locked=locked
    )
    if request.method == "POST" and form.is_valid():
        try:
            qsvc.question_update(question=question, actor=request.user, data=form.to_data())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Soal disimpan."))
            return redirect("outreach:question_list")
    return render(
        request,
        "outreach/quiz_question_form.html",
        {"form": form, "question": question, "locked": locked, "used": used},
    )


@login_required
@require_POST
def question_toggle(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access_quiz_question(request.user, question_id)
    active = not question.is_active
    qsvc.question_set_active(question=question, actor=request.user, active=active)
    if active:
        messages.success(request, _("Soal diaktifkan: dapat terpilih dalam tes baru."))
    else:
        messages.success(
            request,
            _("Soal dinonaktifkan: tidak terpilih lagi dalam tes baru; tes yang ada tetap."),
        )
    return redirect("outreach:question_list")


@login_required
@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access_quiz_question(request.user, question_id)
    try:
        qsvc.question_delete(question=question, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:question_edit", question_id=question.pk)
    messages.success(request, _("Soal dihapus dari bank soal."))
    return redirect("outreach:question_list")


@login_required
@require_POST
def question_load_default(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_MANAGE)
    added = qsvc.question_bank_load_default(pemda=_pemda(request), actor=request.user)
    if added:
        messages.success(
            request,
            _("%(n)d soal bawaan ditambahkan ke bank soal.") % {"n": added},
        )
    else:
        messages.info(
            request, _("Semua soal bawaan sudah ada di bank soal; tidak ada yang ditambahkan.")
        )
    return redirect("outreach:question_list")


# --- an event's tests (the UPG) -----------------------------------------------------------------


def _config_form(kind: str, quiz: Quiz | None, data: object = None) -> QuizConfigForm:
    initial: dict[str, object] = {
        "question_count": 10,
        "reuse_pre": True,
        "close_pre_on_open": True,
    }
    if quiz is not None:
        initial = {
            "question_count": quiz.question_count,
            "topics": quiz.topics,
            "reuse_pre": quiz.reuse_pre,
            "close_pre_on_open": quiz.close_pre_on_open,
        }
    return QuizConfigForm(data, prefix=kind, initial=initial)  # type: ignore[arg-type]


@login_required
@GET_POST
def event_tests(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    quizzes = qsel.event_quizzes(event=event)
    posted = request.POST.get("kind") if request.method == "POST" else None
    forms_by_kind = {
        kind: _config_form(kind, quizzes.get(kind), request.POST if posted == kind else None)
        for kind in Quiz.Kind.values
    }
    if posted in forms_by_kind:
        form = forms_by_kind[posted]
        if form.is_valid():
            d = form.cleaned_data
            try:
                qsvc.quiz_configure(
                    event=event,
                    kind=posted,
                    actor=request.user,
                    question_count=d["question_count"],
                    topics=d["topics"],
                    reuse_pre=d["reuse_pre"],
                    close_pre_on_open=d["close_pre_on_open"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Soal %(test)s sudah diundi dan disimpan.")
                    % {"test": Quiz.Kind(posted).label.lower()},
                )
                return redirect("outreach:event_tests", event_id=event.pk)
    tests = [
        {
            "kind": kind,
            "label": label,
            "quiz": quizzes.get(kind),
            "items": qsel.quiz_items(quiz=quizzes[kind]) if kind in quizzes else [],
            "form": forms_by_kind[kind],
        }
        for kind, label in Quiz.Kind.choices
    ]
    counts = qsel.bank_counts(pemda_id=event.pemda_id)
    return render(
        request,
        "outreach/quiz_event_tests.html",
        {
            "event": event,
            "tests": tests,
            "counts": counts,
            "topic_counts": [
                (label, counts.get(value, 0)) for value, label in Question.Topic.choices
            ],
        },
    )


def _back(request: HttpRequest, quiz: Quiz) -> HttpResponse:
    if request.POST.get("back") == "tests":
        return redirect("outreach:event_tests", event_id=quiz.event_id)
    return redirect("outreach:event_detail", event_id=quiz.event_id)


@login_required
@require_POST
def quiz_open(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = access_quiz(request.user, quiz_id)
    try:
        qsvc.quiz_open(quiz=quiz, actor=request.user, now=timezone.now())
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(test)s dibuka untuk peserta yang hadir.") % {"test": quiz.get_kind_display()},
        )
    return _back(request, quiz)


@login_required
@require_POST
def quiz_close(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = access_quiz(request.user, quiz_id)
    qsvc.quiz_close(quiz=quiz, actor=request.user, now=timezone.now())
    messages.success(request, _("%(test)s ditutup.") % {"test": quiz.get_kind_display()})
    return _back(request, quiz)


# --- results (everyone who sees the event) ------------------------------------------------------


@login_required
@require_GET
def quiz_results(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    results = qsel.event_results(event=event, with_people=full)
    page = Paginator(results.people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/quiz_results.html",
        {
            "event": event,
            "results": results,
            "charts": results_charts(results),
            "full": full,
            "page": page,
            "can_manage": can(request.user, Action.OUTREACH_MANAGE),
        },
    )


@login_required
@require_GET
@reads_from_replica
def quiz_results_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    results = qsel.event_results(event=event, with_people=full)
    response = HttpResponse(
        results_xlsx(event=event, results=results, full=full), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{results_filename(event)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- a participant's test (by their code) -------------------------------------------------------


@GET_POST
def participant_test(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    participant = participant_for_code(code)
    event: Event = participant.event
    test = qsel.participant_test(participant=participant, kind=kind)
    context: dict[str, object] = {
        "participant": participant,
        "event": event,
        "kind": kind,
        "kind_label": Quiz.Kind(kind).label,
        "test": test,
    }
    if test is not None and test.attempt is not None:
        attempt = test.attempt
        context["attempt"] = attempt
        if test.quiz.is_post:  # the right answers and why, once the post-test is sent
            answers = qsel.attempt_answers(attempt=attempt)
            context["review"] = [
                (item, answers.get(item.question_id)) for item in qsel.quiz_items(quiz=test.quiz)
            ]
    elif test is not None and test.can_take:
        form = TakeQuizForm(request.POST or None, items=qsel.quiz_items(quiz=test.quiz))
        if request.method == "POST":
            if form.is_valid():
                try:
                    qsvc.quiz_submit(
                        quiz=test.quiz,
                        participant=participant,
                        answers=form.answers(),
                        now=timezone.now(),
                    )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Jawaban Anda sudah terkirim. Terima kasih."))
                    return redirect(request.path)
            else:
                missing = sum(1 for name in form.errors if name != "__all__")
                form.add_error(
                    None,
                    _("Masih ada %(n)d soal yang belum dijawab; jawab semua soal lalu kirim lagi.")
                    % {"n": missing},
                )
        context["form"] = form
    return _private(render(request, "outreach/quiz_take.html", context))
