"""Gift report pages: my reports / the queue in scope, the form, the report, submission,
evidence files."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sehati.accounts.policies import (
    Action,
    access_report,
    can,
    employee_scope_for,
    identity_visible,
    report_scope_for,
    require,
)
from sehati.cases.selectors import case_deadlines
from sehati.cases.services import reporter_identity_viewed
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import files_for
from sehati.core.forms import FileAttachForm
from sehati.reports.files import EVIDENCE
from sehati.reports.forms import ItemFormSet, ReporterPickForm, ReportForm
from sehati.reports.models import GiftReport
from sehati.reports.selectors import timeline_masked
from sehati.reports.services import (
    EVIDENCE_OPEN_STATUSES,
    report_create,
    report_evidence_attach_many,
    report_is_filer,
    report_submit,
    report_update_draft,
)

PAGE_SIZE = 25
# Answers of the self-check that can start a report (its GET parameters).
_PREFILL = (
    "received_on",
    "giver_relation",
    "category",
    "form",
    "value_idr",
    "same_giver_year_total_idr",
)
_RECEIPT_SESSION_KEY = "sehati_receipt_code"


def _today(request: HttpRequest) -> Any:
    pemda = request.user.pemda  # type: ignore[union-attr]
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REPORT_VIEW)
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    reports = report_scope_for(request.user).select_related("reporter", "reporter_opd")
    if q:
        reports = reports.filter(
            Q(register_number__icontains=q)
            | Q(giver_name__icontains=q)
            | Q(reporter__name__icontains=q)
        )
    if status in GiftReport.Status.values:
        reports = reports.filter(status=status)
    page = Paginator(reports.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "status_options": GiftReport.Status.choices,
            "can_create": bool(request.user.employee_id),  # type: ignore[union-attr]
            "can_create_for": can(request.user, Action.REPORT_CREATE_FOR),
        },
    )


@login_required
def report_create_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REPORT_CREATE)
    if request.method == "POST":
        form = ReportForm(request.POST, today=_today(request))
        items = ItemFormSet(request.POST, prefix="items")
        if form.is_valid() and items.is_valid():
            try:
                report, _created = report_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data={**form.to_data(), "items": items.items()},
                    idempotency_key=form.cleaned_data.get("form_token") or None,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Konsep laporan tersimpan. Periksa lalu kirim."))
                return redirect("reports:report_detail", report_id=report.pk)
    else:
        initial: dict[str, Any] = {"form_token": uuid.uuid4().hex, "kind": GiftReport.Kind.RECEIPT}
        for key in _PREFILL:
            if request.GET.get(key):
                initial[key] = request.GET[key][:100]
        for flag in ("conflict_of_interest", "to_institution"):
            if request.GET.get(flag) == "ya":
                initial[flag] = True
        form = ReportForm(initial=initial, today=_today(request))
        first = {"quantity": 1, "form": initial.get("form"), "value_idr": initial.get("value_idr")}
        items = ItemFormSet(prefix="items", initial=[first])
    return render(
        request, "reports/report_form.html", {"form": form, "items": items, "report": None}
    )


@login_required
def report_create_for_view(request: HttpRequest) -> HttpResponse:
    """A UPG officer files the paper form a reporter brought (issue #4 point 1): the same form,
    for an employee in the officer's scope, found by NIP."""
    require(request.user, Action.REPORT_CREATE_FOR)
    today = _today(request)
    if request.method == "POST":
        picker = ReporterPickForm(request.POST)
        form = ReportForm(request.POST, today=today)
        items = ItemFormSet(request.POST, prefix="items")
        reporter = None
        if picker.is_valid():
            reporter = (
                employee_scope_for(request.user, Action.REPORT_CREATE_FOR)
                .filter(nip=picker.cleaned_data["nip"], is_active=True)
                .first()
            )
            if reporter is None:
                picker.add_error(
                    "nip", _("Pegawai dengan NIP ini tidak ada dalam lingkup UPG Anda.")
                )
        if reporter is not None and form.is_valid() and items.is_valid():
            try:
                report, _created = report_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data={**form.to_data(), "items": items.items()},
                    idempotency_key=form.cleaned_data.get("form_token") or None,
                    reporter=reporter,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Konsep laporan atas nama %(name)s tersimpan. Periksa lalu kirim.")
                    % {"name": reporter.name},
                )
                return redirect("reports:report_detail", report_id=report.pk)
    else:
        picker = ReporterPickForm()
        form = ReportForm(
            initial={"form_token": uuid.uuid4().hex, "kind": GiftReport.Kind.RECEIPT}, today=today
        )
        items = ItemFormSet(prefix="items", initial=[{"quantity": 1}])
    return render(
        request,
        "reports/report_form.html",
        {"form": form, "items": items, "report": None, "picker": picker},
    )


