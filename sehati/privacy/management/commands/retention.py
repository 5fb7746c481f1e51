"""`sehati retention preview|run [--pemda KODE] [--date YYYY-MM-DD]`: what the retention job takes
today (preview) or take it now (run) (issue #9 point 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.clock import local_today
from sehati.org.models import Pemda
from sehati.privacy.services import retention_expired, retention_run


class Command(BaseCommand):
    help = "Retensi data pribadi: pratinjau atau jalankan (semua pemda atau satu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["preview", "run"])
        parser.add_argument("--pemda", default="", help="Kode pemda (bawaan: semua).")
        parser.add_argument("--date", default="", help="Tanggal lokal (bawaan: hari ini).")

    def handle(self, *args: Any, **options: Any) -> None:
        pemdas = Pemda.objects.all()
        if options["pemda"]:
            pemdas = pemdas.filter(code=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"Pemda dengan kode {options['pemda']!r} tidak ada.")
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Tanggal harus YYYY-MM-DD.") from exc
        for pemda in pemdas:
            today = day or local_today(pemda.time_zone)
            if options["action"] == "preview":
                for item in retention_expired(pemda, today):
                    self.stdout.write(
                        f"{pemda.code} {item.row.kind.key}: {len(item.due)} kedaluwarsa "
                        f"({item.row.action}, selesai s.d. {item.last_day}), "
                        f"{len(item.held)} ditahan"
                    )
            else:
                run = retention_run(pemda=pemda, today=today)
                self.stdout.write(f"{pemda.code}: {run.counts}")
