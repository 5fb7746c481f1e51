"""`sehati tpp export --month YYYY-MM [--format csv|xlsx] [--output FILE] [--pemda CODE]`:
the month's TPP deduction list for the payroll (issue #6), CSV to stdout by default."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from openpyxl import Workbook

from sehati.core.tenancy import default_pemda
from sehati.org.models import Pemda
from sehati.rules.tpp import Month, SanctionRuleError
from sehati.sanctions.selectors import PAYROLL_COLUMNS, payroll_lines


def payroll_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PAYROLL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def payroll_xlsx(rows: list[dict[str, Any]], *, month: Month) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = f"potongan-tpp-{month}"
    sheet.append(list(PAYROLL_COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in PAYROLL_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Daftar potongan TPP sebulan untuk operator TPP (CSV atau XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Tulis daftar potongan TPP sebulan.")
        export.add_argument("--month", required=True, help="Bulan penggajian, YYYY-MM.")
        export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        export.add_argument("--output", help="Berkas tujuan (bawaan: stdout untuk CSV).")
        export.add_argument("--pemda", help="Kode pemda (bawaan: pemda instalasi ini).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except SanctionRuleError:
            raise CommandError("--month harus bulan berformat YYYY-MM, misalnya 2026-03.") from None
        code = options.get("pemda")
        pemda = Pemda.objects.filter(code=code).first() if code else default_pemda()
        if pemda is None:
            raise CommandError(
                f"Pemda dengan kode '{code}' tidak ditemukan." if code else "Belum ada pemda."
            )
        rows = payroll_lines(pemda=pemda, month=month)
        output = options.get("output")
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("Format xlsx memerlukan --output FILE.")
            Path(output).write_bytes(payroll_xlsx(rows, month=month))
            return
        text = payroll_csv(rows)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
