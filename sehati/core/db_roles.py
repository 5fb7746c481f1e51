"""The application's PostgreSQL role: everything it needs, but the audit rows are append-only
(issue #9 point 2).

Deployment runs migrations as the owner of the tables and the application as a second role that
`sehati audit app-role NAME` sets up. That role may read and change every table except the
timeline: there it may only insert and read. Two columns stay writable, because the application
itself changes them and neither is in the hash chain (sehati/core/audit_chain.py):

- `actor_label`, the display name a confidential report masks;
- `actor_id`, cleared by the database when a user account is deleted (`on_delete=SET_NULL`).

A role that is not the owner cannot alter, drop or truncate a table, nor grant itself more, so a
compromised application can add events but not rewrite or remove them. The hash chain shows an
edit made with the owner's rights; the role prevents the edit from the application's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from sehati.core.models import TimelineEvent

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables whose rows the application may add but never change or remove, with the columns it
# may still update.
APPEND_ONLY: dict[str, tuple[str, ...]] = {
    TimelineEvent._meta.db_table: ("actor_id", "actor_label"),
}


class RoleError(ValueError):
    """The role cannot be set up; the message says why, in Indonesian."""


@dataclass(frozen=True)
class RoleResult:
    role: str
    created: bool
    statements: list[str]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def app_role_statements(role: str) -> list[str]:
    """The GRANT/REVOKE statements for `role` in the current database and schema, in order."""
    if not ROLE_NAME.match(role):
        raise RoleError(
            "Nama peran hanya boleh huruf kecil, angka dan garis bawah, diawali huruf "
            "(paling panjang 63)."
        )
    r = _q(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
    db, sch = _q(database), _q(schema)
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {r}",
        f"GRANT USAGE ON SCHEMA {sch} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {sch} TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {sch} TO {r}",
        # Tables the owner creates later (new migrations) get the same rights; the append-only
        # revocation below must then be applied again, so deployment runs this after `migrate`.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
    ]
    for table, columns in APPEND_ONLY.items():
        t = f"{sch}.{_q(table)}"
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM {r}")
        if columns:
            cols = ", ".join(_q(c) for c in columns)
            statements.append(f"GRANT UPDATE ({cols}) ON {t} TO {r}")
    return statements


def app_role_setup(role: str, *, create: bool = False, password: str = "") -> RoleResult:
    """Create (when asked and missing) and grant the application's role. PostgreSQL only; run by
    the owner of the tables. Idempotent: run it after every `migrate`."""
    if connection.vendor != "postgresql":
        raise RoleError("Peran basis data hanya untuk PostgreSQL; SQLite tidak punya peran.")
    statements = app_role_statements(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
        if current == role:
            raise RoleError(
                "Jalankan perintah ini sebagai pemilik tabel, bukan sebagai peran aplikasi itu "
                "sendiri."
            )
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        created = False
        if not exists:
            if not create:
                raise RoleError(
                    f"Peran {role!r} belum ada. Buat oleh DBA, atau tambahkan --create."
                )
            cursor.execute(f"CREATE ROLE {_q(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
            created = True
        if password:
            cursor.execute(f"ALTER ROLE {_q(role)} PASSWORD %s", [password])
        for statement in statements:
            cursor.execute(statement)
    return RoleResult(role=role, created=created, statements=statements)


def audit_rows_writable() -> list[str]:
    """The append-only tables whose rows the connected user may still update or delete (table
    level). Empty on SQLite, where there are no roles to check."""
    if connection.vendor != "postgresql":
        return []
    writable = []
    with connection.cursor() as cursor:
        for table in APPEND_ONLY:
            cursor.execute(
                "SELECT has_table_privilege(current_user, %s, 'UPDATE') "
                "OR has_table_privilege(current_user, %s, 'DELETE') "
                "OR has_table_privilege(current_user, %s, 'TRUNCATE')",
                [table, table, table],
            )
            if cursor.fetchone()[0]:
                writable.append(table)
    return writable
