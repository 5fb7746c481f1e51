"""Jobs that keep the dashboards' summary tables current (issue #8 point 4)."""

from __future__ import annotations

import datetime as dt
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sehati.core.clock import local_today
from sehati.dashboards.summary import summary_refresh, summary_refresh_dirty
from sehati.org.models import Pemda

logger = logging.getLogger(__name__)


@db_task()
def summary_refresh_task(pemda_id: int, today: str) -> None:
    """Rebuild one pemda's summary whole for the local date `today` (ISO), asked for by a
    dashboard that found it a day old."""
    pemda = Pemda.objects.filter(pk=pemda_id).first()
    if pemda is not None:
        summary_refresh(pemda=pemda, today=dt.date.fromisoformat(today))


@db_periodic_task(crontab(minute="*/5"))
def summary_refresh_periodic() -> None:
    """Every five minutes: the months changed since, and once a local day the whole summary (its
    "overdue" counts depend on the date). Changes are also picked up by the next dashboard read;
    this job keeps that read short."""
    from sehati.dashboards.models import SummaryState

    states = dict(SummaryState.objects.values_list("pemda_id", "as_of"))
    for pemda in Pemda.objects.all():
        today = local_today(pemda.time_zone)
        as_of = states.get(pemda.pk)
        if as_of is None or as_of < today:
            n = summary_refresh(pemda=pemda, today=today)
            logger.info("summary of pemda %s rebuilt (%s reports)", pemda.code, n)
        else:
            summary_refresh_dirty(pemda=pemda, today=today)
