"""The policy-table walker's world for issue #7 (plans): objects in and out of each persona's
scope, and what the walker needs to reach them. Merged into tests/test_policy_table.py.

Action plans owned by Dinkes (the OPD-bound personas' OPD), by its sub-unit Puskesmas, by
Disdukcapil and by an OPD of the other pemda, each with one link (the link pages and operations
act through the link's plan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {"integrity:plan_link_remove"}
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending, so
# that the walker reaches the object's scope check.
API_BODIES: dict[str, dict[str, Any]] = {
    "/cancel": {"reason": "Tidak diperlukan lagi (uji).", "confirm": True},
    "/links": {"kind": "declaration_period", "target_id": 1, "note": "uji"},
}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["plans"]."""
    from sehati.integrity.models import ActionPlan, ActionPlanLink

    plans = {}
    for label, opd, actor in (
        ("Dinkes plan", world.dinkes, world.users["upg"]),
        ("Puskesmas plan (Dinkes sub-unit)", world.puskesmas, world.users["inspektur"]),
        ("Disdukcapil plan", world.dukcapil, world.users["upg"]),
        ("other pemda plan", world.other_opd, other_user),
    ):
        plans[label] = ActionPlan.objects.create(
            pemda=opd.pemda,
            title=f"Layanan daring ({label})",
            dimension="perizinan",
            owner_opd=opd,
            due_on=dt.date(2027, 3, 31),
            created_by=actor,
        )
    links = {
        f"link of {label}": ActionPlanLink.objects.create(
            pemda=plan.pemda, plan=plan, kind="finding", target_id=10**9 + n
        )
        for n, (label, plan) in enumerate(plans.items())
    }
    return {"plans": plans, "links": links}


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's.
    Build them with `tests.test_policy_table.Candidate` (imported inside the function)."""
    from tests.test_policy_table import Candidate

    area = world.extra.get("plans", {})
    if subject == "action_plan":  # OPD-bound roles: plans their OPD (or a sub-unit) owns
        return [
            Candidate(label, {key: p.id}, p.pemda_id, p.owner_opd_id)
            for label, p in area["plans"].items()
        ]
    if subject == "action_plan_link":  # through the link's plan
        return [
            Candidate(label, {key: link.id}, link.pemda_id, link.plan.owner_opd_id)
            for label, link in area["links"].items()
        ]
    return None
