"""Writes of socialisation events (issue #7 point 1): planning, editing, cancelling and marking
an event held; materials; registration, QR check-in and the attendance list; certificates.

When people may take part (`registration_closed_reason`, `checkin_closed_reason`):
- registration is open while the event is planned, up to and including its date;
- check-in (by the event's QR code or link) is accepted only on the event's date, in the pemda's
  local date, and never for a cancelled event; a registered participant may also check in from
  their own page on that day;
- the UPG records attendance by list from the event's date on, at any time after (late paper
  lists), never for a cancelled event.

Every change writes a timeline event in its transaction. Names and contacts never go into the
timeline (they are personal data; the participant row holds them).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.counters import counter_next
from sehati.core.errors import ApplicationError, ConflictError, ThrottledError
from sehati.core.files import file_check, files_store
from sehati.core.forms import MAX_FILES_PER_POST
from sehati.core.models import StoredFile
from sehati.core.throttle import throttle_count, throttle_exceeded
from sehati.core.validation import text_checked
from sehati.org.models import Employee, Kecamatan, Opd, Pemda
from sehati.outreach.events_errors import OutreachError
from sehati.outreach.models import CertificateCounter, Event, Participant

EARLIEST = dt.date(2015, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_TEXT = 5_000
MAX_SPEAKERS = 2_000
MAX_TARGET = 1_000_000
# Anonymous sign-ups per event: a bound against a link passed around to fill the list with junk.
MAX_PUBLIC_PARTICIPANTS = 5_000
# New anonymous participants per client address: generous, because a hall of people may share
# one Wi-Fi address; it stops a script, not a crowd.
JOIN_LIMIT, JOIN_WINDOW = 120, 900
MATERIAL = "outreach_material"  # purpose of the files on an event
PUBLIC_ACTOR = "peserta (tautan kegiatan)"
A = Event.Audience
K = Participant.Kind
V = Participant.Via
# Academic and religious titles: not evidence that a typed name is the employee's.
_TITLES = frozenset(
    [
        "drs",
        "dra",
        "ir",
        "hj",
        "haji",
        "kep",
        "ked",
        "kes",
        "kom",
        "sos",
        "hut",
        "psi",
        "pdi",
        "msi",
        "mkes",
        "mpd",
        "amd",
        "apt",
        "gelar",
    ]
)


def _invalid(message: str, code: OutreachError = OutreachError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


def _text(value: Any, *, label: str, required: bool, limit: int) -> str:
    return text_checked(
        value, label=label, required=required, limit=limit, code=OutreachError.INVALID
    )


def code_new() -> str:
    """A secret for a link or a QR code: 96 random bits, URL-safe, 16 characters."""
    return secrets.token_urlsafe(12)


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    """What the UPG fills in for an event (the form and the API build one)."""

    title: str
    audience: str
    held_on: dt.date
    description: str = ""
    starts_at: dt.time | None = None
    place: str = ""
    online_url: str = ""
    speakers: str = ""
    target_count: int = 0
    opd_ids: tuple[int, ...] = ()
    kecamatan_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class _CleanEvent:
    values: dict[str, Any]
    opds: list[Opd]
    kecamatans: list[Kecamatan]


def _url(value: str) -> str:
    url = _text(value, label=_("Tautan daring"), required=False, limit=200)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _invalid(
                _("Tautan daring harus alamat web lengkap, mis. https://zoom.us/j/123.")
            ) from None
    return url


def _event_clean(*, pemda: Pemda, data: EventData) -> _CleanEvent:
    if data.audience not in A.values:
        raise _invalid(_("Pilih sasaran kegiatan: ASN, masyarakat, atau penyedia."))
    if not isinstance(data.held_on, dt.date) or not EARLIEST <= data.held_on <= LATEST:
        raise _invalid(_("Tanggal kegiatan wajib diisi dengan tanggal yang wajar."))
    target = data.target_count
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= MAX_TARGET:
        raise _invalid(_("Target peserta harus bilangan bulat 0 sampai %(n)d.") % {"n": MAX_TARGET})
    place = _text(data.place, label=_("Tempat"), required=False, limit=200)
    online_url = _url(data.online_url)
    if not place and not online_url:
        raise _invalid(
            _("Isi tempat kegiatan atau tautan daring (salah satu wajib)."),
            OutreachError.PLACE_REQUIRED,
        )
    # Targets follow the audience: OPD for civil servants, kecamatan for the public.
    opd_ids = {int(i) for i in data.opd_ids} if data.audience == A.ASN else set()
    kec_ids = {int(i) for i in data.kecamatan_ids} if data.audience == A.PUBLIC else set()
    opds = list(Opd.objects.filter(pemda=pemda, pk__in=opd_ids)) if opd_ids else []
    if len(opds) != len(opd_ids):
        raise _invalid(_("OPD sasaran harus OPD pemda ini."))
    kecs = list(Kecamatan.objects.filter(pemda=pemda, pk__in=kec_ids)) if kec_ids else []
    if len(kecs) != len(kec_ids):
        raise _invalid(_("Kecamatan sasaran harus kecamatan pemda ini."))
    values = {
        "title": _text(data.title, label=_("Judul"), required=True, limit=200),
        "description": _text(
            data.description, label=_("Keterangan"), required=False, limit=MAX_TEXT
        ),
        "audience": data.audience,
        "held_on": data.held_on,
        "starts_at": data.starts_at,
        "place": place,
        "online_url": online_url,
        "speakers": _text(data.speakers, label=_("Narasumber"), required=False, limit=MAX_SPEAKERS),
        "target_count": target,
    }
    return _CleanEvent(values=values, opds=opds, kecamatans=kecs)


def event_create(*, pemda: Pemda, actor: Any, data: EventData) -> Event:
    """Plan an event. Past dates are allowed (the UPG records events held before SEHATI); the
    event starts as planned and is marked held separately."""
    clean = _event_clean(pemda=pemda, data=data)
    creator = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        event = Event.objects.create(
            pemda=pemda, join_code=code_new(), created_by=creator, **clean.values
        )
        event.opds.set(clean.opds)
        event.kecamatans.set(clean.kecamatans)
        timeline_record(
            subject=event,
            type="outreach_event_created",
            actor=actor,
            data={
                "audience": event.audience,
                "held_on": event.held_on.isoformat(),
                "target_count": event.target_count,
                "opd": sorted(o.pk for o in clean.opds),
                "kecamatan": sorted(k.pk for k in clean.kecamatans),
            },
        )
    return event


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def event_update(*, event: Event, actor: Any, data: EventData, today: dt.date) -> Event:
    """Change an event (not a cancelled one). The audience is fixed once anyone has registered;
    a held event keeps a date on or before today. Nothing changed writes nothing."""
    with transaction.atomic():
        locked = _lock(event)
        if locked.is_cancelled:
            raise ConflictError(
                _("Kegiatan yang dibatalkan tidak dapat diubah."), code=OutreachError.CANCELLED
            )
        clean = _event_clean(pemda=locked.pemda, data=data)
        values = clean.values
        if values["audience"] != locked.audience and locked.participants.exists():
            raise ConflictError(
                _("Sasaran tidak dapat diubah karena sudah ada peserta yang terdaftar."),
                code=OutreachError.AUDIENCE_LOCKED,
            )
        if locked.is_held and values["held_on"] > today:
            raise _invalid(
                _("Kegiatan yang sudah terlaksana tidak boleh bertanggal sesudah hari ini."),
                OutreachError.NOT_YET,
            )
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        new_opds = {o.pk for o in clean.opds}
        if new_opds != set(locked.opds.values_list("pk", flat=True)):
            locked.opds.set(clean.opds)
            changed.append("opds")
        new_kecs = {k.pk for k in clean.kecamatans}
        if new_kecs != set(locked.kecamatans.values_list("pk", flat=True)):
            locked.kecamatans.set(clean.kecamatans)
            changed.append("kecamatans")
        if changed:
            timeline_record(
                subject=locked,
                type="outreach_event_updated",
                actor=actor,
                data={"changed": changed},
            )
    return locked


def event_mark_held(*, event: Event, actor: Any, today: dt.date, confirm: bool) -> Event:
    """Mark a planned event held (on or after its date). Only held ASN events count for the
    coverage per OPD. Cannot be undone, hence `confirm`."""
    if not confirm:
        raise _invalid(_("Tandai terlaksana harus dikonfirmasi."), OutreachError.CONFIRM_REQUIRED)
    with transaction.atomic():
        locked = _lock(event)
        if not locked.is_planned:
            raise ConflictError(
                _("Hanya kegiatan yang masih direncanakan yang dapat ditandai terlaksana."),
                code=OutreachError.NOT_PLANNED,
            )
        if locked.held_on > today:
            raise ConflictError(
                _("Kegiatan belum dapat ditandai terlaksana sebelum tanggalnya."),
                code=OutreachError.NOT_YET,
            )
        locked.status = Event.Status.HELD
        locked.save(update_fields=["status", "updated_at"])
        people = Participant.objects.filter(event=locked)
        timeline_record(
            subject=locked,
            type="outreach_event_held",
            actor=actor,
            data={
                "registered": people.count(),
                "attended": people.filter(attended_at__isnull=False).count(),
            },
        )
    return locked


def event_cancel(*, event: Event, actor: Any, reason: str, confirm: bool) -> Event:
    """Cancel a planned event that nobody has attended yet; registration and check-in close.
    Cannot be undone, hence `confirm`."""
    clean_reason = _text(reason, label=_("Alasan pembatalan"), required=True, limit=MAX_TEXT)
    if not confirm:
        raise _invalid(_("Pembatalan harus dikonfirmasi."), OutreachError.CONFIRM_REQUIRED)
    with transaction.atomic():
        locked = _lock(event)
        if not locked.is_planned:
            raise ConflictError(
                _("Hanya kegiatan yang masih direncanakan yang dapat dibatalkan."),
                code=OutreachError.NOT_PLANNED,
            )
        if Participant.objects.filter(event=locked, attended_at__isnull=False).exists():
            raise ConflictError(
                _("Kegiatan ini sudah ada peserta yang hadir; tandai terlaksana, bukan batal."),
                code=OutreachError.HAS_ATTENDANCE,
            )
        locked.status = Event.Status.CANCELLED
        locked.cancel_reason = clean_reason
        locked.save(update_fields=["status", "cancel_reason", "updated_at"])
        timeline_record(
            subject=locked,
            type="outreach_event_cancelled",
            actor=actor,
            data={"registered": Participant.objects.filter(event=locked).count()},
        )
    return locked


def event_materials_add(
    *, event: Event, actor: Any, uploads: Sequence[UploadedFile], note: str = ""
) -> list[StoredFile]:
    """Attach materials (slides as PDF, leaflets, photos) to an event, all or none. Participants
    download them from their own page; staff from the event's page."""
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise _invalid(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            OutreachError.TOO_MANY_FILES,
        )
    for upload in files:
        file_check(upload=upload)
    clean_note = _text(note, label=_("Keterangan berkas"), required=False, limit=500)

    def guard() -> None:
        if _lock(event).is_cancelled:
            raise ConflictError(
                _("Kegiatan yang dibatalkan tidak dapat diberi materi."),
                code=OutreachError.CANCELLED,
            )

    return files_store(
        pemda=event.pemda,
        actor=actor,
        uploads=files,
        subject=event,
        purpose=MATERIAL,
        note=clean_note,
        guard=guard,
    )


