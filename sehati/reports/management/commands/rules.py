"""`sehati rules assess|due|calendar` — a contract other programs and auditors rely on (issue #3).

assess    JSON Lines on stdin → one JSON line per input line, in order. An invalid line yields
          {"line": N, "error": "<message naming the field>"} and processing goes on; the exit
          status is 2 when any line was invalid, else 0.
due       --from YYYY-MM-DD --days N [--pemda CODE] → the due date (ISO).
calendar  YEAR [--pemda CODE] → one line per holiday, cuti bersama or override day:
          ISO date <TAB> kind <TAB> name.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.utils import DatabaseError

from sehati.core.tenancy import default_pemda
from sehati.org.models import Pemda
from sehati.reports.selectors import work_calendar_for
from sehati.reports.selfcheck import (
    SelfCheckInputError,
    assessment_as_dict,
    gift_from_data,
    selfcheck_run,
)
from sehati.rules.calendar import CalendarRangeError


class Command(BaseCommand):
    help = (
        "Aturan gratifikasi: assess (JSON Lines), due (tenggat hari kerja), calendar (hari libur)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="Nilai pemberian dari JSON Lines di stdin.")
        assess.add_argument("--pemda", help="Kode pemda (kalender dan aturan tambahannya).")
        due = sub.add_parser("due", help="Tanggal ke-N hari kerja setelah tanggal awal.")
        due.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD (hari ke-0)")
        due.add_argument("--days", type=int, required=True, help="jumlah hari kerja (>= 0)")
        due.add_argument("--pemda", help="Kode pemda.")
        cal = sub.add_parser(
            "calendar", help="Hari libur, cuti bersama dan perubahan daerah setahun."
        )
        cal.add_argument("year", type=int)
        cal.add_argument("--pemda", help="Kode pemda.")

    def _pemda(self, code: str | None) -> Pemda | None:
        if not code:
            # Like the page and the API: the installation's pemda, if the database has one.
            try:
                return default_pemda()
            except DatabaseError:
                return None
        pemda = Pemda.objects.filter(code=code).first()
        if pemda is None:
            raise CommandError(f"Pemda dengan kode '{code}' tidak ditemukan.")
        return pemda

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = self._pemda(options.get("pemda"))
        action = options["action"]
        if action == "assess":
            self._assess(pemda)
        elif action == "due":
            self._due(pemda, options["start"], options["days"])
        else:
            self._calendar(pemda, options["year"])

    def _assess(self, pemda: Pemda | None) -> None:
        invalid = False
        out = self.stdout
        for number, line in enumerate(sys.stdin, start=1):
            try:
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SelfCheckInputError(
                        "(baris)", f"bukan JSON yang sah: {exc.msg}"
                    ) from None
                result = selfcheck_run(pemda=pemda, gift=gift_from_data(data))
                payload: dict[str, Any] = assessment_as_dict(result.assessment)
            except SelfCheckInputError as exc:
                invalid = True
                payload = {"line": number, "error": f"{exc.field}: {exc.message}"}
            except CalendarRangeError as exc:
                invalid = True
                payload = {"line": number, "error": f"received_on: {exc}"}
            out.write(json.dumps(payload, ensure_ascii=False))
            out.flush()
        if invalid:
            sys.exit(2)

    def _due(self, pemda: Pemda | None, start: str, days: int) -> None:
        try:
            day0 = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError("--from harus tanggal berformat YYYY-MM-DD.") from None
        if days < 0:
            raise CommandError("--days harus >= 0.")
        try:
            due = work_calendar_for(pemda).add_working_days(day0, days)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(due.isoformat())

    def _calendar(self, pemda: Pemda | None, year: int) -> None:
        calendar = work_calendar_for(pemda)
        if not calendar.first_year <= year <= calendar.last_year:
            raise CommandError(f"Tahun harus {calendar.first_year}–{calendar.last_year}.")
        for day in calendar.special_days(year):
            self.stdout.write(f"{day.day.isoformat()}\t{day.kind.value}\t{day.name}")
