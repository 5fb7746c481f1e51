"""`sehati demo`: build the demo pemda once and print the demo logins."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sehati.org.demo import demo_build, demo_logins_text


class Command(BaseCommand):
    help = "Bangun pemda demo (Kabupaten Hulu Sungai Selatan (demo)) dan cetak login demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--employees",
            type=int,
            default=3000,
            help="Jumlah ASN yang dibangkitkan (bawaan 3000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_build(
            employees=options["employees"], password=os.environ.get("DEMO_PASSWORD") or None
        )
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Pemda demo dibuat: {result.pemda.name}"))
        else:
            self.stdout.write(f"Pemda demo sudah ada: {result.pemda.name} (tidak ada yang diubah)")
        self.stdout.write(demo_logins_text())
