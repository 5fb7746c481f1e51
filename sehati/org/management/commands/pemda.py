"""`sehati pemda create` and `sehati pemda admin`: set up a pemda and its first admin on a new
installation (everything after that is done in the web pages and the admin)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sehati.accounts.models import Role, User
from sehati.accounts.roles import role_grant_create
from sehati.core.audit import timeline_record
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Siapkan pemda baru (create) dan admin pertamanya (admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat pemda.")
        create.add_argument("--code", required=True, help="Kode singkat, mis. hss")
        create.add_argument("--name", required=True, help="mis. 'Kabupaten Hulu Sungai Selatan'")
        create.add_argument("--kind", required=True, choices=[k for k, _ in Pemda.Kind.choices])
        create.add_argument("--province", required=True)
        create.add_argument("--zone", required=True, choices=["WIB", "WITA", "WIT"])
        adm = sub.add_parser("admin", help="Buat akun admin pemda (kata sandi dicetak sekali).")
        adm.add_argument("code", help="Kode pemda")
        adm.add_argument("username")
        adm.add_argument("--email", required=True)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            if Pemda.objects.filter(code=options["code"]).exists():
                raise CommandError(f"Pemda dengan kode '{options['code']}' sudah ada.")
            zone = {"WIB": Pemda.Zone.WIB, "WITA": Pemda.Zone.WITA, "WIT": Pemda.Zone.WIT}
            pemda = Pemda.objects.create(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                province=options["province"],
                time_zone=zone[options["zone"]],
            )
            timeline_record(subject=pemda, type="pemda_created", actor="sehati pemda create")
            # The UP3 visit checklist of issue #5, for the UPG to adjust.
            from sehati.monitoring.registry import checklist_defaults_ensure

            checklist_defaults_ensure(pemda=pemda)
            self.stdout.write(f"Pemda dibuat: {pemda.name} ({pemda.code})")
            return
        found = Pemda.objects.filter(code=options["code"]).first()
        if found is None:
            raise CommandError(f"Pemda dengan kode '{options['code']}' tidak ditemukan.")
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"Nama pengguna '{options['username']}' sudah dipakai.")
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=options["username"],
            email=options["email"],
            password=password,
            pemda=found,
        )
        role_grant_create(user=user, role=Role.ADMIN, actor="sehati pemda admin")
        self.stdout.write(
            f"Admin pemda dibuat: {user.username}. Kata sandi awal (ganti setelah masuk; "
            f"aktifkan TOTP saat diminta): {password}"
        )
