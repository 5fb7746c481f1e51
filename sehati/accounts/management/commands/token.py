"""`sehati token create|list|revoke`: API tokens for programs.

`create` prints the new token as the LAST WORD of its output (scripts rely on it); only the
token's SHA-256 is stored, so it cannot be shown again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.accounts.models import ApiToken, User
from sehati.accounts.services import token_create, token_revoke
from sehati.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Kelola token API (Bearer): create <username>, list <username>, revoke <id>."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat token baru untuk pengguna.")
        create.add_argument("username")
        create.add_argument("--name", default="token baris perintah", help="Nama/kegunaan token.")
        listing = sub.add_parser("list", help="Daftar token pengguna.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Cabut token berdasarkan id.")
        revoke.add_argument("token_id", type=int)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif '{username}' tidak ditemukan.")
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            try:
                _token, raw = token_create(user=user, name=options["name"], actor="sehati token")
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(
                f"Token API untuk {user.username} (simpan sekarang; tidak ditampilkan lagi): {raw}"
            )
        elif action == "list":
            user = self._user(options["username"])
            for t in ApiToken.objects.filter(user=user):
                state = "aktif" if t.is_active else f"dicabut {t.revoked_at:%Y-%m-%d}"
                self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}")
        else:
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError("Token tidak ditemukan.")
            token_revoke(token=token, actor="sehati token")
            self.stdout.write(f"Token {token.pk} ({token.prefix}…) dicabut.")
