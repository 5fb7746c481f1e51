"""Demo data of issue #7 (integrity), built by `sehati demo` after the rest (sehati/org/demo.py)."""

from __future__ import annotations

import datetime as dt

from sehati.org.models import Pemda


def demo_integrity_build(*, pemda: Pemda, today: dt.date, seed: int) -> None:
    """Generated, plausible integrity data for the demo pemda (Faker id_ID; never real people)."""
