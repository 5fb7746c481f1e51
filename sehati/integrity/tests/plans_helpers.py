"""Builders for the action-plan tests: a weak published score and a plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from conftest import World
from sehati.integrity.models import ActionPlan, IntegrityScore
from sehati.integrity.plans_services import PlanData, plan_create

TODAY = dt.date(2026, 11, 23)


def weak_score(pemda: Any, *, dimension: str = "perizinan", value: str = "64.81") -> IntegrityScore:
    """A thematic SPI 2024 score in KPK's Rentan band (Kapuas's licensing figure, §5.6)."""
    return IntegrityScore.objects.create(
        pemda=pemda,
        kind=IntegrityScore.Kind.SPI_TEMATIK,
        year=2024,
        dimension=dimension,
        value=Decimal(value),
        band="rentan",
        band_scheme="kpk-spi-2024",
        source="KPK, audiensi SPI tematik gratifikasi 16 Oktober 2024",
    )


def make_plan(
    world: World,
    *,
    opd: Any = None,
    title: str = "Izin praktik tenaga kesehatan secara daring",
    due_on: dt.date = dt.date(2027, 3, 31),
    score: IntegrityScore | None = None,
    dimension: str = "perizinan",
    today: dt.date = TODAY,
) -> ActionPlan:
    opd = opd or world.dinkes
    return plan_create(
        pemda=opd.pemda,
        actor=world.users["upg"] if opd.pemda == world.pemda else world.users["other_pemda_user"],
        data=PlanData(
            title=title,
            owner_opd_id=opd.pk,
            due_on=due_on,
            score_id=score.pk if score else None,
            dimension=dimension,
        ),
        today=today,
    )
