"""Writes of notices: an in-app notice, and the same text by e-mail after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from sehati.notifications.models import Notice


def notice_send(*, user: Any, title: str, body: str, url: str = "", email: bool = True) -> Notice:
    """Store a notice for `user`; e-mail it (as a job, after commit) when the user has an
    address. Call from a service; the caller's transaction decides whether it exists."""
    notice = Notice.objects.create(
        pemda_id=user.pemda_id,
        user=user,
        title=str(title)[:200],
        body=str(body),
        url=url[:300],
    )
    if email and user.email:
        from sehati.notifications.tasks import notice_email

        notice_id = notice.pk
        transaction.on_commit(lambda: notice_email(notice_id))
    return notice


def notice_email_send(*, notice: Notice) -> None:
    """Send one notice by e-mail (the job behind `notice_send`); marks it sent."""
    if notice.emailed or not notice.user.email:
        return
    base = getattr(settings, "SEHATI_BASE_URL", "").rstrip("/")
    link = f"\n\n{base}{notice.url}" if notice.url else ""
    send_mail(
        subject=f"[SEHATI] {notice.title}",
        message=f"{notice.body}{link}",
        from_email=None,
        recipient_list=[notice.user.email],
    )
    Notice.objects.filter(pk=notice.pk).update(emailed=True)


def notice_mark_read(*, user: Any, notice_ids: list[int] | None, now: Any) -> int:
    """Mark the user's notices read (all unread when `notice_ids` is None)."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=now)
