"""Shared set-up of the declarations tests: an open period and a submitted report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import World
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.declarations.services import period_open

TODAY = dt.date(2026, 11, 23)  # a Monday
DUE = dt.date(2026, 12, 4)  # a Friday
NOW = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))


def open_period(world: World, *, opds: tuple[Any, ...] = (), **kwargs: Any) -> DeclarationPeriod:
    return period_open(
        pemda=world.pemda,
        actor=world.users["upg"],
        title=kwargs.pop("title", "Semester II 2026"),
        starts_on=kwargs.pop("starts_on", dt.date(2026, 11, 1)),
        due_on=kwargs.pop("due_on", DUE),
        today=kwargs.pop("today", TODAY),
        all_opd=not opds,
        opd_ids=[o.pk for o in opds],
        **kwargs,
    )


def declaration_of(period: DeclarationPeriod, world: World, key: str) -> Declaration:
    return Declaration.objects.get(period=period, employee=world.employees[key])


def submitted_report(user: Any) -> Any:
    from sehati.reports.services import report_create, report_submit

    report, _created = report_create(
        actor=user,
        data={
            "kind": "receipt",
            "received_on": dt.date(2026, 10, 1),
            "category": "other",
            "form": "goods",
            "value_idr": 750_000,
            "giver_name": "Pemberi",
            "giver_relation": "vendor",
            "description": "Parsel",
            "place": "Kantor",
            "chronology": "Diantar ke kantor.",
        },
    )
    return report_submit(report=report, actor=user, today=dt.date(2026, 10, 5)).report


GIFT = {
    "description": "Parsel buah dari rekanan",
    "received_on": dt.date(2026, 11, 10),
    "giver_name": "CV Maju",
    "value_idr": 850_000,
}
