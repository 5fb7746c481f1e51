"""System checks of the deployment (run by `sehati check --deploy --database default`)."""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def audit_append_only(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Any]:
    """On PostgreSQL the application's role must not be able to change or remove audit rows
    (issue #9 point 2). Needs the database, so it runs only when asked (`--database default`)."""
    if not databases or "default" not in databases:
        return []
    from sehati.core.db_roles import audit_rows_writable

    tables = audit_rows_writable()
    if not tables:
        return []
    return [
        checks.Warning(
            "Pengguna basis data aplikasi dapat mengubah atau menghapus baris audit "
            f"({', '.join(tables)}).",
            hint="Jalankan aplikasi dengan peran yang disiapkan 'sehati audit app-role NAMA', "
            "bukan sebagai pemilik tabel atau superuser (docs/security.md).",
            id="sehati.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def clamav_reachable(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """When SEHATI_CLAMAV is set, clamd must answer: every upload is refused while it does not."""
    from sehati.core.clamav import clamav_address, clamav_ping

    address = clamav_address()
    if not address or clamav_ping(address):
        return []
    return [
        checks.Warning(
            f"SEHATI_CLAMAV={address} tidak menjawab PING: setiap unggahan akan ditolak.",
            hint="Nyalakan clamav-daemon (systemctl start clamav-daemon) atau kosongkan "
            "SEHATI_CLAMAV (docs/security.md).",
            id="sehati.W002",
        )
    ]
