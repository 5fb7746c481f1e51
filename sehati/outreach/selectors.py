"""Reads of socialisation events: the event list with its counts, the participants of an event,
the materials, and the lookups by the secret codes of links and QR codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sehati.core.files import files_for
from sehati.core.models import StoredFile
from sehati.org.models import Opd
from sehati.org.selectors import opd_descendant_ids
from sehati.outreach.models import Event, Participant
from sehati.outreach.services import MATERIAL

A = Event.Audience
K = Participant.Kind
STATUS_ATTENDED = "attended"
STATUS_ABSENT = "absent"
PARTICIPANT_STATUSES = (STATUS_ATTENDED, STATUS_ABSENT)
MAX_CODE = 32


def _ancestor_ids(*, pemda_id: int, opd_id: int) -> set[int]:
    parent = dict(Opd.objects.filter(pemda_id=pemda_id).values_list("id", "parent_id"))
    result: set[int] = set()
    node: int | None = opd_id
    while node is not None and node in parent and node not in result:
        result.add(node)
        node = parent[node]
    return result


def event_list(
    *,
    events: QuerySet[Event],
    pemda_id: int,
    year: int | None = None,
    audience: str = "",
    status: str = "",
    opd_id: int | None = None,
    q: str = "",
) -> QuerySet[Event]:
    """Events (newest first) with their registered and attended counts. The OPD filter keeps
    the ASN events aimed at that OPD: those for all OPD, those naming the OPD or an OPD above it
    (a chosen OPD covers its sub-units), and any event someone from the OPD attended."""
    if year is not None:
        events = events.filter(held_on__year=year)
    if audience in A.values:
        events = events.filter(audience=audience)
    if status in Event.Status.values:
        events = events.filter(status=status)
    if opd_id is not None:
        above = _ancestor_ids(pemda_id=pemda_id, opd_id=opd_id)
        below = opd_descendant_ids(pemda_id=pemda_id, roots={opd_id})
        named = Event.opds.through.objects.filter(opd_id__in=above).values("event_id")
        targeted = Event.opds.through.objects.values("event_id")
        came = Participant.objects.filter(opd_id__in=below).values("event_id")
        events = events.filter(
            Q(audience=A.ASN, pk__in=named)
            | (Q(audience=A.ASN) & ~Q(pk__in=targeted))
            | Q(pk__in=came)
        )
    if q:
        events = events.filter(
            Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(place__icontains=q)
            | Q(speakers__icontains=q)
        )
    return events.annotate(
        registered=Count("participants"),
        attended=Count("participants", filter=Q(participants__attended_at__isnull=False)),
    ).order_by("-held_on", "-id")


def event_years(*, pemda_id: int, also: int | None = None) -> list[int]:
    """The years that have events (newest first), with `also` (this year) always offered."""
    years = {
        d.year
        for d in Event.objects.filter(pemda_id=pemda_id).dates("held_on", "year", order="DESC")
    }
    if also is not None:
        years.add(also)
    return sorted(years, reverse=True)


@dataclass
class KindCount:
    kind: str
    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class GroupCount:
    """Registered and attended per OPD (civil servants) or per kecamatan (the public)."""

    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class EventCounts:
    registered: int = 0
    attended: int = 0
    by_kind: list[KindCount] = field(default_factory=list)
    by_group: list[GroupCount] = field(default_factory=list)


def event_counts(*, event: Event) -> EventCounts:
    """Counts of an event: in total, per kind of participant, and per OPD (by the OPD each
    civil servant came from) or kecamatan. Two grouped queries; no names."""
    rows = Participant.objects.filter(event=event)
    counts = EventCounts()
    kinds = {k.value: KindCount(k.value, str(k.label)) for k in K}
    for item in rows.values("kind").annotate(
        n=Count("id"), present=Count("id", filter=Q(attended_at__isnull=False))
    ):
        kc = kinds[item["kind"]]
        kc.registered, kc.attended = item["n"], item["present"]
        counts.registered += item["n"]
        counts.attended += item["present"]
    counts.by_kind = [k for k in kinds.values() if k.registered]
    groups: dict[str, GroupCount] = {}
    grouped = rows.values("opd__name", "opd__short_name", "kecamatan__name", "kind").annotate(
        n=Count("id"), present=Count("id", filter=Q(attended_at__isnull=False))
    )
    for item in grouped:
        if item["kind"] == K.ASN:
            label = item["opd__short_name"] or item["opd__name"] or "—"
        elif item["kind"] == K.PUBLIC:
            label = item["kecamatan__name"] or str(K.PUBLIC.label)
        else:
            label = str(K.VENDOR.label)
        group = groups.setdefault(label, GroupCount(label))
        group.registered += item["n"]
        group.attended += item["present"]
    counts.by_group = sorted(groups.values(), key=lambda g: (-g.attended, g.label.lower()))
    return counts


def participant_list(
    *,
    event: Event,
    kind: str = "",
    status: str = "",
    opd_id: int | None = None,
    kecamatan_id: int | None = None,
    q: str = "",
) -> QuerySet[Participant]:
    """The participants of an event, by name: filter by kind, present or not, OPD (with its
    sub-units, by the OPD they came from), kecamatan, and name/NIP/organisation."""
    rows = Participant.objects.filter(event=event)
    if kind in K.values:
        rows = rows.filter(kind=kind)
    if status == STATUS_ATTENDED:
        rows = rows.filter(attended_at__isnull=False)
    elif status == STATUS_ABSENT:
        rows = rows.filter(attended_at__isnull=True)
    if opd_id is not None:
        rows = rows.filter(opd_id__in=opd_descendant_ids(pemda_id=event.pemda_id, roots={opd_id}))
    if kecamatan_id is not None:
        rows = rows.filter(kecamatan_id=kecamatan_id)
    if q:
        rows = rows.filter(
            Q(name__icontains=q) | Q(employee__nip__icontains=q) | Q(organisation__icontains=q)
        )
    return rows.select_related("employee", "opd", "kecamatan", "attended_by").order_by("name", "id")


def event_materials(*, event: Event) -> QuerySet[StoredFile]:
    return files_for(event, MATERIAL)


def event_for_join_code(code: str) -> Event:
    """The event of a registration/check-in link; unknown codes are a 404."""
    if not code or len(code) > MAX_CODE:
        raise Http404
    try:
        return Event.objects.select_related("pemda").get(join_code=code)
    except Event.DoesNotExist:
        raise Http404 from None


def participant_for_code(code: str) -> Participant:
    """The participant of a personal link; unknown codes are a 404."""
    if not code or len(code) > MAX_CODE:
        raise Http404
    try:
        return Participant.objects.select_related(
            "event", "event__pemda", "employee", "opd", "kecamatan"
        ).get(code=code)
    except Participant.DoesNotExist:
        raise Http404 from None


def participant_material(*, participant: Participant, file_id: str) -> StoredFile:
    """One material of the participant's event; anything else is a 404."""
    try:
        return event_materials(event=participant.event).get(public_id=file_id)
    except (StoredFile.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
