"""Read side of the TPP payroll list (issue #6)."""

from __future__ import annotations

from typing import Any

from sehati.org.models import Pemda
from sehati.rules.tpp import Month
from sehati.sanctions.models import TppDeduction

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


def payroll_lines(*, pemda: Pemda, month: Month) -> list[dict[str, Any]]:
    """The month's TPP deduction list for the payroll, ordered by OPD and name."""
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
        }
        for r in rows
    ]
