"""Public tips: the public form and lookup (no login), and the UPG's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sehati.accounts.policies import Action, access_tip, can, require
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError, ThrottledError
from sehati.core.throttle import client_key
from sehati.monitoring import services as svc
from sehati.monitoring.forms import TipForm, TipLookupForm, TipMessageForm, TipStatusForm
from sehati.monitoring.models import Tip

PAGE_SIZE = 25
_CODE_SESSION_KEY = "sehati_tip_code"


def _today(request: HttpRequest) -> dt.date:
    pemda = request.pemda  # type: ignore[attr-defined]
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def tip_create(request: HttpRequest) -> HttpResponse:
    """The public tip form; the receipt code is shown once, after a redirect."""
    pemda = request.pemda  # type: ignore[attr-defined]
    today = _today(request)
    shown = request.session.pop(_CODE_SESSION_KEY, None) if request.method == "GET" else None
    if shown:
        return render(request, "monitoring/tip_done.html", {"receipt_code": shown})
    form = TipForm(request.POST or None, pemda=pemda, today=today)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            filed = svc.tip_submit(
                pemda=pemda,
                description=d["description"],
                happened_on=d["happened_on"],
                location=d["location"],
                service_unit_id=d["service_unit"].pk if d["service_unit"] else None,
                contact=d["contact"],
                today=today,
                client=client_key(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code if isinstance(exc, ThrottledError) else 200
        else:
            request.session[_CODE_SESSION_KEY] = filed.receipt_code
            return redirect("monitoring:tip_create")
    return render(request, "monitoring/tip_form.html", {"form": form}, status=status)


def tip_lookup(request: HttpRequest) -> HttpResponse:
    """Follow a tip with its receipt code (POST only: the code never goes into a URL). Wrong
    codes from one client are throttled; an unknown code reveals nothing."""
    form = TipLookupForm(request.POST or None)
    tip: Tip | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            tip = svc.tip_find(
                pemda=request.pemda,  # type: ignore[attr-defined]
                receipt_code=form.cleaned_data["receipt_code"],
                client=client_key(request),
            )
        except ThrottledError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            if tip is None:
                form.add_error("receipt_code", _("Kode tidak dikenal."))
                status = 404
            elif form.cleaned_data["body"].strip():
                try:
                    svc.tip_reply_from_tipster(tip=tip, body=form.cleaned_data["body"])
                except ApplicationError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, _("Jawaban Anda terkirim kepada UPG."))
                tip.refresh_from_db()
    return render(
        request,
        "monitoring/tip_lookup.html",
        {
            "form": form,
            "tip": tip,
            "tip_messages": list(tip.messages.all()) if tip else [],
            "code": form.cleaned_data.get("receipt_code", "") if tip else "",
        },
        status=status,
    )


@login_required
def tip_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.TIP_VIEW)
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    tips = Tip.objects.filter(pemda_id=request.user.pemda_id).select_related("service_unit")
    if q:
        tips = tips.filter(
            Q(description__icontains=q)
            | Q(location__icontains=q)
            | Q(service_unit__name__icontains=q)
        )
    if status in Tip.Status.values:
        tips = tips.filter(status=status)
    elif status != "all":
        tips = tips.exclude(status=Tip.Status.CLOSED)
    page = Paginator(tips.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/tip_list.html",
        {"page": page, "q": q, "status": status, "status_options": Tip.Status.choices},
    )


def _detail(request: HttpRequest, tip: Tip, **forms: Any) -> HttpResponse:
    context = {
        "tip": tip,
        "tip_messages": list(tip.messages.select_related("author")),
        "timeline": timeline_for(tip),
        "can_work": can(request.user, Action.TIP_WORK) and tip.status != Tip.Status.CLOSED,
        "message_form": forms.get("message_form") or TipMessageForm(),
        "status_form": forms.get("status_form") or TipStatusForm(initial={"status": tip.status}),
    }
    return render(request, "monitoring/tip_detail.html", context)


@login_required
def tip_detail(request: HttpRequest, tip_id: int) -> HttpResponse:
    return _detail(request, access_tip(request.user, tip_id))


@login_required
@require_POST
def tip_message(request: HttpRequest, tip_id: int) -> HttpResponse:
    tip = access_tip(request.user, tip_id, Action.TIP_WORK)
    form = TipMessageForm(request.POST)
    if form.is_valid():
        try:
            svc.tip_message_send(
                tip=tip,
                actor=request.user,
                body=form.cleaned_data["body"],
                ask=form.cleaned_data["ask"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Pesan tersimpan; pengadu membacanya dengan kodenya."))
            return redirect("monitoring:tip_detail", tip_id=tip.pk)
    return _detail(request, tip, message_form=form)


@login_required
@require_POST
def tip_status(request: HttpRequest, tip_id: int) -> HttpResponse:
    tip = access_tip(request.user, tip_id, Action.TIP_WORK)
    form = TipStatusForm(request.POST)
    if form.is_valid():
        try:
            svc.tip_status_set(
                tip=tip,
                actor=request.user,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status aduan diperbarui."))
            return redirect("monitoring:tip_detail", tip_id=tip.pk)
    return _detail(request, tip, status_form=form)
