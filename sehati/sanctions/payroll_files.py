"""The payroll files of a month's TPP deduction list (issue #6 point 3): CSV and XLSX.

One writer for `sehati tpp export`, the month page's downloads and the API, so all three give
the same bytes. The bytes depend only on the lines and the month: the XLSX file's zip entry
dates and document dates are fixed to the month's first day (openpyxl would stamp the time of
writing), so a processed month's file downloaded twice is byte-identical.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from sehati.org.models import Pemda
from sehati.rules.tpp import Month
from sehati.sanctions.selectors import PAYROLL_COLUMNS, PAYROLL_INTEGER_COLUMNS, payroll_lines

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def payroll_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 text with a header row of PAYROLL_COLUMNS; money as plain integers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PAYROLL_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in PAYROLL_COLUMNS])
    return out.getvalue()


_DOC_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def payroll_xlsx(rows: list[dict[str, Any]], *, month: Month) -> bytes:
    """One sheet named after the month: the header row, then one row per line; the money
    columns and the percent are integer cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = f"potongan-tpp-{month}"
    sheet.append(list(PAYROLL_COLUMNS))
    for row in rows:
        sheet.append(
            [int(row[c]) if c in PAYROLL_INTEGER_COLUMNS else row[c] for c in PAYROLL_COLUMNS]
        )
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_dates(raw.getvalue(), month=month)


def _fixed_dates(data: bytes, *, month: Month) -> bytes:
    """Rewrite the zip with every entry dated the month's first day and the document's
    created/modified dates set to it too."""
    first = month.first_day
    stamp = f"{first.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DOC_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=(first.year, first.month, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


@dataclass(frozen=True)
class PayrollFile:
    data: bytes
    filename: str
    content_type: str


def payroll_file(*, pemda: Pemda, month: Month, fmt: str) -> PayrollFile:
    """The month's list as a file (`fmt` is "csv" or "xlsx")."""
    rows = payroll_lines(pemda=pemda, month=month)
    name = f"potongan-tpp-{pemda.code}-{month}"
    if fmt == "xlsx":
        return PayrollFile(payroll_xlsx(rows, month=month), f"{name}.xlsx", XLSX_CONTENT_TYPE)
    if fmt == "csv":
        return PayrollFile(payroll_csv(rows).encode("utf-8"), f"{name}.csv", CSV_CONTENT_TYPE)
    raise ValueError(f"unknown payroll file format: {fmt}")
