"""Jobs: e-mail of a notice; the daily deadline reminders."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sehati.notifications.models import Notice
from sehati.notifications.reminders import reminders_scheduled
from sehati.notifications.services import notice_email_send


@db_task(retries=3, retry_delay=60)
def notice_email(notice_id: int) -> None:
    notice = Notice.objects.select_related("user").filter(pk=notice_id).first()
    if notice is not None:
        notice_email_send(notice=notice)


# huey evaluates crontabs in UTC and pemda live in three time zones: the job wakes every hour
# at :05 and `reminders_scheduled` serves each pemda from 06:05 of its own local time.
@db_periodic_task(crontab(minute="5"))
def reminders_daily() -> None:
    reminders_scheduled(now=timezone.now())
