"""Kernel writes."""

from __future__ import annotations

from django.utils import timezone

from sehati.core.models import WorkerHeartbeat


def worker_heartbeat_record(*, name: str) -> WorkerHeartbeat:
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now()}
    )
    return beat