# --- who takes part ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    """What someone without a SEHATI account types in to register or check in."""

    name: str = ""
    nip: str = ""
    organisation: str = ""
    kecamatan_id: int | None = None
    contact: str = ""


def registration_closed_reason(*, event: Event, today: dt.date) -> str:
    """Why registration is closed, or "" when it is open (a planned event, up to its date)."""
    if event.is_cancelled:
        return _("Kegiatan ini dibatalkan.")
    if not event.is_planned or today > event.held_on:
        return _("Pendaftaran sudah ditutup: kegiatan ini sudah berlangsung.")
    return ""


def checkin_closed_reason(*, event: Event, today: dt.date) -> str:
    """Why check-in is closed, or "" on the event's date (the pemda's local date)."""
    if event.is_cancelled:
        return _("Kegiatan ini dibatalkan.")
    if today < event.held_on:
        return _("Presensi dibuka pada tanggal kegiatan, %(date)s.") % {
            "date": event.held_on.strftime("%d-%m-%Y")
        }
    if today > event.held_on:
        return _(
            "Presensi melalui kode QR sudah ditutup. Bila Anda hadir, minta UPG mencatatnya "
            "dari daftar hadir."
        )
    return ""


def employee_of(user: Any, *, pemda_id: int) -> Employee | None:
    """The signed-in user's own active employee record in the pemda, or None."""
    if not getattr(user, "is_authenticated", False) or user.employee_id is None:
        return None
    employee: Employee | None = user.employee
    if employee is None or employee.pemda_id != pemda_id or not employee.is_active:
        return None
    return employee


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", name.casefold()) if w not in _TITLES}


