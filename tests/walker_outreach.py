"""The policy-table walker's world for issue #7 (outreach): objects in and out of each persona's
scope, and what the walker needs to reach them. Merged into tests/test_policy_table.py.

Events are the pemda's programme: every viewer of socialisation sees all of its pemda's events,
none of another pemda's. The participant pages and the registration/check-in links are public:
the secret code in the URL is the key, so every persona reaches every code (an unknown code is a
404 for everyone, tested in sehati/outreach/tests). The events are dated a month ahead so that
no certificate is rendered by the walk (a refusal answers without a PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {
    "outreach:event_held",
    "outreach:event_materials",
    "outreach:event_attendance_add",
    "outreach:participant_unattend",
    "outreach:participant_checkin",
}
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending, so
# that the walker reaches the object's scope check.
API_BODIES: dict[str, dict[str, Any]] = {
    "/held": {"confirm": True},
    "/cancel": {"reason": "Narasumber berhalangan.", "confirm": True},
    "/participants": {"kind": "public", "name": "Peserta Uji", "attended": False},
    "/attendance": {"participant_ids": [1]},
    "/register": {"name": "Peserta Uji", "organisation": "CV Uji"},
    "/checkin": {"name": "Peserta Uji", "organisation": "CV Uji"},
}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["outreach"]: an ASN event and a vendor
    event of the personas' pemda and an event of the other pemda, each with a participant who
    attended, and a material on the first and the last."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from sehati.core.clock import local_today
    from sehati.core.tests.samples import PNG_BYTES
    from sehati.outreach.models import Participant
    from sehati.outreach.services import EventData, code_new, event_create, event_materials_add

    day = local_today(world.pemda.time_zone) + dt.timedelta(days=30)
    events = {}
    for label, pemda, actor, audience in (
        ("ASN event", world.pemda, world.users["upg"], "asn"),
        ("vendor event", world.pemda, world.users["upg"], "vendor"),
        ("other pemda event", world.other_pemda, other_user, "asn"),
    ):
        events[label] = event_create(
            pemda=pemda,
            actor=actor,
            data=EventData(
                title=f"Sosialisasi {label}", audience=audience, held_on=day, place="Aula"
            ),
        )
    people = {}
    for label, event, employee in (
        ("own participation", events["ASN event"], world.employees["budi"]),
        ("vendor participant", events["vendor event"], None),
        (
            "other pemda participant",
            events["other pemda event"],
            world.employees["other_pemda_staff"],
        ),
    ):
        people[label] = Participant.objects.create(
            pemda=event.pemda,
            event=event,
            kind="asn" if employee else "vendor",
            employee=employee,
            opd_id=employee.opd_id if employee else None,
            name=employee.name if employee else "CV Maju",
            organisation="CV Maju" if employee is None else "",
            code=code_new(),
            attended_at=timezone.now(),
            attended_via="list",
        )
    materials = {}
    for label, event, actor in (
        ("own participation", events["ASN event"], world.users["upg"]),
        ("other pemda participant", events["other pemda event"], other_user),
    ):
        materials[label] = event_materials_add(
            event=event,
            actor=actor,
            uploads=[SimpleUploadedFile("materi.png", PNG_BYTES, "image/png")],
        )[0]
    return {"events": events, "participants": people, "materials": materials}


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's.
    Build them with `tests.test_policy_table.Candidate` (imported inside the function)."""
    from tests.test_policy_table import Candidate

    data = world.extra["outreach"]
    if subject == "outreach_event":  # pemda-wide for every role that has the action
        return [Candidate(label, {key: e.id}, e.pemda_id) for label, e in data["events"].items()]
    if subject == "outreach_participant":
        return [
            Candidate(label, {key: p.id}, p.pemda_id) for label, p in data["participants"].items()
        ]
    if subject == "outreach_join_code":  # public: the code is the key
        return [
            Candidate(f"link of {label}", {key: e.join_code}, e.pemda_id)
            for label, e in data["events"].items()
        ]
    if subject == "outreach_participant_code":
        return [
            Candidate(f"page of {label}", {key: p.code}, p.pemda_id)
            for label, p in data["participants"].items()
        ]
    if subject == "outreach_material":
        return [
            Candidate(
                f"material via {label}",
                {"code": data["participants"][label].code, "file_id": f.public_id},
                f.pemda_id,
            )
            for label, f in data["materials"].items()
        ]
    return None
