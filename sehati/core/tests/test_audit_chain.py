"""The tamper-evident audit chain (issue #9 point 2): every event is linked to the one before it
in its pemda's chain, and `sehati audit verify` names the first event edited, inserted or
deleted by hand."""

from __future__ import annotations

import itertools
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sehati.core.audit import audit_verify, timeline_record
from sehati.core.models import AuditChainHead, TimelineEvent


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def test_chain_links_events_and_verify_names_the_edited_one(world: Any) -> None:
    upg = world.users["upg"]
    base = TimelineEvent.objects.filter(pemda=world.pemda).count()
    events = [
        timeline_record(subject=world.dinkes, type="demo_built", actor=upg, data={"n": i, "x": 1.5})
        for i in range(5)
    ]
    timeline_record(subject=world.other_opd, type="demo_built", actor="sistem")
    assert [e.seq for e in events] == list(range(base + 1, base + 6))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert AuditChainHead.objects.get(chain=world.pemda.pk).hash == events[-1].hash
    assert "Rantai utuh" in _verify()
    assert audit_verify()[1] == []

    # Relabelling the actor (a report made confidential) does not break the chain.
    TimelineEvent.objects.filter(pk=events[0].pk).update(actor_label="Pelapor (dirahasiakan)")
    assert audit_verify()[1] == []

    # Editing one row by hand: verify names it, and only the pemda's chain is broken.
    TimelineEvent.objects.filter(pk=events[2].pk).update(data={"n": 99, "x": 1.5})
    with pytest.raises(CommandError, match="1 rantai rusak"):
        out = StringIO()
        call_command("audit", "verify", stdout=out)
    assert f"peristiwa #{events[2].pk} (urutan {events[2].seq}): isinya berubah" in out.getvalue()
    assert "Rantai utuh" in _verify("--pemda", "lain")
    TimelineEvent.objects.filter(pk=events[2].pk).update(data={"n": 2, "x": 1.5})
    assert audit_verify()[1] == []

    # Deleting one in the middle, then the last one.
    TimelineEvent.objects.filter(pk=events[1].pk).delete()
    (broken,) = audit_verify(chain=world.pemda.pk)[1]
    assert broken.event_id == events[2].pk and "hilang" in broken.reason
    TimelineEvent.objects.create(
        **{f.attname: getattr(events[1], f.attname) for f in TimelineEvent._meta.concrete_fields}
    )
    assert audit_verify()[1] == []
    TimelineEvent.objects.filter(pk=events[4].pk).delete()
    (broken,) = audit_verify(chain=world.pemda.pk)[1]
    assert broken.event_id is None and "terakhir hilang" in broken.reason
