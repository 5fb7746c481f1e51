"""`sehati restore FOLDER`: put a backup into this empty installation and check it against its
manifest (sehati/core/backup.py). Exit status 1 when a table's rows or a file differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.backup import BackupError, backup_check, backup_restore, manifest_read


class Command(BaseCommand):
    help = "Pulihkan cadangan ke instalasi kosong, lalu periksa baris dan berkasnya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="Folder cadangan (berisi manifest.json).")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Jangan memulihkan: bandingkan instalasi ini dengan cadangan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        try:
            if options["check_only"]:
                check = backup_check(manifest_read(folder), alias=options["database"])
            else:
                check = backup_restore(folder, alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{check.tables} tabel, {check.rows} baris; {check.files} berkas, {check.bytes} bita."
        )
        for line in check.mismatched_tables + check.mismatched_files:
            self.stderr.write(f"  BEDA: {line}")
        if check.missing_keys:
            self.stderr.write(
                "  Kunci kolom terenkripsi tidak ada di ring: "
                + ", ".join(check.missing_keys)
                + ". Pasang berkas kunci atau SEHATI_FIELD_KEYS dari instalasi asal."
            )
        if not check.ok:
            raise CommandError("Hasil pemulihan tidak sama dengan cadangan.")
        self.stdout.write("Cocok dengan cadangan: setiap tabel dan setiap berkas.")
        if not options["check_only"]:
            self.stdout.write(
                "Langkah berikut: sehati migrate (bila kode lebih baru), sehati audit app-role "
                "<peran aplikasi> (PostgreSQL), sehati audit verify."
            )
