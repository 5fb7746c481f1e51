"""The demo builds socialisation events around today from the pemda's own employees, through
the services, and a second call adds nothing. (Run on the test world rather than the whole demo
pemda: `sehati demo` itself calls the same function after building the organisation.)"""

from __future__ import annotations

import pytest
import time_machine

from conftest import World
from sehati.core.audit import timeline_for
from sehati.org.tests.factories import EmployeeFactory, KecamatanFactory
from sehati.outreach.coverage import coverage_by_opd
from sehati.outreach.dashboard import dashboard_build
from sehati.outreach.demo import demo_outreach_build
from sehati.outreach.models import Event, Participant
from sehati.outreach.tests.events_helpers import FROZEN, TODAY


@pytest.mark.django_db
def test_demo_events(world: World) -> None:
    for opd in (world.dinkes, world.puskesmas, world.dukcapil):
        EmployeeFactory.create_batch(8, opd=opd, pemda=world.pemda)
    KecamatanFactory(pemda=world.pemda, name="Angkinang")
    with time_machine.travel(FROZEN, tick=False):
        demo_outreach_build(pemda=world.pemda, today=TODAY, seed=7)
    events = Event.objects.filter(pemda=world.pemda)
    statuses = {s: events.filter(status=s).count() for s in ("planned", "held", "cancelled")}
    assert statuses == {"planned": 3, "held": 6, "cancelled": 1}
    assert set(events.values_list("audience", flat=True)) == {"asn", "public", "vendor"}
    now = events.get(held_on=TODAY)
    assert now.is_planned and not now.participants.filter(attended_at__isnull=False).exists()
    people = Participant.objects.filter(pemda=world.pemda)
    assert people.filter(kind="asn", employee__pemda=world.pemda).count() > 10
    assert not people.exclude(event__pemda=world.pemda).exists()
    assert people.filter(kind="vendor").exclude(organisation="").count() == 16
    assert people.exclude(certificate_number="").count() == 5
    held = events.filter(status="held").first()
    assert held is not None and {"outreach_event_created", "outreach_event_held"} <= {
        e.type for e in timeline_for(held)
    }
    board = dashboard_build(pemda_id=world.pemda.pk, year=2026, today=TODAY)
    assert board.overdue == 1 and board.attended > 0
    assert coverage_by_opd(pemda_id=world.pemda.pk, year=2026).total.reached > 0
    before = Participant.objects.count()
    demo_outreach_build(pemda=world.pemda, today=TODAY, seed=1)
    assert Participant.objects.count() == before
