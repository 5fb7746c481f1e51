"""Shared set-up of the events tests: the test date, events and participants."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from conftest import World
from sehati.outreach.models import Event, Participant
from sehati.outreach.services import EventData, code_new, event_create

TODAY = dt.date(2026, 11, 23)  # a Monday; 10:00 WITA at the frozen time
FROZEN = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
NOW = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))


def make_event(world: World, *, pemda: Any = None, actor: Any = None, **kwargs: Any) -> Event:
    data = {
        "title": "Sosialisasi gratifikasi",
        "audience": "asn",
        "held_on": TODAY,
        "place": "Aula Inspektorat",
        **kwargs,
    }
    return event_create(
        pemda=pemda or world.pemda,
        actor=actor or world.users["upg"],
        data=EventData(**data),
    )


def attend(event: Event, employee: Any = None, *, name: str = "", kind: str = "") -> Participant:
    """A participant present at the event (written directly, as after a check-in)."""
    return Participant.objects.create(
        pemda=event.pemda,
        event=event,
        kind=kind or ("asn" if employee else "public"),
        employee=employee,
        opd_id=employee.opd_id if employee else None,
        name=employee.name if employee else (name or "Warga Uji"),
        code=code_new(),
        attended_at=NOW,
        attended_via="qr",
    )


def client_for(world: World, persona: str | None) -> Client:
    client = Client()
    if persona:
        client.force_login(world.users[persona])
    return client
