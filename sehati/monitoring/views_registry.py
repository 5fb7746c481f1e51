"""Pages of the UP3 registry (issue #5 points 1-3): monitors and their accounts, the map of
titik rawan, the visit checklist. Views parse input and call one service or selector."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    access_checklist_item,
    access_monitor,
    access_prone_service,
    can,
    require,
    visit_scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.monitoring import registry as reg
from sehati.monitoring.forms_registry import (
    ChecklistActionForm,
    ChecklistItemEditForm,
    ChecklistItemForm,
    MonitorForm,
    ProneServiceForm,
)
from sehati.monitoring.models import ChecklistItem, Finding, ProneService
from sehati.org.models import Kecamatan, Opd, ServiceUnit

PAGE_SIZE = 25
_ACCOUNT_SESSION_KEY = "sehati_monitor_account"
GET_POST = require_http_methods(["GET", "POST"])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _pemda_id(user: User) -> int:
    # Every role of these pages is held in a pemda; a user without one has no grant either.
    if user.pemda_id is None:
        raise PermissionDenied
    return user.pemda_id


def _today(request: HttpRequest) -> dt.date:
    pemda = getattr(request, "pemda", None)
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _int_param(request: HttpRequest, key: str) -> int | None:
    raw = request.GET.get(key, "").strip()
    if raw.isdigit() and 1 <= int(raw) <= 2**63 - 1:
        return int(raw)
    return None


def _form_error(form: forms.Form, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


# --- monitors -------------------------------------------------------------------------------


@login_required
def monitor_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.MONITOR_VIEW)
    q = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    status = request.GET.get("status", "")
    status = status if status in {s.value for s in reg.MonitorStatus} else ""
    coordinator = {"ya": True, "tidak": False}.get(request.GET.get("koordinator", ""))
    kecamatan_id = _int_param(request, "kecamatan")
    monitors = reg.monitor_list(
        user=user,
        today=_today(request),
        q=q,
        kecamatan_id=kecamatan_id,
        status=status,
        coordinator=coordinator,
    )
    page = Paginator(monitors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/monitor_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "coordinator": request.GET.get("koordinator", ""),
            "kecamatan_id": kecamatan_id,
            "kecamatan_options": Kecamatan.objects.filter(pemda_id=_pemda_id(user)).order_by(
                "name"
            ),
            "status_options": [
                (reg.MonitorStatus.ACTIVE.value, _("Aktif bertugas")),
                (reg.MonitorStatus.INACTIVE.value, _("Nonaktif")),
                (reg.MonitorStatus.ENDED.value, _("Masa tugas selesai")),
            ],
            "today": _today(request),
            "can_manage": can(user, Action.MONITOR_MANAGE),
        },
    )


@login_required
@GET_POST
def monitor_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.MONITOR_MANAGE)
    form = MonitorForm(request.POST or None, pemda_id=_pemda_id(user))
    if request.method == "POST" and form.is_valid():
        try:
            monitor = reg.monitor_register(
                pemda=request.pemda,  # type: ignore[attr-defined]
                actor=user,
                today=_today(request),
                **form.to_data(),
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Pemantau %(name)s terdaftar.") % {"name": monitor.name})
            return redirect("monitoring:monitor_detail", monitor_id=monitor.pk)
    return render(request, "monitoring/monitor_form.html", {"form": form, "monitor": None})


@login_required
def monitor_detail(request: HttpRequest, monitor_id: int) -> HttpResponse:
    user = _user(request)
    monitor = access_monitor(user, monitor_id)
    visits = (
        visit_scope_for(user)
        .filter(monitor=monitor)
        .select_related("service_unit", "prone_service")
        .order_by("-visited_on", "-id")[:10]
    )
    return render(
        request,
        "monitoring/monitor_detail.html",
        {
            "monitor": monitor,
            "visits": list(visits),
            "grant": reg.monitor_grant_for(monitor),
            "timeline": timeline_for(monitor),
            "on_duty": monitor.on_duty(_today(request)),
            "today": _today(request),
            "can_manage": can(user, Action.MONITOR_MANAGE),
        },
    )


@login_required
@GET_POST
def monitor_edit(request: HttpRequest, monitor_id: int) -> HttpResponse:
    user = _user(request)
    monitor = access_monitor(user, monitor_id, Action.MONITOR_MANAGE)
    initial = {f: getattr(monitor, f) for f in reg.MONITOR_FIELDS if f != "kecamatan_id"}
    initial["kecamatan"] = monitor.kecamatan_id
    form = MonitorForm(request.POST or None, initial=initial, pemda_id=_pemda_id(user))
    if request.method == "POST" and form.is_valid():
        try:
            reg.monitor_update(
                monitor=monitor, actor=user, today=_today(request), changes=form.to_data()
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Data pemantau disimpan."))
            return redirect("monitoring:monitor_detail", monitor_id=monitor.pk)
    return render(request, "monitoring/monitor_form.html", {"form": form, "monitor": monitor})


@never_cache
@login_required
@GET_POST
def monitor_account(request: HttpRequest, monitor_id: int) -> HttpResponse:
    """Give the monitor a login. The initial password is shown once, on the page after the
    POST (kept in the session only until that page is shown)."""
    user = _user(request)
    monitor = access_monitor(user, monitor_id, Action.MONITOR_MANAGE)
    if request.method == "POST":
        try:
            created = reg.monitor_account_create(monitor=monitor, actor=user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("monitoring:monitor_detail", monitor_id=monitor.pk)
        request.session[_ACCOUNT_SESSION_KEY] = {
            "monitor_id": monitor.pk,
            "username": created.user.username,
            "password": created.password,
        }
        return redirect("monitoring:monitor_account", monitor_id=monitor.pk)
    shown = request.session.pop(_ACCOUNT_SESSION_KEY, None)
    if shown and shown.get("monitor_id") == monitor.pk:
        return render(
            request,
            "monitoring/monitor_account_done.html",
            {"monitor": monitor, "username": shown["username"], "password": shown["password"]},
        )
    return render(
        request,
        "monitoring/monitor_account.html",
        {
            "monitor": monitor,
            "username": "" if monitor.user_id else reg.monitor_username_for(monitor.name),
        },
    )


# --- titik rawan ----------------------------------------------------------------------------


@login_required
def prone_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.PRONE_VIEW)
    q = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    area = request.GET.get("area", "")
    area = area if area in ProneService.Area.values else ""
    show = reg.ProneShow.ALL if request.GET.get("tampil") == reg.ProneShow.ALL else ""
    include_inactive = request.GET.get("nonaktif") == "1"
    kecamatan_id, opd_id = _int_param(request, "kecamatan"), _int_param(request, "opd")
    units = reg.prone_map(
        pemda_id=_pemda_id(user),
        kecamatan_id=kecamatan_id,
        opd_id=opd_id,
        area=area,
        q=q,
        show=show,
        include_inactive=include_inactive,
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/prone_list.html",
        {
            "page": page,
            "q": q,
            "area": area,
            "show": show,
            "include_inactive": include_inactive,
            "kecamatan_id": kecamatan_id,
            "opd_id": opd_id,
            "area_options": ProneService.Area.choices,
            "kecamatan_options": Kecamatan.objects.filter(pemda_id=_pemda_id(user)).order_by(
                "name"
            ),
            "opd_options": Opd.objects.filter(pemda_id=_pemda_id(user), is_active=True).order_by(
                "name"
            ),
            "can_manage": can(user, Action.PRONE_MANAGE),
        },
    )


def _prone_list_url(unit: ServiceUnit) -> str:
    url = reverse("monitoring:prone_list")
    return f"{url}?kecamatan={unit.kecamatan_id}" if unit.kecamatan_id else url


@login_required
@GET_POST
def prone_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.PRONE_MANAGE)
    unit_id = _int_param(request, "unit")
    form = ProneServiceForm(
        request.POST or None,
        initial={"service_unit": unit_id} if unit_id else None,
        pemda_id=_pemda_id(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            prone = reg.prone_service_mark(
                pemda=request.pemda,  # type: ignore[attr-defined]
                actor=user,
                **form.to_data(),
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s di %(unit)s ditandai rawan gratifikasi.")
                % {"name": prone.name, "unit": prone.service_unit.name},
            )
            return redirect(_prone_list_url(prone.service_unit))
    return render(request, "monitoring/prone_form.html", {"form": form, "prone": None})


@login_required
@GET_POST
def prone_edit(request: HttpRequest, prone_id: int) -> HttpResponse:
    user = _user(request)
    prone = access_prone_service(user, prone_id, Action.PRONE_MANAGE)
    toggle = request.method == "POST" and "toggle" in request.POST
    form = ProneServiceForm(
        None if toggle else (request.POST or None),
        initial={
            "service_unit": prone.service_unit_id,
            "area": prone.area,
            "name": prone.name,
            "risk_note": prone.risk_note,
        },
        pemda_id=_pemda_id(user),
        current_unit_id=prone.service_unit_id,
    )
    if request.method == "POST" and (toggle or form.is_valid()):
        changes = {"is_active": not prone.is_active} if toggle else form.to_data()
        try:
            saved = reg.prone_service_update(prone=prone, actor=user, changes=changes)
        except ApplicationError as exc:
            if toggle:
                messages.error(request, exc.message)
            else:
                _form_error(form, exc)
        else:
            if toggle:
                done = _("diaktifkan kembali") if saved.is_active else _("dinonaktifkan")
                messages.success(request, _("Titik rawan %(state)s.") % {"state": done})
            else:
                messages.success(request, _("Titik rawan disimpan."))
            return redirect(_prone_list_url(saved.service_unit))
    return render(request, "monitoring/prone_form.html", {"form": form, "prone": prone})


# --- checklist ------------------------------------------------------------------------------


def _checklist_action(request: HttpRequest, user: User) -> None:
    action_form = ChecklistActionForm(request.POST)
    if not action_form.is_valid():
        messages.error(request, _("Permintaan tidak dikenal."))
        return
    action, item_id = action_form.cleaned_data["action"], action_form.cleaned_data["item"]
    if action == "defaults":
        created = reg.checklist_defaults_ensure(pemda=request.pemda)  # type: ignore[attr-defined]
        if created:
            messages.success(request, _("Daftar periksa bawaan dipasang."))
        else:
            messages.info(request, _("Daftar periksa sudah berisi; bawaan tidak dipasang."))
        return
    if item_id is None:
        messages.error(request, _("Permintaan tidak dikenal."))
        return
    item = access_checklist_item(user, item_id)
    try:
        if action in ("up", "down"):
            reg.checklist_item_move(item=item, actor=user, up=action == "up")
        else:
            reg.checklist_item_update(
                item=item, actor=user, changes={"is_active": action == "activate"}
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if action == "deactivate":
            messages.success(request, _("Butir dinonaktifkan; kunjungan baru tidak memuatnya."))
        elif action == "activate":
            messages.success(request, _("Butir diaktifkan kembali."))


@login_required
@GET_POST
def checklist_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.CHECKLIST_MANAGE)
    form = ChecklistItemForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        if "add" not in request.POST:
            _checklist_action(request, user)
            return redirect(request.get_full_path())
        if form.is_valid():
            try:
                reg.checklist_item_add(
                    pemda=request.pemda,  # type: ignore[attr-defined]
                    actor=user,
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Butir daftar periksa ditambahkan."))
                return redirect("monitoring:checklist_list")
    status = request.GET.get("status", "")
    items = ChecklistItem.objects.filter(pemda_id=_pemda_id(user)).order_by("position", "id")
    if status == "aktif":
        items = items.filter(is_active=True)
    elif status == "nonaktif":
        items = items.filter(is_active=False)
    else:
        status = ""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Finding.Category.choices)
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.category_label = labels.get(item.finding_category, item.finding_category)  # type: ignore[attr-defined]
    total = ChecklistItem.objects.filter(pemda_id=_pemda_id(user)).count()
    return render(
        request,
        "monitoring/checklist_list.html",
        {
            "page": page,
            "form": form,
            "status": status,
            "total": total,
        },
    )


@login_required
@GET_POST
def checklist_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    item = access_checklist_item(user, item_id)
    initial: dict[str, Any] = {f: getattr(item, f) for f in reg.CHECKLIST_FIELDS}
    form = ChecklistItemEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reg.checklist_item_update(item=item, actor=user, changes=form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Butir daftar periksa disimpan."))
            return redirect("monitoring:checklist_list")
    return render(
        request,
        "monitoring/checklist_edit.html",
        {"form": form, "item": item, "timeline": timeline_for(item)},
    )
