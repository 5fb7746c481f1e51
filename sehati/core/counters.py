"""Yearly running numbers per pemda (register GRT/…, custody TTB/…, findings TMU/…).

Each kind keeps its own counter table (`pemda`, `year`, `last`); `counter_next` takes the next
number from any of them under a row lock, so two requests never get the same number."""

from __future__ import annotations

from typing import Any


def counter_next(model: Any, *, pemda_id: int, year: int) -> int:
    """The next number of `model`'s counter for the pemda and year. Call inside a transaction:
    the row stays locked until it ends."""
    model.objects.get_or_create(pemda_id=pemda_id, year=year)
    counter = model.objects.select_for_update().get(pemda_id=pemda_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last", "updated_at"])
    return int(counter.last)
