"""`sehati backup FOLDER`: a consistent backup of the database and the stored files
(sehati/core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas tersimpan ke sebuah folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="Folder tujuan; cadangan ditulis di subfolder baru.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(Path(options["folder"]), alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan ditulis: {result.path}\n"
            f"  {result.tables} tabel, {result.rows} baris; {result.files} berkas, "
            f"{result.bytes} bita.\n"
            "  Kunci kolom terenkripsi dan SECRET_KEY TIDAK ikut: cadangkan terpisah."
        )
