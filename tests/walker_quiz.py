"""The policy-table walker's world for issue #7 (quiz): objects in and out of each persona's
scope, and what the walker needs to reach them. Merged into tests/test_policy_table.py.

The bank and the tests are the pemda's: the UPG manages them pemda-wide, every viewer of
socialisation reads the results of its pemda's events, nobody another pemda's. Each pemda has a
small bank, one event with a pre-test (open) and a post-test reusing it, one attended participant
who took the pre-test, and one question never drawn. A participant's test pages and operations
are public: the participant's secret code in the URL is the key (a capability), so every persona,
signed in or not, reaches every code in either pemda, as the walker expects for Scope.ANY; an
unknown code is a 404 for everyone (tested in sehati/outreach/tests/test_quiz_views.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {
    "outreach:question_toggle",
    "outreach:question_delete",
    "outreach:question_load_default",
    "outreach:quiz_open",
    "outreach:quiz_close",
}
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending, so
# that the walker reaches the object's scope check.
API_BODIES: dict[str, dict[str, Any]] = {
    "/questions": {
        "text": "Berapa hari kerja batas lapor ke KPK?",
        "options": ["7", "14", "30", "60"],
        "correct": "C",
        "topic": "batas_waktu",
        "legal_basis": "Pasal 12C UU 20/2001",
    },
    "/tests": {"kind": "pre", "question_count": 3},
    "/tests/pre": {"answers": [{"question_id": 1, "choice": "A"}]},
}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {"phase": "pre"}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["quiz"]."""
    from django.utils import timezone

    from sehati.outreach.models import Event, Participant
    from sehati.outreach.quiz_services import (
        QuestionData,
        question_create,
        quiz_configure,
        quiz_open,
        quiz_submit,
    )

    rng = random.Random(7)
    now = timezone.now()
    out: dict[str, Any] = {"questions": {}, "quizzes": {}, "events": {}, "participants": {}}
    for label, pemda, actor, employee in (
        ("pemda", world.pemda, world.users["upg"], world.employees["colleague_dinkes"]),
        ("other pemda", world.other_pemda, other_user, world.employees["other_pemda_staff"]),
    ):
        questions = [
            question_create(
                pemda=pemda,
                actor=actor,
                data=QuestionData(
                    text=f"Soal uji {n} ({label})",
                    options=["Satu", "Dua", "Tiga", "Empat"],
                    correct="B",
                    explanation="",
                    topic="batas_waktu",
                    legal_basis="Pasal 12C UU 20/2001",
                ),
            )
            for n in range(4)
        ]
        event = Event.objects.create(
            pemda=pemda,
            title=f"Sosialisasi dengan tes ({label})",
            audience="asn",
            held_on=dt.date(2026, 11, 20),
            status="held",
            join_code=f"walker-quiz-{pemda.pk}",
        )
        participant = Participant.objects.create(
            pemda=pemda,
            event=event,
            kind="asn",
            employee=employee,
            opd_id=employee.opd_id,
            name=employee.name,
            code=f"walker-quiz-p{pemda.pk}",
            attended_at=now,
            attended_via="list",
        )
        pre = quiz_configure(event=event, kind="pre", actor=actor, question_count=3, rng=rng)
        quiz_configure(event=event, kind="post", actor=actor, question_count=3, rng=rng)
        quiz_open(quiz=pre, actor=actor, now=now)
        quiz_submit(
            quiz=pre,
            participant=participant,
            answers={i.question_id: "B" for i in pre.items.all()},
            now=now,
        )
        drawn = set(pre.items.values_list("question_id", flat=True))
        out["questions"][f"drawn question of {label}"] = next(q for q in questions if q.pk in drawn)
        out["questions"][f"unused question of {label}"] = next(
            q for q in questions if q.pk not in drawn
        )
        out["quizzes"][f"pre-test of {label}"] = pre
        out["events"][f"event with tests of {label}"] = event
        out["participants"][f"participant of {label}"] = participant
    return out


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's.
    Build them with `tests.test_policy_table.Candidate` (imported inside the function)."""
    from tests.test_policy_table import Candidate

    area = world.extra.get("quiz", {})
    if subject == "quiz_question":  # the pemda's bank
        return [Candidate(label, {key: q.id}, q.pemda_id) for label, q in area["questions"].items()]
    if subject == "quiz":  # through the event: pemda-wide
        return [Candidate(label, {key: q.id}, q.pemda_id) for label, q in area["quizzes"].items()]
    if subject == "quiz_event":
        return [Candidate(label, {key: e.id}, e.pemda_id) for label, e in area["events"].items()]
    if subject == "quiz_participant_code":  # public: the code is the key (Scope.ANY)
        return [
            Candidate(f"tests of {label}", {key: p.code}, p.pemda_id)
            for label, p in area["participants"].items()
        ]
    return None
