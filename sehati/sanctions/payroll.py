"""The operator TPP's side of the payroll list (issue #6 point 3): which month a request names,
and marking a month processed (refused for a month that has not begun).

The ledger itself (what a processed month means for later changes) is in services.py."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from sehati.core.errors import ApplicationError
from sehati.org.models import Pemda
from sehati.rules.tpp import Month, SanctionRuleError
from sehati.sanctions.models import PayrollMonth
from sehati.sanctions.services import payroll_month_process


class PayrollError(StrEnum):
    """Stable codes of the payroll pages and API (besides SanctionError's)."""

    BAD_MONTH = "payroll_month_invalid"
    MONTH_IN_FUTURE = "payroll_month_in_future"


def payroll_period_parse(period: str) -> Month | None:
    """The month a URL names ("YYYY-MM", 2000-2100), or None."""
    try:
        return Month.parse(period)
    except SanctionRuleError:
        return None


def payroll_month_mark_processed(
    *, pemda: Pemda, actor: Any, month: Month, today: dt.date
) -> PayrollMonth:
    """Mark the month processed (irreversible). A month that has not begun cannot be: its list
    may still grow. Already processed: ConflictError from `payroll_month_process`."""
    if Month.of(today) < month:
        raise ApplicationError(
            _(
                "Bulan %(month)s belum dimulai; daftar potongannya masih dapat berubah. Tandai "
                "diproses paling cepat pada bulan itu."
            )
            % {"month": month},
            code=PayrollError.MONTH_IN_FUTURE,
        )
    return payroll_month_process(pemda=pemda, actor=actor, month=month)
