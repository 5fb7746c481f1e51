"""Pages of socialisation events (issue #7 point 1).

Staff pages (`sosialisasi/…`, signed in): the event list, planning and editing, marking held or
cancelling, materials, the QR code, the attendance list, the participants (names only for the
UPG and the Inspektur), certificates, coverage per OPD and the dashboard.

Participant pages (public, by secret code): registration and check-in by the event's link or QR
code, and the participant's own page with materials, tests and certificate. A participant's code
is remembered in the session, so scanning the QR code again returns them to their page instead
of registering them twice. Views only parse and translate; services decide."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    access_outreach_event,
    access_outreach_participant,
    can,
    outreach_content_visible,
    outreach_event_scope_for,
    require,
)
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import stored_file_response
from sehati.core.forms import FileAttachForm
from sehati.core.replica import reads_from_replica
from sehati.core.throttle import client_key
from sehati.org.models import Employee, Kecamatan, Pemda
from sehati.org.selectors import opd_tree
from sehati.outreach import selectors as sel
from sehati.outreach import services as svc
from sehati.outreach.certificates import PDF_CONTENT_TYPE, certificate_filename, certificates_pdf
from sehati.outreach.coverage import coverage_by_opd
from sehati.outreach.dashboard import dashboard_build, dashboard_charts
from sehati.outreach.exports import (
    XLSX_CONTENT_TYPE,
    coverage_xlsx,
    dashboard_xlsx,
    participants_xlsx,
)
from sehati.outreach.forms import (
    AddEmployeeForm,
    AddPersonForm,
    AttendanceForm,
    CancelForm,
    EventForm,
    PersonForm,
)
from sehati.outreach.models import Event, Participant

PAGE_SIZE = 25
PEOPLE_PAGE_SIZE = 50
ATTENDANCE_PAGE_SIZE = 100
SEARCH_LIMIT = 20
SESSION_KEY = "outreach_participants"  # {event id: participant code} of this browser
SESSION_MAX = 50
GET_POST = require_http_methods(["GET", "POST"])


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today_of(pemda: Pemda) -> dt.date:
    return local_today(pemda.time_zone or "Asia/Makassar")


def _q(request: HttpRequest, name: str = "q") -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:100]


def _int(request: HttpRequest, name: str, low: int = 1, high: int = 2**63 - 1) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def _year(request: HttpRequest, default: int) -> int:
    return _int(request, "tahun", 2000, 2100) or default


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached by a secret link: never cached by shared caches, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _opd_options(pemda_id: int) -> list[tuple[int, str]]:
    """The OPD tree for a filter's select, sub-units indented."""
    return [(o.pk, "– " * depth + o.name) for o, depth in opd_tree(pemda_id=pemda_id)]


def _checkin_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("outreach:checkin", args=[event.join_code]))


def _register_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("outreach:register", args=[event.join_code]))


# --- the event list ---------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_VIEW)
    pemda = _pemda(request)
    filters = {
        "year": _int(request, "tahun", 2000, 2100),
        "audience": request.GET.get("sasaran", "")
        if request.GET.get("sasaran", "") in Event.Audience.values
        else "",
        "status": request.GET.get("status", "")
        if request.GET.get("status", "") in Event.Status.values
        else "",
        "opd_id": _int(request, "opd"),
        "q": _q(request),
    }
    events = sel.event_list(
        events=outreach_event_scope_for(request.user), pemda_id=pemda.pk, **filters
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/event_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(v not in (None, "") for v in filters.values()),
            "years": sel.event_years(pemda_id=pemda.pk, also=_today_of(pemda).year),
            "audiences": Event.Audience.choices,
            "statuses": Event.Status.choices,
            "opds": _opd_options(pemda.pk),
            "can_manage": can(request.user, Action.OUTREACH_MANAGE),
            "today": _today_of(pemda),
        },
    )


def _form_page(request: HttpRequest, form: EventForm, event: Event | None) -> HttpResponse:
    return render(
        request,
        "outreach/event_form.html",
        {
            "form": form,
            "event": event,
            "opd_rows": form.opd_rows(),
            "kecamatan_rows": form.kecamatan_rows(),
        },
    )


