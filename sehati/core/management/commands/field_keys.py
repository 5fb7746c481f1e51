"""`sehati field_keys status|new|reencrypt`: the keys of the fields encrypted at rest (issue #9
point 1; docs/security.md "Rotating keys").

- `status`: the keys in the ring (ids only) and how many stored values each one encrypts;
- `new`: put a new key first in the key file (it encrypts from now on; the old keys stay to
  read). With `SEHATI_FIELD_KEYS` set, print the new value of that variable instead;
- `reencrypt`: rewrite every encrypted value with the current key (after `new`); then the old
  keys can be removed from the ring.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from sehati.core.crypto import key_file_read, key_file_write, key_id_of, key_ring, new_key_line
from sehati.core.fields import EncryptedTextField


def encrypted_fields() -> list[tuple[Any, list[str]]]:
    """Every model with encrypted fields (history models included), with those fields."""
    out = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            out.append((model, names))
    return out


class Command(BaseCommand):
    help = "Kunci kolom terenkripsi: status, kunci baru, enkripsi ulang."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Kunci di ring dan jumlah nilai per kunci.")
        sub.add_parser("new", help="Kunci baru menjadi kunci enkripsi.")
        sub.add_parser("reencrypt", help="Tulis ulang semua nilai dengan kunci sekarang.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")()

    def _status(self) -> None:
        ring = key_ring()
        self.stdout.write(
            "Kunci (yang pertama mengenkripsi): " + ", ".join(k for k, _ in ring.keys)
        )
        counts: Counter[str] = Counter()
        for model, names in encrypted_fields():
            # The raw column: the key id is in the stored text.
            table = model._meta.db_table
            with connection.cursor() as cur:
                cols = ", ".join(
                    connection.ops.quote_name(model._meta.get_field(n).column) for n in names
                )
                cur.execute(f"SELECT {cols} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for raw in cur.fetchall():
                    for value in raw:
                        kid = key_id_of(value or "")
                        counts[kid or ("kosong" if not value else "belum terenkripsi")] += 1
        for kid, n in sorted(counts.items()):
            self.stdout.write(f"  {kid}: {n}")

    def _new(self) -> None:
        kid, b64 = new_key_line()
        if settings.SEHATI_FIELD_KEYS:
            self.stdout.write(
                "SEHATI_FIELD_KEYS dipakai: ganti nilainya menjadi (kunci baru di depan):\n"
                f"{kid}:{b64},{settings.SEHATI_FIELD_KEYS}"
            )
            return
        path = Path(settings.SEHATI_FIELD_KEY_FILE)
        entries = key_file_read(path) if path.exists() else []
        key_file_write(path, [(kid, b64), *entries])
        key_ring.cache_clear()
        self.stdout.write(
            f"Kunci baru {kid} ditulis di {path}; jalankan `sehati field_keys reencrypt`."
        )

    def _reencrypt(self) -> None:
        key_ring.cache_clear()
        total = 0
        for model, names in encrypted_fields():
            pk = model._meta.pk.attname
            with transaction.atomic():
                for row in model.objects.values(pk, *names).iterator(chunk_size=2000):
                    values = {n: row[n] for n in names if row[n]}
                    if values:
                        model.objects.filter(**{pk: row[pk]}).update(**values)
                        total += 1
        kid = key_ring().current[0]
        self.stdout.write(f"{total} baris ditulis ulang dengan kunci {kid}.")
        # Blind indexes (a sealed link's lookup key) follow the current key too.
        reindexed = sum(
            model.blind_reindex() for model in apps.get_models() if hasattr(model, "blind_reindex")
        )
        if reindexed:
            self.stdout.write(f"{reindexed} indeks buta dihitung ulang dengan kunci {kid}.")
