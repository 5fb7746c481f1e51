"""Pages of the TPP payroll list and of the pemda's sanction rules (issue #6 point 3).
Views parse input and call one service or selector."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sehati.accounts.models import User
from sehati.accounts.policies import Action, access_sanction_rule, can, require
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.org.models import Pemda
from sehati.rules.tpp import Month, hss_default_rules
from sehati.sanctions.forms_tpp import SanctionRuleForm
from sehati.sanctions.payroll import payroll_month_mark_processed, payroll_period_parse
from sehati.sanctions.payroll_files import payroll_file
from sehati.sanctions.rules_admin import (
    sanction_rule_create,
    sanction_rule_decisions,
    sanction_rule_update,
    sanction_rules_overview,
)
from sehati.sanctions.selectors import (
    PAYROLL_COLUMNS,
    payroll_lines,
    payroll_month_row,
    payroll_months,
)

PAGE_SIZE = 24
GET_POST = require_http_methods(["GET", "POST"])

_TABS: list[tuple[Any, str, Action]] = [
    (gettext_lazy("Daftar potongan per bulan"), "sanctions:payroll_list", Action.PAYROLL_VIEW),
    (gettext_lazy("Aturan sanksi TPP"), "sanctions:rule_list", Action.SANCTION_RULE_VIEW),
]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _pemda(request: HttpRequest) -> Pemda:
    # Every role of these pages is held in a pemda; a user without one has no grant either.
    pemda: Pemda | None = _user(request).pemda
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _tabs(request: HttpRequest, active: str) -> list[dict[str, Any]]:
    user = _user(request)
    return [
        {"label": label, "url": reverse(name), "active": name == active}
        for label, name, action in _TABS
        if can(user, action)
    ]


def _month(period: str) -> Month:
    month = payroll_period_parse(period)
    if month is None:
        raise Http404(_("Bulan harus berbentuk TTTT-BB, mis. 2026-03."))
    return month


# --- the payroll list -----------------------------------------------------------------------


@login_required
@require_GET
def payroll_list(request: HttpRequest) -> HttpResponse:
    require(_user(request), Action.PAYROLL_VIEW)
    today = _today(request)
    months = payroll_months(pemda=_pemda(request), today=today)
    year = request.GET.get("tahun", "").strip()
    years = sorted({m.month.year for m in months}, reverse=True)
    if year.isdigit() and int(year) in years:
        months = [m for m in months if m.month.year == int(year)]
    else:
        year = ""
    status = request.GET.get("status", "")
    if status == "diproses":
        months = [m for m in months if m.processed]
    elif status == "terbuka":
        months = [m for m in months if not m.processed]
    else:
        status = ""
    page = Paginator(months, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sanctions/payroll_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "status": status,
            "today": today,
            "tabs": _tabs(request, "sanctions:payroll_list"),
        },
    )


def _month_context(request: HttpRequest, month: Month) -> dict[str, Any]:
    pemda = _pemda(request)
    row = payroll_month_row(pemda=pemda, month=month, today=_today(request))
    lines = payroll_lines(pemda=pemda, month=month)
    return {
        "row": row,
        "month": month,
        "lines": lines,
        "columns": PAYROLL_COLUMNS,
        "deduction_total_idr": sum(r["deduction_idr"] for r in lines if r["kind"] == "deduction"),
        "correction_total_idr": sum(r["deduction_idr"] for r in lines if r["kind"] == "correction"),
        "can_process": can(_user(request), Action.PAYROLL_PROCESS),
        "tabs": _tabs(request, "sanctions:payroll_list"),
    }


@login_required
@require_GET
def payroll_month(request: HttpRequest, period: str) -> HttpResponse:
    require(_user(request), Action.PAYROLL_VIEW)
    return render(request, "sanctions/payroll_month.html", _month_context(request, _month(period)))


def _download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    require(_user(request), Action.PAYROLL_VIEW)
    file = payroll_file(pemda=_pemda(request), month=_month(period), fmt=fmt)
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@reads_from_replica
def payroll_csv(request: HttpRequest, period: str) -> HttpResponse:
    return _download(request, period, "csv")


@login_required
@require_GET
@reads_from_replica
def payroll_xlsx(request: HttpRequest, period: str) -> HttpResponse:
    return _download(request, period, "xlsx")


@login_required
@GET_POST
def payroll_process(request: HttpRequest, period: str) -> HttpResponse:
    """A confirmation page (GET), then the irreversible mark (POST)."""
    user = _user(request)
    require(user, Action.PAYROLL_PROCESS)
    month = _month(period)
    if request.method == "POST":
        try:
            payroll_month_mark_processed(
                pemda=_pemda(request), actor=user, month=month, today=_today(request)
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Bulan %(month)s ditandai sudah diproses. Daftarnya tidak akan berubah lagi.")
                % {"month": month},
            )
        return redirect("sanctions:payroll_month", period=str(month))
    return render(request, "sanctions/payroll_process.html", _month_context(request, month))


# --- sanction rules -------------------------------------------------------------------------


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.SANCTION_RULE_VIEW)
    overview = sanction_rules_overview(pemda=_pemda(request), today=_today(request))
    q = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    records = overview.records
    if q:
        needle = q.lower()
        records = [
            r for r in records if needle in r.code.lower() or needle in r.legal_basis.lower()
        ]
    page = Paginator(
        [{"rule": r, "used": overview.usage.get(r.pk, [])} for r in records], PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "sanctions/rule_list.html",
        {
            "page": page,
            "q": q,
            "overview": overview,
            "today": _today(request),
            "can_manage": can(user, Action.SANCTION_RULE_MANAGE),
            "tabs": _tabs(request, "sanctions:rule_list"),
        },
    )


def _form_error(form: SanctionRuleForm, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
@GET_POST
def rule_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.SANCTION_RULE_MANAGE)
    initial: dict[str, Any] = {}
    if request.GET.get("bawaan"):  # start from the SEHATI regency's rule
        default = hss_default_rules()[0]
        initial = {
            "code": default.code,
            "percent": default.percent,
            "months": default.months,
            "legal_basis": default.legal_basis,
            "valid_from": default.valid_from,
        }
    form = SanctionRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rule = sanction_rule_create(pemda=_pemda(request), actor=user, data=form.to_data())
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Aturan sanksi %(code)s dicatat.") % {"code": rule.code})
            return redirect("sanctions:rule_list")
    return render(
        request,
        "sanctions/rule_form.html",
        {"form": form, "rule": None, "used": [], "tabs": _tabs(request, "sanctions:rule_list")},
    )


@login_required
@GET_POST
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    user = _user(request)
    rule = access_sanction_rule(user, rule_id, Action.SANCTION_RULE_MANAGE)
    used = sanction_rule_decisions(rule=rule)
    initial = {
        "code": rule.code,
        "percent": rule.percent,
        "months": rule.months,
        "legal_basis": rule.legal_basis,
        "valid_from": rule.valid_from,
        "valid_until": rule.valid_until,
    }
    form = SanctionRuleForm(request.POST or None, initial=initial, locked=bool(used))
    if request.method == "POST" and form.is_valid():
        try:
            sanction_rule_update(rule=rule, actor=user, changes=form.to_changes())
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Aturan sanksi %(code)s disimpan.") % {"code": rule.code})
            return redirect("sanctions:rule_list")
    return render(
        request,
        "sanctions/rule_form.html",
        {
            "form": form,
            "rule": rule,
            "used": used,
            "timeline": timeline_for(rule),
            "tabs": _tabs(request, "sanctions:rule_list"),
        },
    )
