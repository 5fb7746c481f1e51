"""Counting requests per client in the cache, to throttle anonymous endpoints (public tips, tip
lookups). The client is known only by a keyed hash of its address, kept in the cache for the
window and never written next to what it sent."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.cache import cache


def client_address(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the header the proxy sets from the
    connection (setting SEHATI_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP). Only a header the proxy
    overwrites may be trusted; a client can send any header itself."""
    header = getattr(settings, "SEHATI_CLIENT_IP_HEADER", "")
    if header:
        value = str(request.META.get(header, "") or "").strip()
        if value:
            return value.split(",")[-1].strip()[:64]
    return str(request.META.get("REMOTE_ADDR", "") or "")[:64]


def client_key(request: Any) -> str:
    """A keyed hash of the client's address; the address itself is never stored."""
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _cache_key(scope: str, client: str) -> str:
    return f"sehati:throttle:{scope}:{client}"


def throttle_exceeded(*, scope: str, client: str, limit: int) -> bool:
    """Has the client used up `limit` counted events in the current window?"""
    return int(cache.get(_cache_key(scope, client), 0)) >= limit


def throttle_count(*, scope: str, client: str, window_seconds: int) -> int:
    """Count one event for the client; the window starts with its first event."""
    key = _cache_key(scope, client)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
