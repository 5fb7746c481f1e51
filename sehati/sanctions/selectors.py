"""Read side of the TPP payroll list and of the pemda's sanction rules (issue #6 point 3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from sehati.org.models import Pemda
from sehati.rules.tpp import Month
from sehati.sanctions.models import PayrollMonth, SanctionRuleRecord, TppDeduction

PAYROLL_COLUMNS: tuple[str, ...] = (
    "nip",
    "name",
    "opd",
    "tpp_idr",
    "percent",
    "deduction_idr",
    "decision_number",
    "legal_basis",
    "kind",
)
# Columns holding integer rupiah or a percent: integer cells in the XLSX file.
PAYROLL_INTEGER_COLUMNS: frozenset[str] = frozenset({"tpp_idr", "percent", "deduction_idr"})


def payroll_lines(*, pemda: Pemda, month: Month) -> list[dict[str, Any]]:
    """The month's TPP deduction list for the payroll, ordered by OPD and name. Each line has
    the PAYROLL_COLUMNS and, for the pages and the API, `corrects_month` (the processed month a
    correction line corrects; empty for a deduction). The files carry PAYROLL_COLUMNS only."""
    rows = TppDeduction.objects.filter(pemda=pemda, month=str(month)).order_by(
        "opd_name", "name", "nip", "id"
    )
    return [
        {
            "nip": r.nip,
            "name": r.name,
            "opd": r.opd_name,
            "tpp_idr": r.tpp_idr,
            "percent": r.percent,
            "deduction_idr": r.deduction_idr,
            "decision_number": r.decision_number,
            "legal_basis": r.legal_basis,
            "kind": r.kind,
            "corrects_month": r.corrects_month,
        }
        for r in rows
    ]


@dataclass(frozen=True)
class PayrollMonthRow:
    """One payroll month as the operator TPP sees it."""

    month: Month
    lines: int
    corrections: int
    total_idr: int
    processed: PayrollMonth | None
    is_current: bool
    is_future: bool

    @property
    def key(self) -> str:
        return str(self.month)


def _month_figures(pemda: Pemda, months: list[str] | None = None) -> dict[str, dict[str, int]]:
    rows = TppDeduction.objects.filter(pemda=pemda)
    if months is not None:
        rows = rows.filter(month__in=months)
    return {
        r["month"]: r
        for r in rows.values("month")
        .annotate(
            lines=Count("id"),
            corrections=Count("id", filter=Q(kind=TppDeduction.Kind.CORRECTION)),
            total_idr=Sum("deduction_idr"),
        )
        .order_by()
    }


def payroll_months(*, pemda: Pemda, today: dt.date) -> list[PayrollMonthRow]:
    """Every month that has lines or was processed, plus the current month; newest first.
    Two queries whatever the number of months (a pemda has at most a few hundred)."""
    current = Month.of(today)
    figures = _month_figures(pemda)
    processed = {
        p.month: p for p in PayrollMonth.objects.filter(pemda=pemda).select_related("processed_by")
    }
    keys = set(figures) | set(processed) | {str(current)}
    out = []
    for key in sorted(keys, reverse=True):
        f = figures.get(key, {})
        month = Month.parse(key)
        out.append(
            PayrollMonthRow(
                month=month,
                lines=f.get("lines", 0),
                corrections=f.get("corrections", 0),
                total_idr=f.get("total_idr") or 0,
                processed=processed.get(key),
                is_current=month == current,
                is_future=current < month,
            )
        )
    return out


def payroll_month_row(*, pemda: Pemda, month: Month, today: dt.date) -> PayrollMonthRow:
    """The figures of one month (also one never booked: zero lines)."""
    f = _month_figures(pemda, [str(month)]).get(str(month), {})
    current = Month.of(today)
    return PayrollMonthRow(
        month=month,
        lines=f.get("lines", 0),
        corrections=f.get("corrections", 0),
        total_idr=f.get("total_idr") or 0,
        processed=PayrollMonth.objects.filter(pemda=pemda, month=str(month))
        .select_related("processed_by")
        .first(),
        is_current=month == current,
        is_future=current < month,
    )


def sanction_rule_records(*, pemda: Pemda) -> QuerySet[SanctionRuleRecord]:
    """The pemda's own sanction rules, newest validity first."""
    return SanctionRuleRecord.objects.filter(pemda=pemda).order_by("-valid_from", "code")
