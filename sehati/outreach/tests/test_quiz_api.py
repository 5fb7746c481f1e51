"""The API of the question bank and the pre/post tests: bank CRUD and the default bank, test
set-up and opening, a participant's test by code (questions without the key, answers once), and
the results (names only for the UPG and the Inspektur)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sehati.accounts.services import token_create
from sehati.outreach.models import Question, Quiz
from sehati.outreach.question_bank_default import DEFAULT_QUESTIONS
from sehati.outreach.tests.test_quiz_services import (
    answers_for,
    make_bank,
    make_event,
    make_participant,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/outreach"


def _api(world: Any, persona: str) -> Client:
    _row, raw = token_create(user=world.users[persona], name="uji")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


QUESTION = {
    "text": "Berapa lama batas lapor gratifikasi ke KPK?",
    "options": ["7 hari kalender", "14 hari kerja", "30 hari kerja", "60 hari kerja"],
    "correct": "C",
    "explanation": "Pasal 12C ayat (2).",
    "topic": "batas_waktu",
    "legal_basis": "Pasal 12C ayat (2) UU 20/2001",
}


def test_bank_crud_and_default_bank(world: Any) -> None:
    upg = _api(world, "upg")
    created = _post(upg, f"{API}/questions", QUESTION)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["options"]["C"] == "30 hari kerja" and not body["locked"]
    qid = body["id"]
    bad = _post(upg, f"{API}/questions", {**QUESTION, "options": ["a", "a", "b", "c"]})
    assert bad.status_code == 422 and bad.json()["code"] == "quiz_question_duplicate_options"
    assert _post(upg, f"{API}/questions", {**QUESTION, "correct": "E"}).status_code == 422
    patched = upg.patch(
        f"{API}/questions/{qid}",
        {"is_active": False, "correct": "B"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["correct"] == "B" and not patched.json()["is_active"]
    loaded = _post(upg, f"{API}/questions/load-default")
    assert loaded.json() == {
        "added": len(DEFAULT_QUESTIONS),
        "active_total": len(DEFAULT_QUESTIONS),
    }
    assert _post(upg, f"{API}/questions/load-default").json()["added"] == 0
    listed = upg.get(f"{API}/questions", {"topic": "pengecualian", "limit": 5})
    assert listed.status_code == 200 and listed.json()["count"] == 9
    assert len(listed.json()["items"]) == 5
    assert (
        upg.get(f"{API}/questions", {"q": "30 hari kerja", "status": "inactive"}).json()["count"]
        == 1
    )
    # Only the UPG; another pemda's question is missing.
    assert _api(world, "inspektur").get(f"{API}/questions").status_code == 403
    other = make_bank(world.other_pemda, 1)[0]
    assert upg.get(f"{API}/questions/{other.pk}").status_code == 404


def test_tests_participant_and_results(world: Any) -> None:
    upg = _api(world, "upg")
    make_bank(world.pemda, 5)
    event = make_event(world.pemda)
    ani = make_participant(event, "Ani")
    absent = make_participant(event, "Budi", attended=False)
    url = f"{API}/events/{event.pk}/tests"
    assert _post(upg, url, {"kind": "post"}).json()["code"] == "quiz_no_pre_test"
    too_many = _post(upg, url, {"kind": "pre", "question_count": 6})
    assert too_many.status_code == 422 and too_many.json()["code"] == "quiz_bank_too_small"
    pre = _post(upg, url, {"kind": "pre", "question_count": 4})
    assert pre.status_code == 200 and len(pre.json()["question_ids"]) == 4
    post = _post(upg, url, {"kind": "post"}).json()
    assert post["reuse_pre"] and sorted(post["question_ids"]) == sorted(pre.json()["question_ids"])
    assert _api(world, "kepala_opd").get(url).json()[0]["kind"] == "pre"
    assert _post(_api(world, "kepala_opd"), url, {"kind": "pre"}).status_code == 403
    opened = _post(upg, f"{API}/tests/{pre.json()['id']}/open")
    assert opened.status_code == 200 and opened.json()["is_open"]

    visitor = Client()  # no login: the code is the key
    mine = visitor.get(f"{API}/participant/{ani.code}/tests").json()
    assert [(t["kind"], t["can_take"]) for t in mine] == [("pre", True), ("post", False)]
    shown = visitor.get(f"{API}/participant/{ani.code}/tests/pre").json()
    assert len(shown["questions"]) == 4 and "correct" not in str(shown["questions"])
    blocked = visitor.get(f"{API}/participant/{absent.code}/tests/pre").json()
    assert blocked["questions"] == [] and "kehadiran" in blocked["test"]["refusal"]
    quiz_pre = Quiz.objects.get(pk=pre.json()["id"])
    answers = [{"question_id": q, "choice": c} for q, c in answers_for(quiz_pre, 3).items()]
    refused = _post(visitor, f"{API}/participant/{absent.code}/tests/pre", {"answers": answers})
    assert refused.status_code == 409 and refused.json()["code"] == "quiz_not_attended"
    incomplete = _post(visitor, f"{API}/participant/{ani.code}/tests/pre", {"answers": answers[:2]})
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "quiz_answers_incomplete"
    sent = _post(visitor, f"{API}/participant/{ani.code}/tests/pre", {"answers": answers})
    assert sent.status_code == 201 and sent.json()["score"] == 75 and sent.json()["review"] is None
    again = _post(visitor, f"{API}/participant/{ani.code}/tests/pre", {"answers": answers})
    assert again.status_code == 409 and again.json()["code"] == "quiz_already_taken"

    _post(upg, f"{API}/tests/{post['id']}/open")
    assert not Quiz.objects.get(pk=pre.json()["id"]).is_open  # closed by opening the post-test
    quiz_post = Quiz.objects.get(pk=post["id"])
    answers = [{"question_id": q, "choice": c} for q, c in answers_for(quiz_post, 4).items()]
    sent = _post(visitor, f"{API}/participant/{ani.code}/tests/post", {"answers": answers})
    review = sent.json()["review"]
    assert sent.json()["score"] == 100 and len(review) == 4 and all(r["is_correct"] for r in review)
    assert visitor.get(f"{API}/participant/tidak-ada/tests").status_code == 404

    results = upg.get(f"{API}/events/{event.pk}/test-results").json()
    assert (
        results["summary"]["knowledge_gain"] == "25.0"
        or results["summary"]["knowledge_gain"] == 25.0
    )
    assert results["summary"]["both_n"] == 1
    assert results["participants"] == [
        {"participant_id": ani.pk, "name": "Ani", "pre_score": 75, "post_score": 100, "gain": 25}
    ]
    head = _api(world, "kepala_opd").get(f"{API}/events/{event.pk}/test-results").json()
    assert head["participants"] is None and head["summary"]["both_n"] == 1
    closed = _post(upg, f"{API}/tests/{post['id']}/close")
    assert closed.status_code == 200 and not closed.json()["is_open"]
    other = make_event(world.other_pemda)
    assert upg.get(f"{API}/events/{other.pk}/test-results").status_code == 404
    assert Question.objects.filter(pemda=world.pemda).count() == 5
