"""Kernel jobs: the worker's heartbeat (read by /healthz)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sehati.core.services import worker_heartbeat_record


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    worker_heartbeat_record(name="huey")
