"""Deadlines in working days, each with its legal basis (GRATIFICATION_LAW.md §2.4).

Internal deadlines (to the UPG, UPG → KPK) are earlier alarms only: the legal deadline is always
receipt + 30 HK, so an internal deadline is `min(its own rule, receipt + 30 HK)` (the invariant
of §2.4 and DECISIONS.md #12). A pemda's Perbup may set its own numbers of days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sehati.rules.calendar import WorkCalendar
from sehati.rules.rulesets import CountedFrom, DeadlineCode, DeadlineRule, RuleSet


@dataclass(frozen=True)
class Deadline:
    code: DeadlineCode
    due_on: dt.date
    working_days: int
    counted_from: CountedFrom
    start: dt.date
    legal_basis: str
    capped: bool  # True when the legal 30-HK deadline came first


def effective_rule(
    ruleset: RuleSet, code: DeadlineCode, overrides: Mapping[DeadlineCode, int] | None = None
) -> DeadlineRule:
    """The rule set's rule, with the pemda's own number of days when its Perbup sets one."""
    rule = ruleset.deadline(code)
    days = (overrides or {}).get(code)
    if days is None or days == rule.working_days:
        return rule
    return DeadlineRule(
        code=rule.code,
        working_days=days,
        counted_from=rule.counted_from,
        legal_basis=f"Perbup pemda ({days} HK); {rule.legal_basis}",
        capped_by=rule.capped_by,
    )


def deadline_compute(
    *,
    ruleset: RuleSet,
    code: DeadlineCode,
    start: dt.date,
    calendar: WorkCalendar,
    received_on: dt.date | None = None,
    overrides: Mapping[DeadlineCode, int] | None = None,
) -> Deadline:
    """Due date of one deadline counted from `start` (day 0); capped by receipt + 30 HK when the
    rule says so and the receipt date is known."""
    rule = effective_rule(ruleset, code, overrides)
    due = calendar.add_working_days(start, rule.working_days)
    capped = False
    if rule.capped_by is not None and received_on is not None:
        cap_rule = ruleset.deadline(rule.capped_by)
        cap = calendar.add_working_days(received_on, cap_rule.working_days)
        if cap < due:
            due, capped = cap, True
    return Deadline(
        code=code,
        due_on=due,
        working_days=rule.working_days,
        counted_from=rule.counted_from,
        start=start,
        legal_basis=rule.legal_basis,
        capped=capped,
    )


def reporter_deadlines(
    *,
    ruleset: RuleSet,
    received_on: dt.date,
    calendar: WorkCalendar,
    overrides: Mapping[DeadlineCode, int] | None = None,
) -> list[Deadline]:
    """What a recipient must know on the day of receipt: to the UPG pembantu, to the UPG, to KPK."""
    return [
        deadline_compute(
            ruleset=ruleset,
            code=code,
            start=received_on,
            calendar=calendar,
            received_on=received_on,
            overrides=overrides,
        )
        for code in (
            DeadlineCode.RECEIPT_TO_UPG_PEMBANTU,
            DeadlineCode.RECEIPT_TO_UPG,
            DeadlineCode.RECEIPT_TO_KPK,
        )
    ]
