"""The application's PostgreSQL role may add timeline events but not change or remove them
(issue #9 point 2); the deployment check says when the application runs with more rights."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from sehati.core.audit import audit_verify, timeline_record
from sehati.core.checks import audit_append_only
from sehati.core.db_roles import RoleError, app_role_setup, app_role_statements, audit_rows_writable
from sehati.core.models import TimelineEvent

ROLE = "sehati_app_test"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="peran basis data hanya ada di PostgreSQL"
)


def test_role_name_is_checked(db: Any) -> None:
    for bad in ["", "Sehati", "app; DROP TABLE x", "1app", "a" * 64]:
        with pytest.raises(RoleError):
            app_role_statements(bad)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite saja")
def test_sqlite_has_no_roles(db: Any) -> None:
    with pytest.raises(CommandError, match="hanya untuk PostgreSQL"):
        call_command("audit", "app-role", ROLE, "--create")
    assert audit_rows_writable() == []


def _refused(sql: str, params: list[Any]) -> None:
    """The statement fails with a permission error (inside a savepoint, so the test goes on)."""
    with (
        pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@on_postgres
def test_app_role_appends_but_cannot_edit_or_delete_audit_rows(world: Any) -> None:
    # The test runs as the owner (the postgres superuser in CI): the check warns.
    assert audit_rows_writable() == [TimelineEvent._meta.db_table]
    assert [w.id for w in audit_append_only(databases=["default"])] == ["sehati.W001"]
    assert audit_append_only(databases=None) == []

    out = StringIO()
    call_command("audit", "app-role", ROLE, "--create", stdout=out)
    assert "linimasa audit hanya boleh dibaca dan ditambah" in out.getvalue()
    # Idempotent: a second run (after the next migrate) changes nothing and does not fail.
    assert app_role_setup(ROLE).created is False

    upg = world.users["upg"]
    before = timeline_record(subject=world.dinkes, type="demo_built", actor=upg)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
    try:
        assert audit_rows_writable() == []
        assert audit_append_only(databases=["default"]) == []
        # What the application does still works: record an event, read the timeline, mask the
        # actor's display name (a confidential report), clear a deleted user's link.
        added = timeline_record(subject=world.dinkes, type="demo_built", actor=upg, data={"n": 1})
        assert TimelineEvent.objects.filter(pk=added.pk).exists()
        TimelineEvent.objects.filter(pk=before.pk).update(actor_label="Pelapor (dirahasiakan)")
        TimelineEvent.objects.filter(pk=before.pk).update(actor=None)
        # What it must not do.
        _refused("UPDATE core_timelineevent SET data = %s WHERE id = %s", ['{"n": 2}', added.pk])
        _refused("UPDATE core_timelineevent SET type = %s WHERE id = %s", ["lain", before.pk])
        _refused("DELETE FROM core_timelineevent WHERE id = %s", [added.pk])
        _refused("TRUNCATE core_timelineevent", [])
        _refused("ALTER TABLE core_timelineevent DISABLE TRIGGER ALL", [])
        # Granting itself more is a no-op with a warning, not a right.
        with connection.cursor() as cursor:
            cursor.execute(f"GRANT UPDATE, DELETE ON core_timelineevent TO {ROLE}")
        assert audit_rows_writable() == []
        # Other tables stay writable.
        world.dinkes.name = "Dinas Kesehatan (ubah)"
        world.dinkes.save(update_fields=["name"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert TimelineEvent.objects.filter(pk=added.pk, data={"n": 1}).exists()
    assert audit_verify()[1] == []


@on_postgres
def test_missing_role_without_create_is_an_error(db: Any) -> None:
    with pytest.raises(CommandError, match="belum ada"):
        call_command("audit", "app-role", "sehati_app_tidak_ada")
    with pytest.raises(CommandError, match="kosong atau tidak ada"):
        call_command("audit", "app-role", ROLE, "--create", "--password-env", "SEHATI_TIDAK_ADA")
