"""An empty SEHATI installation of its own (database, var folder, process) for tests that need
a second installation: the restore target of the backup test, the primary and replica of the
replica test."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection

from sehati.core.crypto import key_ring

ROOT = Path(__file__).resolve().parents[3]


class Target:
    """An empty installation: its own database and var folder, run in its own process."""

    def __init__(self, tmp: Path, name: str = "instalasi-baru") -> None:
        self.var = tmp / name
        self.var.mkdir()
        self.pg_name = ""
        if connection.vendor == "postgresql":
            import psycopg

            self.pg_name = f"sehati_restore_{uuid.uuid4().hex[:10]}"
            s = connection.settings_dict
            self._admin = psycopg.connect(
                dbname="postgres",
                host=s.get("HOST") or None,
                port=s.get("PORT") or None,
                user=s.get("USER") or None,
                password=s.get("PASSWORD") or None,
                autocommit=True,
            )
            self._admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{self.pg_name}"
        else:
            self.url = f"sqlite:///{self.var / 'db.sqlite3'}"

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        ring = ",".join(f"{k}:{base64.b64encode(v).decode()}" for k, v in key_ring().keys)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SEHATI_VAR_DIR": str(self.var),
            "DATABASE_URL": self.url,
            "SEHATI_FIELD_KEYS": ring,
            "SECRET_KEY": "uji-pemulihan-" + "x" * 40,
            "HUEY_IMMEDIATE": "true",
            **(env or {}),
        }
        return subprocess.run(
            [sys.executable, "-m", "sehati.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def counts(self) -> dict[str, int]:
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {
                    t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                    for t in tables
                }
        db = sqlite3.connect(self.var / "db.sqlite3")
        try:
            tables = [
                r[0]
                for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        finally:
            db.close()

    def close(self) -> None:
        if self.pg_name:
            self._admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self._admin.close()
