"""The policy-table walker's world for issue #9 point 3 (UU PDP duties): legal holds and
data-subject requests are pemda-wide data, in the personas' pemda and in the other one. Merged
into tests/test_policy_table.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

# Answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {
    "privacy:retention_rule",
    "privacy:retention_run",
    "privacy:hold_release",
}
# Bodies that reach the scope check. "/release" and "/close" end other operations too (custody
# release; closing periods, tests and surveys): one body serves all, each schema ignoring the
# others' fields.
API_BODIES: dict[str, dict[str, Any]] = {
    "/release": {
        "released_to_kind": "kpk",
        "released_to": "KPK",
        "released_on": "2026-10-06",
        "reason": "uji",
        "confirm": True,
    },
    "/close": {"confirm": True, "status": "done", "response": "uji"},
    "/retention/tip": {"keep_years": 5, "action": "anonymise"},
    "/retention-runs": {"confirm": True},
}
FIXED_PATH_PARAMS: dict[str, str] = {"record_type": "tip"}


def build(world: Any, other_user: Any) -> dict[str, Any]:
    from django.utils import timezone

    from sehati.monitoring.models import Tip
    from sehati.privacy.models import DataSubjectRequest, LegalHold

    holds, requests = {}, {}
    for label, pemda, actor in (
        ("own pemda", world.pemda, world.users["admin_pemda"]),
        ("other pemda", world.other_pemda, other_user),
    ):
        tip = Tip.objects.create(
            pemda=pemda,
            receipt_code_hash=f"walker-privacy-{pemda.pk}".ljust(64, "0"),
            description="x",
        )
        holds[f"hold of {label}"] = LegalHold.objects.create(
            pemda=pemda, record_type="tip", object_id=tip.pk, reason="uji", placed_by=actor
        )
        received = timezone.now() - dt.timedelta(hours=1)
        requests[f"request of {label}"] = DataSubjectRequest.objects.create(
            pemda=pemda,
            number=f"PDP-2026-{pemda.pk:04d}",
            kind="access",
            subject_name="Uji",
            details="uji",
            received_at=received,
            due_at=received + dt.timedelta(hours=72),
            created_by=actor,
        )
    return {"holds": holds, "requests": requests}


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    from tests.test_policy_table import Candidate

    area = world.extra.get("privacy", {})
    if subject == "legal_hold":
        return [Candidate(label, {key: h.id}, h.pemda_id) for label, h in area["holds"].items()]
    if subject == "dsr":
        return [Candidate(label, {key: d.id}, d.pemda_id) for label, d in area["requests"].items()]
    return None
