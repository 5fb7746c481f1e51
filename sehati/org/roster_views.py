"""Roster import pages: upload, progress, preview or errors, commit, template download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.accounts.policies import Action, access_roster_import, require
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.org import selectors, services
from sehati.org.forms import RosterUploadForm
from sehati.org.models import Opd
from sehati.org.roster import roster_column_help, roster_template_csv

PAGE_SIZE = 25
ERROR_PAGE_SIZE = 100
EVENT_LABELS = {
    "roster_import_uploaded": gettext_lazy("berkas diunggah"),
    "roster_import_validated": gettext_lazy("diperiksa: valid"),
    "roster_import_rejected": gettext_lazy("diperiksa: tidak valid"),
    "roster_import_commit_requested": gettext_lazy("diminta disimpan"),
    "roster_import_committed": gettext_lazy("tersimpan ke data pegawai"),
    "roster_import_failed": gettext_lazy("gagal"),
}


@login_required
def roster_import_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(user, Action.ROSTER_IMPORT)
    imports = selectors.roster_import_list(pemda_id=user.pemda_id)
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/roster_import_list.html", {"page": page})


@login_required
def roster_import_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(user, Action.ROSTER_IMPORT)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = services.roster_import_create(
                pemda=user.pemda,
                actor=user,
                uploaded_file=form.cleaned_data["file"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Berkas diterima."))
            return redirect(roster_import)
    return render(
        request,
        "org/roster_import_form.html",
        {
            "form": form,
            "columns": roster_column_help(),
            "max_bytes": settings.ROSTER_MAX_UPLOAD_BYTES,
        },
    )


@login_required
def roster_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    require(request.user, Action.ROSTER_IMPORT)
    roster_import = access_roster_import(request.user, import_id)
    errors_page = Paginator(roster_import.errors, ERROR_PAGE_SIZE).get_page(request.GET.get("page"))
    timeline = [
        (event, EVENT_LABELS.get(event.type, event.type))
        for event in timeline_for(roster_import)[:20]
    ]
    return render(
        request,
        "org/roster_import_detail.html",
        {
            "ri": roster_import,
            "summary": roster_import.summary,
            "errors_page": errors_page,
            "timeline": timeline,
        },
    )


@login_required
def roster_import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    """The htmx partial polled every second; once the import is final, htmx reloads the page
    to show the preview or the errors."""
    require(request.user, Action.ROSTER_IMPORT)
    roster_import = access_roster_import(request.user, import_id)
    response = render(request, "org/roster_import_progress.html", {"ri": roster_import})
    if roster_import.is_final and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def roster_import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    require(request.user, Action.ROSTER_IMPORT)
    roster_import = access_roster_import(request.user, import_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.roster_import_commit_schedule(
            roster_import=roster_import,
            actor=request.user,
            today=local_today(roster_import.pemda.time_zone),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Penyimpanan ke data pegawai dimulai."))
    return redirect(roster_import)


@login_required
def roster_import_template(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(user, Action.ROSTER_IMPORT)
    opd = (
        Opd.objects.filter(pemda_id=user.pemda_id, is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    content = roster_template_csv(opd_code=opd or "KODE-OPD")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
    return response
