"""`sehati demo_code <username>`: the current TOTP code of a DEMO account (never a real one)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Cetak kode TOTP saat ini untuk akun demo (hanya akun pemda demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        auth = Authenticator.objects.filter(
            user__username=options["username"],
            type=Authenticator.Type.TOTP,
            user__pemda__is_demo=True,
        ).first()
        if auth is None:
            raise CommandError("Bukan akun demo dengan TOTP.")
        secret = get_adapter().decrypt(auth.data["secret"])
        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