def _employee_by_nip(*, event: Event, person: PersonData) -> Employee:
    """The active employee with this NIP whose name shares a word with the name typed. The
    refusal is the same for an unknown NIP and a wrong name, and never shows the name."""
    nip = re.sub(r"\s+", "", person.nip)
    employee = None
    if re.fullmatch(r"[0-9]{18}", nip):
        employee = Employee.objects.filter(pemda_id=event.pemda_id, nip=nip, is_active=True).first()
    if employee is None or not (_name_words(employee.name) & _name_words(person.name)):
        raise _invalid(
            _(
                "NIP dan nama tidak cocok dengan data pegawai pemda ini. Periksa kembali, atau "
                "minta UPG mencatat Anda dari daftar hadir."
            ),
            OutreachError.NIP_MISMATCH,
        )
    return employee


@dataclass(frozen=True)
class _Person:
    kind: str
    name: str
    organisation: str
    contact: str
    kecamatan: Kecamatan | None


def _person_clean(
    *, event: Event, person: PersonData, kind: str | None = None, self_service: bool = True
) -> _Person:
    """A person without an employee link: a member of the public or a vendor. `kind` defaults
    to the event's audience (an ASN event takes civil servants by NIP, not by name only). People
    signing themselves up for a public event name their kecamatan; the UPG may leave it out."""
    wanted = kind or event.audience
    if wanted not in (K.PUBLIC, K.VENDOR):
        raise _invalid(
            _("Kegiatan ini untuk ASN: isi NIP dan nama Anda."), OutreachError.PERSON_INVALID
        )
    name = _text(person.name, label=_("Nama"), required=True, limit=200)
    organisation = _text(
        person.organisation,
        label=_("Nama usaha/instansi") if wanted == K.VENDOR else _("Instansi/lembaga"),
        required=wanted == K.VENDOR,
        limit=200,
    )
    contact = _text(person.contact, label=_("Kontak"), required=False, limit=200)
    kecamatan = None
    if person.kecamatan_id is not None:
        kecamatan = Kecamatan.objects.filter(
            pemda_id=event.pemda_id, pk=person.kecamatan_id
        ).first()
        if kecamatan is None:
            raise _invalid(_("Pilih kecamatan dari daftar."), OutreachError.PERSON_INVALID)
    elif (
        self_service
        and wanted == K.PUBLIC
        and event.audience == A.PUBLIC
        and Kecamatan.objects.filter(pemda_id=event.pemda_id).exists()
    ):
        raise _invalid(_("Pilih kecamatan tempat tinggal Anda."), OutreachError.PERSON_INVALID)
    return _Person(wanted, name, organisation, contact, kecamatan)


