"""Reads of notices: a user's own, the unread count for the navbar bell."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sehati.accounts.policies import Action, require
from sehati.notifications.models import Notice


def notice_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's notices, newest first. A notice is only ever its addressee's."""
    qs = Notice.objects.filter(user_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notice_unread_count(*, user: Any) -> int:
    """One query: the number on the navbar bell."""
    return Notice.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def access_notice(user: Any, notice_id: int) -> Notice:
    """One of the user's own notices; someone else's and a missing one are the same 404."""
    require(user, Action.NOTICE_VIEW)
    if not 1 <= notice_id <= 2**63 - 1:
        raise Http404
    try:
        return Notice.objects.get(pk=notice_id, user_id=user.pk)
    except Notice.DoesNotExist:
        raise Http404 from None
