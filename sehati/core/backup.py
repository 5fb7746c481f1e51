"""Backup and restore of one installation: the database and the stored files (issue #10 point 2).

A backup is a folder `sehati-backup-<UTC time>/` holding:

- `database.dump` (PostgreSQL, `pg_dump -Fc`) or `database.sqlite3` (SQLite's online backup);
- `files/`, a copy of every file in the default storage (evidence, photos, decrees, letters);
- `manifest.json`: when, from which database, the applied migrations, the number of rows of
  every table and the SHA-256 of every file, as they were in the backup.

**Consistent.** On PostgreSQL the row counts are taken in a repeatable-read transaction whose
snapshot `pg_dump --snapshot` uses, so the dump and the counts see the same moment. On SQLite the
online backup API copies one moment and the counts are read from that copy. Stored files never
change once written and are written before the row that names them is committed, so copying them
after the database snapshot gives every file the snapshot refers to (a file added since is
copied too; harmless).

**Not in a backup:** the field keys and the `SECRET_KEY`. Without the field keys the encrypted
columns of a restored database cannot be read, and a stolen backup must not carry them: keep them
apart (docs/deployment.md). The manifest lists the key ids in use, and a restore says when the
ring lacks one.

`restore` puts a backup into an **empty** installation (no tables, no files) and then checks
it: every table's row count and every file's SHA-256 must equal the manifest's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Indonesian."""


@dataclass
class Check:
    """What a restore found against the manifest."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    mismatched_tables: list[str] = field(default_factory=list)
    mismatched_files: list[str] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.mismatched_tables or self.mismatched_files)


# --- files ------------------------------------------------------------------------------------


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in `storage`, depth first, sorted."""
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for name in sorted(dirs):
        yield from _walk(storage, f"{path}/{name}" if path else name)


