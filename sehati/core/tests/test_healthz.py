from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from sehati.core.models import WorkerHeartbeat
from sehati.core.services import worker_heartbeat_record


@pytest.mark.django_db
def test_ok_with_fresh_worker(client) -> None:
    worker_heartbeat_record(name="huey")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "ok"


@pytest.mark.django_db
def test_stale_worker_is_reported_without_failing(client, settings) -> None:
    WorkerHeartbeat.objects.create(name="huey", beat_at=timezone.now() - dt.timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "stale"


@pytest.mark.django_db
def test_unknown_worker_without_heartbeat(client) -> None:
    assert client.get("/healthz").json()["worker"]["status"] == "unknown"


@pytest.mark.django_db
def test_database_down_gives_503(client) -> None:
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("mati")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "error"


@pytest.mark.django_db
def test_heartbeat_task_writes_a_beat() -> None:
    from sehati.core.tasks import worker_heartbeat

    worker_heartbeat.call_local()
    assert WorkerHeartbeat.objects.filter(name="huey").exists()
