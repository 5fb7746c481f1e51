"""Settings that come from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _setting(name: str, **env: str) -> str:
    """The value of a setting in a fresh interpreter (the settings module only: no app starts)."""
    code = f"import config.settings.base as settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", **env},
    )
    return result.stdout.strip()


def test_database_url_chooses_the_file(tmp_path) -> None:
    target = tmp_path / "lain.sqlite3"
    assert _setting("DATABASES['default']['NAME']", DATABASE_URL=f"sqlite:///{target}") == str(
        target
    )


def test_file_mail_stays_under_var(tmp_path) -> None:
    path = _setting("EMAIL_FILE_PATH", SEHATI_VAR_DIR=str(tmp_path))
    assert path == str(tmp_path / "mail")


def test_huey_postgres_backend_uses_sql_storage() -> None:
    out = _setting(
        "HUEY", HUEY_BACKEND="postgres", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x"
    )
    assert "SqlHuey" in out and "postgresql://postgres@127.0.0.1:5432/x" in out


def test_unknown_huey_backend_is_refused() -> None:
    with pytest.raises(subprocess.CalledProcessError):
        _setting("HUEY", HUEY_BACKEND="rabbit")


@pytest.mark.django_db
def test_indonesian_by_default_even_for_english_browsers(client) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in page.content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()


def test_every_page_carries_the_content_security_policy(client: Any, db: Any) -> None:
    """No inline script or style is allowed anywhere (issue #9 point 5); stored files keep their
    own stricter policy."""
    csp = client.get("/cek-gratifikasi/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
