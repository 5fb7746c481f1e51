"""`sehati scores_reband [--pemda KODE]`: recompute the band of every registered score from the
band schemes in this version of SEHATI (run after an upgrade that adds or corrects a scheme in
`sehati/rules/bands.py`). Each change is written to the score's timeline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.integrity.services import scores_reband
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Hitung ulang band skor integritas dari skema band versi ini (semua pemda atau satu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", default="", help="Kode pemda (bawaan: semua pemda).")

    def handle(self, *args: Any, **options: Any) -> None:
        pemdas = Pemda.objects.order_by("code")
        if options["pemda"]:
            pemdas = pemdas.filter(code=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"Pemda dengan kode {options['pemda']!r} tidak ada.")
        for pemda in pemdas:
            changed = scores_reband(pemda=pemda, actor="sehati scores_reband")
            self.stdout.write(f"{pemda.code}: {changed} skor berubah band.")
