"""Pages of the UU PDP duties (issue #9 point 3): the retention schedule and its job, legal
holds, data-subject requests and the access report."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from sehati.accounts.policies import Action, access_dsr, access_legal_hold, can, require
from sehati.core.audit import timeline_for, timeline_record
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.responses import file_response
from sehati.documents.documents import XLSX_CONTENT_TYPE
from sehati.org.models import Employee, Pemda
from sehati.privacy import services as svc
from sehati.privacy.forms import (
    AccessReportForm,
    DsrCloseForm,
    DsrForm,
    LegalHoldForm,
    LegalHoldReleaseForm,
    RetentionRuleForm,
    RetentionRunForm,
)
from sehati.privacy.models import DataSubjectRequest, LegalHold, RetentionRun
from sehati.privacy.retention import ACTION_HELP, KINDS
from sehati.privacy.selectors import (
    access_events,
    access_rows,
    dsr_hours_left,
    dsr_list,
    dsr_overdue,
    person_records,
)


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise Http404
    return pemda


@login_required
@require_GET
def privacy_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PRIVACY_VIEW)
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    manage = can(request.user, Action.PRIVACY_MANAGE)
    rows = []
    for item in svc.retention_expired(pemda, today):
        rows.append(
            {
                "item": item,
                "form": RetentionRuleForm(
                    initial={"keep_years": item.row.keep_years, "action": item.row.action},
                    prefix=item.row.kind.key,
                )
                if manage
                else None,
                "actions": [(a, ACTION_HELP[a]) for a in item.row.kind.actions],
            }
        )
    return render(
        request,
        "privacy/index.html",
        {
            "rows": rows,
            "manage": manage,
            "run_form": RetentionRunForm() if manage else None,
            "runs": RetentionRun.objects.filter(pemda=pemda).select_related("started_by")[:10],
            "kinds": KINDS,
            "today": today,
            "open_requests": DataSubjectRequest.objects.filter(
                pemda=pemda, status=DataSubjectRequest.Status.OPEN
            ).count(),
            "active_holds": LegalHold.objects.filter(pemda=pemda, released_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def retention_rule(request: HttpRequest, record_type: str) -> HttpResponse:
    require(request.user, Action.PRIVACY_MANAGE)
    pemda = _pemda(request)
    if record_type not in KINDS:
        raise Http404
    form = RetentionRuleForm(request.POST, prefix=record_type)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("privacy:index")
    try:
        svc.retention_rule_set(
            pemda=pemda, actor=request.user, record_type=record_type, **form.cleaned_data
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Jadwal retensi %(k)s disimpan.") % {"k": KINDS[record_type].label}
        )
    return redirect("privacy:index")


@login_required
@require_POST
def retention_run(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PRIVACY_MANAGE)
    pemda = _pemda(request)
    form = RetentionRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Centang konfirmasi untuk menjalankan retensi."))
        return redirect("privacy:index")
    run = svc.retention_run(pemda=pemda, today=local_today(pemda.time_zone), actor=request.user)
    done = sum(c["anonymised"] + c["deleted"] for c in run.counts.values())
    messages.success(request, _("Retensi dijalankan: %(n)s data diproses.") % {"n": done})
    return redirect("privacy:index")


@login_required
@require_http_methods(["GET", "POST"])
def hold_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PRIVACY_VIEW)
    pemda = _pemda(request)
    manage = can(request.user, Action.PRIVACY_MANAGE)
    form = LegalHoldForm(request.POST or None) if manage else None
    status = 200
    if request.method == "POST":
        require(request.user, Action.PRIVACY_MANAGE)
        if form is not None and form.is_valid():
            try:
                svc.legal_hold_place(pemda=pemda, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Penahanan hukum dipasang."))
                return redirect("privacy:hold_list")
        status = 422
    show = request.GET.get("status", "active")
    holds = LegalHold.objects.filter(pemda=pemda).select_related("placed_by", "released_by")
    if show == "active":
        holds = holds.filter(released_at__isnull=True)
    elif show == "released":
        holds = holds.filter(released_at__isnull=False)
    page = Paginator(holds, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/hold_list.html",
        {
            "page": page,
            "form": form,
            "show": show,
            "release_form": LegalHoldReleaseForm() if manage else None,
        },
        status=status,
    )


@login_required
@require_POST
def hold_release(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = access_legal_hold(request.user, hold_id)
    form = LegalHoldReleaseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("privacy:hold_list")
    try:
        svc.legal_hold_release(hold=hold, actor=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Penahanan hukum dilepas."))
    return redirect("privacy:hold_list")


@login_required
@require_GET
def dsr_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PRIVACY_VIEW)
    pemda = _pemda(request)
    status = request.GET.get("status", "")
    if status not in {"", "overdue", *DataSubjectRequest.Status.values}:
        status = ""
    search = request.GET.get("q", "").strip()[:50]
    page = Paginator(dsr_list(pemda, status=status, search=search), 50).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(d, dsr_overdue(d, now), dsr_hours_left(d, now)) for d in page.object_list]
    return render(
        request,
        "privacy/dsr_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "q": search,
            "statuses": DataSubjectRequest.Status.choices,
            "manage": can(request.user, Action.PRIVACY_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dsr_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PRIVACY_MANAGE)
    pemda = _pemda(request)
    initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)}
    form = DsrForm(request.POST or None, pemda=pemda, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dsr = svc.dsr_create(
                pemda=pemda,
                actor=request.user,
                kind=data["kind"],
                subject_name=data["subject_name"],
                subject_contact=data["subject_contact"],
                employee=form.employee,
                details=data["details"],
                received_at=data["received_at"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Permintaan %(n)s dicatat; tenggat %(d)s.")
                % {"n": dsr.number, "d": timezone.localtime(dsr.due_at).strftime("%d-%m-%Y %H:%M")},
            )
            return redirect("privacy:dsr_detail", request_id=dsr.pk)
    return render(
        request,
        "privacy/dsr_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dsr_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    dsr = access_dsr(request.user, request_id)
    manage = can(request.user, Action.PRIVACY_MANAGE)
    form = None
    if manage and dsr.status == DataSubjectRequest.Status.OPEN:
        form = DsrCloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(request.user, Action.PRIVACY_MANAGE)
        if form is None:
            messages.error(request, _("Permintaan ini sudah diselesaikan."))
            return redirect(request.path)
        if form.is_valid():
            try:
                svc.dsr_close(
                    request=dsr,
                    actor=request.user,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Permintaan diselesaikan."))
                return redirect(request.path)
        status = 422
    records, hidden = person_records(dsr.employee, viewer=request.user) if dsr.employee else ([], 0)

    return render(
        request,
        "privacy/dsr_detail.html",
        {
            "dsr": dsr,
            "form": form,
            "overdue": dsr_overdue(dsr),
            "hours_left": dsr_hours_left(dsr),
            "records": records,
            "hidden": hidden,
            "events": timeline_for(dsr),
            "access_url": _access_url(dsr),
        },
        status=status,
    )


def _access_url(dsr: DataSubjectRequest) -> str:
    """The access report of the request's employee over the year before it was received."""
    if dsr.employee is None:
        return ""
    received = timezone.localdate(dsr.received_at)
    query = urlencode(
        {
            "start": (received - dt.timedelta(days=365)).isoformat(),
            "end": received.isoformat(),
            "nip": dsr.employee.nip,
        }
    )
    return f"{reverse('privacy:access_report')}?{query}"


