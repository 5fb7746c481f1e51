"""`sehati tpp export --month YYYY-MM [--format csv|xlsx] [--output FILE] [--pemda CODE]`:
the month's TPP deduction list for the payroll (issue #6), CSV to stdout by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.tenancy import default_pemda
from sehati.org.models import Pemda
from sehati.rules.tpp import Month, SanctionRuleError
from sehati.sanctions.payroll_files import FORMATS, payroll_file


class Command(BaseCommand):
    help = "Daftar potongan TPP sebulan untuk operator TPP (CSV atau XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Tulis daftar potongan TPP sebulan.")
        export.add_argument("--month", required=True, help="Bulan penggajian, YYYY-MM.")
        export.add_argument("--format", choices=FORMATS, default="csv")
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
        output = options.get("output")
        if options["format"] == "xlsx" and not output:
            raise CommandError("Format xlsx memerlukan --output FILE.")
        # The same bytes as the month page's and the API's downloads (payroll_files.py).
        data = payroll_file(pemda=pemda, month=month, fmt=options["format"]).data
        if output:
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
