"""Observability (issue #10 point 5): request ids, JSON logs, /metrics, /healthz's storage, and a
503 with Retry-After (never a 500) while the database cannot be reached."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from sehati.core.observability import (
    REQUEST_ID,
    JsonFormatter,
    RequestIdFilter,
    database_unavailable,
)

pytestmark = pytest.mark.django_db


def test_every_answer_has_a_request_id_and_a_sane_one_is_kept() -> None:
    client = Client()
    fresh = client.get("/healthz")["X-Request-ID"]
    assert len(fresh) == 16 and fresh != client.get("/healthz")["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-abc.123")["X-Request-ID"] == (
        "nginx-abc.123"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level":"CRITICAL"}')
    assert (
        forged["X-Request-ID"] != 'x"\n{"level":"CRITICAL"}' and len(forged["X-Request-ID"]) == 16
    )


def test_a_json_log_line_carries_the_request_id_and_the_exception() -> None:
    record = logging.LogRecord("sehati.uji", logging.ERROR, __file__, 1, "gagal %s", ("x",), None)
    try:
        raise ValueError("rusak")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    token = REQUEST_ID.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    line = JsonFormatter().format(record)
    body = json.loads(line)
    assert "\n" not in line
    assert (
        body["message"] == "gagal x" and body["level"] == "ERROR" and body["logger"] == "sehati.uji"
    )
    assert body["request_id"] == "abc123" and body["exc_type"] == "ValueError"
    assert "rusak" in body["exc"] and body["ts"].endswith("+00:00")


def test_metrics_count_requests_and_read_the_state(world: Any) -> None:
    client = Client()
    client.get("/healthz")
    client.get("/cek-gratifikasi/")
    text = client.get("/metrics").content.decode()
    assert 'sehati_http_requests_total{method="GET",status="2xx",view="healthz"}' in text
    assert (
        'sehati_http_request_duration_seconds_bucket{le="0.15",method="GET",view="healthz"}' in text
    )
    assert "sehati_database_up 1.0" in text
    assert "sehati_queue_pending" in text and "sehati_worker_heartbeat_age_seconds" in text
    assert "# TYPE sehati_cases_overdue gauge" in text


def test_metrics_are_for_the_server_itself_or_the_token(settings: Any) -> None:
    client = Client()
    assert client.get("/metrics").status_code == 200  # 127.0.0.1
    assert client.get("/metrics", HTTP_X_REAL_IP="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.SEHATI_METRICS_TOKEN = "rahasia-pemantauan"
    assert client.get("/metrics").status_code == 404
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-pemantauan")
    assert ok.status_code == 200 and ok["Cache-Control"] == "no-store"


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every query fails as when PostgreSQL has gone away."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_while_the_database_is_down_pages_answer_503_with_retry_after(database_down) -> None:
    client = Client(raise_request_exception=False)
    page = client.get("/cek-gratifikasi/")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "SEHATI sedang tidak tersedia" in page.content.decode()
    api = client.get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer sht_tidak-ada")
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json()["code"] == "database_unavailable"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["database"]["status"] == "error"


def test_a_query_that_is_wrong_is_still_a_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such column: reports_giftreport.nothing")

    monkeypatch.setattr(CursorWrapper, "execute", wrong)
    page = Client(raise_request_exception=False).get("/cek-gratifikasi/")
    assert page.status_code == 500 and "Retry-After" not in page


@pytest.mark.parametrize(
    ("message", "unavailable"),
    [
        ("connection refused", True),
        ("server closed the connection unexpectedly", True),
        ("terminating connection due to administrator command", True),
        ("the database system is starting up", True),
        ("database is locked", True),
        ("no such table: x", False),
        ("division by zero", False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(message: str, unavailable: bool) -> None:
    assert database_unavailable(OperationalError(message)) is unavailable
    assert database_unavailable(ValueError(message)) is False


def test_healthz_fails_when_the_file_storage_cannot_be_written(settings: Any, tmp_path) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    body = Client().get("/healthz")
    assert body.status_code == 503
    assert body.json()["storage"]["status"] == "error" and body.json()["status"] == "error"


def test_a_not_found_logged_after_the_middleware_still_has_its_request_id(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        answer = Client().get("/tidak-ada/", HTTP_X_REQUEST_ID="cari-404")
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestIdFilter().filter(record)
    assert answer.status_code == 404 and record.request_id == "cari-404"
