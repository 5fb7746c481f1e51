"""Reports submitted for case tests: the report services, fixed dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sehati.reports.models import GiftReport
from sehati.reports.services import report_create, report_submit


def submitted_report(
    user: Any,
    *,
    received_on: dt.date = dt.date(2026, 10, 1),
    submitted_on: dt.date = dt.date(2026, 10, 5),
    **data: Any,
) -> GiftReport:
    values = {
        "kind": "receipt",
        "received_on": received_on,
        "category": "other",
        "form": "goods",
        "value_idr": 750_000,
        "giver_name": "PT Contoh Jaya",
        "giver_relation": "vendor",
        "description": "Parsel",
        "place": "Kantor",
        "chronology": "Diantar kurir ke kantor.",
        **data,
    }
    report, _created = report_create(actor=user, data=values)
    return report_submit(report=report, actor=user, today=submitted_on).report