@login_required
def report_edit_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access_report(request.user, report_id, Action.REPORT_SUBMIT)
    if report.status != GiftReport.Status.DRAFT:
        messages.info(request, _("Laporan yang sudah dikirim tidak dapat diubah."))
        return redirect("reports:report_detail", report_id=report.pk)
    form = ReportForm(request.POST or None, instance=report, today=_today(request))
    initial = list(report.items.values("description", "form", "quantity", "value_idr"))
    items = ItemFormSet(request.POST or None, prefix="items", initial=initial)
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            report_update_draft(
                report=report,
                actor=request.user,  # type: ignore[arg-type]
                data={**form.to_data(), "items": items.items()},
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Konsep laporan diperbarui."))
            return redirect("reports:report_detail", report_id=report.pk)
    return render(
        request, "reports/report_form.html", {"form": form, "items": items, "report": report}
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access_report(request.user, report_id)
    # The receipt code is shown once, right after submission, then forgotten.
    receipt_code = None
    stored = request.session.pop(_RECEIPT_SESSION_KEY, None)
    if isinstance(stored, dict) and stored.get("report_id") == report.pk:
        receipt_code = stored.get("code")
    is_owner = report_is_filer(report=report, actor=request.user)
    case = getattr(report, "case", None) if report.status != GiftReport.Status.DRAFT else None
    show_identity = identity_visible(request.user, report)
    if report.confidential and show_identity and not is_owner:
        reporter_identity_viewed(report=report, actor=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "reports/report_detail.html",
        {
            "case": case,
            "case_messages": list(case.messages.select_related("author")) if case else [],
            "case_deadlines": case_deadlines(case=case, today=_today(request)) if case else [],
            "can_view_case": case is not None and can(request.user, Action.CASE_VIEW),
            "show_identity": show_identity,
            "report": report,
            "receipt_code": receipt_code,
            "is_owner": is_owner,
            "is_reporter": report.reporter_id == request.user.employee_id,  # type: ignore[union-attr]
            "timeline": timeline_masked(timeline_for(report), viewer=request.user),
            "deadlines": _deadlines_for_people(report),
            "items": list(report.items.all()),
            "evidence_files": files_for(report, EVIDENCE),
            "evidence_can_add": is_owner and report.status in EVIDENCE_OPEN_STATUSES,
        },
    )


DEADLINE_LABELS = {
    "receipt_to_upg_pembantu": _lazy("Lapor ke UPG pembantu"),
    "receipt_to_upg": _lazy("Lapor ke UPG"),
    "receipt_to_kpk": _lazy("Sampai di KPK (batas hukum)"),
}


def _deadlines_for_people(report: GiftReport) -> list[dict[str, Any]]:
    rows = []
    for d in (report.assessment or {}).get("deadlines", []):
        try:
            due = dt.date.fromisoformat(str(d.get("due_on")))
        except ValueError:
            continue
        rows.append(
            {
                "label": DEADLINE_LABELS.get(d.get("code"), d.get("code")),
                "due_on": due,
                "working_days": d.get("working_days"),
                "legal_basis": d.get("legal_basis", ""),
            }
        )
    return rows


@login_required
@require_POST
def report_submit_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access_report(request.user, report_id, Action.REPORT_SUBMIT)
    try:
        done = report_submit(report=report, actor=request.user, today=_today(request))  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        request.session[_RECEIPT_SESSION_KEY] = {
            "report_id": done.report.pk,
            "code": done.receipt_code,
        }
        messages.success(
            request,
            _("Laporan terkirim dengan nomor register %(number)s.")
            % {"number": done.report.register_number},
        )
    return redirect("reports:report_detail", report_id=report.pk)


@login_required
@require_POST
def report_evidence_add(request: HttpRequest, report_id: int) -> HttpResponse:
    """Attach one or more evidence files; if any file is refused, none is stored."""
    report = access_report(request.user, report_id, Action.REPORT_SUBMIT)
    form = FileAttachForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reports:report_detail", report_id=report.pk)
    try:
        stored = report_evidence_attach_many(
            report=report,
            actor=request.user,  # type: ignore[arg-type]
            uploads=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(n)d berkas bukti tersimpan.", "%(n)d berkas bukti tersimpan.", len(stored))
            % {"n": len(stored)},
        )
    return redirect("reports:report_detail", report_id=report.pk)