def access_report_xlsx(rows: list[dict[str, Any]], *, start: dt.date, end: dt.date) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Laporan akses")
    book.remove(book.worksheets[0])
    sheet.append([_("Laporan akses data pribadi"), f"{start:%d-%m-%Y} – {end:%d-%m-%Y}"])
    sheet.append([_("Waktu"), _("Pelaku"), _("Tindakan"), _("Data"), _("Milik"), _("Keterangan")])
    for r in rows:
        sheet.append(
            [
                timezone.localtime(r["at"]).strftime("%Y-%m-%d %H:%M:%S"),
                r["actor"],
                r["action"],
                r["subject"],
                r["person"],
                r["detail"],
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def access_report_for(
    *, user: Any, pemda: Pemda, start: dt.date, end: dt.date, employee: Employee | None
) -> list[dict[str, Any]]:
    """The rows, and the report's own audit event (it shows personal data too)."""
    rows = access_rows(
        access_events(pemda, start=start, end=end, viewer=user, employee=employee),
        viewer=user,
        employee=employee,
    )
    timeline_record(
        subject=pemda,
        type="access_report_viewed",
        actor=user,
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "employee_id": employee.pk if employee else None,
            "rows": len(rows),
        },
    )
    return rows


@login_required
@require_GET
def access_report(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACCESS_REPORT)
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    asked = "start" in request.GET
    form = AccessReportForm(
        request.GET if asked else None,
        pemda=pemda,
        initial={"start": today - dt.timedelta(days=30), "end": today},
    )
    page = None
    if asked and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = access_report_for(
            user=request.user, pemda=pemda, start=start, end=end, employee=form.employee
        )
        if request.GET.get("unduh") == "xlsx":
            return file_response(
                access_report_xlsx(rows, start=start, end=end),
                filename=f"laporan-akses-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/access_report.html",
        {"form": form, "page": page, "employee": form.employee if asked else None},
        status=422 if asked and not form.is_valid() else 200,
    )
