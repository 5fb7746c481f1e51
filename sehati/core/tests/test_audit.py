from __future__ import annotations

import pytest

from sehati.core.audit import timeline_for, timeline_record
from sehati.core.templatetags.sehati import rupiah


@pytest.mark.django_db
def test_timeline_records_actor_type_data_and_pemda(world) -> None:
    employee = world.employees["budi"]
    event = timeline_record(
        subject=employee, type="diperiksa", actor=world.users["upg"], data={"catatan": "uji"}
    )
    assert event.pemda == world.pemda
    assert event.actor == world.users["upg"]
    assert event.actor_label == world.users["upg"].get_full_name()
    assert list(timeline_for(employee)) == [event]


@pytest.mark.django_db
def test_timeline_accepts_a_system_actor(world) -> None:
    event = timeline_record(subject=world.pemda, type="sistem", actor="sehati demo")
    assert event.actor is None and event.actor_label == "sehati demo"
    assert event.pemda == world.pemda


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "Rp0"),
        (1250000, "Rp1.250.000"),
        (-5000, "-Rp5.000"),
        (None, "—"),
        ("x", "x"),
    ],
)
def test_rupiah_filter(value, shown) -> None:
    assert rupiah(value) == shown
