"""Pages of the question bank and the pre/post tests: the UPG's bank and test set-up, the
participant's test page (no JavaScript needed), the results with charts, tables and XLSX, and
who sees names."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sehati.accounts.models import Role, RoleGrant
from sehati.accounts.tests.factories import with_totp
from sehati.outreach.models import Question, Quiz, QuizAttempt
from sehati.outreach.question_bank_default import DEFAULT_QUESTIONS
from sehati.outreach.quiz_services import question_bank_load_default, quiz_open, quiz_submit
from sehati.outreach.tests.test_quiz_services import (
    NOW,
    answers_for,
    make_bank,
    make_event,
    make_participant,
    quiz_pair,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bank_list_search_filter_and_query_count(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    upg = _client(world.users["upg"])
    question_bank_load_default(pemda=world.pemda, actor=world.users["upg"])
    make_bank(world.other_pemda, 3)
    url = reverse("outreach:question_list")
    with django_assert_max_num_queries(12):
        page = upg.get(url).content.decode()
    assert page.count("data-question=") == 25  # first page of 30
    assert "Soal batas_waktu" not in page  # the other pemda's bank
    page = upg.get(url, {"q": "pernikahan"}).content.decode()
    assert page.count("data-question=") == 1 and "hadiah pernikahan" in page
    page = upg.get(url, {"topik": "sanksi"}).content.decode()
    assert page.count("data-question=") == 2
    page = upg.get(url, {"status": "inactive"}).content.decode()
    assert "Tidak ada soal yang cocok" in page
    # Only the UPG manages the bank (the answer key is in it).
    for persona in ("kepala_opd", "inspektur", "pelapor"):
        assert _client(world.users[persona]).get(url).status_code == 403


def test_upg_adds_edits_deactivates_and_loads_the_default_bank(world: Any) -> None:
    upg = _client(world.users["upg"])
    data = {
        "text": "Batas lapor gratifikasi ke KPK?",
        "option_a": "7 hari",
        "option_b": "7 hari",  # alike: refused, nothing lost
        "option_c": "30 hari kerja",
        "option_d": "60 hari",
        "correct": "C",
        "explanation": "Pasal 12C.",
        "topic": "batas_waktu",
        "legal_basis": "Pasal 12C ayat (2) UU 20/2001",
    }
    response = upg.post(reverse("outreach:question_create"), data)
    assert response.status_code == 200
    assert "Keempat pilihan harus berbeda" in response.content.decode()
    assert "Batas lapor gratifikasi ke KPK?" in response.content.decode()  # nothing lost
    data["option_b"] = "14 hari"
    response = upg.post(reverse("outreach:question_create"), data)
    assert response.status_code == 302
    question = Question.objects.get(pemda=world.pemda)
    edit = reverse("outreach:question_edit", args=[question.pk])
    assert upg.post(edit, {**data, "correct": "D"}).status_code == 302
    question.refresh_from_db()
    assert question.correct == "D"
    upg.post(reverse("outreach:question_toggle", args=[question.pk]))
    question.refresh_from_db()
    assert not question.is_active
    upg.post(reverse("outreach:question_load_default"))
    upg.post(reverse("outreach:question_load_default"))
    assert Question.objects.filter(pemda=world.pemda).count() == len(DEFAULT_QUESTIONS) + 1
    # The other pemda's question is not reachable.
    other = make_bank(world.other_pemda, 1)[0]
    assert upg.get(reverse("outreach:question_edit", args=[other.pk])).status_code == 404
    assert upg.post(reverse("outreach:question_delete", args=[other.pk])).status_code == 404
    upg.post(reverse("outreach:question_delete", args=[question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_answered_question_shows_locked_fields(world: Any) -> None:
    upg_user = world.users["upg"]
    make_bank(world.pemda, 3)
    event = make_event(world.pemda)
    pre, _post = quiz_pair(event, count=3)
    quiz_open(quiz=pre, actor=upg_user, now=NOW)
    quiz_submit(
        quiz=pre, participant=make_participant(event, "Ani"), answers=answers_for(pre, 1), now=NOW
    )
    question = pre.items.first().question
    page = _client(upg_user).get(reverse("outreach:question_edit", args=[question.pk]))
    html = page.content.decode()
    assert 'id="question-locked"' in html and "disabled" in html
    assert 'id="question-delete"' not in html


def test_upg_configures_and_opens_tests_from_the_event(world: Any) -> None:
    upg = _client(world.users["upg"])
    event = make_event(world.pemda)
    url = reverse("outreach:event_tests", args=[event.pk])
    page = upg.get(url).content.decode()
    assert 'id="bank-empty"' in page
    make_bank(world.pemda, 8)
    response = upg.post(url, {"kind": "pre", "pre-question_count": "60"})
    assert "sama dengan 50" in response.content.decode()
    response = upg.post(url, {"kind": "pre", "pre-question_count": "5"})
    assert response.status_code == 302
    response = upg.post(url, {"kind": "post", "post-question_count": "5", "post-reuse_pre": "on"})
    assert response.status_code == 302
    pre = Quiz.objects.get(event=event, kind="pre")
    post = Quiz.objects.get(event=event, kind="post")
    assert post.reuse_pre and not post.close_pre_on_open  # the box was not ticked
    assert upg.post(reverse("outreach:quiz_open", args=[pre.pk])).status_code == 302
    pre.refresh_from_db()
    assert pre.is_open
    detail = upg.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    assert 'id="event-tests"' in detail and 'id="quiz-close-pre"' in detail
    assert 'id="knowledge-gain"' in detail
    # Viewers who do not manage see the panel without buttons; the set-up page is not theirs.
    head = _client(world.users["kepala_opd"])
    detail = head.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    assert 'id="event-tests"' in detail and 'id="quiz-close-pre"' not in detail
    assert head.get(url).status_code == 403
    assert head.post(reverse("outreach:quiz_close", args=[pre.pk])).status_code == 403
    other = make_event(world.other_pemda)
    assert upg.get(reverse("outreach:event_tests", args=[other.pk])).status_code == 404


def test_participant_takes_both_tests_on_one_page_each(world: Any) -> None:
    upg_user = world.users["upg"]
    make_bank(world.pemda, 4)
    event = make_event(world.pemda)
    pre, post = quiz_pair(event, count=4)
    ani = make_participant(event, "Ani", attended=False)
    visitor = Client()  # no account: the code is the key
    pre_url = reverse("outreach:participant_pretest", args=[ani.code])
    post_url = reverse("outreach:participant_posttest", args=[ani.code])
    page = visitor.get(pre_url)
    assert page["Cache-Control"] == "private, no-store"
    assert "setelah kehadiran Anda tercatat" in page.content.decode()
    ani.attended_at = NOW
    ani.save()
    assert "belum dibuka" in visitor.get(pre_url).content.decode()
    quiz_open(quiz=pre, actor=upg_user, now=NOW)
    html = visitor.get(pre_url).content.decode()
    assert html.count('type="radio"') == 16 and 'id="test-form"' in html
    assert "Pembahasan 0" not in html  # no explanations before answering
    answers = answers_for(pre, 2)
    partial = {f"q{qid}": choice for qid, choice in list(answers.items())[:3]}
    response = visitor.post(pre_url, partial)
    assert "Masih ada 1 soal yang belum dijawab" in response.content.decode()
    assert not QuizAttempt.objects.exists()
    response = visitor.post(pre_url, {f"q{qid}": c for qid, c in answers.items()})
    assert response.status_code == 302
    html = visitor.get(pre_url).content.decode()
    assert 'id="score-value">50<' in html and 'id="review-later"' in html
    assert "Pembahasan 0" not in html  # the pre-test shows only the score
    # The participant's own page lists both tests.
    home = visitor.get(reverse("outreach:participant_home", args=[ani.code])).content.decode()
    assert 'data-score="50"' in home and 'data-kind="post"' in home
    quiz_open(quiz=post, actor=upg_user, now=NOW)
    visitor.post(post_url, {f"q{qid}": c for qid, c in answers_for(post, 4).items()})
    html = visitor.get(post_url).content.decode()
    assert 'id="score-value">100<' in html and "Pembahasan 0" in html
    assert html.count('data-correct="yes"') == 4
    # Once is once; an unknown code is a 404 for everyone.
    visitor.post(post_url, {f"q{qid}": c for qid, c in answers_for(post, 0).items()})
    assert QuizAttempt.objects.get(quiz=post).score == 100
    unknown = reverse("outreach:participant_pretest", args=["tidak-ada"])
    assert visitor.get(unknown).status_code == 404


def _results_world(world: Any) -> Any:
    make_bank(world.pemda, 5)
    event = make_event(world.pemda)
    pre, post = quiz_pair(event, count=5)
    quiz_open(quiz=pre, actor=None, now=NOW)
    people = [make_participant(event, f"Peserta {n}") for n in range(6)]
    for n, person in enumerate(people):
        quiz_submit(quiz=pre, participant=person, answers=answers_for(pre, n % 3), now=NOW)
    quiz_open(quiz=post, actor=None, now=NOW)
    for n, person in enumerate(people):
        quiz_submit(quiz=post, participant=person, answers=answers_for(post, 2 + n % 4), now=NOW)
    return event


def test_results_page_charts_tables_and_who_sees_names(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    event = _results_world(world)
    url = reverse("outreach:quiz_results", args=[event.pk])
    upg = _client(world.users["upg"])
    with django_assert_max_num_queries(20):
        html = upg.get(url).content.decode()
    # Pre: 0,20,40,0,20,40 → 20.0; post: 40,60,80,100,40,60 → 63.3; gain 43.3 (n = 6).
    assert 'id="knowledge-gain">+43,3<' in html or 'id="knowledge-gain">+43.3<' in html
    for chart in ("quiz-means", "quiz-bands", "quiz-questions"):
        assert f'id="{chart}-table"' in html  # each chart followed by its table
    assert html.count("<tr data-participant=") == 6 and "Peserta 3" in html
    for persona in ("kepala_opd", "upg_pembantu"):
        html = _client(world.users[persona]).get(url).content.decode()
        assert "Peserta 3" not in html and 'id="people-hidden"' in html
        assert 'id="knowledge-gain"' in html
    assert "Peserta 3" in _client(world.users["inspektur"]).get(url).content.decode()
    assert _client(world.users["pelapor"]).get(url).status_code == 403
    other_upg = world.users["other_pemda_user"]
    RoleGrant.objects.create(user=other_upg, role=Role.UPG.value, pemda=world.other_pemda)
    with_totp(other_upg)
    assert _client(other_upg).get(url).status_code == 404


def test_results_xlsx(world: Any) -> None:
    event = _results_world(world)
    url = reverse("outreach:quiz_results_xlsx", args=[event.pk])
    response = _client(world.users["upg"]).get(url)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Per soal", "Per peserta"]
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    gain_row = next(v for k, v in summary.items() if k and str(k).startswith("Kenaikan"))
    assert gain_row[0] == pytest.approx(43.3) and gain_row[1] == 6
    assert book["Per peserta"].max_row == 7
    response = _client(world.users["kepala_opd"]).get(url)
    book = load_workbook(io.BytesIO(response.content))
    assert "Per peserta" not in book.sheetnames
