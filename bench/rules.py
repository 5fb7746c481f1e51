"""Benchmark of the rules engine on one core (issue #3).

Prints assessments per second and add_working_days calls per second, each with a ratio to a
baseline measured in the same run (building the same inputs without the rule work), so the figure
can be compared across machines. Targets: >= 50,000 assessments/s, >= 500,000 add_working_days/s.
Run: .venv/bin/python bench/rules.py  (or `make bench`)
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sehati.rules.assess import Gift, assess
from sehati.rules.calendar import WorkCalendar
from sehati.rules.defaults import default_rulebook
from sehati.rules.rulesets import Category, Form, Relation

N_ASSESS = 200_000
N_DAYS = 1_000_000


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    return min(fn() for _ in range(runs))


def main() -> None:
    rng = random.Random(2026)
    rules = default_rulebook()
    calendar = WorkCalendar()
    start = dt.date(2024, 1, 1)
    raw = [
        (
            start + dt.timedelta(days=rng.randrange(0, 1000)),
            rng.choice(list(Category)),
            rng.choice(list(Form)),
            rng.randrange(0, 3_000_000, 50_000),
            rng.choice(list(Relation)),
            rng.randrange(0, 1_500_000, 50_000),
            rng.random() < 0.1,
            rng.random() < 0.05,
        )
        for _ in range(N_ASSESS)
    ]

    def build_only() -> float:
        t = time.perf_counter()
        for r in raw:
            Gift(*r)
        return time.perf_counter() - t

    gifts = [Gift(*r) for r in raw]

    def assess_all() -> float:
        t = time.perf_counter()
        for g in gifts:
            assess(g, rules, calendar)
        return time.perf_counter() - t

    base = best_of(3, build_only)
    work = best_of(3, assess_all)
    rate = N_ASSESS / work
    print(
        f"assess: {N_ASSESS:,} gifts in {work:.3f} s = {rate:,.0f} assessments/s "
        f"(target >= 50,000) | baseline (building the inputs) {N_ASSESS / base:,.0f}/s | "
        f"ratio {work / base:.1f}x"
    )

    days = [start + dt.timedelta(days=rng.randrange(0, 3000)) for _ in range(N_DAYS)]
    ns = [rng.randrange(0, 60) for _ in range(N_DAYS)]
    pairs = list(zip(days, ns, strict=True))

    def baseline_days() -> float:
        t = time.perf_counter()
        for d, n in pairs:
            d + dt.timedelta(days=n)
        return time.perf_counter() - t

    def add_days() -> float:
        add = calendar.add_working_days
        t = time.perf_counter()
        for d, n in pairs:
            add(d, n)
        return time.perf_counter() - t

    base_d = best_of(3, baseline_days)
    work_d = best_of(3, add_days)
    print(
        f"add_working_days: {N_DAYS:,} calls in {work_d:.3f} s = {N_DAYS / work_d:,.0f} calls/s "
        f"(target >= 500,000) | baseline (calendar-day addition) {N_DAYS / base_d:,.0f}/s | "
        f"ratio {work_d / base_d:.1f}x"
    )


if __name__ == "__main__":
    main()
