"""UP3 findings pages (issue #5 point 4): the list, recording a finding (UPG), the finding with
its follow-up, and the POST-only steps (the OPD's response, the UPG's verification, escalation,
the KPK mark, the civil servant concerned)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    Scope,
    access_finding,
    access_tip,
    can,
    finding_scope_for,
    require,
    scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import files_for
from sehati.monitoring import findings as svc
from sehati.monitoring import forms_findings as f
from sehati.monitoring.models import Finding, Tip

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _pemda_id(user: User) -> int:
    """The user's pemda (every SEHATI role belongs to one; a user without one has no scope)."""
    if user.pemda_id is None:
        raise PermissionDenied
    return user.pemda_id


def _today(request: HttpRequest) -> dt.date:
    pemda = _user(request).pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _pemda_wide(user: User) -> bool:
    """Sees every finding of the pemda (UPG, Inspektur): knows who the monitors are."""
    return scope_for(user, Action.FINDING_VIEW) in (Scope.PEMDA, Scope.ANY)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.FINDING_VIEW)
    pemda_id = _pemda_id(user)
    today = _today(request)
    wide = _pemda_wide(user)
    form = f.FindingFilterForm(request.GET or None, pemda_id=pemda_id, pemda_wide=wide)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = svc.FindingFilters(
        q=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        category=data.get("category") or "",
        severity=data.get("severity") or "",
        opd_id=data["opd"].pk if data.get("opd") else None,
        kecamatan_id=data["kecamatan"].pk if data.get("kecamatan") else None,
        overdue=bool(data.get("overdue")),
        kpk=bool(data.get("kpk")) and wide,
    )
    findings = svc.finding_search(
        findings=finding_scope_for(user).select_related("opd", "service_unit", "kecamatan"),
        filters=filters,
        today=today,
    )
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/finding_list.html",
        {
            "page": page,
            "form": form,
            "today": today,
            "pemda_wide": wide,
            "can_create": can(user, Action.FINDING_WORK),
        },
    )


