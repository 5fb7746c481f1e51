"""The daily retention job (issue #9 point 3)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sehati.core.clock import local_today
from sehati.org.models import Pemda
from sehati.privacy.services import retention_run

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1", minute="30"))
def retention_daily() -> None:
    """Once a day (01:30 server time): each pemda's expired personal data, not under a legal
    hold, anonymised or deleted as its schedule says. A pemda that fails is logged and retried
    the next day; the others go on."""
    for pemda in Pemda.objects.all():
        try:
            run = retention_run(pemda=pemda, today=local_today(pemda.time_zone))
        except Exception:
            logger.exception("retention of pemda %s failed", pemda.code)
        else:
            logger.info("retention of pemda %s: %s", pemda.code, run.counts)