def _for_employee(*, event: Event, employee: Employee, via: str) -> tuple[Participant, bool]:
    """The event's row of this employee, created if missing (kind ASN, OPD snapshot)."""
    existing = Participant.objects.filter(event=event, employee=employee).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Participant.objects.create(
                pemda_id=event.pemda_id,
                event=event,
                kind=K.ASN,
                employee=employee,
                opd_id=employee.opd_id,
                name=employee.name,
                organisation=str(employee.opd),
                code=code_new(),
                registered_via=via,
            )
    except IntegrityError:  # the same person tapped twice at once
        return Participant.objects.get(event=event, employee=employee), False
    return row, True


def _new_person(*, event: Event, person: _Person, via: str, client: str | None) -> Participant:
    if client is not None and throttle_exceeded(
        scope="outreach_join", client=client, limit=JOIN_LIMIT
    ):
        raise ThrottledError(
            _("Terlalu banyak pendaftaran dari perangkat ini. Coba lagi nanti."),
            code=OutreachError.THROTTLED,
        )
    if (
        Participant.objects.filter(event=event, employee__isnull=True).count()
        >= MAX_PUBLIC_PARTICIPANTS
    ):
        raise ConflictError(
            _("Daftar peserta kegiatan ini sudah penuh. Hubungi UPG."), code=OutreachError.FULL
        )
    row = Participant.objects.create(
        pemda_id=event.pemda_id,
        event=event,
        kind=person.kind,
        kecamatan=person.kecamatan,
        name=person.name,
        organisation=person.organisation,
        contact=person.contact,
        code=code_new(),
        registered_via=via,
    )
    if client is not None:
        throttle_count(scope="outreach_join", client=client, window_seconds=JOIN_WINDOW)
    return row