@login_required
def finding_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.FINDING_WORK)
    pemda_id = _pemda_id(user)
    pemda = user.pemda
    if pemda is None:
        raise PermissionDenied
    today = _today(request)
    tip: Tip | None = None
    initial: dict[str, Any] = {"observed_on": today}
    raw_tip = request.GET.get("tip", "")
    if request.method == "GET" and raw_tip.isdigit() and len(raw_tip) < 19:
        tip = access_tip(user, int(raw_tip))
        initial.update(
            source=Finding.Source.TIP.value,
            tip=tip.pk,
            description=tip.description,
            service_unit=tip.service_unit_id,
            observed_on=tip.happened_on or tip.created_at.date(),
        )
    form = f.FindingCreateForm(
        request.POST or None,
        request.FILES or None,
        pemda_id=pemda_id,
        today=today,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            finding = svc.finding_record(
                pemda=pemda,
                actor=user,
                today=today,
                source=d["source"],
                category=d["category"],
                severity=d["severity"],
                description=d["description"],
                observed_on=d["observed_on"],
                service_unit_id=d["service_unit"].pk if d["service_unit"] else None,
                opd_id=d["opd"].pk if d["opd"] else None,
                tip_id=d["tip"],
                person_description=d["person_description"],
                gift_description=d["gift_description"],
                uploads=d["evidence"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Temuan %(number)s tercatat dan dikirim ke kepala OPD dan UPG.")
                % {"number": finding.number},
            )
            return redirect("monitoring:finding_detail", finding_id=finding.pk)
    if tip is None and form.is_bound and form.data.get("tip", "").isdigit():
        tip = Tip.objects.filter(pk=form.data["tip"][:18], pemda_id=pemda_id).first()
    return render(request, "monitoring/finding_form.html", {"form": form, "tip": tip})


def _timeline(finding: Finding, wide: bool) -> list[Any]:
    """The finding's events; the monitor's name is replaced by "Pemantau UP3 Kec. X" for those
    who do not see the whole pemda (the head of the OPD must not know who the monitor is)."""
    events = list(timeline_for(finding))
    if wide:
        return events
    hidden = {finding.reported_by_id} if finding.source == Finding.Source.VISIT else set()
    if finding.visit_id and finding.visit is not None:
        hidden.add(finding.visit.monitor.user_id)
    hidden.discard(None)
    label = svc.finding_reporter_label(finding)
    for event in events:
        if event.actor_id in hidden:
            event.actor_label = label
    return events


def _detail(
    request: HttpRequest, finding: Finding, status: int = 200, **forms: Any
) -> HttpResponse:
    user = _user(request)
    today = _today(request)
    wide = _pemda_wide(user)
    is_open = finding.status != Finding.Status.CLOSED
    can_respond = (
        finding.status == Finding.Status.SENT
        and can(user, Action.FINDING_RESPOND)
        and finding_scope_for(user, Action.FINDING_RESPOND).filter(pk=finding.pk).exists()
    )
    can_work = can(user, Action.FINDING_WORK)
    reporter = svc.finding_reporter_label(finding)
    if wide and finding.visit_id and finding.visit is not None:
        reporter = f"{finding.visit.monitor.name} ({reporter})"
    elif wide and finding.reported_by_id and finding.reported_by is not None:
        reporter = finding.reported_by.get_full_name() or finding.reported_by.get_username()
    context = {
        "finding": finding,
        "today": today,
        "overdue": finding.is_overdue(today),
        "days_left": svc.finding_days_left(finding=finding, today=today),
        "pemda_wide": wide,
        "reporter_label": reporter,
        "notes": list(finding.notes.select_related("author")),
        "evidence": list(files_for(finding, svc.EVIDENCE)),
        "response_files": list(files_for(finding, svc.OPD_RESPONSE)),
        "visit_photos": list(files_for(finding.visit, svc.VISIT_PHOTO)) if finding.visit else [],
        "timeline": _timeline(finding, wide),
        "can_respond": can_respond,
        "can_verify": can_work and finding.status == Finding.Status.RESPONDED,
        "can_close_direct": can_work and finding.status == Finding.Status.SENT,
        "can_escalate": can_work and is_open and finding.escalated_on is None,
        "can_kpk": can_work and finding.kpk_marked_on is None,
        "can_link": can_work,
        "can_open_sanction": can(user, Action.SANCTION_OPEN) and finding.employee_id is not None,
        "respond_form": forms.get("respond_form") or f.FindingRespondForm(),
        "verify_form": forms.get("verify_form") or f.FindingVerifyForm(),
        "escalate_form": forms.get("escalate_form") or f.FindingEscalateForm(),
        "kpk_form": forms.get("kpk_form") or f.FindingKpkForm(),
        "employee_form": forms.get("employee_form")
        or f.FindingEmployeeForm(
            pemda_id=_pemda_id(user),
            initial={"nip": finding.employee.nip if finding.employee else ""},
        ),
    }
    return render(request, "monitoring/finding_detail.html", context, status=status)


@login_required
def finding_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _detail(request, access_finding(_user(request), finding_id))


def _step(
    request: HttpRequest,
    finding: Finding,
    *,
    form: Any,
    form_key: str,
    call: Callable[[dict[str, Any]], Finding],
    done: str,
) -> HttpResponse:
    """Validate the step's form, run the service, answer with the finding page."""
    if not form.is_valid():
        messages.error(request, _("Periksa isian yang ditandai."))
        return _detail(request, finding, **{form_key: form})
    try:
        call(form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _detail(request, access_finding(_user(request), finding.pk), **{form_key: form})
    messages.success(request, done)
    return redirect("monitoring:finding_detail", finding_id=finding.pk)


@login_required
@require_POST
def finding_respond(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_RESPOND)
    return _step(
        request,
        finding,
        form=f.FindingRespondForm(request.POST, request.FILES),
        form_key="respond_form",
        call=lambda d: svc.finding_respond(
            finding=finding,
            actor=user,
            body=d["body"],
            today=_today(request),
            uploads=d["attachments"],
        ),
        done=_("Tanggapan OPD terkirim kepada UPG."),
    )


@login_required
@require_POST
def finding_verify(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    form = f.FindingVerifyForm(request.POST)
    return _step(
        request,
        finding,
        form=form,
        form_key="verify_form",
        call=lambda d: svc.finding_verify(
            finding=finding,
            actor=user,
            decision=d["decision"],
            note=d["note"],
            outcome=d["outcome"],
            today=_today(request),
        ),
        done=(
            _("Temuan dinyatakan selesai.")
            if request.POST.get("decision") == "close"
            else _("Tanggapan dikembalikan kepada kepala OPD dengan tenggat baru.")
        ),
    )


@login_required
@require_POST
def finding_escalate(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    return _step(
        request,
        finding,
        form=f.FindingEscalateForm(request.POST),
        form_key="escalate_form",
        call=lambda d: svc.finding_escalate(
            finding=finding, actor=user, reason=d["reason"], today=_today(request)
        ),
        done=_("Temuan dieskalasi ke UPG dan Inspektorat."),
    )


@login_required
@require_POST
def finding_kpk(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    return _step(
        request,
        finding,
        form=f.FindingKpkForm(request.POST),
        form_key="kpk_form",
        call=lambda d: svc.finding_kpk_mark(
            finding=finding, actor=user, note=d["note"], today=_today(request)
        ),
        done=_("Temuan ditandai untuk KPK."),
    )


@login_required
@require_POST
def finding_employee(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    return _step(
        request,
        finding,
        form=f.FindingEmployeeForm(request.POST, pemda_id=_pemda_id(user)),
        form_key="employee_form",
        call=lambda d: svc.finding_employee_link(finding=finding, actor=user, employee_id=d["nip"]),
        done=_("ASN yang terlibat tercatat."),
    )
