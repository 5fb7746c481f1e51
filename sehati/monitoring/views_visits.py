"""Pages of UP3 visits (issue #5 point 3): the monitor's phone form (drafts kept on the server
and in the browser), the list with filters, and the visit with what came of its findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sehati.accounts.policies import (
    Action,
    Scope,
    access_visit,
    finding_scope_for,
    monitor_of,
    require,
    scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.monitoring import visits as svc
from sehati.monitoring.forms_visits import VisitFilterForm, VisitForm, visit_form_initial
from sehati.monitoring.models import Monitor, Visit
from sehati.org.models import Kecamatan, ServiceUnit

PAGE_SIZE = 25


def _today(request: HttpRequest) -> dt.date:
    pemda = request.user.pemda  # type: ignore[union-attr]
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """A monitor: their own visits, drafts included. The UPG and Inspektur: every sent visit of
    the pemda, with filters."""
    require(request.user, Action.VISIT_VIEW)
    user: Any = request.user
    pemda_id = user.pemda_id
    own_only = scope_for(user, Action.VISIT_VIEW) == Scope.OWN
    filter_form = VisitFilterForm(
        request.GET or None,
        kecamatan=list(Kecamatan.objects.filter(pemda_id=pemda_id).values_list("id", "name")),
        monitors=[]
        if own_only
        else list(Monitor.objects.filter(pemda_id=pemda_id).values_list("id", "name")),
        units=list(
            ServiceUnit.objects.filter(pemda_id=pemda_id, is_active=True)
            .order_by("name")
            .values_list("id", "name")
        ),
    )
    filters = filter_form.filters()
    visits = svc.visit_list_for(user, **filters)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    monitor = monitor_of(user) if own_only else None
    return render(
        request,
        "monitoring/visit_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "own_only": own_only,
            "monitor": monitor,
            "can_create": monitor is not None and monitor.on_duty(_today(request)),
            "filtered": any(v for v in filters.values()),
        },
    )


def _form(
    request: HttpRequest, *, monitor: Monitor, today: dt.date, initial: dict[str, Any]
) -> VisitForm:
    pemda = monitor.pemda
    return VisitForm(
        request.POST or None,
        initial=initial,
        items=svc.checklist_active(pemda=pemda),
        unit_groups=svc.visit_units_grouped(pemda=pemda, prefer_kecamatan_id=monitor.kecamatan_id),
        prone=svc.visit_prone_services(pemda=pemda),
        today=today,
    )


def _form_page(
    request: HttpRequest,
    *,
    form: VisitForm,
    monitor: Monitor,
    visit: Visit | None,
    today: dt.date,
    status: int = 200,
) -> HttpResponse:
    photos = svc.visit_photos(visit) if visit is not None else []
    return render(
        request,
        "monitoring/visit_form.html",
        {
            "form": form,
            "monitor": monitor,
            "visit": visit,
            "on_duty": monitor.on_duty(today),
            "photos": photos,
            "photo_room": svc.MAX_PHOTOS - len(photos),
            "max_photos": svc.MAX_PHOTOS,
            # A fresh form page: the browser may offer an unsent copy from an earlier new form.
            "is_new": visit is None and request.method == "GET",
            "clear_draft": request.GET.get("tersimpan") == "1" and visit is not None,
        },
        status=status,
    )


def _save(
    request: HttpRequest, *, form: VisitForm, monitor: Monitor, visit: Visit | None, today: dt.date
) -> HttpResponse:
    if form.is_valid():
        data = form.to_data()
        if visit is not None:
            data["client_uuid"] = visit.client_uuid  # a draft keeps its own uuid
        submit = form.wants_submit()
        try:
            saved = svc.visit_save(
                monitor=monitor,
                actor=request.user,
                today=today,
                photos=request.FILES.getlist("photos"),
                submit=submit,
                **data,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if saved.visit.status == Visit.Status.SUBMITTED:
                messages.success(
                    request,
                    _("Kunjungan terkirim. Temuan diteruskan kepada kepala OPD.")
                    if saved.visit.findings.exists()
                    else _("Kunjungan terkirim."),
                )
                return redirect("monitoring:visit_detail", visit_id=saved.visit.pk)
            messages.success(
                request, _("Draf tersimpan di server, termasuk foto. Lanjutkan kapan saja.")
            )
            return redirect(
                reverse("monitoring:visit_edit", kwargs={"visit_id": saved.visit.pk})
                + "?tersimpan=1"
            )
    return _form_page(request, form=form, monitor=monitor, visit=visit, today=today, status=200)


def _no_monitor(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/visit_no_monitor.html", {})


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    """A new visit form with a fresh client_uuid (`?unit=<id>` preselects the unit)."""
    require(request.user, Action.VISIT_CREATE)
    monitor = monitor_of(request.user)
    if monitor is None:
        return _no_monitor(request)
    today = _today(request)
    unit_raw = request.GET.get("unit", "")
    unit_id = int(unit_raw) if unit_raw.isdigit() and len(unit_raw) < 19 else None
    form = _form(
        request,
        monitor=monitor,
        today=today,
        initial=visit_form_initial(visit=None, today=today, unit_id=unit_id, drafts=[]),
    )
    if request.method == "POST":
        return _save(request, form=form, monitor=monitor, visit=None, today=today)
    return _form_page(request, form=form, monitor=monitor, visit=None, today=today)


@login_required
def visit_edit(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Continue a draft; a visit already sent opens its page."""
    visit = access_visit(request.user, visit_id, Action.VISIT_CREATE)
    if visit.status == Visit.Status.SUBMITTED:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    monitor = visit.monitor
    today = _today(request)
    form = _form(
        request,
        monitor=monitor,
        today=today,
        initial=visit_form_initial(
            visit=visit, today=today, unit_id=None, drafts=svc.visit_finding_drafts(visit)
        ),
    )
    if request.method == "POST":
        return _save(request, form=form, monitor=monitor, visit=visit, today=today)
    return _form_page(request, form=form, monitor=monitor, visit=visit, today=today)


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id)
    own = visit.monitor.user_id == request.user.pk
    findings = list(
        finding_scope_for(request.user).filter(visit=visit).select_related("opd").order_by("id")
    )
    answers = [
        {**row, "bad": bool(row.get("answer")) and row.get("answer") != row.get("good")}
        for row in visit.answers or []
        if isinstance(row, dict)
    ]
    return render(
        request,
        "monitoring/visit_detail.html",
        {
            "visit": visit,
            "own": own,
            "answers": answers,
            "bad_count": sum(1 for a in answers if a["bad"]),
            "photos": svc.visit_photos(visit),
            "findings": findings,
            "finding_drafts": svc.visit_finding_drafts(visit) if own else [],
            "timeline": timeline_for(visit),
            "clear_draft": str(visit.client_uuid)
            if own and visit.status == Visit.Status.SUBMITTED
            else "",
        },
    )
