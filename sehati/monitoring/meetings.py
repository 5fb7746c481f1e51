"""Monthly UP3 coordination meetings (issue #5 point 6): who came, what was discussed and
decided, with the signed attendance list and the minutes scan attached.

UP3 holds a coordination meeting every month and reports its activity to the regent
(GRATIFICATION_LAW.md §6.1). A meeting is recorded by the UPG; every change writes a timeline
event in the transaction that makes it, and the attached files are stored in that same
transaction (`files_store` with a guard), so a refused file leaves no meeting behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError
from sehati.core.files import file_access_register, file_check, files_store
from sehati.core.forms import MAX_FILES_PER_POST
from sehati.core.models import StoredFile
from sehati.core.validation import text_checked
from sehati.monitoring.models import Meeting, Monitor
from sehati.org.models import Pemda

# Purpose of the files on a meeting: the signed attendance list, the minutes scan, photos.
MEETING_MINUTES = "meeting_minutes"
MAX_TEXT = 20_000
MAX_OTHER_ATTENDEES = 2_000
EARLIEST = dt.date(2015, 1, 1)


class MeetingError(StrEnum):
    INVALID = "meeting_invalid"
    FUTURE = "meeting_in_future"
    ATTENDEE = "meeting_attendee_unknown"
    TOO_MANY_FILES = "meeting_too_many_files"


def meeting_file_access(user: Any, meeting: Any) -> bool:
    """Whoever may see meetings in the meeting's pemda may read its files."""
    from sehati.accounts.policies import Action, can

    return bool(
        getattr(user, "is_authenticated", False)
        and user.pemda_id == meeting.pemda_id
        and can(user, Action.MEETING_VIEW)
    )


def register() -> None:
    file_access_register("monitoring.Meeting", meeting_file_access)


# --- checks -----------------------------------------------------------------------------------


