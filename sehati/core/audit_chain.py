"""The audit chain (issue #9 point 2): every timeline event of a pemda is linked by SHA-256 to the
one before it, so that editing, inserting or deleting an event by hand shows.

hash(n) = SHA-256(hash(n-1) || canonical JSON of the event's facts), where the facts are the
chain, the sequence number, the subject (model label and id), the event type, the actor's id as
written, the data and the time (UTC, microseconds). The display name of the actor is left out:
SEHATI masks it on a report that becomes confidential (reports/services.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """The data as the database gives it back (JSON types only)."""
    return json.loads(json.dumps(value, default=str))


def event_hash(
    *,
    prev_hash: str,
    chain: int,
    seq: int,
    subject: str,
    subject_id: int,
    type: str,
    actor_ref: int | None,
    data: Any,
    created_at: dt.datetime,
) -> str:
    facts = {
        "chain": chain,
        "seq": seq,
        "subject": subject,
        "subject_id": subject_id,
        "type": type,
        "actor": actor_ref,
        "data": canonical(data),
        "at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
    }
    body = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain, in words."""

    chain: int
    event_id: int | None
    seq: int | None
    reason: str