def _known(event: Event, code: str | None) -> Participant | None:
    if not code:
        return None
    return Participant.objects.filter(event=event, code=code).first()


def _participant_for(
    *,
    event: Event,
    user: Any,
    person: PersonData | None,
    known_code: str | None,
    via: str,
    client: str | None,
) -> tuple[Participant, bool]:
    """Who is taking part: the participant this browser registered before, the signed-in civil
    servant, a civil servant by NIP and name, or a new member of the public or vendor."""
    known = _known(event, known_code)
    if known is not None:
        return known, False
    employee = employee_of(user, pemda_id=event.pemda_id)
    if employee is None and person is not None and person.nip.strip():
        employee = _employee_by_nip(event=event, person=person)
    if employee is not None:
        return _for_employee(event=event, employee=employee, via=via)
    if person is None:
        raise _invalid(_("Isi data diri Anda."), OutreachError.PERSON_INVALID)
    clean = _person_clean(event=event, person=person)
    return _new_person(event=event, person=clean, via=via, client=client), True


def participant_register(
    *,
    event: Event,
    user: Any,
    person: PersonData | None,
    today: dt.date,
    known_code: str | None = None,
    client: str | None = None,
) -> Participant:
    """Register for a planned event before (or on) its date. A civil servant registers once per
    event (a second registration returns the first); the public and vendors get a new row
    unless this browser registered already (`known_code`)."""
    closed = registration_closed_reason(event=event, today=today)
    if closed:
        raise ConflictError(closed, code=OutreachError.REGISTRATION_CLOSED)
    with transaction.atomic():
        participant, created = _participant_for(
            event=event,
            user=user,
            person=person,
            known_code=known_code,
            via=V.REGISTRATION,
            client=client,
        )
        if created:
            timeline_record(
                subject=participant,
                type="outreach_participant_registered",
                actor=user if getattr(user, "is_authenticated", False) else PUBLIC_ACTOR,
                data={"event": event.pk, "kind": participant.kind},
            )
    return participant


def _attend(participant: Participant, *, now: dt.datetime, via: str, actor: Any) -> bool:
    """Set the attendance once (the first time counts); refresh the OPD snapshot of a civil
    servant to the OPD they came from. True when it was recorded now."""
    if participant.attended_at is not None:
        return False
    participant.attended_at = now
    participant.attended_via = via
    participant.attended_by = actor if getattr(actor, "is_authenticated", False) else None
    fields = ["attended_at", "attended_via", "attended_by", "updated_at"]
    if participant.employee_id is not None and participant.employee is not None:
        participant.opd_id = participant.employee.opd_id
        fields.append("opd")
    participant.save(update_fields=fields)
    return True


