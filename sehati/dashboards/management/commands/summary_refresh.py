"""`sehati summary_refresh [--pemda KODE]`: rebuild the dashboards' summary tables whole (after a
bulk import or a restore; the job worker also does it once a local day and on every change)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.clock import local_today
from sehati.dashboards.summary import summary_refresh
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Bangun ulang tabel ringkasan dasbor (semua pemda atau satu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", default="", help="Kode pemda (bawaan: semua pemda).")

    def handle(self, *args: Any, **options: Any) -> None:
        pemdas = Pemda.objects.order_by("code")
        if options["pemda"]:
            pemdas = pemdas.filter(code=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"Pemda dengan kode {options['pemda']!r} tidak ada.")
        for pemda in pemdas:
            started = time.perf_counter()
            n = summary_refresh(pemda=pemda, today=local_today(pemda.time_zone))
            took = time.perf_counter() - started
            self.stdout.write(f"{pemda.code}: {n} laporan diringkas dalam {took:.1f} detik.")
