"""Kernel views: the health check, stored-file downloads."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
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
    """200 when the database answers, 503 when it does not; a stale worker is reported only."""
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
    return JsonResponse(body, status=200)


@login_required
@require_GET
def file_download(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    """A stored file, for whoever may see its subject (404 for everyone else)."""
    from sehati.accounts.policies import Action, require

    require(request.user, Action.FILE_VIEW)
    return stored_file_response(access_stored_file(request.user, public_id))
