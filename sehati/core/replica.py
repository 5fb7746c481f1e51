"""Reads from a PostgreSQL read replica, explicitly and only where stale-by-a-moment is fine
(issue #10 point 1).

With `DATABASE_URL_REPLICA` set, the settings add a database alias "replica" and this router.
Nothing goes to the replica by default: a view or function opts in with `@replica_reads` (or
`with replica_reads():`). SEHATI opts in for the dashboards, the transparency page, the aggregate
exports (XLSX/CSV/PDF lists and recaps) and the survey computation: heavy reads whose numbers may
lag the primary by the replication delay.

Inside an opted-in block:
- every read goes to the replica, except while the primary is inside a transaction (a service
  that writes and reads back its own rows must see them; `select_for_update` needs the primary);
- writes always go to the primary (an audit event for a download, a stale dashboard month being
  rebuilt), whatever database a model instance was read from;
- `primary_reads()` forces the primary for a block that must read what was just written.

Without a replica configured the router answers None for reads and everything uses "default".
Authentication, sessions and permission checks run before the opted-in view body and read the
primary; the replica never sees a request that could act on stale permissions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# True inside replica_reads(), False inside primary_reads(); per thread and per task.
_use_replica: ContextVar[bool] = ContextVar("sehati_replica_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send this block's reads to the replica (when one is configured)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Read from the primary in this block, even inside `replica_reads()`."""
    token = _use_replica.set(False)
    try:
        yield
    finally:
        _use_replica.reset(token)


def reads_from_replica(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `replica_reads()`, for a view, an API operation or a selector. Put it
    innermost (next to `def`), so that login and permission decorators read the primary."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return func(*args, **kwargs)

    return wrapper


def reading_replica() -> bool:
    """Whether a read made here would go to the replica (used by tests and the benchmark)."""
    return (
        _use_replica.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Django database router: see the module docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # Both aliases hold the same data: a report read from the replica may point to an
        # employee read from the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica is a copy of the primary made by PostgreSQL; never migrate it ourselves.
        return db != REPLICA
