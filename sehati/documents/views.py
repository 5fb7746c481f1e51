"""Document downloads (tanda terima, KPK form, GOL workbook, cover letter) and the letter template
pages. Every object is fetched through an access helper; every download is noted on the
timeline of the report(s) it is about, and a confidential identity shown is logged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    access_case,
    access_custody_item,
    access_report,
    case_scope_for,
    identity_visible,
    require,
)
from sehati.cases.models import Case, CustodyItem
from sehati.cases.services import reporter_identity_viewed
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.documents.documents import (
    XLSX_CONTENT_TYPE,
    cover_letter_pdf,
    custody_receipt_pdf,
    gol_workbook,
    kpk_form_pdf,
    letter_values,
    report_receipt_pdf,
)
from sehati.documents.forms import CoverLetterForm, LetterTemplateForm, selected_ids
from sehati.documents.letters import (
    DEFAULT_LETTER_CODE,
    PLACEHOLDERS,
    letter_fill,
)
from sehati.documents.policies import access_letter_template, letter_templates_editable
from sehati.documents.selectors import (
    letter_template_default,
    letter_template_for,
    letter_templates_of,
)
from sehati.documents.services import (
    document_generated_record,
    letter_template_create,
    letter_template_update,
)
from sehati.reports.models import GiftReport

PDF = "application/pdf"
SIDES = {"terima": "receive", "serah": "release"}


def _filename(stem: str, ext: str) -> str:
    """A safe ASCII file name: GRT/2026/000001 -> tanda-terima-GRT-2026-000001.pdf."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:100] or "dokumen"
    return f"{clean}.{ext}"


