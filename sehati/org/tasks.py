"""Roster import jobs: thin wrappers that load ids and call a service (ARCHITECTURE.md)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sehati.accounts.models import User
from sehati.core.errors import ApplicationError
from sehati.org.models import RosterImport
from sehati.org.services import (
    roster_import_commit,
    roster_import_fail_stale,
    roster_import_validate,
)

logger = logging.getLogger(__name__)
# Validation of 100,000 rows takes seconds and a commit under a minute (bench/roster_import.py).
STALE_AFTER = dt.timedelta(minutes=30)


@db_task()
def roster_import_validate_task(import_id: int) -> None:
    roster_import = RosterImport.objects.filter(pk=import_id).first()
    if roster_import is None:
        return
    try:
        roster_import_validate(roster_import=roster_import)
    except ApplicationError as exc:
        # The refusal is already recorded on the import (or it was validated twice).
        logger.info("roster import %s not validated: %s", import_id, exc.code)


@db_task()
def roster_import_commit_task(import_id: int, actor_id: int | None, today: str) -> None:
    roster_import = RosterImport.objects.filter(pk=import_id).first()
    if roster_import is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        roster_import_commit(
            roster_import=roster_import, actor=actor, today=dt.date.fromisoformat(today)
        )
    except ApplicationError as exc:
        logger.info("roster import %s not committed: %s", import_id, exc.code)


@db_periodic_task(crontab(minute="*/10"))
def roster_import_fail_stale_task() -> None:
    """A job that stopped mid-way (worker killed, machine restarted) leaves its import failed,
    not 'in progress' forever."""
    count = roster_import_fail_stale(now=timezone.now(), older_than=STALE_AFTER)
    if count:
        logger.warning("%s roster import(s) stopped mid-way were marked failed", count)
