"""UP3 coordination meetings, the overview per kecamatan and unit, and the monthly report to the
regent with its PDF and XLSX (issue #5 points 6-7). Views only parse and translate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sehati.accounts.policies import Action, access_meeting, can, require
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import files_for
from sehati.core.replica import reads_from_replica
from sehati.monitoring import meetings as svc
from sehati.monitoring import up3_report as rpt
from sehati.monitoring.forms_up3 import MeetingForm
from sehati.monitoring.models import Meeting, Monitor
from sehati.org.models import Pemda

PAGE_SIZE = 25
PDF = "application/pdf"


def _pemda(request: HttpRequest) -> Pemda:
    """The signed-in user's pemda (every UP3 role belongs to one)."""
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    pemda = _pemda(request)
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def _on_duty_counter(pemda_id: int) -> Any:
    """A function giving the number of monitors on duty on a day (one query for all days)."""
    terms = list(
        Monitor.objects.filter(pemda_id=pemda_id, is_active=True).values_list(
            "term_start", "term_end"
        )
    )
    return lambda day: sum(1 for start, end in terms if start <= day <= end)


# --- meetings ---------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MEETING_VIEW)
    pemda_id = _pemda(request).pk
    today = _today(request)
    year = _int(request.GET.get("tahun"), rpt.FIRST_YEAR, rpt.LAST_YEAR)
    month = _int(request.GET.get("bulan"), 1, 12)
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    meetings = Meeting.objects.filter(pemda_id=pemda_id)
    if year:
        meetings = meetings.filter(held_on__year=year)
    if month:
        meetings = meetings.filter(held_on__month=month)
    if q:
        meetings = meetings.filter(
            Q(place__icontains=q) | Q(agenda__icontains=q) | Q(minutes__icontains=q)
        )
    page = Paginator(
        meetings.annotate(present=Count("attendees")).order_by("-held_on", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    on_duty = _on_duty_counter(pemda_id)
    rows = [{"meeting": m, "active": on_duty(m.held_on)} for m in page]
    return render(
        request,
        "monitoring/meeting_list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "year": year,
            "month": month,
            "years": list(range(today.year, rpt.FIRST_YEAR - 1, -1)),
            "months": [(n, dt.date(2000, n, 1)) for n in range(1, 13)],
            "can_manage": can(request.user, Action.MEETING_MANAGE),
        },
    )


def _form_page(request: HttpRequest, form: MeetingForm, meeting: Meeting | None) -> HttpResponse:
    return render(
        request,
        "monitoring/meeting_form.html",
        {"form": form, "meeting": meeting, "groups": form.attendee_groups()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MEETING_MANAGE)
    pemda = _pemda(request)
    today = _today(request)
    form = MeetingForm(request.POST or None, request.FILES or None, pemda=pemda, today=today)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = svc.meeting_record(
                pemda=pemda,
                actor=request.user,
                held_on=d["held_on"],
                place=d["place"],
                agenda=d["agenda"],
                minutes=d["minutes"],
                attendee_ids=d["attendees"],
                other_attendees=d["other_attendees"],
                today=today,
                uploads=d["attachments"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rapat koordinasi tercatat."))
            return redirect("monitoring:meeting_detail", meeting_id=meeting.pk)
    return _form_page(request, form, None)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    attendees = list(meeting.attendees.select_related("kecamatan").order_by("kecamatan__name"))
    return render(
        request,
        "monitoring/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": attendees,
            "active": _on_duty_counter(meeting.pemda_id)(meeting.held_on),
            "files": list(files_for(meeting, svc.MEETING_MINUTES)),
            "timeline": timeline_for(meeting),
            "can_manage": can(request.user, Action.MEETING_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, Action.MEETING_MANAGE)
    today = _today(request)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        pemda=_pemda(request),
        today=today,
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.meeting_update(
                meeting=meeting,
                actor=request.user,
                today=today,
                held_on=d["held_on"],
                place=d["place"],
                agenda=d["agenda"],
                minutes=d["minutes"],
                attendee_ids=d["attendees"],
                other_attendees=d["other_attendees"],
                uploads=d["attachments"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Perubahan rapat tersimpan."))
            return redirect("monitoring:meeting_detail", meeting_id=meeting.pk)
    return _form_page(request, form, meeting)


# --- the monthly report -----------------------------------------------------------------------


def _month_from(request: HttpRequest, today: dt.date) -> tuple[int, int]:
    raw = request.GET.get("bulan", "")
    if not raw.strip():
        return rpt.month_default(today)
    return rpt.month_parse(raw)


def _month_report(request: HttpRequest) -> tuple[rpt.Up3Month | None, dict[str, Any]]:
    """The report for ?bulan=, or None and the page context with the refusal."""
    require(request.user, Action.UP3_REPORT)
    today = _today(request)
    context: dict[str, Any] = {"max_month": today.strftime("%Y-%m"), "error": ""}
    try:
        year, month = _month_from(request, today)
        context["bulan"] = f"{year:04d}-{month:02d}"
        report = rpt.up3_month(pemda=_pemda(request), year=year, month=month, today=today)
    except ApplicationError as exc:
        context["error"] = exc.message
        context["bulan"] = request.GET.get("bulan", "")[:20]
        return None, context
    return report, context


def _refused(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "monitoring/up3_monthly.html", context, status=400)


@login_required
@require_GET
def up3_monthly(request: HttpRequest) -> HttpResponse:
    report, context = _month_report(request)
    if report is None:
        return _refused(request, context)
    return render(request, "monitoring/up3_monthly.html", {**context, "report": report})


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@reads_from_replica
def up3_monthly_pdf(request: HttpRequest) -> HttpResponse:
    report, context = _month_report(request)
    if report is None:
        return _refused(request, context)
    return _download(
        rpt.up3_month_pdf(report=report),
        filename=f"laporan-up3-{report.key}.pdf",
        content_type=PDF,
    )


@login_required
@require_GET
@reads_from_replica
def up3_monthly_xlsx(request: HttpRequest) -> HttpResponse:
    report, context = _month_report(request)
    if report is None:
        return _refused(request, context)
    return _download(
        rpt.up3_month_xlsx(report=report),
        filename=f"laporan-up3-{report.key}.xlsx",
        content_type=rpt.XLSX_CONTENT_TYPE,
    )


# --- the overview -----------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@login_required
@require_GET
def up3_overview(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.UP3_REPORT)
    today = _today(request)
    raw_from, raw_to = request.GET.get("dari", ""), request.GET.get("sampai", "")
    date_from = _date(raw_from) if raw_from else today.replace(month=1, day=1)
    date_to = _date(raw_to) if raw_to else today
    context: dict[str, Any] = {
        "date_from": date_from,
        "date_to": date_to,
        "raw_from": raw_from[:20],
        "raw_to": raw_to[:20],
        "error": "",
    }
    if date_from is None or date_to is None:
        context["error"] = _("Tanggal periode tidak dikenal: gunakan format TTTT-BB-HH.")
        return render(request, "monitoring/up3_overview.html", context, status=400)
    try:
        overview = rpt.up3_overview(
            pemda=_pemda(request), date_from=date_from, date_to=date_to, today=today
        )
    except ApplicationError as exc:
        context["error"] = exc.message
        return render(request, "monitoring/up3_overview.html", context, status=400)
    context.update(
        overview=overview,
        kecamatan_chart=rpt.findings_chart_svg(
            rows=overview.by_kecamatan, title=_("Temuan per kecamatan")
        ),
        unit_chart=rpt.findings_chart_svg(
            rows=overview.by_unit, title=_("Temuan per unit layanan (20 terbanyak)")
        ),
    )
    return render(request, "monitoring/up3_overview.html", context)
