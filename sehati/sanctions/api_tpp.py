"""REST API of the TPP payroll list and the sanction rules (issue #6 point 3).

The files are the same bytes as the month page's downloads and `sehati tpp export`."""

import datetime as dt
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import P, PathEx, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.models import User
from sehati.accounts.policies import Action, access_sanction_rule, require
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, auth_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.org.models import Pemda
from sehati.rules.tpp import MAX_MONTHS, Month
from sehati.sanctions.models import SanctionRuleRecord
from sehati.sanctions.payroll import (
    PayrollError,
    payroll_month_mark_processed,
    payroll_period_parse,
)
from sehati.sanctions.payroll_files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, payroll_file
from sehati.sanctions.rules_admin import FIRST_DAY as RULE_FIRST_DAY
from sehati.sanctions.rules_admin import (
    LAST_DAY,
    RULE_FIELDS,
    RuleData,
    sanction_decisions,
    sanction_rule_create,
    sanction_rule_decisions,
    sanction_rule_update,
    sanction_rule_usage,
)
from sehati.sanctions.selectors import (
    PayrollMonthRow,
    payroll_lines,
    payroll_month_row,
    payroll_months,
    sanction_rule_records,
)

router = Router(tags=["Potongan TPP dan aturan sanksi"])
Period = PathEx[
    str,
    P(pattern=r"^(20\d{2}|2100)-(0[1-9]|1[0-2])$", description="bulan penggajian, TTTT-BB"),
]
RuleId = PathEx[int, P(ge=1, le=ID_MAX)]
Day = Annotated[dt.date, Field(ge=RULE_FIRST_DAY, le=LAST_DAY)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
Percent = Annotated[int, Field(ge=1, le=100, strict=True)]
Months = Annotated[int, Field(ge=1, le=MAX_MONTHS, strict=True)]
LegalBasis = Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = _user(request).pemda
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _month(period: str) -> Month:
    month = payroll_period_parse(period)
    if month is None:  # pragma: no cover - the path pattern refuses it first
        raise ApplicationError("Bulan harus berbentuk TTTT-BB.", code=PayrollError.BAD_MONTH)
    return month


# --- the payroll list -----------------------------------------------------------------------


class PayrollMonthOut(Schema):
    month: str = Field(description="TTTT-BB")
    lines: int
    corrections: int = Field(description="baris koreksi atas bulan yang sudah diproses")
    total_idr: int = Field(description="jumlah bersih: potongan + koreksi (koreksi bisa negatif)")
    processed: bool
    processed_at: dt.datetime | None
    processed_by: str
    is_current: bool
    is_future: bool


def _month_out(row: PayrollMonthRow) -> dict[str, Any]:
    by = row.processed.processed_by if row.processed else None
    return {
        "month": row.key,
        "lines": row.lines,
        "corrections": row.corrections,
        "total_idr": row.total_idr,
        "processed": row.processed is not None,
        "processed_at": row.processed.processed_at if row.processed else None,
        "processed_by": (by.get_full_name() or by.get_username()) if by else "",
        "is_current": row.is_current,
        "is_future": row.is_future,
    }


class PayrollLineOut(Schema):
    nip: str
    name: str
    opd: str
    tpp_idr: int
    percent: int
    deduction_idr: int = Field(description="negatif pada koreksi yang mengembalikan TPP")
    decision_number: str
    legal_basis: str
    kind: str = Field(description="deduction atau correction")
    corrects_month: str = Field(description="bulan yang dikoreksi (TTTT-BB); kosong: potongan")


class PayrollMonthDetailOut(PayrollMonthOut):
    items: list[PayrollLineOut]


@router.get(
    "/payroll",
    auth=auth_for(Action.PAYROLL_VIEW),
    response={200: list[PayrollMonthOut], **COMMON_ERRORS},
    summary="Bulan penggajian: yang punya baris potongan atau sudah diproses, dan bulan ini "
    "(terbaru dahulu)",
)
@paginate(Pagination)
def payroll_list_op(request: HttpRequest) -> Any:
    return [_month_out(r) for r in payroll_months(pemda=_pemda(request), today=_today(request))]


def _detail(request: HttpRequest, month: Month) -> dict[str, Any]:
    pemda = _pemda(request)
    row = payroll_month_row(pemda=pemda, month=month, today=_today(request))
    return {**_month_out(row), "items": payroll_lines(pemda=pemda, month=month)}


@router.get(
    "/payroll/{period}",
    auth=auth_for(Action.PAYROLL_VIEW),
    response={200: PayrollMonthDetailOut, **COMMON_ERRORS},
    summary="Daftar potongan TPP sebulan (baris yang sama dengan berkas CSV/XLSX)",
)
def payroll_month_op(request: HttpRequest, period: Period) -> Any:
    return _detail(request, _month(period))


def _binary(content_type: str, what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": what,
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=potongan-tpp-<pemda>-<TTTT-BB>.<ext>",
                        "schema": {"type": "string"},
                    }
                },
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    file = payroll_file(pemda=_pemda(request), month=_month(period), fmt=fmt)
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/payroll/{period}/csv",
    auth=auth_for(Action.PAYROLL_VIEW),
    response=COMMON_ERRORS,
    summary="Daftar potongan TPP sebulan sebagai CSV (UTF-8, baris judul)",
    description="Sama persis dengan `sehati tpp export --month TTTT-BB --format csv`. Kolom: "
    "nip, name, opd, tpp_idr, percent, deduction_idr, decision_number, legal_basis, kind.",
    openapi_extra=_binary(CSV_CONTENT_TYPE.split(";")[0], "Berkas CSV"),
)
@reads_from_replica
def payroll_csv_op(request: HttpRequest, period: Period) -> HttpResponse:
    return _download(request, period, "csv")


