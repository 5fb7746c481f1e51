"""Reads: the rule book and working-day calendar of a pemda, and the self-check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from django.contrib.contenttypes.models import ContentType

from sehati.core.models import TimelineEvent
from sehati.org.models import CalendarOverride, Pemda
from sehati.reports.models import CONFIDENTIAL_ACTOR, GiftReport, RuleSetRecord
from sehati.rules.calendar import Override, OverrideAction, WorkCalendar
from sehati.rules.defaults import default_rulebook
from sehati.rules.rulesets import DeadlineCode, RuleBook, RuleSet, ruleset_from_dict


def rulebook_for(pemda: Pemda | None) -> RuleBook:
    """Shipped rule sets plus the pemda's active additions; a later rule set ends the earlier."""
    rulesets: dict[dt.date, RuleSet] = {r.valid_from: r for r in default_rulebook().rulesets}
    if pemda:  # request.pemda is a lazy object: test its truth, not `is None`
        for record in RuleSetRecord.objects.filter(pemda=pemda, is_active=True):
            added = ruleset_from_dict(record.as_ruleset_dict())
            rulesets[added.valid_from] = added
    ordered = [rulesets[d] for d in sorted(rulesets)]
    closed = [
        replace(r, valid_to=nxt.valid_from)
        if r.valid_to is None or r.valid_to > nxt.valid_from
        else r
        for r, nxt in pairwise(ordered)
    ]
    return RuleBook([*closed, ordered[-1]])


@lru_cache(maxsize=64)
def _calendar(cuti_bersama_is_working: bool, overrides: tuple[Override, ...]) -> WorkCalendar:
    return WorkCalendar(cuti_bersama_is_working=cuti_bersama_is_working, overrides=overrides)


def work_calendar_for(pemda: Pemda | None) -> WorkCalendar:
    """The pemda's calendar: national days, its cuti-bersama setting and its override table.

    Built once per distinct setting and cached in the process (a calendar is immutable)."""
    if not pemda:
        return _calendar(False, ())
    overrides = tuple(
        Override(o.day, OverrideAction(o.action), o.name, o.legal_basis)
        for o in CalendarOverride.objects.filter(pemda=pemda).order_by("day")
    )
    return _calendar(pemda.cuti_bersama_counts_as_working, overrides)


def deadline_overrides_for(pemda: Pemda | None) -> dict[DeadlineCode, int]:
    """The internal deadlines the pemda's Perbup sets (DECISIONS.md #12)."""
    if not pemda:
        return {}
    return {
        DeadlineCode.RECEIPT_TO_UPG: pemda.days_to_upg,
        DeadlineCode.RECEIPT_TO_UPG_PEMBANTU: pemda.days_to_upg_pembantu,
        DeadlineCode.UPG_PEMBANTU_TO_UPG: pemda.days_upg_pembantu_to_upg,
        DeadlineCode.UPG_TO_KPK: pemda.days_upg_to_kpk,
    }


def timeline_masked(events: Iterable[TimelineEvent], *, viewer: Any) -> list[TimelineEvent]:
    """Timeline events for `viewer`, with the reporter's name replaced on events about a
    confidential report (issue #4 point 11: the timeline must not undo the confidentiality).
    Two queries at most, whatever the number of events."""
    rows = list(events)
    report_type = ContentType.objects.get_for_model(GiftReport)
    ids = {e.subject_id for e in rows if e.subject_type_id == report_type.pk}
    from sehati.accounts.policies import identity_viewer_sees_all

    if not ids or identity_viewer_sees_all(viewer):
        return rows
    # The reporter of a confidential report is sealed: read through the model, not the column.
    reporters = {
        r.pk: r.reporter_id
        for r in GiftReport.objects.filter(pk__in=ids, confidential=True).only(
            "pk", "reporter_sealed"
        )
    }
    own = getattr(viewer, "employee_id", None)
    for e in rows:
        reporter = reporters.get(e.subject_id) if e.subject_type_id == report_type.pk else None
        if reporter is None or reporter == own or e.actor is None:
            continue
        if e.actor.employee_id == reporter:
            e.actor_label = str(CONFIDENTIAL_ACTOR)
    return rows
