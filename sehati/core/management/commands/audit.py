"""`sehati audit verify [--pemda KODE]`: check the audit chains (issue #9 point 2). Prints the
number of events checked and, for each broken chain, its first broken link; exits with status 1
when any chain is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.audit import audit_verify
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Periksa rantai hash linimasa audit (semua pemda atau satu)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Periksa rantai; sebutkan tautan pertama yang rusak."
        )
        verify.add_argument("--pemda", default="", help="Kode pemda (bawaan: semua rantai).")

    def handle(self, *args: Any, **options: Any) -> None:
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