@login_required
@GET_POST
def event_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_MANAGE)
    pemda = _pemda(request)
    initial = {"held_on": _today_of(pemda), "audience": Event.Audience.ASN, "target_count": 0}
    form = EventForm(request.POST or None, pemda=pemda, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = svc.event_create(pemda=pemda, actor=request.user, data=form.to_data())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Kegiatan direncanakan. Bagikan tautan pendaftaran atau tampilkan kode QR."),
            )
            return redirect("outreach:event_detail", event_id=event.pk)
    return _form_page(request, form, None)


@login_required
@GET_POST
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    if event.is_cancelled:
        messages.warning(request, _("Kegiatan yang dibatalkan tidak dapat diubah."))
        return redirect("outreach:event_detail", event_id=event.pk)
    form = EventForm(request.POST or None, pemda=event.pemda, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            svc.event_update(
                event=event,
                actor=request.user,
                data=form.to_data(),
                today=_today_of(event.pemda),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kegiatan diubah."))
            return redirect("outreach:event_detail", event_id=event.pk)
    return _form_page(request, form, event)


# --- one event --------------------------------------------------------------------------------


@login_required
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    can_manage = can(request.user, Action.OUTREACH_MANAGE)
    full = outreach_content_visible(request.user)
    today = _today_of(event.pemda)
    checkin_url = _checkin_url(request, event)
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "opds": event.opds.all(),
            "kecamatans": event.kecamatans.all(),
            "counts": sel.event_counts(event=event),
            "materials": sel.event_materials(event=event),
            "can_manage": can_manage,
            "full": full,
            "today": today,
            "checkin_url": checkin_url,
            "register_url": _register_url(request, event),
            "qr_svg": segno.make(checkin_url, error="m").svg_inline(scale=5, title=event.title),
            "checkin_closed": svc.checkin_closed_reason(event=event, today=today),
            "registration_closed": svc.registration_closed_reason(event=event, today=today),
            "overdue": event.is_planned and event.held_on < today,
            "can_mark_held": can_manage and event.is_planned and event.held_on <= today,
            "upload_form": FileAttachForm() if can_manage and not event.is_cancelled else None,
            "timeline": timeline_for(event)[:30] if full else [],
        },
    )


