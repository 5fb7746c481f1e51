"""Rules operations: the self-check assessment, working-day due dates, the calendar. Public."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from sehati.api.base import COMMON_ERRORS, Rupiah
from sehati.core.errors import ApplicationError
from sehati.reports.selectors import work_calendar_for
from sehati.reports.selfcheck import assessment_as_dict, selfcheck_run
from sehati.rules.assess import Gift
from sehati.rules.calendar import CalendarRangeError
from sehati.rules.rulesets import Category, Form, Relation

router = Router(tags=["aturan"])

DATE_MIN, DATE_MAX = dt.date(2015, 1, 1), dt.date(2040, 12, 31)


class AssessIn(Schema):
    received_on: dt.date = Field(ge=DATE_MIN, le=DATE_MAX, description="Tanggal penerimaan")
    category: Category
    form: Form
    value_idr: Rupiah
    giver_relation: Relation
    same_giver_year_total_idr: Rupiah = 0
    conflict_of_interest: bool = False
    to_institution: bool = False


class DeadlineOut(Schema):
    code: str
    due_on: dt.date
    working_days: int
    legal_basis: str
    capped: bool


class AssessOut(Schema):
    must_report: bool
    exemption: str | None
    rule_set: str
    legal_basis: str
    report_due: dt.date | None
    reasons: list[str]
    notes: list[str]
    deadlines: list[DeadlineOut]


@router.post(
    "/rules/assess",
    auth=None,
    response={200: AssessOut, **COMMON_ERRORS},
    summary="Apakah pemberian ini wajib dilaporkan?",
)
def rules_assess(request: HttpRequest, payload: AssessIn) -> Any:
    gift = Gift(**payload.dict())
    try:
        result = selfcheck_run(pemda=request.pemda, gift=gift)  # type: ignore[attr-defined]
    except CalendarRangeError as exc:
        raise ApplicationError(str(exc), code="date_out_of_calendar") from None
    body = assessment_as_dict(result.assessment)
    body["deadlines"] = [
        {
            "code": d.code.value,
            "due_on": d.due_on,
            "working_days": d.working_days,
            "legal_basis": d.legal_basis,
            "capped": d.capped,
        }
        for d in result.deadlines
    ]
    return body


class DueFilter(Schema):
    start: dt.date = Field(ge=DATE_MIN, le=DATE_MAX, description="Hari ke-0 (YYYY-MM-DD)")
    days: int = Field(ge=0, le=365, description="Jumlah hari kerja")


class DueOut(Schema):
    start: dt.date
    days: int
    due_on: dt.date


@router.get(
    "/rules/due",
    auth=None,
    response={200: DueOut, **COMMON_ERRORS},
    summary="Tanggal ke-N hari kerja setelah tanggal awal",
)
def rules_due(request: HttpRequest, filters: Query[DueFilter]) -> Any:
    try:
        due = work_calendar_for(request.pemda).add_working_days(filters.start, filters.days)  # type: ignore[attr-defined]
    except CalendarRangeError as exc:
        raise ApplicationError(str(exc), code="date_out_of_calendar") from None
    return {"start": filters.start, "days": filters.days, "due_on": due}


class DayOut(Schema):
    date: dt.date
    kind: str
    name: str


@router.get(
    "/rules/calendar/{year}",
    auth=None,
    response={200: list[DayOut], **COMMON_ERRORS},
    summary="Hari libur nasional, cuti bersama dan perubahan daerah dalam setahun",
)
def rules_calendar(request: HttpRequest, year: int = Path(..., ge=2015, le=2040)) -> Any:
    calendar = work_calendar_for(request.pemda)  # type: ignore[attr-defined]
    return [
        {"date": d.day, "kind": d.kind.value, "name": d.name} for d in calendar.special_days(year)
    ]
