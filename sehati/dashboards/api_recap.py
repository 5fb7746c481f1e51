"""REST API of the periodic recaps to KPK and the regent (issue #8 point 2): the periods of a
year, a period's figures and lists, the letter (PDF) and the annex (XLSX), and issuing. A period
is written `2026-q3` (quarter) or `2026-s1` (semester)."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Schema, Status
from pydantic import Field

from sehati.accounts.policies import Action, require
from sehati.api.base import COMMON_ERRORS, NO_NUL, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.core.responses import binary_openapi
from sehati.dashboards.models import Recap
from sehati.dashboards.recap import (
    RecapPeriod,
    recap_counts,
    recap_data,
    recap_get,
    recap_issue,
    recap_period_parse,
    recap_periods,
)
from sehati.dashboards.recap_views import recap_download
from sehati.documents.documents import XLSX_CONTENT_TYPE
from sehati.org.models import Pemda

router = Router(tags=["Rekap periodik"])
RecapPeriodPath = PathEx[
    str, P(max_length=7, pattern=r"^\d{4}-[qs][1-4]$", description="mis. 2026-q3, 2026-s1")
]


class RecapYearQuery(Schema):
    year: int | None = Field(None, ge=2015, le=2100, description="Tahun (bawaan: tahun ini)")


class RecapIssuedOut(Schema):
    letter_number: str
    letter_date: dt.date
    signatory_name: str
    signatory_position: str
    issued_by: str
    issued_at: dt.datetime


class RecapPeriodOut(Schema):
    code: str
    label: str
    first_day: dt.date
    last_day: dt.date
    ended: bool
    issued: RecapIssuedOut | None


class RecapOut(RecapPeriodOut):
    totals: dict[str, int]
    sections: dict[str, list[dict[str, Any]]]


class RecapIssueIn(Schema):
    letter_number: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)
    letter_date: dt.date
    signatory_name: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    signatory_position: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    confirm: bool = Field(description="Harus true: rekap yang diterbitkan tidak dapat diubah")


def _pemda(request: HttpRequest, action: Action) -> Pemda:
    require(request.user, action)
    pemda: Pemda | None = request.user.pemda  # type: ignore[union-attr]
    if pemda is None:
        raise Http404
    return pemda


def _period(code: str) -> RecapPeriod:
    period = recap_period_parse(code)
    if period is None:
        raise Http404
    return period


def _issued_out(recap: Recap | None) -> dict[str, Any] | None:
    if recap is None:
        return None
    return {
        "letter_number": recap.letter_number,
        "letter_date": recap.letter_date,
        "signatory_name": recap.signatory_name,
        "signatory_position": recap.signatory_position,
        "issued_by": str(recap.issued_by),
        "issued_at": recap.created_at,
    }


def _period_out(period: RecapPeriod, recap: Recap | None, today: dt.date) -> dict[str, Any]:
    return {
        "code": period.code,
        "label": period.label,
        "first_day": period.first_day,
        "last_day": period.last_day,
        "ended": period.last_day < today,
        "issued": _issued_out(recap),
    }


@router.get(
    "/recaps",
    response={200: list[RecapPeriodOut], **COMMON_ERRORS},
    auth=auth_for(Action.RECAP_VIEW),
    summary="Periode rekap setahun (menurut pengaturan pemda) dan yang sudah diterbitkan",
)
def recap_list_op(request: HttpRequest, q: Query[RecapYearQuery]) -> Any:
    pemda = _pemda(request, Action.RECAP_VIEW)
    today = local_today(pemda.time_zone)
    year = q.year or today.year
    issued = recap_counts(pemda=pemda, year=year)
    return [
        _period_out(p, issued.get(p.code), today) for p in recap_periods(pemda=pemda, year=year)
    ]


@router.get(
    "/recaps/{recap_period}",
    response={200: RecapOut, **COMMON_ERRORS},
    auth=auth_for(Action.RECAP_VIEW),
    summary="Angka dan daftar rekap satu periode (seperti saat terbit bila sudah diterbitkan)",
)
def recap_detail_op(
    request: HttpRequest,
    recap_period: RecapPeriodPath,
) -> Any:
    pemda = _pemda(request, Action.RECAP_VIEW)
    period = _period(recap_period)
    recap = recap_get(pemda=pemda, period=period)
    data = recap_data(pemda=pemda, period=period, recap=recap)
    return {
        **_period_out(period, recap, local_today(pemda.time_zone)),
        "totals": data.totals,
        "sections": data.sections,
    }


@router.get(
    "/recaps/{recap_period}/pdf",
    response=COMMON_ERRORS,
    auth=auth_for(Action.RECAP_VIEW),
    summary="Surat rekap kepada KPK (tembusan kepala daerah) sebagai PDF",
    openapi_extra=binary_openapi("application/pdf", "Surat PDF"),
)
@reads_from_replica
def recap_pdf_op(
    request: HttpRequest,
    recap_period: RecapPeriodPath,
) -> HttpResponse:
    pemda = _pemda(request, Action.RECAP_VIEW)
    period = _period(recap_period)
    return recap_download(pemda=pemda, period=period, fmt="pdf")


@router.get(
    "/recaps/{recap_period}/xlsx",
    response=COMMON_ERRORS,
    auth=auth_for(Action.RECAP_VIEW),
    summary="Lampiran rekap (XLSX): ringkasan dan satu lembar per bagian",
    openapi_extra=binary_openapi(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
@reads_from_replica
def recap_xlsx_op(
    request: HttpRequest,
    recap_period: RecapPeriodPath,
) -> HttpResponse:
    pemda = _pemda(request, Action.RECAP_VIEW)
    period = _period(recap_period)
    return recap_download(pemda=pemda, period=period, fmt="xlsx")


@router.post(
    "/recaps/{recap_period}/issue",
    response={201: RecapPeriodOut, **COMMON_ERRORS},
    auth=auth_for(Action.RECAP_ISSUE),
    summary="Terbitkan rekap periode yang sudah berakhir (nomor dan tanggal surat); tidak dapat diubah",
)
def recap_issue_op(
    request: HttpRequest,
    payload: RecapIssueIn,
    recap_period: RecapPeriodPath,
) -> Any:
    pemda = _pemda(request, Action.RECAP_ISSUE)
    period = _period(recap_period)
    if not payload.confirm:
        raise ApplicationError(
            _("Konfirmasi (confirm: true) diperlukan untuk menerbitkan rekap."),
            code="recap_confirm",
        )
    today = local_today(pemda.time_zone)
    recap = recap_issue(
        pemda=pemda,
        period=period,
        actor=request.user,
        today=today,
        letter_number=payload.letter_number.strip(),
        letter_date=payload.letter_date,
        signatory_name=payload.signatory_name.strip(),
        signatory_position=payload.signatory_position.strip(),
    )
    return Status(201, _period_out(period, recap, today))