@login_required
@require_POST
def event_held(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    try:
        svc.event_mark_held(
            event=event, actor=request.user, today=_today_of(event.pemda), confirm=True
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kegiatan ditandai terlaksana."))
    return redirect("outreach:event_detail", event_id=event.pk)


@login_required
@GET_POST
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    if not event.is_planned:
        messages.info(request, _("Hanya kegiatan yang masih direncanakan yang dapat dibatalkan."))
        return redirect("outreach:event_detail", event_id=event.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.event_cancel(
                event=event,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                confirm=form.cleaned_data["confirm"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kegiatan dibatalkan."))
            return redirect("outreach:event_detail", event_id=event.pk)
    return render(
        request,
        "outreach/event_cancel.html",
        {"event": event, "form": form, "counts": sel.event_counts(event=event)},
    )


@login_required
@require_POST
def event_materials(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    form = FileAttachForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            stored = svc.event_materials_add(
                event=event,
                actor=request.user,
                uploads=form.cleaned_data["file"],
                note=form.cleaned_data.get("note") or "",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)d berkas materi disimpan.") % {"n": len(stored)})
    return redirect(reverse("outreach:event_detail", args=[event.pk]) + "#materi")


@login_required
@require_GET
def event_qr_png(request: HttpRequest, event_id: int) -> HttpResponse:
    """The check-in QR code as a PNG, for slides and printed posters."""
    event = access_outreach_event(request.user, event_id)
    buffer = io.BytesIO()
    segno.make(_checkin_url(request, event), error="m").save(buffer, kind="png", scale=12, border=4)
    return _download(
        buffer.getvalue(), filename=f"qr-presensi-{event.pk}.png", content_type="image/png"
    )


# --- attendance (the UPG) ---------------------------------------------------------------------


def _employee_matches(event: Event, q: str) -> list[dict[str, Any]]:
    if len(q) < 3:
        return []
    employees = (
        Employee.objects.filter(pemda_id=event.pemda_id)
        .filter(Q(name__icontains=q) | Q(nip__startswith=q.replace(" ", "")))
        .select_related("opd")
        .order_by("-is_active", "name", "id")[:SEARCH_LIMIT]
    )
    rows = list(employees)
    present = dict(
        Participant.objects.filter(event=event, employee_id__in=[e.pk for e in rows]).values_list(
            "employee_id", "attended_at"
        )
    )
    return [
        {
            "employee": e,
            "registered": e.pk in present,
            "attended": present.get(e.pk) is not None,
        }
        for e in rows
    ]


@login_required
@GET_POST
def event_attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    today = _today_of(event.pemda)
    q = _q(request)
    rows = sel.participant_list(event=event, q=q)
    page = Paginator(rows, ATTENDANCE_PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page)
    choices = [(p.pk, p.name) for p in people if p.attended_at is None]
    form = AttendanceForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            n = svc.attendance_record(
                event=event,
                actor=request.user,
                participant_ids=form.cleaned_data["participants"],
                today=today,
                now=timezone.now(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kehadiran %(n)d peserta dicatat.") % {"n": n})
            return redirect(request.get_full_path())
    closed = ""
    if event.is_cancelled:
        closed = _("Kegiatan ini dibatalkan; daftar hadir tidak dapat diisi.")
    elif today < event.held_on:
        closed = _("Daftar hadir dapat diisi mulai tanggal kegiatan.")
    return render(
        request,
        "outreach/event_attendance.html",
        {
            "event": event,
            "page": page,
            "people": people,
            "form": form,
            "q": q,
            "closed": closed,
            "search": _q(request, "cari"),
            "matches": _employee_matches(event, _q(request, "cari")) if not closed else [],
            "person_form": AddPersonForm(event=event) if not closed else None,
            "counts": sel.event_counts(event=event),
        },
    )


@login_required
@require_POST
def event_attendance_add(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    today, now = _today_of(event.pemda), timezone.now()
    back = reverse("outreach:event_attendance", args=[event.pk])
    try:
        if "employee" in request.POST:
            form: Any = AddEmployeeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Pilih pegawai dari hasil pencarian."), code="invalid")
            participant = svc.participant_add(
                event=event,
                actor=request.user,
                today=today,
                now=now,
                employee_id=form.cleaned_data["employee"],
            )
        else:
            form = AddPersonForm(request.POST, event=event)
            if not form.is_valid():
                errors = [str(e) for errs in form.errors.values() for e in errs]
                raise ApplicationError(" ".join(errors), code="invalid")
            participant = svc.participant_add(
                event=event,
                actor=request.user,
                today=today,
                now=now,
                person=form.to_data(),
                kind=form.cleaned_data["kind"],
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s dicatat hadir.") % {"name": participant.name})
    return redirect(back)


@login_required
@require_POST
def participant_unattend(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = access_outreach_participant(request.user, participant_id)
    try:
        svc.attendance_cancel(participant=participant, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kehadiran %(name)s dibatalkan.") % {"name": participant.name})
    return redirect("outreach:event_attendance", event_id=participant.event_id)


# --- participants (names: the UPG and the Inspektur) -------------------------------------------


def _people_filters(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("jenis", "")
    status = request.GET.get("status", "")
    return {
        "kind": kind if kind in Participant.Kind.values else "",
        "status": status if status in sel.PARTICIPANT_STATUSES else "",
        "opd_id": _int(request, "opd"),
        "kecamatan_id": _int(request, "kecamatan"),
        "q": _q(request),
    }


@login_required
@require_GET
def participant_list(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    filters = _people_filters(request)
    page = None
    if full:
        rows = sel.participant_list(event=event, **filters)
        page = Paginator(rows, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/participant_list.html",
        {
            "event": event,
            "full": full,
            "page": page,
            "filters": filters,
            "filtered": any(v not in (None, "") for v in filters.values()),
            "counts": sel.event_counts(event=event),
            "kinds": Participant.Kind.choices,
            "opds": _opd_options(event.pemda_id),
            "kecamatans": Kecamatan.objects.filter(pemda_id=event.pemda_id).order_by("name"),
            "can_manage": can(request.user, Action.OUTREACH_MANAGE),
            "today": _today_of(event.pemda),
        },
    )


@login_required
@require_GET
@reads_from_replica
def participant_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    rows = sel.participant_list(event=event, **_people_filters(request)) if full else []
    data = participants_xlsx(
        event=event, rows=rows, counts=sel.event_counts(event=event), full=full
    )
    return _download(
        data, filename=f"peserta-sosialisasi-{event.pk}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


@login_required
@require_GET
def participant_certificate_staff(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = access_outreach_participant(request.user, participant_id)
    event = participant.event
    try:
        issued = svc.certificate_issue(
            participant=participant,
            actor=request.user,
            today=_today_of(event.pemda),
            now=timezone.now(),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:participant_list", event_id=event.pk)
    return _download(
        certificates_pdf(pemda=event.pemda, participants=[issued]),
        filename=certificate_filename(issued),
        content_type=PDF_CONTENT_TYPE,
    )


@login_required
@require_GET
def event_certificates(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    try:
        issued = svc.event_certificates_issue(
            event=event, actor=request.user, today=_today_of(event.pemda), now=timezone.now()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:event_detail", event_id=event.pk)
    if not issued:
        messages.info(request, _("Belum ada peserta yang tercatat hadir."))
        return redirect("outreach:event_detail", event_id=event.pk)
    return _download(
        certificates_pdf(pemda=event.pemda, participants=issued),
        filename=f"sertifikat-kegiatan-{event.pk}.pdf",
        content_type=PDF_CONTENT_TYPE,
    )


# --- coverage and dashboard ---------------------------------------------------------------------


@login_required
@require_GET
@reads_from_replica
def coverage(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_VIEW)
    pemda = _pemda(request)
    today = _today_of(pemda)
    year = _year(request, today.year)
    board = coverage_by_opd(pemda_id=pemda.pk, year=year)
    return render(
        request,
        "outreach/coverage.html",
        {
            "coverage": board,
            "year": year,
            "years": sel.event_years(pemda_id=pemda.pk, also=today.year),
        },
    )


@login_required
@require_GET
@reads_from_replica
def coverage_download(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_VIEW)
    pemda = _pemda(request)
    year = _year(request, _today_of(pemda).year)
    return _download(
        coverage_xlsx(coverage=coverage_by_opd(pemda_id=pemda.pk, year=year)),
        filename=f"cakupan-sosialisasi-{year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_VIEW)
    pemda = _pemda(request)
    today = _today_of(pemda)
    year = _year(request, today.year)
    board = dashboard_build(pemda_id=pemda.pk, year=year, today=today)
    return render(
        request,
        "outreach/dashboard.html",
        {
            "board": board,
            "charts": dashboard_charts(board),
            "year": year,
            "years": sel.event_years(pemda_id=pemda.pk, also=today.year),
            "can_manage": can(request.user, Action.OUTREACH_MANAGE),
        },
    )


@login_required
@require_GET
@reads_from_replica
def dashboard_download(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OUTREACH_VIEW)
    pemda = _pemda(request)
    today = _today_of(pemda)
    year = _year(request, today.year)
    board = dashboard_build(pemda_id=pemda.pk, year=year, today=today)
    return _download(
        dashboard_xlsx(board=board),
        filename=f"dasbor-sosialisasi-{year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- participants' own pages (public, by secret code) -------------------------------------------


def _remembered(request: HttpRequest, event: Event) -> str | None:
    codes = request.session.get(SESSION_KEY) or {}
    code = codes.get(str(event.pk)) if isinstance(codes, dict) else None
    return code if isinstance(code, str) else None


def _remember(request: HttpRequest, participant: Participant) -> None:
    codes = request.session.get(SESSION_KEY) or {}
    if not isinstance(codes, dict):
        codes = {}
    codes = {k: v for k, v in codes.items() if k != str(participant.event_id)}
    codes[str(participant.event_id)] = participant.code
    request.session[SESSION_KEY] = dict(list(codes.items())[-SESSION_MAX:])


def _mine(request: HttpRequest, event: Event) -> Participant | None:
    """This browser's (or the signed-in civil servant's) participant row of the event."""
    code = _remembered(request, event)
    if code:
        found = Participant.objects.filter(event=event, code=code).first()
        if found is not None:
            return found
    employee = svc.employee_of(request.user, pemda_id=event.pemda_id)
    if employee is not None:
        return Participant.objects.filter(event=event, employee=employee).first()
    return None


def _join_page(
    request: HttpRequest,
    *,
    event: Event,
    checkin: bool,
) -> HttpResponse:
    """The registration page (`checkin` False) and the check-in page (True): one click for a
    signed-in civil servant of the pemda or someone this browser registered already; a short
    form for everyone else."""
    today = _today_of(event.pemda)
    closed = (
        svc.checkin_closed_reason(event=event, today=today)
        if checkin
        else svc.registration_closed_reason(event=event, today=today)
    )
    mine = _mine(request, event)
    done = mine is not None and (mine.attended_at is not None or not checkin)
    if mine is not None and done and request.method == "GET":
        _remember(request, mine)
        if checkin:
            messages.info(request, _("Kehadiran Anda sudah tercatat."))
        else:
            messages.info(request, _("Anda sudah terdaftar pada kegiatan ini."))
        return redirect("outreach:participant_home", code=mine.code)
    employee = svc.employee_of(request.user, pemda_id=event.pemda_id)
    one_click = mine is not None or employee is not None
    data = request.POST if request.method == "POST" else None
    form = None if one_click else PersonForm(data, event=event)
    error = ""
    if request.method == "POST" and not closed and (form is None or form.is_valid()):
        person = form.to_data() if form is not None else None
        known = _remembered(request, event)
        client = client_key(request) if form is not None else None
        try:
            if checkin:
                participant = svc.participant_check_in(
                    event=event,
                    user=request.user,
                    person=person,
                    today=today,
                    now=timezone.now(),
                    known_code=known,
                    client=client,
                )
            else:
                participant = svc.participant_register(
                    event=event,
                    user=request.user,
                    person=person,
                    today=today,
                    known_code=known,
                    client=client,
                )
        except ApplicationError as exc:
            error = exc.message
        else:
            _remember(request, participant)
            if checkin:
                messages.success(request, _("Terima kasih, kehadiran Anda sudah tercatat."))
            else:
                messages.success(
                    request,
                    _(
                        "Pendaftaran berhasil. Simpan alamat halaman ini: di sini Anda "
                        "mengerjakan tes dan mengunduh materi serta sertifikat."
                    ),
                )
            return redirect("outreach:participant_home", code=participant.code)
    elif request.method == "POST" and closed:
        error = closed
    response = render(
        request,
        "outreach/join.html",
        {
            "event": event,
            "checkin": checkin,
            "closed": closed,
            "mine": mine,
            "employee": employee,
            "form": form,
            "error": error,
            "today": today,
        },
    )
    return _private(response)


@GET_POST
def register(request: HttpRequest, join_code: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    return _join_page(request, event=sel.event_for_join_code(join_code), checkin=False)


@GET_POST
def checkin(request: HttpRequest, join_code: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    return _join_page(request, event=sel.event_for_join_code(join_code), checkin=True)


@require_GET
def participant_home(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    participant = sel.participant_for_code(code)
    event = participant.event
    today = _today_of(event.pemda)
    _remember(request, participant)
    checkin_closed = svc.checkin_closed_reason(event=event, today=today)
    response = render(
        request,
        "outreach/participant_home.html",
        {
            "participant": participant,
            "event": event,
            "today": today,
            "materials": sel.event_materials(event=event),
            "can_check_in": participant.attended_at is None and not checkin_closed,
            "checkin_closed": checkin_closed,
            "certificate_refusal": svc.certificate_refusal(participant=participant, today=today),
        },
    )
    return _private(response)


@require_POST
def participant_checkin(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    participant = sel.participant_for_code(code)
    try:
        svc.participant_self_check_in(
            participant=participant,
            today=_today_of(participant.event.pemda),
            now=timezone.now(),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih, kehadiran Anda sudah tercatat."))
    return redirect("outreach:participant_home", code=participant.code)


@require_GET
def participant_material(request: HttpRequest, code: str, file_id: Any) -> HttpResponseBase:
    require(request.user, Action.OUTREACH_JOIN)
    participant = sel.participant_for_code(code)
    return stored_file_response(
        sel.participant_material(participant=participant, file_id=str(file_id))
    )


@require_GET
def participant_certificate(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Action.OUTREACH_JOIN)
    participant = sel.participant_for_code(code)
    event = participant.event
    try:
        issued = svc.certificate_issue(
            participant=participant,
            actor=request.user,
            today=_today_of(event.pemda),
            now=timezone.now(),
        )
    except ApplicationError as exc:
        messages.info(request, exc.message)
        return redirect("outreach:participant_home", code=participant.code)
    return _download(
        certificates_pdf(pemda=event.pemda, participants=[issued]),
        filename=certificate_filename(issued),
        content_type=PDF_CONTENT_TYPE,
    )
