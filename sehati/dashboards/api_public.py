"""REST API of the public transparency table (issue #8 point 3): no login; the same figures as
the page and the open-data CSV, small cells suppressed (null with `hidden: true`)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from sehati.api.base import COMMON_ERRORS
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.dashboards.transparency import (
    COLUMNS,
    SCHEMA_VERSION,
    transparency_csv,
    transparency_table,
    transparency_years,
)
from sehati.org.models import Pemda

router = Router(tags=["Transparansi publik"])


class TransparencyQuery(Schema):
    year: int | None = Field(None, ge=2015, le=2100, description="Tahun (bawaan: tahun terakhir)")


class TransparencyCellOut(Schema):
    column: str
    value: int | None = Field(description="Kosong (null) bila disembunyikan")
    hidden: bool


class TransparencyRowOut(Schema):
    kind: str = Field(description='"opd", "masyarakat" atau "total"')
    code: str
    name: str
    cells: list[TransparencyCellOut]


class TransparencyScoreOut(Schema):
    kind: str
    label: str
    opd: str
    dimension: str
    value: Decimal | None
    category: str
    band: str


class TransparencyOut(Schema):
    schema_version: str
    year: int
    years: list[int]
    columns: list[str]
    refreshed_at: dt.datetime | None
    rows: list[TransparencyRowOut]
    scores: list[TransparencyScoreOut]


def _pemda(request: HttpRequest) -> Pemda:
    pemda = request.pemda  # type: ignore[attr-defined]
    if not pemda:
        raise Http404
    return pemda  # type: ignore[no-any-return]


def _years(pemda: Pemda, year: int | None) -> tuple[dt.date, list[int]]:
    today = local_today(pemda.time_zone)
    years = transparency_years(pemda=pemda, today=today)
    if year is not None and year not in years:
        raise ApplicationError(
            _("Tahun tidak tersedia. Tahun yang ada: %(y)s.") % {"y": ", ".join(map(str, years))},
            code="year_unavailable",
        )
    return today, years


@router.get(
    "/transparency",
    response={200: TransparencyOut, **COMMON_ERRORS},
    auth=None,
    summary="Angka transparansi setahun per OPD (sel di bawah 5 disembunyikan), tanpa login",
)
@reads_from_replica
def transparency(request: HttpRequest, q: Query[TransparencyQuery]) -> Any:
    pemda = _pemda(request)
    today, years = _years(pemda, q.year)
    table = transparency_table(pemda=pemda, year=q.year or years[-1], today=today)
    return {
        "schema_version": SCHEMA_VERSION,
        "year": table.year,
        "years": years,
        "columns": [c for c, _k in COLUMNS],
        "refreshed_at": table.refreshed_at,
        "rows": [
            {
                "kind": r.kind,
                "code": r.key,
                "name": r.name,
                "cells": [
                    {
                        "column": c,
                        "value": None if r.cells[c].hidden else r.cells[c].value,
                        "hidden": r.cells[c].hidden,
                    }
                    for c, _k in COLUMNS
                ],
            }
            for r in [*table.rows, table.total]
        ],
        "scores": [vars(s) for s in table.scores],
    }


@router.get(
    "/transparency/csv",
    response=COMMON_ERRORS,
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "CSV UTF-8 (skema: docs/open-data.md)",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
    summary="Data terbuka transparansi sebagai CSV (skema: docs/open-data.md), tanpa login",
)
@reads_from_replica
def transparency_csv_op(request: HttpRequest, q: Query[TransparencyQuery]) -> HttpResponse:
    pemda = _pemda(request)
    today, years = _years(pemda, q.year)
    chosen = [q.year] if q.year is not None else years
    data = transparency_csv([transparency_table(pemda=pemda, year=y, today=today) for y in chosen])
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    suffix = f"-{q.year}" if q.year is not None else ""
    response["Content-Disposition"] = (
        f'attachment; filename="transparansi-{pemda.code}{suffix}.csv"'
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
