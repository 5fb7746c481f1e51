from django.core.management.base import BaseCommand

from sehati.core.services import worker_heartbeat_record


class Command(BaseCommand):
    help = "Catat denyut pekerja latar (dipakai saat pekerja dimulai)."

    def handle(self, *args: object, **options: object) -> None:
        worker_heartbeat_record(name="huey")