def _sha256(handle: Any) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _files_copy(storage: Storage, target: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in _walk(storage):
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as src, dest.open("wb") as fh:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
                fh.write(chunk)
        out[name] = {"sha256": digest.hexdigest(), "size": size}
    return out


# --- database ---------------------------------------------------------------------------------


def _tables(conn: Any, vendor: str) -> list[str]:
    if vendor == "postgresql":
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
    return [r[0] for r in rows]


def _counts(conn: Any, vendor: str) -> dict[str, int]:
    quote = '"{}"'.format
    return {
        t: int(conn.execute(f"SELECT count(*) FROM {quote(t)}").fetchone()[0])  # noqa: S608
        for t in _tables(conn, vendor)
    }


def _pg_env(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for pg_dump/pg_restore (the password never on argv)."""
    args = []
    if settings.get("HOST"):
        args += ["-h", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["-U", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _pg_connect(settings: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    )


def _run(cmd: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"Perintah {cmd[0]} tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client)."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} gagal: {done.stderr.strip()[:2000]}")


def _pg_dump(settings: dict[str, Any], target: Path) -> dict[str, int]:
    args, env = _pg_env(settings)
    with _pg_connect(settings) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _counts(conn, "postgresql")
        # The exported snapshot lives as long as this transaction: pg_dump runs inside it.
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                *args,
                "-f",
                str(target / PG_DUMP),
                "-d",
                str(settings["NAME"]),
            ],
            env,
        )
        conn.execute("COMMIT")
    return counts


def _sqlite_copy(alias: str, target: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    dest = sqlite3.connect(target / SQLITE_COPY)
    try:
        connection.connection.backup(dest)
        return _counts(dest, "sqlite")
    finally:
        dest.close()


# --- backup -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


def backup_create(
    dest: Path, *, alias: str = "default", storage: Storage | None = None
) -> BackupResult:
    """Write a backup folder under `dest` (created if missing) and return what it holds."""
    storage = storage or default_storage
    connection = connections[alias]
    vendor = connection.vendor
    if connection.in_atomic_block:
        # SQLite's online backup would wait for the transaction's own lock for ever.
        raise BackupError("Cadangan dibuat di luar transaksi basis data.")
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Basis data {vendor} tidak didukung untuk cadangan.")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = Path(dest) / f"sehati-backup-{stamp}"
    if target.exists():
        raise BackupError(f"{target} sudah ada: tunggu satu detik lalu ulangi.")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        if vendor == "postgresql":
            counts = _pg_dump(connection.settings_dict, partial)
        else:
            counts = _sqlite_copy(alias, partial)
        files = _files_copy(storage, partial / FILES)
        migrations = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database": PG_DUMP if vendor == "postgresql" else SQLITE_COPY,
            "migrations": migrations,
            "tables": counts,
            "files": files,
            "field_key_ids": _key_ids_raw(alias),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(target)  # a folder without ".partial" is a complete backup
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(
        path=target,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        bytes=sum(f["size"] for f in files.values()),
    )


def _key_ids_raw(alias: str) -> list[str]:
    """Key ids read straight from the columns (raw SQL: no decryption)."""
    from sehati.core.crypto import key_id_of
    from sehati.core.management.commands.field_keys import encrypted_fields

    ids: set[str] = set()
    connection = connections[alias]
    with connection.cursor() as cur:
        for model, names in encrypted_fields():
            table = connection.ops.quote_name(model._meta.db_table)
            for name in names:
                column = connection.ops.quote_name(model._meta.get_field(name).column)
                cur.execute(
                    f"SELECT DISTINCT substr({column}, 1, 40) FROM {table} "  # noqa: S608
                    f"WHERE {column} LIKE 'enc1:%'"
                )
                for (prefix,) in cur.fetchall():
                    kid = key_id_of(prefix)
                    if kid:
                        ids.add(kid)
    return sorted(ids)


# --- restore ----------------------------------------------------------------------------------


def manifest_read(src: Path) -> dict[str, Any]:
    path = Path(src) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{src} bukan folder cadangan SEHATI (tidak ada {MANIFEST}).")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except ValueError as exc:
        raise BackupError(f"{path} rusak: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return manifest


def _target_empty(alias: str, storage: Storage) -> None:
    connection = connections[alias]
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"Basis data tujuan tidak kosong ({len(tables)} tabel): pulihkan ke basis data baru."
        )
    first = next(_walk(storage), None)
    if first is not None:
        raise BackupError(f"Penyimpanan berkas tujuan tidak kosong (mis. {first}).")


def backup_restore(src: Path, *, alias: str = "default", storage: Storage | None = None) -> Check:
    """Restore the backup at `src` into this (empty) installation, then check it."""
    storage = storage or default_storage
    src = Path(src)
    manifest = manifest_read(src)
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Cadangan ini dari {manifest['vendor']}, tujuan {connection.vendor}: tidak dapat "
            "dipulihkan lintas jenis basis data."
        )
    _target_empty(alias, storage)
    if connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *args,
                "-d",
                str(connection.settings_dict["NAME"]),
                str(src / PG_DUMP),
            ],
            env,
        )
    else:
        name = str(connection.settings_dict["NAME"])
        connection.close()
        source = sqlite3.connect(src / SQLITE_COPY)
        dest = sqlite3.connect(name)
        try:
            source.backup(dest)
        finally:
            source.close()
            dest.close()
    for name in manifest["files"]:
        with (src / FILES / name).open("rb") as fh:
            saved = storage.save(name, File(fh, name=name))
        if saved != name:
            raise BackupError(f"Berkas {name} tersimpan sebagai {saved}: penyimpanan tidak kosong?")
    return backup_check(manifest, alias=alias, storage=storage)


def backup_check(
    manifest: dict[str, Any], *, alias: str = "default", storage: Storage | None = None
) -> Check:
    """Compare this installation with a manifest: row counts per table, SHA-256 per file."""
    storage = storage or default_storage
    connection = connections[alias]
    check = Check()
    if connection.vendor == "postgresql":
        with _pg_connect(connection.settings_dict) as conn:
            counts = _counts(conn, "postgresql")
    else:
        connection.ensure_connection()
        counts = _counts(connection.connection, "sqlite")
    for table, expected in sorted(manifest["tables"].items()):
        got = counts.get(table)
        check.tables += 1
        check.rows += got or 0
        if got != expected:
            check.mismatched_tables.append(f"{table}: {got} baris, cadangan {expected}")
    for name, meta in sorted(manifest["files"].items()):
        try:
            with storage.open(name, "rb") as fh:
                digest, size = _sha256(fh)
        except FileNotFoundError:
            check.mismatched_files.append(f"{name}: tidak ada")
            continue
        check.files += 1
        check.bytes += size
        if digest != meta["sha256"]:
            check.mismatched_files.append(f"{name}: SHA-256 berbeda")
    from sehati.core.crypto import key_ring

    ring = {kid for kid, _key in key_ring().keys}
    check.missing_keys = [k for k in manifest.get("field_key_ids", []) if k not in ring]
    return check
