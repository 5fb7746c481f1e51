"""Pages of periodic declarations (issue #6 point 1): a civil servant's own declarations and the
answer form; the UPG's periods, roster per OPD, closing and reminders. Views only parse and
translate; services decide."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    Scope,
    access_declaration,
    access_declaration_period,
    can,
    declaration_content_visible,
    declaration_period_scope_for,
    identity_viewer_sees_all,
    opd_ids_for,
    require,
    scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.declarations import selectors as sel
from sehati.declarations import services as svc
from sehati.declarations.forms import (
    AnswerForm,
    CloseForm,
    PeriodForm,
    SanctionForm,
    gift_formset,
    gifts_from,
)
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.models import Pemda

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
A = Declaration.Answer


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _q(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def sanction_case_url(case_id: int | None) -> str:
    """The sanction case's page, when the sanctions pages are mounted."""
    if case_id is None:
        return ""
    for name in ("sanctions:case_detail", "sanctions:sanction_case_detail"):
        try:
            return reverse(name, kwargs={"case_id": case_id})
        except NoReverseMatch:
            continue
    return ""


# --- a civil servant's own declarations -------------------------------------------------------


@login_required
@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DECLARATION_ANSWER)
    employee = request.user.employee
    if employee is None:  # pragma: no cover - the action needs an employee link
        raise PermissionDenied
    with transaction.atomic():
        svc.declarations_ensure_for(employee=employee)
    rows = sel.declarations_of(employee_id=employee.pk)
    current = list(rows.filter(period__status=DeclarationPeriod.Status.OPEN))
    past = Paginator(rows.filter(period__status=DeclarationPeriod.Status.CLOSED), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "declarations/my_list.html",
        {"current": current, "page": past, "today": _today(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = access_declaration(request.user, declaration_id, Action.DECLARATION_ANSWER)
    period = declaration.period
    today = _today(request)
    reports = sel.reports_linkable(employee_id=declaration.employee_id, pemda_id=period.pemda_id)
    initial = {
        "answer": declaration.answer or None,
        "reports": declaration.linked_report_ids(),
    }
    form = AnswerForm(request.POST or None, reports=reports, initial=initial)
    gifts = gift_formset(request.POST or None, declaration=declaration)
    if request.method == "POST" and form.is_valid() and gifts.is_valid():
        d = form.cleaned_data
        try:
            svc.declaration_answer(
                declaration=declaration,
                actor=request.user,
                answer=d["answer"],
                report_ids=d["reports"],
                gifts=gifts_from(gifts),
                today=today,
                now=timezone.now(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if d["answer"] == A.UNREPORTED:
                messages.success(
                    request,
                    _(
                        "Deklarasi tersimpan. Konsep laporan sudah dibuat untuk setiap "
                        "pemberian: lengkapi dan kirim laporannya."
                    ),
                )
            else:
                messages.success(request, _("Deklarasi tersimpan. Terima kasih."))
            return redirect("declarations:answer", declaration_id=declaration.pk)
    return render(
        request,
        "declarations/answer.html",
        {
            "declaration": declaration,
            "period": period,
            "form": form,
            "gifts": gifts,
            "declared_gifts": declaration.gifts.select_related("report"),
            "linked_reports": declaration.linked_reports(),
            "editable": period.is_open and today >= period.starts_on,
            "not_started": today < period.starts_on,
            "today": today,
        },
    )


# --- periods (UPG, Inspektur, UPG pembantu, head of OPD) -------------------------------------


def _viewer_opd_ids(request: HttpRequest) -> set[int] | None:
    """None for a pemda-wide viewer; the OPD (with sub-units) of an OPD-bound one."""
    if scope_for(request.user, Action.DECLARATION_VIEW) == Scope.OPD:
        return opd_ids_for(request.user, Action.DECLARATION_VIEW)
    return None


@login_required
@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DECLARATION_VIEW)
    q = _q(request)
    status = request.GET.get("status", "")
    periods = sel.period_list(
        periods=declaration_period_scope_for(request.user),
        opd_ids=_viewer_opd_ids(request),
        q=q,
        status=status,
    )
    page = Paginator(periods, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "declarations/period_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": DeclarationPeriod.Status.choices,
            "can_manage": can(request.user, Action.DECLARATION_MANAGE),
            "can_answer": can(request.user, Action.DECLARATION_ANSWER),
        },
    )


def _period_form_page(
    request: HttpRequest, form: PeriodForm, period: DeclarationPeriod | None
) -> HttpResponse:
    return render(
        request,
        "declarations/period_form.html",
        {"form": form, "period": period, "opd_rows": form.opd_rows()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DECLARATION_MANAGE)
    pemda = _pemda(request)
    today = _today(request)
    initial = {"starts_on": today, "scope": "all"}
    form = PeriodForm(request.POST or None, pemda=pemda, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            period = svc.period_open(
                pemda=pemda,
                actor=request.user,
                title=d["title"],
                description=d["description"],
                starts_on=d["starts_on"],
                due_on=d["due_on"],
                all_opd=d["scope"] == "all",
                opd_ids=d["opds"],
                today=today,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Periode deklarasi dibuka; pegawai yang wajib sudah diberi tahu.")
            )
            return redirect("declarations:period_detail", period_id=period.pk)
    return _period_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    if not period.is_open:
        messages.warning(request, _("Periode yang sudah ditutup tidak dapat diubah."))
        return redirect("declarations:period_detail", period_id=period.pk)
    form = PeriodForm(request.POST or None, pemda=period.pemda, period=period)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.period_update(
                period=period,
                actor=request.user,
                today=_today(request),
                title=d["title"],
                description=d["description"],
                starts_on=d["starts_on"],
                due_on=d["due_on"],
                all_opd=d["scope"] == "all",
                opd_ids=d["opds"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Periode deklarasi diubah."))
            return redirect("declarations:period_detail", period_id=period.pk)
    return _period_form_page(request, form, period)


def _people_filters(request: HttpRequest, full: bool) -> dict[str, Any]:
    statuses = sel.STATUSES_FULL if full else sel.STATUSES_BASIC
    status = request.GET.get("status", "")
    try:
        opd_id: int | None = int(request.GET.get("opd", ""))
    except ValueError:
        opd_id = None
    if opd_id is not None and not 1 <= opd_id <= 2**63 - 1:
        opd_id = None
    return {"status": status if status in statuses else "", "opd_id": opd_id, "q": _q(request)}


def _status_choices(full: bool) -> list[tuple[str, str]]:
    basic = [(sel.STATUS_ANSWERED, _("Sudah menjawab")), (sel.STATUS_PENDING, _("Belum menjawab"))]
    if not full:
        return basic
    return [*basic, *((a.value, str(a.label)) for a in (A.NONE, A.REPORTED, A.UNREPORTED))]


@login_required
@require_GET
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access_declaration_period(request.user, period_id)
    if period.is_open:
        with transaction.atomic():
            svc.period_roster_sync(period=period)
    full = declaration_content_visible(request.user)
    viewer_opds = _viewer_opd_ids(request)
    roster = sel.period_roster(period=period, opd_ids=viewer_opds)
    filters = _people_filters(request, full)
    people = sel.period_people(period=period, opd_ids=viewer_opds, **filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = can(request.user, Action.DECLARATION_MANAGE)
    return render(
        request,
        "declarations/period_detail.html",
        {
            "period": period,
            "roster": roster,
            "page": page,
            "full": full,
            "filters": filters,
            "status_choices": _status_choices(full),
            "opds": period.opds.all() if not period.all_opd else None,
            "can_manage": can_manage,
            "reminded_today": period.last_reminded_on == _today(request),
            "timeline": timeline_for(period)[:20] if can_manage else [],
        },
    )


@login_required
@require_GET
@reads_from_replica
def period_xlsx(request: HttpRequest, period_id: int) -> HttpResponse:
    from openpyxl import Workbook

    period = access_declaration_period(request.user, period_id)
    full = declaration_content_visible(request.user)
    viewer_opds = _viewer_opd_ids(request)
    filters = _people_filters(request, full)
    people = sel.period_people(period=period, opd_ids=viewer_opds, **filters)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Daftar deklarasi")[:31])
    header = [_("NIP"), _("Nama"), _("OPD"), _("Status")]
    if full:
        header += [_("Jawaban"), _("Dijawab pada"), _("Pemberian belum dilaporkan")]
    sheet.append(header)
    if full:
        people = people.prefetch_related("gifts")
    for d in people.iterator(chunk_size=2000):
        row: list[Any] = [
            d.employee.nip,
            d.employee.name,
            str(d.opd),
            _("Sudah menjawab") if d.answer else _("Belum menjawab"),
        ]
        if full:
            gifts = "; ".join(
                f"{g.description} ({g.received_on:%d-%m-%Y}, {g.giver_name}, Rp{g.value_idr})"
                for g in d.gifts.all()
            )
            answered = (
                timezone.localtime(d.answered_at).strftime("%Y-%m-%d %H:%M")
                if (d.answered_at)
                else ""
            )
            row += [d.get_answer_display() if d.answer else "", answered, gifts]
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="deklarasi-{period.pk}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    if not period.is_open:
        messages.info(request, _("Periode ini sudah ditutup."))
        return redirect("declarations:period_detail", period_id=period.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.period_close(period=period, actor=request.user, now=timezone.now(), confirm=True)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Periode ditutup; jawaban dan daftar wajib dibekukan."))
            return redirect("declarations:period_detail", period_id=period.pk)
    with transaction.atomic():
        svc.period_roster_sync(period=period)
    roster = sel.period_roster(period=period)
    return render(
        request,
        "declarations/period_close.html",
        {"period": period, "form": form, "total": roster.total},
    )


@login_required
@require_POST
def period_remind(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access_declaration_period(request.user, period_id, Action.DECLARATION_MANAGE)
    try:
        sent = svc.period_remind(period=period, actor=request.user, today=_today(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Pengingat dikirim kepada %(n)d pegawai yang belum menjawab.") % {"n": sent}
        )
    return redirect("declarations:period_detail", period_id=period.pk)


# --- one declaration, on the UPG's side -------------------------------------------------------


def _linked_for(declaration: Declaration, user: Any) -> tuple[list[Any], int]:
    """The reports the answer refers to as `user` may see them: a confidential one only for
    whom may see its reporter (a declaration names its employee). Also how many were left out."""
    reports = list(declaration.linked_reports())
    if identity_viewer_sees_all(user):
        return reports, 0
    shown = [r for r in reports if not r.confidential]
    return shown, len(reports) - len(shown)


@login_required
@require_GET
def declaration_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = access_declaration(request.user, declaration_id)
    full = declaration_content_visible(request.user)
    linked, hidden = _linked_for(declaration, request.user) if full else ([], 0)
    can_open = (
        full
        and can(request.user, Action.SANCTION_OPEN)
        and declaration.answer == A.UNREPORTED
        and declaration.sanction_case_id is None
    )
    return render(
        request,
        "declarations/declaration_detail.html",
        {
            "declaration": declaration,
            "period": declaration.period,
            "full": full,
            "declared_gifts": declaration.gifts.select_related("report") if full else [],
            "linked_reports": linked,
            "linked_hidden": hidden,
            "timeline": timeline_for(declaration)[:20] if full else [],
            "sanction_form": SanctionForm(initial={"description": _default_case_text(declaration)})
            if can_open
            else None,
            "sanction_url": sanction_case_url(declaration.sanction_case_id),
        },
    )


def _default_case_text(declaration: Declaration) -> str:
    return _(
        "Dalam deklarasi gratifikasi periode %(title)s, %(name)s menyatakan menerima "
        "gratifikasi yang belum dilaporkan (%(n)d pemberian)."
    ) % {
        "title": declaration.period.title,
        "name": declaration.employee.name,
        "n": declaration.gifts.count(),
    }


@login_required
@require_POST
def declaration_sanction(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = access_declaration(request.user, declaration_id, Action.SANCTION_OPEN)
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan uraian kasus sanksi."))
    else:
        try:
            svc.declaration_sanction_open(
                declaration=declaration,
                actor=request.user,
                description=form.cleaned_data["description"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Kasus sanksi dibuka dan diteruskan ke Inspektorat."))
    return redirect("declarations:declaration_detail", declaration_id=declaration.pk)
