"""The public self-check page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sehati.core.clock import local_today
from sehati.reports.forms import SelfCheckForm
from sehati.reports.selfcheck import selfcheck_run
from sehati.rules.calendar import CalendarRangeError


def selfcheck(request: HttpRequest) -> HttpResponse:
    """GET form; with answers in the query string it shows the decision (works without JS)."""
    pemda = request.pemda  # type: ignore[attr-defined]
    today = local_today(pemda.time_zone if pemda else "Asia/Makassar")
    submitted = "category" in request.GET
    form = SelfCheckForm(request.GET if submitted else None, today=today)
    result = None
    if submitted and form.is_valid():
        try:
            result = selfcheck_run(pemda=pemda, gift=form.to_gift())
        except CalendarRangeError:
            form.add_error("received_on", _("Tanggal di luar kalender kerja yang dimuat SEHATI."))
    return render(
        request, "reports/selfcheck.html", {"form": form, "result": result, "submitted": submitted}
    )
