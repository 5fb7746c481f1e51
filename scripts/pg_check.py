"""Exit 0 when the PostgreSQL server of the given URL answers (connecting to its 'postgres' db)."""

from __future__ import annotations

import sys
from urllib.parse import urlparse

import psycopg

url = urlparse(sys.argv[1])
try:
    with psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname="postgres",
        connect_timeout=3,
    ) as conn:
        conn.execute("SELECT 1")
except psycopg.Error:
    sys.exit(1)
