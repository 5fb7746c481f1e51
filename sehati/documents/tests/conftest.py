"""Reports for the document tests: received 2026-10-01, submitted 2026-10-05, two objects worth
Rp1.250.000 together."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import World
from sehati.reports.models import GiftReport

RECEIVED = dt.date(2026, 10, 1)
SUBMITTED = dt.date(2026, 10, 5)


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined, whitespace collapsed to single spaces."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def make_report(user: Any, *, confidential: bool = False, submit: bool = True) -> GiftReport:
    from sehati.reports.services import report_create, report_submit

    report, _created = report_create(
        actor=user,
        data={
            "kind": "receipt",
            "received_on": RECEIVED,
            "category": "other",
            "giver_name": "PT Rekanan Jaya",
            "giver_occupation": "Direktur",
            "giver_agency": "PT Rekanan Jaya",
            "giver_address": "Jl. Pasar 1, Kandangan",
            "giver_relation": "vendor",
            "giver_reason": "Ucapan terima kasih atas pelayanan",
            "description": "Bingkisan dari rekanan",
            "place": "Kantor Dinas Kesehatan",
            "chronology": "Diantar kurir ke meja kerja pada jam kantor.",
            "reporter_nik": "6306010101800001",
            "reporter_address": "Jl. Melati 7, Kandangan",
            "reporter_phone": "081234567890",
            "confidential": confidential,
            "object_location": "deposited_upg",
            "items": [
                {"description": "Parsel buah", "form": "food", "quantity": 1, "value_idr": 750_000},
                {"description": "Jam tangan", "form": "goods", "quantity": 2, "value_idr": 500_000},
            ],
        },
    )
    if submit:
        report = report_submit(report=report, actor=user, today=SUBMITTED).report
    return GiftReport.objects.select_related("pemda", "reporter", "reporter_opd", "created_by").get(
        pk=report.pk
    )


@pytest.fixture
def budi_report(world: World) -> GiftReport:
    return make_report(world.users["pelapor"])


@pytest.fixture
def secret_report(world: World) -> GiftReport:
    """A confidential report by Budi."""
    return make_report(world.users["pelapor"], confidential=True)
