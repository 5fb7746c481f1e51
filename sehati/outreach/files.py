"""Who may download an event's materials through the staff file link (`core:file_download`):
whoever may see the event. Participants download them through their own page instead
(`outreach:participant_material`, by their secret code, without an account)."""

from __future__ import annotations

from typing import Any

from sehati.core.files import file_access_register


def event_file_access(user: Any, event: Any) -> bool:
    from sehati.accounts.policies import Action, can

    return bool(
        getattr(user, "is_authenticated", False)
        and user.pemda_id == event.pemda_id
        and can(user, Action.OUTREACH_VIEW)
    )


def files_register() -> None:
    file_access_register("outreach.Event", event_file_access)
