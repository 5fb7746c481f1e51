"""UPG case pages: the queue, the case with its steps, the custody ledger, messages, identity
access. Views parse input and call one service (STYLE.md rule 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    access_case,
    access_custody_item,
    access_report,
    can,
    case_scope_for,
    identity_visible,
    require,
)
from sehati.cases import forms as f
from sehati.cases import services as svc
from sehati.cases.files import SK, STEP_PURPOSES
from sehati.cases.models import Case, CustodyItem, IdentityAccess
from sehati.cases.selectors import (
    SOON_WORKING_DAYS,
    QueueFilter,
    case_deadlines,
    case_queue,
    case_timeline,
)
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import files_for
from sehati.core.models import StoredFile
from sehati.org.models import Opd
from sehati.reports.files import EVIDENCE
from sehati.reports.selectors import timeline_masked, work_calendar_for
from sehati.rules.calendar import CalendarRangeError

PAGE_SIZE = 25


def _today(request: HttpRequest) -> dt.date:
    pemda = request.user.pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- the queue ------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CASE_VIEW)
    user = _user(request)
    today = _today(request)
    opds = Opd.objects.filter(pemda_id=user.pemda_id).order_by("name")
    form = f.QueueFilterForm(request.GET or {"status": "open"}, opd_queryset=opds)
    filters = QueueFilter(status="open")
    if form.is_valid():
        d = form.cleaned_data
        filters = QueueFilter(
            q=d["q"].strip(),
            status=d["status"],
            kind=d["kind"],
            opd_id=d["opd"].pk if d["opd"] else None,
            handler=d["handler"],
            due=d["due"],
            value_min_idr=d["value_min"] or None,
            value_max_idr=d["value_max"] or None,
        )
    try:
        soon_until = work_calendar_for(user.pemda).add_working_days(today, SOON_WORKING_DAYS)
    except CalendarRangeError:
        soon_until = today
    cases = case_queue(
        cases=case_scope_for(user), filters=filters, today=today, soon_until=soon_until
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "today": today,
            "soon_until": soon_until,
            "can_work": can(user, Action.CASE_WORK),
            "can_kpk": can(user, Action.CASE_KPK),
            "can_see_tips": can(user, Action.TIP_VIEW),
            "bulk_forward_form": f.BulkForwardForm(today=today, initial={"sent_on": today}),
        },
    )


@login_required
@require_POST
def case_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk actions on the selected cases: take them, or record them forwarded to KPK (after a
    GOL bulk upload). Each case goes through its own service; a refused case is reported and
    the others proceed (each is its own transaction)."""
    user = _user(request)
    action = request.POST.get("action", "")
    needed = Action.CASE_KPK if action == "forward" else Action.CASE_WORK
    require(user, needed)
    ids = [int(i) for i in request.POST.getlist("case") if i.isdigit() and len(i) < 19]
    cases = list(case_scope_for(user, needed).filter(pk__in=ids).select_related("report"))
    back = redirect(f"{_safe_back(request)}")
    if not cases:
        messages.warning(request, _("Pilih paling sedikit satu kasus."))
        return back
    today = _today(request)
    run: Callable[[Case], Any]
    if action == "take":

        def run(case: Case) -> Any:
            return svc.case_verification_start(case=case, actor=user)

    elif action == "forward":
        form = f.BulkForwardForm(request.POST, today=today)
        if not form.is_valid():
            messages.error(request, _("Isi tanggal dan saluran pengiriman dengan benar."))
            return back
        d = form.cleaned_data

        def run(case: Case) -> Any:
            return svc.case_forward_to_kpk(
                case=case,
                actor=user,
                sent_on=d["sent_on"],
                channel=d["channel"],
                gol_reference=d["gol_reference"],
                today=today,
            )

    else:
        messages.error(request, _("Tindakan tidak dikenal."))
        return back
    done, refused = 0, []
    for case in cases:
        try:
            run(case)
            done += 1
        except ApplicationError as exc:
            refused.append(f"{case.report.register_number}: {exc.message}")
    if done:
        messages.success(request, _("%(n)s kasus diproses.") % {"n": done})
    for line in refused:
        messages.warning(request, line)
    return back


def _safe_back(request: HttpRequest) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse("cases:case_list")


# --- one case -------------------------------------------------------------------------------


