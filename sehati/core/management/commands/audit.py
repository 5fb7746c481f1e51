"""`sehati audit verify [--pemda KODE]`: check the audit chains (issue #9 point 2). Prints the
number of events checked and, for each broken chain, its first broken link; exits with status 1
when any chain is broken.

`sehati audit app-role NAME [--create] [--password-env VAR]`: on PostgreSQL, give the
application's database role its rights, with the timeline append-only (sehati/core/db_roles.py).
Run as the owner of the tables, after every `migrate`."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.audit import audit_verify
from sehati.core.db_roles import RoleError, app_role_setup
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Periksa rantai hash linimasa audit (semua pemda atau satu)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Periksa rantai; sebutkan tautan pertama yang rusak."
        )
        verify.add_argument("--pemda", default="", help="Kode pemda (bawaan: semua rantai).")
        role = sub.add_parser(
            "app-role",
            help="PostgreSQL: beri peran aplikasi haknya; linimasa hanya boleh ditambah.",
        )
        role.add_argument("role", help="Nama peran PostgreSQL yang dipakai aplikasi.")
        role.add_argument("--create", action="store_true", help="Buat peran bila belum ada.")
        role.add_argument(
            "--password-env",
            default="",
            help="Nama variabel lingkungan yang berisi kata sandi peran (bukan kata sandinya).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "app-role":
            self._app_role(options)
            return
        chain = None
        if options["pemda"]:
            pemda = Pemda.objects.filter(code=options["pemda"]).first()
            if pemda is None:
                raise CommandError(f"Pemda dengan kode {options['pemda']!r} tidak ada.")
            chain = pemda.pk
        checked, breaks = audit_verify(chain=chain)
        names = dict(Pemda.objects.values_list("pk", "code"))
        for b in breaks:
            where = names.get(b.chain, "tanpa pemda") if b.chain else "tanpa pemda"
            event = f"peristiwa #{b.event_id}" if b.event_id else "ujung rantai"
            self.stdout.write(f"RUSAK {where}: {event} (urutan {b.seq}): {b.reason}")
        if breaks:
            raise CommandError(f"{len(breaks)} rantai rusak; {checked} peristiwa diperiksa.")
        self.stdout.write(f"Rantai utuh: {checked} peristiwa diperiksa.")

    def _app_role(self, options: dict[str, Any]) -> None:
        password = ""
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
            if not password:
                raise CommandError(f"Variabel {options['password_env']} kosong atau tidak ada.")
        try:
            result = app_role_setup(options["role"], create=options["create"], password=password)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        if result.created:
            self.stdout.write(f"Peran {result.role} dibuat.")
        for statement in result.statements:
            self.stdout.write(f"  {statement}")
        self.stdout.write(
            f"Peran {result.role} siap: linimasa audit hanya boleh dibaca dan ditambah."
        )