def _download(data: bytes, *, filename: str, content_type: str, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _record(
    user: Any,
    reports: Iterable[GiftReport],
    *,
    document: str,
    shown: Iterable[GiftReport] = (),
    data: dict[str, Any] | None = None,
) -> None:
    """After a successful render: the timeline events, and the identity log for each confidential
    reporter whose identity was printed for someone other than the reporter."""
    with transaction.atomic():
        document_generated_record(reports=reports, actor=user, document=document, data=data)
        for report in shown:
            if report.confidential and report.reporter_id != user.employee_id:
                reporter_identity_viewed(report=report, actor=user)


def _case_list_url() -> str:
    try:
        return reverse("cases:case_list")
    except NoReverseMatch:
        return "/kasus/"


# --- downloads ---------------------------------------------------------------------------------


@login_required
@require_GET
def report_receipt(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access_report(request.user, report_id)
    if report.status == GiftReport.Status.DRAFT:
        raise Http404
    shown = identity_visible(request.user, report)
    pdf = report_receipt_pdf(report=report, show_identity=shown)
    _record(request.user, [report], document="report_receipt", shown=[report] if shown else [])
    return _download(
        pdf,
        filename=_filename(f"tanda-terima-{report.register_number}", "pdf"),
        content_type=PDF,
        inline=True,
    )


@login_required
@require_GET
def case_kpk_form(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_VIEW)
    report = case.report
    shown = identity_visible(request.user, report)
    pdf = kpk_form_pdf(report=report, show_identity=shown)
    _record(request.user, [report], document="kpk_form", shown=[report] if shown else [])
    return _download(
        pdf,
        filename=_filename(f"formulir-kpk-{report.register_number}", "pdf"),
        content_type=PDF,
        inline=True,
    )


@login_required
@require_GET
def custody_receipt(request: HttpRequest, item_id: int, side: str) -> HttpResponse:
    if side not in SIDES:
        raise Http404
    item = access_custody_item(request.user, item_id)
    if SIDES[side] == "release" and item.status != CustodyItem.Status.RELEASED:
        raise Http404
    pdf = custody_receipt_pdf(item=item, side=SIDES[side])
    number = item.number if side == "terima" else item.release_number
    _record(
        request.user,
        [item.case.report],
        document=f"custody_receipt_{SIDES[side]}",
        data={"number": number},
    )
    return _download(
        pdf,
        filename=_filename(f"tanda-terima-{side}-{number}", "pdf"),
        content_type=PDF,
        inline=True,
    )


def _selected_cases(request: HttpRequest) -> list[Case]:
    ids = selected_ids(request.POST.getlist("case"))
    if not ids:
        return []
    return list(
        case_scope_for(request.user, Action.CASE_KPK)
        .filter(pk__in=ids)
        .select_related(
            "pemda",
            "report",
            "report__pemda",
            "report__reporter",
            "report__reporter_opd",
            "report__created_by",
        )
        .prefetch_related("report__items")
        .order_by("report__register_number", "pk")
    )


def _nothing_selected(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Pilih paling sedikit satu laporan terlebih dahulu."))
    return redirect(_case_list_url())


@login_required
@require_POST
def gol_export(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CASE_KPK)
    cases = _selected_cases(request)
    if not cases:
        return _nothing_selected(request)
    reports = [c.report for c in cases]
    shown = [r for r in reports if identity_visible(request.user, r)]
    data = gol_workbook(cases=cases, show_identity={r.pk for r in shown})
    _record(request.user, reports, document="gol_workbook", shown=shown)
    today = local_today(request.user.pemda.time_zone if request.user.pemda else "Asia/Makassar")
    return _download(
        data,
        filename=_filename(f"gol-unggah-massal-{today:%Y%m%d}", "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
        inline=False,
    )


@login_required
@require_POST
def cover_letter(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CASE_KPK)
    cases = _selected_cases(request)
    if not cases:
        return _nothing_selected(request)
    form = CoverLetterForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(_case_list_url())
    pemda = request.user.pemda
    template = letter_template_for(
        pemda=pemda, code=form.cleaned_data["template"] or DEFAULT_LETTER_CODE
    )
    reports = [c.report for c in cases]
    shown = [r for r in reports if identity_visible(request.user, r)]
    pdf = cover_letter_pdf(
        pemda=pemda,
        cases=cases,
        letter_number=form.cleaned_data["letter_number"],
        letter_date=form.cleaned_data["letter_date"],
        template=template,
        show_identity={r.pk for r in shown},
    )
    _record(
        request.user,
        reports,
        document="cover_letter",
        shown=shown,
        data={"letter_number": form.cleaned_data["letter_number"]},
    )
    return _download(
        pdf,
        filename=_filename(f"surat-pengantar-{form.cleaned_data['letter_number']}", "pdf"),
        content_type=PDF,
        inline=True,
    )


# --- letter templates ------------------------------------------------------------------------


def _unused_code(pemda_id: int) -> str:
    taken = set(letter_templates_of(pemda_id=pemda_id).values_list("code", flat=True))
    if DEFAULT_LETTER_CODE not in taken:
        return DEFAULT_LETTER_CODE
    n = 2
    while f"{DEFAULT_LETTER_CODE}-{n}" in taken:
        n += 1
    return f"{DEFAULT_LETTER_CODE}-{n}"


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_list(request: HttpRequest) -> HttpResponse:
    """The pemda's letter templates; POST makes a new one from the shipped wording."""
    require(request.user, Action.CASE_KPK)
    editable = letter_templates_editable(request.user)
    if request.method == "POST":
        if not editable:
            raise Http404
        default = letter_template_default(pemda=request.user.pemda)
        try:
            created = letter_template_create(
                pemda=request.user.pemda,
                actor=request.user,
                data={
                    "code": _unused_code(request.user.pemda_id),
                    "name": default.name,
                    "subject": default.subject,
                    "body": default.body,
                    "is_active": True,
                },
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("documents:letter_template_list")
        messages.success(request, _("Templat dibuat dari naskah bawaan. Sesuaikan lalu simpan."))
        return redirect("documents:letter_template_edit", template_id=created.pk)
    templates = letter_templates_of(pemda_id=request.user.pemda_id) if editable else []
    return render(
        request,
        "documents/letter_template_list.html",
        {
            "templates": templates,
            "editable": editable,
            "default": letter_template_default(pemda=request.user.pemda),
            "placeholders": PLACEHOLDERS,
        },
    )


def _preview(template: Any, pemda: Any) -> dict[str, str]:
    """The template filled with sample values (the same plain replacer as the real letter)."""
    values = letter_values(
        pemda=pemda,
        cases=[],
        letter_number=_("700/123/UPG/2026"),
        letter_date=local_today(pemda.time_zone),
    )
    values.update(jumlah_laporan="2", daftar_laporan="GRT/2026/000001, GRT/2026/000002")
    return {
        "subject": letter_fill(template.subject, values),
        "body": letter_fill(template.body, values),
    }


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = access_letter_template(request.user, template_id)
    form = LetterTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            letter_template_update(template=template, actor=request.user, data=form.to_data())
        except ApplicationError as exc:
            errors: dict[str, Any] = exc.extra or {"__all__": [exc.message]}
            for field, field_errors in errors.items():
                for error in field_errors:
                    form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, _("Templat surat disimpan."))
            return redirect("documents:letter_template_list")
    template.refresh_from_db()
    return render(
        request,
        "documents/letter_template_form.html",
        {
            "form": form,
            "template": template,
            "placeholders": PLACEHOLDERS,
            "preview": _preview(template, request.user.pemda),
            "timeline": timeline_for(template)[:20],
        },
    )