def _case_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    user = _user(request)
    today = _today(request)
    report = case.report
    show_identity = identity_visible(user, report)
    if report.confidential and show_identity:
        svc.reporter_identity_viewed(report=report, actor=user)
    can_work = can(user, Action.CASE_WORK) and case.is_open
    can_kpk = can(user, Action.CASE_KPK) and case.is_open
    S = Case.Status
    defaults: dict[str, Any] = {
        "verify_form": f.VerifyForm(
            initial={
                **{f"check_{k}": v for k, v in (case.checklist or {}).items()},
                "missing_note": case.missing_note,
                "after_finding": report.after_finding,
                "finding_reference": report.finding_reference,
            }
        ),
        "analyse_form": f.AnalyseForm(initial={"must_report": "1" if report.must_report else "0"}),
        "forward_form": f.ForwardForm(today=today, initial={"sent_on": today, "channel": "gol"}),
        "decision_form": f.DecisionForm(today=today),
        "followup_form": f.FollowUpForm(today=today, initial={"done_on": today}),
        "custody_form": f.CustodyReceiveForm(
            report=report,
            today=today,
            initial={
                "received_on": today,
                "received_from": report.reporter.name if show_identity else "",
                "quantity": 1,
            },
        ),
        "release_form": f.CustodyReleaseForm(today=today, initial={"released_on": today}),
        "message_form": f.MessageForm(),
    }
    defaults.update(forms)
    return {
        "case": case,
        "report": report,
        "items": list(report.items.all()),
        "evidence_files": list(files_for(report, EVIDENCE)),
        "show_identity": show_identity,
        "deadlines": case_deadlines(case=case, today=today),
        "case_messages": list(case.messages.select_related("author")),
        "custody": _custody_with_photos(case),
        "case_files": sorted(
            [*files_for(case), *files_for(report, SK)], key=lambda x: (x.created_at, x.pk)
        ),
        "timeline": timeline_masked(case_timeline(case=case), viewer=user),
        "can_work": can_work,
        "can_kpk": can_kpk,
        "step": {
            "take": can_work and case.status == S.RECEIVED,
            "verify": can_work and case.status in (S.RECEIVED, S.VERIFICATION, S.INCOMPLETE),
            "expire": can_work
            and case.status == S.INCOMPLETE
            and case.completion_due is not None
            and today > case.completion_due,
            "analyse": can_work and case.status == S.COMPLETE,
            "forward": can_kpk and case.status == S.ANALYSED,
            "decision": can_kpk and case.status == S.FORWARDED,
            "followup": can_kpk and case.status == S.DECIDED,
            "custody": can_work,
        },
        "checklist_labels": dict(svc.CHECKLIST),
        **defaults,
    }


def _custody_with_photos(case: Case) -> list[CustodyItem]:
    items = list(case.custody_items.select_related("received_by", "released_by"))
    if items:
        photos = StoredFile.objects.filter(
            subject_type=ContentType.objects.get_for_model(CustodyItem),
            subject_id__in=[i.pk for i in items],
        ).order_by("created_at", "id")
        by_item: dict[int, list[StoredFile]] = {}
        for photo in photos:
            by_item.setdefault(photo.subject_id, []).append(photo)
        for item in items:
            item.photos = by_item.get(item.pk, [])  # type: ignore[attr-defined]
    return items


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    return render(request, "cases/case_detail.html", _case_context(request, case))


def _step_done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:case_detail", case_id=case.pk)


def _step_failed(
    request: HttpRequest, case: Case, exc: ApplicationError | None, **forms: Any
) -> HttpResponse:
    if exc is not None:
        messages.error(request, exc.message)
    else:
        messages.error(request, _("Periksa isian yang ditandai."))
    return render(
        request, "cases/case_detail.html", _case_context(request, case, **forms), status=200
    )


