"""The policy-table walker's world for issue #7 (surveys): objects in and out of each persona's
scope, and what the walker needs to reach them. Merged into tests/test_policy_table.py.

Surveys are pemda-wide data: the UPG and the Inspektur reach their own pemda's (a draft, an
open and a closed one) and never the other pemda's. A staff survey is answered by every civil
servant of its pemda: its candidates are allowed exactly when the persona may view its pemda's
organisation data (`via` ORG_VIEW, pemda-wide for every signed-in role) and holds the respond
action. A public link is open to anyone, of either pemda."""

from __future__ import annotations

import datetime as dt
from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {
    "surveys:survey_delete",
    "surveys:survey_copy",
    "surveys:dimension_delete",
    "surveys:group_delete",
}
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending, so
# that the walker reaches the object's scope check. ("/close" is the declarations' one:
# {"confirm": true} serves both.)
API_BODIES: dict[str, dict[str, Any]] = {
    "/questionnaire": {"dimensions": []},
    "/open": {"confirm": True},
    "/groups": {"label": "Loket uji"},
    "/copy": {},
    "/remove": {},
    "/responses": {"revision": 1, "answers": {}},
}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {}

TODAY = dt.date(2026, 11, 23)


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["surveys"]."""
    from django.utils import timezone

    from sehati.surveys import services as svc

    now = timezone.now()
    items = [svc.ItemData(text="Pegawai menolak pemberian dari pengguna layanan.")]

    def survey(pemda: Any, actor: Any, title: str, state: str, audience: str = "both") -> Any:
        s = svc.survey_create(pemda=pemda, actor=actor, title=title, audience=audience)
        svc.questionnaire_replace(
            survey=s, actor=actor, dimensions=[svc.DimensionData(name="Budaya", items=items)]
        )
        s.refresh_from_db()
        if state in ("open", "closed"):
            s = svc.survey_open(survey=s, actor=actor, today=TODAY, now=now)
        if state == "closed":
            s = svc.survey_close(survey=s, actor=actor, now=now, confirm=True)
        return s

    upg = world.users["upg"]
    draft = survey(world.pemda, upg, "Konsep", "draft")
    running = survey(world.pemda, upg, "Sedang dibuka", "open")
    closed = survey(world.pemda, upg, "Sudah ditutup", "closed", audience="staff")
    public_only = survey(world.pemda, upg, "Publik saja", "open", audience="public")
    other = survey(world.other_pemda, other_user, "Pemda lain", "open")

    def public(s: Any) -> Any:
        return s.groups.filter(kind="public").order_by("id").first()

    return {
        "surveys": {
            "draft survey": draft,
            "open survey": running,
            "closed survey": closed,
            "other pemda survey": other,
        },
        "dimensions": {
            "draft survey's dimension": draft.dimensions.get(),
            "other pemda's dimension": other.dimensions.get(),
        },
        "groups": {
            "public group": public(running),
            "staff group": running.groups.filter(kind="staff").order_by("id").first(),
            "other pemda's public group": public(other),
        },
        # For civil servants: open and closed staff surveys of each pemda (a public-only
        # survey and a draft are nobody's to answer as staff, and answer 404 to everyone).
        "staff": {
            "open staff survey": running,
            "closed staff survey": closed,
            "other pemda's staff survey": other,
        },
        "links": {
            "public link": public(running),
            "public-only survey's link": public(public_only),
            "other pemda's public link": public(other),
        },
    }


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's.
    Build them with `tests.test_policy_table.Candidate` (imported inside the function)."""
    from sehati.accounts.policies import Action
    from tests.test_policy_table import Candidate

    area = world.extra.get("surveys", {})
    if subject == "survey":
        return [Candidate(label, {key: s.pk}, s.pemda_id) for label, s in area["surveys"].items()]
    if subject == "survey_dimension":
        return [
            Candidate(label, {key: d.pk}, d.survey.pemda_id)
            for label, d in area["dimensions"].items()
        ]
    if subject == "survey_group":
        return [
            Candidate(label, {key: g.pk}, g.survey.pemda_id) for label, g in area["groups"].items()
        ]
    if subject == "survey_staff":
        return [
            Candidate(
                label,
                {key: s.pk},
                s.pemda_id,
                via=(Action.ORG_VIEW, Candidate(f"pemda of {label}", {}, s.pemda_id)),
            )
            for label, s in area["staff"].items()
        ]
    if subject == "survey_link":
        return [
            Candidate(label, {key: g.link_token}, g.survey.pemda_id)
            for label, g in area["links"].items()
        ]
    return None
