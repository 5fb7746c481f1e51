"""Shared set-up of the surveys tests: a questionnaire of two dimensions (Likert 1..5, one
reversed item, one multiple choice), opened for staff and the public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import World
from sehati.surveys import services as svc
from sehati.surveys.models import RespondentGroup, Response, Survey

TODAY = dt.date(2026, 11, 23)
NOW = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))

CULTURE = svc.DimensionData(
    name="Budaya antigratifikasi",
    weight=2,
    items=[
        svc.ItemData(text="Pegawai menolak pemberian dari pengguna layanan."),
        svc.ItemData(text="Masih ada 'uang terima kasih' di unit saya.", reversed=True),
    ],
)
SYSTEM = svc.DimensionData(
    name="Sistem pelaporan",
    weight=1,
    items=[
        svc.ItemData(
            text="Bila ditawari hadiah, apa yang Anda lakukan?",
            kind="choice",
            options=[("Menerima diam-diam", 0), ("Menerima lalu melapor", 2), ("Menolak", 5)],
        ),
    ],
)


def survey_build(
    world: World, *, audience: str = "both", open_it: bool = True, **kwargs: Any
) -> Survey:
    upg = world.users["upg"]
    survey = svc.survey_create(
        pemda=world.pemda,
        actor=upg,
        title=kwargs.pop("title", "Survei integritas internal 2026"),
        audience=audience,
        **kwargs,
    )
    svc.questionnaire_replace(survey=survey, actor=upg, dimensions=[CULTURE, SYSTEM])
    survey.refresh_from_db()
    if open_it:
        survey = svc.survey_open(survey=survey, actor=upg, today=TODAY, now=NOW)
    return survey


def answers_for(survey: Survey, values: list[int | None]) -> dict[int, int | None]:
    """Item id → value, in questionnaire order."""
    items = svc.items_ordered(survey=survey)
    return {item.pk: v for item, v in zip(items, values, strict=True)}


def fill(survey: Survey, group: RespondentGroup, n: int, codes: bytes = b"\x04\x02\x03") -> None:
    """`n` responses in `group` (bulk, as the demo does)."""
    svc.responses_bulk_insert(survey=survey, rows=[(group.pk, codes)] * n)


def staff_group(survey: Survey, opd: Any) -> RespondentGroup:
    return survey.groups.get(kind="staff", opd=opd)


def public_group(survey: Survey) -> RespondentGroup:
    return survey.groups.filter(kind="public").order_by("id").first()  # type: ignore[return-value]


def close(survey: Survey, world: World) -> Survey:
    return svc.survey_close(survey=survey, actor=world.users["upg"], now=NOW, confirm=True)


__all__ = ["Response"]
