"""Pages of the periodic recap to KPK and the regent (issue #8 point 2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sehati.accounts.policies import Action, can, require
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.core.responses import file_response
from sehati.dashboards.recap import (
    SECTION_TITLES,
    TOTAL_LABELS,
    RecapPeriod,
    recap_counts,
    recap_data,
    recap_get,
    recap_issue,
    recap_period_parse,
    recap_periods,
)
from sehati.dashboards.recap_documents import SECTION_COLUMNS, recap_pdf, recap_xlsx
from sehati.dashboards.recap_forms import RecapIssueForm
from sehati.documents.documents import XLSX_CONTENT_TYPE
from sehati.org.models import Pemda


def _pemda(request: HttpRequest) -> Pemda:
    pemda = request.user.pemda  # type: ignore[union-attr]
    if pemda is None:
        raise Http404
    return pemda


def _period(code: str) -> RecapPeriod:
    period = recap_period_parse(code)
    if period is None:
        raise Http404
    return period


@login_required
@require_GET
def recap_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.RECAP_VIEW)
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2015 <= int(raw) <= today.year else today.year
    issued = recap_counts(pemda=pemda, year=year)
    rows: list[dict[str, Any]] = [
        {"period": p, "recap": issued.get(p.code), "ended": p.last_day < today}
        for p in recap_periods(pemda=pemda, year=year)
    ]
    # A recap issued under another setting (before the pemda switched) is still listed.
    listed = {r["period"].code for r in rows}
    rows += [
        {"period": RecapPeriod(r.kind, r.year, r.index), "recap": r, "ended": True}
        for code, r in issued.items()
        if code not in listed
    ]
    return render(
        request,
        "dashboards/recap_list.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(today.year, 2014, -1)),
            "bad_year": bool(raw) and str(year) != raw,
            "setting": pemda.get_recap_period_display(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recap_detail(request: HttpRequest, recap_period: str) -> HttpResponse:
    require(request.user, Action.RECAP_VIEW)
    pemda = _pemda(request)
    period = _period(recap_period)
    today = local_today(pemda.time_zone)
    recap = recap_get(pemda=pemda, period=period)
    form = None
    if recap is None and can(request.user, Action.RECAP_ISSUE):
        form = RecapIssueForm(request.POST or None, initial={"letter_date": today})
    if request.method == "POST":
        require(request.user, Action.RECAP_ISSUE)
        if form is None:
            messages.error(request, _("Rekap %(p)s sudah diterbitkan.") % {"p": period.label})
            return redirect(request.path)
        if form.is_valid():
            try:
                recap_issue(
                    pemda=pemda,
                    period=period,
                    actor=request.user,
                    today=today,
                    **{k: v for k, v in form.cleaned_data.items() if k != "confirm"},
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Rekap %(p)s diterbitkan.") % {"p": period.label})
                return redirect(request.path)
    recap = recap_get(pemda=pemda, period=period)
    data = recap_data(pemda=pemda, period=period, recap=recap)
    sections = [
        (
            key,
            str(SECTION_TITLES[key]),
            SECTION_COLUMNS[key],
            [
                [(col, row.get(col)) for col, _h in SECTION_COLUMNS[key]]
                for row in data.sections[key]
            ],
        )
        for key in SECTION_COLUMNS
    ]
    return render(
        request,
        "dashboards/recap_detail.html",
        {
            "period": period,
            "recap": recap,
            "form": form,
            "ended": period.last_day < today,
            "totals": [(k, str(TOTAL_LABELS.get(k, k)), v) for k, v in data.totals.items()],
            "sections": sections,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
@reads_from_replica
def recap_file(request: HttpRequest, recap_period: str, fmt: str) -> HttpResponse:
    """The letter (`fmt` "pdf") or the annex ("xlsx"), as issued once issued."""
    require(request.user, Action.RECAP_VIEW)
    pemda = _pemda(request)
    period = _period(recap_period)
    return recap_download(pemda=pemda, period=period, fmt=fmt)


def recap_download(*, pemda: Pemda, period: RecapPeriod, fmt: str) -> HttpResponse:
    """Shared by the pages and the API."""
    recap = recap_get(pemda=pemda, period=period)
    data = recap_data(pemda=pemda, period=period, recap=recap)
    if fmt == "pdf":
        return file_response(
            recap_pdf(pemda=pemda, data=data, recap=recap),
            filename=f"rekap-gratifikasi-{period.code}.pdf",
            content_type="application/pdf",
        )
    return file_response(
        recap_xlsx(pemda=pemda, data=data, recap=recap),
        filename=f"lampiran-rekap-gratifikasi-{period.code}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
