"""Time as an explicit input: dates of law are local dates in the pemda's own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone


def local_today(tz_name: str = "Asia/Makassar") -> dt.date:
    """Today's date in the given IANA zone (a pemda's WIB/WITA/WIT zone)."""
    return timezone.now().astimezone(ZoneInfo(tz_name)).date()