def _invalid(message: str, code: MeetingError = MeetingError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


def _held_on_valid(held_on: dt.date, today: dt.date) -> dt.date:
    if held_on > today:
        raise _invalid(_("Tanggal rapat tidak boleh sesudah hari ini."), MeetingError.FUTURE)
    if held_on < EARLIEST:
        raise _invalid(_("Tanggal rapat terlalu lama (sebelum 2015)."))
    return held_on


def _text(value: Any, *, label: str, required: bool, limit: int) -> str:
    return text_checked(
        value, label=label, required=required, limit=limit, code=MeetingError.INVALID
    )


def _attendees(*, pemda_id: int, attendee_ids: Iterable[int]) -> list[Monitor]:
    """The monitors named, all of them UP3 monitors of the pemda (else a refusal naming none of
    another pemda's data)."""
    wanted = {int(i) for i in attendee_ids}
    if not wanted:
        return []
    found = list(Monitor.objects.filter(pemda_id=pemda_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise _invalid(
            _("Peserta yang dipilih harus pemantau UP3 pemda ini."), MeetingError.ATTENDEE
        )
    return found


def _uploads_checked(uploads: Sequence[UploadedFile]) -> list[UploadedFile]:
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise _invalid(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            MeetingError.TOO_MANY_FILES,
        )
    for upload in files:
        file_check(upload=upload)  # raises ApplicationError naming the file
    return files


# --- writes -----------------------------------------------------------------------------------


def meeting_record(
    *,
    pemda: Pemda,
    actor: Any,
    held_on: dt.date,
    place: str,
    agenda: str,
    minutes: str,
    attendee_ids: Iterable[int],
    other_attendees: str = "",
    today: dt.date,
    uploads: Sequence[UploadedFile] = (),
) -> Meeting:
    """Record a coordination meeting held on `held_on` (not after `today`), with the monitors
    present and, optionally, its files (signed attendance list, minutes scan). Everything is
    checked before anything is written; the meeting, its attendance, its files and the
    "meeting_recorded" event are written together or not at all.

    Call it outside an enclosing transaction when there are uploads (see `files_store`)."""
    _held_on_valid(held_on, today)
    clean = {
        "place": _text(place, label=_("Tempat"), required=True, limit=200),
        "agenda": _text(agenda, label=_("Agenda"), required=True, limit=MAX_TEXT),
        "minutes": _text(minutes, label=_("Notulen"), required=True, limit=MAX_TEXT),
        "other_attendees": _text(
            other_attendees, label=_("Peserta lain"), required=False, limit=MAX_OTHER_ATTENDEES
        ),
    }
    present = _attendees(pemda_id=pemda.pk, attendee_ids=attendee_ids)
    files = _uploads_checked(uploads)
    meeting = Meeting(
        pemda=pemda,
        held_on=held_on,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **clean,
    )

    def write() -> None:
        meeting.save()
        meeting.attendees.set(present)
        timeline_record(
            subject=meeting,
            type="meeting_recorded",
            actor=actor,
            data={
                "held_on": held_on.isoformat(),
                "attendees": len(present),
                "files": len(files),
            },
        )

    if not files:
        with transaction.atomic():
            write()
        return meeting
    # The meeting is saved by the guard, inside the transaction that stores the files: the
    # store reads the subject's id only after the guard ran.
    files_store(
        pemda=pemda,
        actor=actor,
        uploads=files,
        subject=meeting,
        purpose=MEETING_MINUTES,
        guard=write,
    )
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    actor: Any,
    today: dt.date,
    held_on: dt.date | None = None,
    place: str | None = None,
    agenda: str | None = None,
    minutes: str | None = None,
    attendee_ids: Iterable[int] | None = None,
    other_attendees: str | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> Meeting:
    """Change a recorded meeting; a field left None keeps its value, and nothing given changes
    nothing (no event). Same rules as `meeting_record`; "meeting_updated" names the fields
    changed. New files are added to the ones already attached (files are never removed: they
    are the record of what was signed)."""
    changes: dict[str, Any] = {}
    if held_on is not None:
        changes["held_on"] = _held_on_valid(held_on, today)
    if place is not None:
        changes["place"] = _text(place, label=_("Tempat"), required=True, limit=200)
    if agenda is not None:
        changes["agenda"] = _text(agenda, label=_("Agenda"), required=True, limit=MAX_TEXT)
    if minutes is not None:
        changes["minutes"] = _text(minutes, label=_("Notulen"), required=True, limit=MAX_TEXT)
    if other_attendees is not None:
        changes["other_attendees"] = _text(
            other_attendees, label=_("Peserta lain"), required=False, limit=MAX_OTHER_ATTENDEES
        )
    present = (
        None
        if attendee_ids is None
        else _attendees(pemda_id=meeting.pemda_id, attendee_ids=attendee_ids)
    )
    files = _uploads_checked(uploads)
    result: list[Meeting] = []

    def write() -> None:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, changes[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        if present is not None:
            before = set(locked.attendees.values_list("pk", flat=True))
            if before != {m.pk for m in present}:
                locked.attendees.set(present)
                changed.append("attendees")
        if changed:
            timeline_record(
                subject=locked,
                type="meeting_updated",
                actor=actor,
                data={"changed": changed, "attendees": locked.attendees.count()},
            )
        result.append(locked)

    if not files:
        with transaction.atomic():
            write()
    else:
        files_store(
            pemda=meeting.pemda,
            actor=actor,
            uploads=files,
            subject=meeting,
            purpose=MEETING_MINUTES,
            guard=write,
        )
    return result[0]


def meeting_files_add(
    *, meeting: Meeting, actor: Any, uploads: Sequence[UploadedFile]
) -> list[StoredFile]:
    """Attach files (signed attendance list, minutes scan, photos) to a recorded meeting. Every
    file is checked before anything is written; each gets a "file_attached" event on the
    meeting, all or nothing. Files are never removed (they are the record of what was signed)."""
    files = _uploads_checked(uploads)

    def lock() -> None:  # the meeting still exists, and one upload at a time
        Meeting.objects.select_for_update().get(pk=meeting.pk)

    return files_store(
        pemda=meeting.pemda,
        actor=actor,
        uploads=files,
        subject=meeting,
        purpose=MEETING_MINUTES,
        guard=lock,
    )
