"""Timeline events of internal surveys, with their labels for people. Answers never make an
event: a response is anonymous, and an event names its actor."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SURVEY_EVENT_LABELS: dict[str, Any] = {
    "survey_created": _("Survei internal dibuat"),
    "survey_updated": _("Data survei internal diubah"),
    "survey_questionnaire_changed": _("Kuesioner survei diubah"),
    "survey_group_added": _("Kelompok responden ditambahkan"),
    "survey_group_updated": _("Kelompok responden diubah"),
    "survey_group_removed": _("Kelompok responden dihapus"),
    "survey_opened": _("Survei internal dibuka"),
    "survey_closed": _("Survei internal ditutup"),
    "survey_deleted": _("Konsep survei internal dihapus"),
}


def survey_event_labels_register() -> None:
    """Add the labels to the shared table (sehati/core/audit.py) once the apps are ready."""
    from sehati.core.audit import EVENT_LABELS

    for key, label in SURVEY_EVENT_LABELS.items():
        EVENT_LABELS.setdefault(key, label)