@login_required
@require_POST
def case_take(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    try:
        svc.case_verification_start(case=case, actor=_user(request))
    except ApplicationError as exc:
        return _step_failed(request, case, exc)
    return _step_done(request, case, _("Kasus diambil untuk diverifikasi."))


def _run_step(
    request: HttpRequest,
    *,
    case: Case,
    form: Any,
    form_key: str,
    step: str,
    call: Callable[[dict[str, Any]], Case],
    done: Callable[[Case], str],
) -> HttpResponse:
    """The skeleton every step page shares: validate the form, run the step with its files
    (all or nothing), answer with the case page and a message."""
    if not form.is_valid():
        return _step_failed(request, case, None, **{form_key: form})
    data = form.cleaned_data
    try:
        result = svc.case_step_with_files(
            case=case,
            actor=_user(request),
            uploads=data["attachments"],
            purpose=STEP_PURPOSES[step],
            step=lambda: call(data),
        )
    except ApplicationError as exc:
        return _step_failed(request, case, exc, **{form_key: form})
    return _step_done(request, case, done(result))


@login_required
@require_POST
def case_verify(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    form = f.VerifyForm(request.POST, request.FILES)
    return _run_step(
        request,
        case=case,
        form=form,
        form_key="verify_form",
        step="verify",
        call=lambda d: svc.case_verify(
            case=case,
            actor=_user(request),
            checklist=form.checklist(),
            missing_note=d["missing_note"],
            after_finding=d["after_finding"],
            finding_reference=d["finding_reference"],
            today=_today(request),
        ),
        done=lambda c: (
            _("Laporan belum lengkap: pelapor diminta melengkapi.")
            if c.status == Case.Status.INCOMPLETE
            else _("Laporan lengkap.")
        ),
    )


@login_required
@require_POST
def case_expire(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    try:
        svc.case_close_incomplete(case=case, actor=_user(request), today=_today(request))
    except ApplicationError as exc:
        return _step_failed(request, case, exc)
    return _step_done(request, case, _("Kasus ditutup: tidak dilengkapi tepat waktu."))


@login_required
@require_POST
def case_analyse(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    return _run_step(
        request,
        case=case,
        form=f.AnalyseForm(request.POST, request.FILES),
        form_key="analyse_form",
        step="analyse",
        call=lambda d: svc.case_analyse(
            case=case,
            actor=_user(request),
            recommendation=d["recommendation"],
            must_report=d["must_report"],
            override_reason=d["override_reason"],
            today=_today(request),
        ),
        done=lambda c: (
            _("Kasus ditutup: tidak wajib lapor.")
            if c.status == Case.Status.CLOSED
            else _("Analisis tersimpan; laporan siap diteruskan ke KPK.")
        ),
    )


@login_required
@require_POST
def case_forward(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    today = _today(request)
    return _run_step(
        request,
        case=case,
        form=f.ForwardForm(request.POST, request.FILES, today=today),
        form_key="forward_form",
        step="forward",
        call=lambda d: svc.case_forward_to_kpk(
            case=case,
            actor=_user(request),
            sent_on=d["sent_on"],
            channel=d["channel"],
            gol_reference=d["gol_reference"],
            note=d["note"],
            today=today,
        ),
        done=lambda c: _("Penerusan ke KPK tercatat."),
    )


@login_required
@require_POST
def case_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    today = _today(request)
    return _run_step(
        request,
        case=case,
        form=f.DecisionForm(request.POST, request.FILES, today=today),
        form_key="decision_form",
        step="decision",
        call=lambda d: svc.case_record_decision(
            case=case,
            actor=_user(request),
            decision=d["decision"],
            sk_number=d["sk_number"],
            sk_date=d["sk_date"],
            signatory_level=d["signatory_level"],
            appraised_value_idr=d["appraised_value_idr"] or None,
            note=d["note"],
            today=today,
        ),
        done=lambda c: _("SK KPK tercatat."),
    )


@login_required
@require_POST
def case_followup(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_KPK)
    today = _today(request)
    return _run_step(
        request,
        case=case,
        form=f.FollowUpForm(request.POST, request.FILES, today=today),
        form_key="followup_form",
        step="followup",
        call=lambda d: svc.case_record_followup(
            case=case,
            actor=_user(request),
            followup=d["followup"],
            done_on=d["done_on"],
            bast_number=d["bast_number"],
            handed_to=d["handed_to"],
            billing_code=d["billing_code"],
            ntpn=d["ntpn"],
            paid_idr=d["paid_idr"] or None,
            note=d["note"],
            today=today,
        ),
        done=lambda c: _("Tindak lanjut tercatat; kasus selesai."),
    )


@login_required
@require_POST
def case_message(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    form = f.MessageForm(request.POST)
    if not form.is_valid():
        return _step_failed(request, case, None, message_form=form)
    try:
        svc.case_message_send(case=case, actor=_user(request), body=form.cleaned_data["body"])
    except ApplicationError as exc:
        return _step_failed(request, case, exc, message_form=form)
    return _step_done(request, case, _("Pesan terkirim kepada pelapor."))


@login_required
@require_POST
def report_reply(request: HttpRequest, report_id: int) -> HttpResponse:
    """The reporter answers the UPG (e.g. with the documents asked for) on their own report."""
    report = access_report(request.user, report_id, Action.REPORT_REPLY)
    case = Case.objects.filter(report=report).first()
    form = f.MessageForm(request.POST)
    if case is None:
        messages.error(request, _("Laporan ini belum dikirim."))
    elif not form.is_valid():
        messages.error(request, _("Pesan tidak boleh kosong."))
    else:
        try:
            svc.case_message_send(case=case, actor=_user(request), body=form.cleaned_data["body"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Balasan terkirim kepada UPG."))
    return redirect("reports:report_detail", report_id=report.pk)


# --- custody ledger -------------------------------------------------------------------------


@login_required
@require_POST
def custody_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_WORK)
    today = _today(request)
    form = f.CustodyReceiveForm(request.POST, request.FILES, report=case.report, today=today)
    if not form.is_valid():
        return _step_failed(request, case, None, custody_form=form)
    d = form.cleaned_data
    try:
        item = svc.custody_receive_with_photos(
            case=case,
            actor=_user(request),
            photos=d["attachments"],
            report_item=d["report_item"],
            description=d["description"],
            quantity=d["quantity"],
            received_from=d["received_from"],
            received_on=d["received_on"],
            storage_location=d["storage_location"],
            condition=d["condition"],
            today=today,
        )
    except ApplicationError as exc:
        return _step_failed(request, case, exc, custody_form=form)
    return _step_done(
        request, case, _("Barang titipan dicatat dengan tanda terima %(n)s.") % {"n": item.number}
    )


@login_required
@require_POST
def custody_release(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access_custody_item(request.user, item_id, Action.CASE_WORK)
    case = access_case(request.user, item.case_id, Action.CASE_WORK)
    today = _today(request)
    form = f.CustodyReleaseForm(request.POST, today=today)
    if not form.is_valid():
        return _step_failed(request, case, None, release_form=form)
    d = form.cleaned_data
    try:
        done = svc.custody_release(
            item=item,
            actor=_user(request),
            released_to_kind=d["released_to_kind"],
            released_to=d["released_to"],
            released_on=d["released_on"],
            note=d["note"],
            today=today,
        )
    except ApplicationError as exc:
        return _step_failed(request, case, exc, release_form=form)
    return _step_done(
        request,
        case,
        _("Penyerahan barang dicatat dengan tanda terima %(n)s.") % {"n": done.release_number},
    )


@login_required
def custody_list(request: HttpRequest) -> HttpResponse:
    """The ledger of every object the UPG holds or has held (*buku barang titipan*)."""
    require(request.user, Action.CASE_VIEW)
    status = request.GET.get("status", CustodyItem.Status.HELD)
    items = CustodyItem.objects.filter(case__in=case_scope_for(request.user)).select_related(
        "case__report", "received_by"
    )
    if status in CustodyItem.Status.values:
        items = items.filter(status=status)
    page = Paginator(items.order_by("-received_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/custody_list.html",
        {"page": page, "status": status, "status_options": CustodyItem.Status.choices},
    )


# --- confidential identity access -----------------------------------------------------------


@login_required
def identity_access_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.IDENTITY_ACCESS)
    user = _user(request)
    is_head = bool(user.pemda and user.pemda.upg_head_id == user.pk)
    candidates = User.objects.filter(pemda_id=user.pemda_id, is_active=True).exclude(pk=user.pk)
    form = f.IdentityGrantForm(request.POST or None, user_queryset=candidates.order_by("username"))
    if request.method == "POST" and form.is_valid():
        try:
            svc.identity_access_grant(
                actor=user, user=form.cleaned_data["user"], reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Akses identitas diberikan."))
            return redirect("cases:identity_access_list")
    accesses = IdentityAccess.objects.filter(pemda_id=user.pemda_id).select_related(
        "user", "granted_by"
    )
    return render(
        request,
        "cases/identity_access.html",
        {
            "form": form,
            "accesses": accesses,
            "is_head": is_head,
            "head": user.pemda.upg_head if user.pemda else None,
        },
    )


@login_required
@require_POST
def identity_access_revoke(request: HttpRequest, access_id: int) -> HttpResponse:
    require(request.user, Action.IDENTITY_ACCESS)
    user = _user(request)
    access = None
    if 1 <= access_id <= 2**63 - 1:
        access = IdentityAccess.objects.filter(pemda_id=user.pemda_id, pk=access_id).first()
    if access is None:
        raise Http404
    try:
        with transaction.atomic():
            svc.identity_access_revoke(actor=user, access=access, now=timezone.now())
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Akses identitas dicabut."))
    return redirect("cases:identity_access_list")