@router.get(
    "/payroll/{period}/xlsx",
    auth=auth_for(Action.PAYROLL_VIEW),
    response=COMMON_ERRORS,
    summary="Daftar potongan TPP sebulan sebagai XLSX",
    description="Sama persis dengan `sehati tpp export --month TTTT-BB --format xlsx`; kolom "
    "uang dan persen berupa sel bilangan bulat.",
    openapi_extra=_binary(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
@reads_from_replica
def payroll_xlsx_op(request: HttpRequest, period: Period) -> HttpResponse:
    return _download(request, period, "xlsx")


@router.post(
    "/payroll/{period}/process",
    auth=auth_for(Action.PAYROLL_PROCESS),
    response={201: PayrollMonthDetailOut, **COMMON_ERRORS},
    summary="Tandai bulan sudah diproses (tidak dapat dibatalkan)",
    description="Sesudahnya daftar bulan itu tidak berubah lagi; perubahan kemudian menjadi "
    "baris koreksi di bulan terbuka berikutnya. Sudah diproses: 409 "
    "(`payroll_month_already_processed`). Bulan yang belum dimulai: 422 "
    "(`payroll_month_in_future`).",
)
def payroll_process_op(request: HttpRequest, period: Period) -> Any:
    month = _month(period)
    payroll_month_mark_processed(
        pemda=_pemda(request), actor=request.user, month=month, today=_today(request)
    )
    return Status(201, _detail(request, month))


# --- sanction rules -------------------------------------------------------------------------


class SanctionRuleOut(Schema):
    id: int
    code: str
    percent: int
    months: int
    legal_basis: str
    valid_from: dt.date
    valid_until: dt.date | None
    decisions: int = Field(
        description="putusan yang memakai aturan ini; bila > 0 hanya valid_until yang dapat diubah"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


def _rule_out(rule: SanctionRuleRecord, decisions: int) -> dict[str, Any]:
    return {
        **{name: getattr(rule, name) for name in ("id", *RULE_FIELDS, "created_at", "updated_at")},
        "decisions": decisions,
    }


@router.get(
    "/sanction-rules",
    auth=auth_for(Action.SANCTION_RULE_VIEW),
    response={200: list[SanctionRuleOut], **COMMON_ERRORS},
    summary="Aturan sanksi TPP pemda (daftar kosong: berlaku aturan bawaan SEHATI, 50% TPP "
    "selama 1 bulan, Perbup HSS 68/2020 Pasal 17D)",
)
@paginate(Pagination)
def rule_list_op(request: HttpRequest) -> Any:
    pemda = _pemda(request)
    records = list(sanction_rule_records(pemda=pemda))
    usage = sanction_rule_usage(rules=records, decisions=sanction_decisions(pemda=pemda))
    return [_rule_out(r, len(usage.get(r.pk, []))) for r in records]


class SanctionRuleIn(Schema):
    code: Code
    percent: Percent
    months: Months
    legal_basis: LegalBasis
    valid_from: Day
    valid_until: Day | None = None


@router.post(
    "/sanction-rules",
    auth=auth_for(Action.SANCTION_RULE_MANAGE),
    response={201: SanctionRuleOut, **COMMON_ERRORS},
    summary="Catat aturan sanksi TPP pemda",
    description="Ditolak (409 `sanction_rule_retroactive`) bila mengubah aturan yang berlaku "
    "pada tanggal putusan yang sudah ada; kode ganda: 409 `sanction_rule_code_taken`.",
)
def rule_create_op(request: HttpRequest, payload: SanctionRuleIn) -> Any:
    rule = sanction_rule_create(
        pemda=_pemda(request),
        actor=request.user,
        data=RuleData(**{name: getattr(payload, name) for name in RULE_FIELDS}),
    )
    return Status(201, _rule_out(rule, 0))


@router.get(
    "/sanction-rules/{rule_id}",
    auth=auth_for(Action.SANCTION_RULE_VIEW),
    response={200: SanctionRuleOut, **COMMON_ERRORS},
    summary="Satu aturan sanksi TPP",
)
def rule_get_op(request: HttpRequest, rule_id: RuleId) -> Any:
    rule = access_sanction_rule(_user(request), rule_id)
    return _rule_out(rule, len(sanction_rule_decisions(rule=rule)))


class SanctionRulePatch(Schema):
    """Only the fields sent change; `{}` changes nothing; `"valid_until": null` reopens."""

    code: Code | None = None
    percent: Percent | None = None
    months: Months | None = None
    legal_basis: LegalBasis | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None


@router.patch(
    "/sanction-rules/{rule_id}",
    auth=auth_for(Action.SANCTION_RULE_MANAGE),
    response={200: SanctionRuleOut, **COMMON_ERRORS},
    summary="Ubah aturan sanksi TPP (hanya kolom yang dikirim)",
    description="Aturan yang sudah dipakai untuk putusan hanya dapat diberi atau diubah "
    "`valid_until` (409 `sanction_rule_applied`); perubahan yang memindahkan putusan ke aturan "
    "lain ditolak (409 `sanction_rule_retroactive`).",
)
def rule_patch_op(request: HttpRequest, rule_id: RuleId, payload: SanctionRulePatch) -> Any:
    user = _user(request)
    require(user, Action.SANCTION_RULE_MANAGE)
    rule = access_sanction_rule(user, rule_id, Action.SANCTION_RULE_MANAGE)
    sent = payload.model_dump(exclude_unset=True)
    changes = {k: v for k, v in sent.items() if v is not None or k == "valid_until"}
    updated = sanction_rule_update(rule=rule, actor=user, changes=changes)
    return _rule_out(updated, len(sanction_rule_decisions(rule=updated)))
