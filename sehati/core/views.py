"""Kernel views: the health check, stored-file downloads."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import connection
from django.db.utils import DatabaseError
from django.http import FileResponse, HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sehati.core.files import access_stored_file, stored_file_response
from sehati.core.models import WorkerHeartbeat


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the file storage answer, 503 when either does not; a stale
    worker is reported only."""
    body: dict[str, object] = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["database"] = {"status": "ok", "vendor": connection.vendor}
    except DatabaseError as exc:
        body["status"] = "error"
        body["database"] = {"status": "error", "error": exc.__class__.__name__}
        body["worker"] = {"status": "unknown"}
        return JsonResponse(body, status=503)

    body["storage"] = _storage_status()
    try:
        beat = WorkerHeartbeat.objects.filter(name="huey").first()
    except DatabaseError:
        beat = None
    if beat is None:
        body["worker"] = {"status": "unknown", "last_beat": None}
    else:
        age = (timezone.now() - beat.beat_at).total_seconds()
        stale = age > settings.WORKER_STALE_AFTER_SECONDS
        body["worker"] = {
            "status": "stale" if stale else "ok",
            "last_beat": beat.beat_at.isoformat(),
            "age_seconds": int(age),
        }
    if body["storage"]["status"] != "ok":  # type: ignore[index]
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body, status=200)


def _storage_status() -> dict[str, str]:
    """Whether the file storage answers: the local folder exists and is writable, or the bucket
    answers a lookup. Files are part of the record (evidence, decrees): without them, 503."""
    storage = default_storage
    try:
        location = getattr(storage, "location", None)
        if location is not None and not isinstance(storage, _remote_storages()):
            path = Path(location)
            path.mkdir(parents=True, exist_ok=True)
            if not os.access(path, os.W_OK):
                return {"status": "error", "error": "not_writable"}
            return {"status": "ok", "backend": "filesystem"}
        storage.exists("healthz-probe")
        return {"status": "ok", "backend": storage.__class__.__name__}
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}


def _remote_storages() -> tuple[type, ...]:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:
        return ()
    return (S3Storage,)


@login_required
@require_GET
def file_download(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    """A stored file, for whoever may see its subject (404 for everyone else)."""
    from sehati.accounts.policies import Action, require

    require(request.user, Action.FILE_VIEW)
    return stored_file_response(access_stored_file(request.user, public_id))