def participant_check_in(
    *,
    event: Event,
    user: Any,
    person: PersonData | None,
    today: dt.date,
    now: dt.datetime,
    known_code: str | None = None,
    client: str | None = None,
) -> Participant:
    """Check in by the event's QR code or link, on the event's date only. An existing
    registration is reused (the signed-in civil servant's, the one by NIP, or the one this
    browser made); otherwise the person is registered and checked in at once. Checking in
    twice keeps the first time."""
    closed = checkin_closed_reason(event=event, today=today)
    if closed:
        raise ConflictError(closed, code=OutreachError.CHECKIN_CLOSED)
    with transaction.atomic():
        participant, created = _participant_for(
            event=event,
            user=user,
            person=person,
            known_code=known_code,
            via=V.QR,
            client=client,
        )
        participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
        if _attend(participant, now=now, via=V.QR, actor=None):
            timeline_record(
                subject=participant,
                type="outreach_participant_checked_in",
                actor=user if getattr(user, "is_authenticated", False) else PUBLIC_ACTOR,
                data={"event": event.pk, "kind": participant.kind, "new": created},
            )
    return participant


def participant_self_check_in(
    *, participant: Participant, today: dt.date, now: dt.datetime
) -> Participant:
    """A registered participant checks in from their own page (their secret code), on the
    event's date."""
    return participant_check_in(
        event=participant.event,
        user=None,
        person=None,
        today=today,
        now=now,
        known_code=participant.code,
    )


def _list_open(event: Event, today: dt.date) -> None:
    if event.is_cancelled:
        raise ConflictError(
            _("Kegiatan ini dibatalkan; daftar hadir tidak dapat diisi."),
            code=OutreachError.CANCELLED,
        )
    if today < event.held_on:
        raise ConflictError(
            _("Daftar hadir dapat diisi mulai tanggal kegiatan."), code=OutreachError.NOT_YET
        )


def attendance_record(
    *,
    event: Event,
    actor: Any,
    participant_ids: Iterable[int],
    today: dt.date,
    now: dt.datetime,
) -> int:
    """The UPG ticks registered participants as present (from the event's date on, any time
    after). Returns how many were newly recorded; those present already keep their time."""
    wanted = {int(i) for i in participant_ids}
    if not wanted:
        raise _invalid(_("Centang paling sedikit satu peserta."), OutreachError.PARTICIPANT_UNKNOWN)
    with transaction.atomic():
        locked = _lock(event)
        _list_open(locked, today)
        rows = list(
            Participant.objects.select_for_update(of=("self",))
            .select_related("employee")
            .filter(event=locked, pk__in=wanted)
        )
        if len(rows) != len(wanted):
            raise _invalid(
                _("Peserta yang dicentang harus peserta kegiatan ini."),
                OutreachError.PARTICIPANT_UNKNOWN,
            )
        recorded = [p.pk for p in rows if _attend(p, now=now, via=V.LIST, actor=actor)]
        if recorded:
            timeline_record(
                subject=locked,
                type="outreach_attendance_recorded",
                actor=actor,
                data={"participants": sorted(recorded), "count": len(recorded)},
            )
    return len(recorded)


def participant_add(
    *,
    event: Event,
    actor: Any,
    today: dt.date,
    now: dt.datetime,
    employee_id: int | None = None,
    person: PersonData | None = None,
    kind: str | None = None,
    attended: bool = True,
) -> Participant:
    """The UPG adds someone to an event: a civil servant of the pemda by their employee record
    (any OPD, also one no longer active, for late lists), or a member of the public or a vendor
    by name. With `attended` (the attendance list) they are recorded present at once."""
    with transaction.atomic():
        locked = _lock(event)
        if attended:
            _list_open(locked, today)
        elif locked.is_cancelled:
            raise ConflictError(_("Kegiatan ini dibatalkan."), code=OutreachError.CANCELLED)
        if employee_id is not None:
            employee = Employee.objects.filter(pemda_id=locked.pemda_id, pk=employee_id).first()
            if employee is None:
                raise _invalid(
                    _("Pegawai yang dipilih harus pegawai pemda ini."),
                    OutreachError.PARTICIPANT_UNKNOWN,
                )
            participant, created = _for_employee(event=locked, employee=employee, via=V.LIST)
            if not created and (not attended or participant.attended_at is not None):
                raise ConflictError(
                    _("%(name)s sudah tercatat pada kegiatan ini.") % {"name": employee.name},
                    code=OutreachError.ALREADY_REGISTERED,
                )
        else:
            clean = _person_clean(
                event=locked,
                person=person or PersonData(),
                kind=kind or locked.audience,
                self_service=False,
            )
            participant = _new_person(event=locked, person=clean, via=V.LIST, client=None)
            created = True
        if created:
            timeline_record(
                subject=participant,
                type="outreach_participant_added",
                actor=actor,
                data={"event": locked.pk, "kind": participant.kind},
            )
        if attended and _attend(participant, now=now, via=V.LIST, actor=actor):
            timeline_record(
                subject=locked,
                type="outreach_attendance_recorded",
                actor=actor,
                data={"participants": [participant.pk], "count": 1},
            )
    return participant


