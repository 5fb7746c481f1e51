"""`sehati reminders [--date YYYY-MM-DD] [--pemda CODE]` — the daily reminder run by hand.

Closes incomplete cases whose completion window has passed and sends the H-3, H-1 and breach
reminders of the day (e-mail and in-app), then prints the counts. Safe to repeat: a reminder
already sent is not sent again. Without --date each pemda uses its own local date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sehati.core.clock import local_today
from sehati.notifications.reminders import ReminderRun, reminders_send
from sehati.org.models import Pemda


class Command(BaseCommand):
    help = "Kirim pengingat tenggat (H-3, H-1, terlewati) dan tutup kasus belum lengkap yang lewat batas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Tanggal run, YYYY-MM-DD (bawaan: hari ini di zona pemda)."
        )
        parser.add_argument("--pemda", help="Kode pemda (bawaan: semua pemda).")

    def handle(self, *args: Any, **options: Any) -> None:
        day: dt.date | None = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date harus tanggal berformat YYYY-MM-DD.") from None
        pemdas = Pemda.objects.order_by("code")
        if options.get("pemda"):
            pemdas = pemdas.filter(code=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"Pemda dengan kode '{options['pemda']}' tidak ditemukan.")
        total = ReminderRun()
        for pemda in pemdas:
            today = day or local_today(pemda.time_zone)
            run = reminders_send(today=today, pemda=pemda)
            total += run
            self.stdout.write(
                f"{pemda.code} {today.isoformat()}: terkirim {run.sent}, "
                f"sudah terkirim sebelumnya {run.skipped_already_sent}, "
                f"kasus belum lengkap ditutup {run.closed_incomplete}, "
                f"temuan UP3 dieskalasi {run.findings_escalated}, gagal {run.failed}"
            )
        self.stdout.write(
            f"jumlah: terkirim {total.sent}, sudah terkirim sebelumnya "
            f"{total.skipped_already_sent}, kasus belum lengkap ditutup {total.closed_incomplete}, "
            f"temuan UP3 dieskalasi {total.findings_escalated}, gagal {total.failed}"
        )
        if total.failed:
            raise CommandError("Tenggat sebagian kasus tidak dapat dihitung; lihat log.")
