"""Observability (issue #10 point 5): request ids, structured logs, metrics, and a 503 instead of
a 500 while the database is down.

- Every request gets an id: the `X-Request-ID` nginx sends (`$request_id`), or a new one. It is
  echoed in the response header and added to every log line written while the request runs.
- `LOG_FORMAT=json` writes one JSON object per log line (time, level, logger, message, request
  id, exception), for journald and log shippers; the default stays plain text.
- `/metrics` speaks the Prometheus text format: requests by method, view and status class, their
  durations, and, read at scrape time, the job queue's depth, overdue case deadlines per pemda,
  the worker's heartbeat age and whether the database answers. Under gunicorn the counters of all
  worker processes are summed (prometheus_client's multiprocess mode over `SEHATI_VAR_DIR/metrics`,
  set up in deploy/gunicorn.conf.py).
- `server_error` is the 500 handler: a database that cannot be reached (connection refused, lost
  or shutting down) answers **503 with Retry-After**, never a 500.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import json
import logging
import os
import re
import secrets
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.utils import timezone

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
RETRY_AFTER_SECONDS = 30


# --- request id and logs ----------------------------------------------------------------------


class RequestIdMiddleware:
    """First in the chain: the request id, and the request's count and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_ID.match(given) else secrets.token_hex(8)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        _observe(request, response, time.perf_counter() - start)
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx answer after the middleware chain has returned: the request
        # it passes along still carries its id.
        request = getattr(record, "request", None)
        record.request_id = REQUEST_ID.get() or getattr(request, "request_id", "")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            body["request_id"] = request_id
        if record.exc_info:
            body["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else ""
            body["exc"] = "".join(traceback.format_exception(*record.exc_info))[-8000:]
        return json.dumps(body, ensure_ascii=False)


# --- 503 while the database is down -----------------------------------------------------------


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached right now (not a bad query)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    markers = (
        "connection",
        "server closed",
        "terminating",
        "shutting down",
        "starting up",
        "could not connect",
        "no such host",
        "timeout",
        "database is locked",
        "recovery mode",
    )
    return any(m in text for m in markers)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler (config/urls.py). Called while the exception is being handled."""
    exc = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if database_unavailable(exc):
        _DB_UNAVAILABLE.inc()
        response: HttpResponse
        if api:
            response = JsonResponse(
                {
                    "detail": "Basis data sedang tidak dapat dihubungi; coba lagi.",
                    "code": "database_unavailable",
                },
                status=503,
            )
        else:
            body = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
            response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return JsonResponse({"detail": "Kesalahan server.", "code": "server_error"}, status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


# --- metrics ----------------------------------------------------------------------------------

from prometheus_client import (  # noqa: E402 - its mode is chosen when first imported
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess  # noqa: E402

_REQUESTS = Counter(
    "sehati_http_requests_total",
    "Permintaan HTTP yang dijawab",
    ["method", "view", "status"],
)
_DURATION = Histogram(
    "sehati_http_request_duration_seconds",
    "Lama menjawab permintaan HTTP",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.75, 1.0, 2.5, 5.0, 10.0),
)
_DB_UNAVAILABLE = Counter(
    "sehati_database_unavailable_total", "Permintaan dijawab 503 karena basis data tidak terjangkau"
)


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "-"
    return match.view_name or "-"


def _observe(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    view = _view_name(request)
    if view == "metrics":
        return
    method = request.method if request.method in ("GET", "POST", "PUT", "PATCH", "DELETE") else "-"
    _REQUESTS.labels(method, view, f"{response.status_code // 100}xx").inc()
    _DURATION.labels(method, view).observe(seconds)


def _state_metrics() -> str:
    """Gauges read at scrape time, written in the text format by hand (they are not per process,
    so they stay out of the multiprocess registry)."""
    lines: list[str] = []

    def gauge(name: str, help_text: str, samples: list[tuple[str, float]]) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} gauge")
        for labels, value in samples:
            lines.append(f"{name}{labels} {value}")

    up = 1.0
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    except DatabaseError:
        up = 0.0
    gauge("sehati_database_up", "Basis data menjawab (1) atau tidak (0)", [("", up)])
    try:
        from huey.contrib.djhuey import HUEY

        pending = float(HUEY.pending_count())
        scheduled = float(HUEY.scheduled_count())
    except Exception:
        pending = scheduled = -1.0
    gauge("sehati_queue_pending", "Tugas latar yang menunggu pekerja", [("", pending)])
    gauge("sehati_queue_scheduled", "Tugas latar yang dijadwalkan", [("", scheduled)])
    if not up:
        return "\n".join(lines) + "\n"
    from django.db.models import Count

    from sehati.cases.models import Case
    from sehati.core.models import WorkerHeartbeat

    today = timezone.localdate()
    overdue = [
        (f'{{pemda="{row["pemda__code"]}"}}', float(row["n"]))
        for row in Case.objects.filter(next_due_on__lt=today)
        .exclude(status=Case.Status.CLOSED)
        .values("pemda__code")
        .annotate(n=Count("id"))
        .order_by("pemda__code")
    ]
    gauge("sehati_cases_overdue", "Kasus yang tenggat berikutnya sudah lewat", overdue)
    beat = WorkerHeartbeat.objects.filter(name="huey").first()
    age = (timezone.now() - beat.beat_at).total_seconds() if beat else -1.0
    gauge("sehati_worker_heartbeat_age_seconds", "Umur denyut terakhir pekerja", [("", age)])
    return "\n".join(lines) + "\n"


def _metrics_allowed(request: HttpRequest) -> bool:
    """The token when one is set; otherwise only from the server itself (nginx's X-Real-IP, or
    the peer of a direct connection to gunicorn's socket or port)."""
    token = getattr(settings, "SEHATI_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return secrets.compare_digest(given, f"Bearer {token}")
    client = request.headers.get("X-Real-IP") or request.META.get("REMOTE_ADDR") or ""
    if client == "":
        return True  # a unix socket has no peer address: a local process
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return False


def metrics(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        return HttpResponseNotFound()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    text = body.decode() + _state_metrics()
    response = HttpResponse(text, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