def attendance_cancel(*, participant: Participant, actor: Any) -> Participant:
    """Undo a participant's attendance (a wrong tick, a check-in by someone not there). Their
    certificate, if issued, can no longer be downloaded; its number is never reused."""
    with transaction.atomic():
        row = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
        if row.attended_at is None:
            raise ConflictError(
                _("Peserta ini belum tercatat hadir."), code=OutreachError.NOT_ATTENDED
            )
        timeline_record(
            subject=row,
            type="outreach_attendance_cancelled",
            actor=actor,
            data={
                "event": row.event_id,
                "attended_at": row.attended_at.isoformat(),
                "via": row.attended_via,
                "certificate": row.certificate_number,
            },
        )
        row.attended_at = None
        row.attended_via = ""
        row.attended_by = None
        row.save(update_fields=["attended_at", "attended_via", "attended_by", "updated_at"])
    return row


# --- certificates --------------------------------------------------------------------------


def certificate_refusal(*, participant: Participant, today: dt.date) -> str:
    """Why the participant has no certificate (yet), or "" when it can be issued: they attended
    an event that was not cancelled, and the event's date has come."""
    event = participant.event
    if event.is_cancelled:
        return _("Kegiatan ini dibatalkan; tidak ada sertifikat.")
    if participant.attended_at is None:
        return _("Sertifikat tersedia setelah kehadiran Anda tercatat.")
    if today < event.held_on:
        return _("Sertifikat tersedia mulai tanggal kegiatan.")
    return ""


def certificate_issue(
    *, participant: Participant, actor: Any, today: dt.date, now: dt.datetime
) -> Participant:
    """Give the participant a certificate number (once: SERT/<year of the event>/<nnnnn>, per
    pemda) and record the issue. Later downloads reprint the same number."""
    refusal = certificate_refusal(participant=participant, today=today)
    if refusal:
        raise ConflictError(refusal, code=OutreachError.NOT_ATTENDED)
    if participant.certificate_number:
        return participant
    with transaction.atomic():
        row = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("event", "event__pemda", "employee", "opd", "kecamatan")
            .get(pk=participant.pk)
        )
        if row.certificate_number:
            return row
        year = row.event.held_on.year
        number = counter_next(CertificateCounter, pemda_id=row.pemda_id, year=year)
        row.certificate_number = f"SERT/{year}/{number:05d}"
        row.certificate_issued_at = now
        row.save(update_fields=["certificate_number", "certificate_issued_at", "updated_at"])
        timeline_record(
            subject=row,
            type="outreach_certificate_issued",
            actor=actor if getattr(actor, "is_authenticated", False) else PUBLIC_ACTOR,
            data={"event": row.event_id, "number": row.certificate_number},
        )
    return row


def event_certificates_issue(
    *, event: Event, actor: Any, today: dt.date, now: dt.datetime
) -> list[Participant]:
    """Certificates of every participant present at the event (numbers given to those without
    one, in name order)."""
    if event.is_cancelled:
        raise ConflictError(
            _("Kegiatan ini dibatalkan; tidak ada sertifikat."), code=OutreachError.CANCELLED
        )
    if today < event.held_on:
        raise ConflictError(
            _("Sertifikat tersedia mulai tanggal kegiatan."), code=OutreachError.NOT_YET
        )
    present = (
        Participant.objects.filter(event=event, attended_at__isnull=False)
        .select_related("event", "event__pemda", "employee", "opd", "kecamatan")
        .order_by("name", "id")
    )
    return [certificate_issue(participant=p, actor=actor, today=today, now=now) for p in present]
