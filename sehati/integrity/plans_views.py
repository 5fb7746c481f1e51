"""Pages of action plans (issue #7 point 3): the list with filters and an XLSX download, create
(prefilled from a weak score), edit, cancel, the plan's page with its reports, evidence, links and
timeline, the owner OPD's progress report, links to other modules, and the progress page with
charts. Views only parse and translate; services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    Scope,
    access_action_plan,
    access_action_plan_link,
    action_plan_scope_for,
    can,
    opd_ids_for,
    require,
    scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.charts import Chart, Series
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.integrity import plans_selectors as sel
from sehati.integrity import plans_services as svc
from sehati.integrity.models import ActionPlan, IntegrityScore
from sehati.integrity.plans_export import XLSX_CONTENT_TYPE, plans_xlsx
from sehati.integrity.plans_forms import CancelForm, FilterForm, LinkForm, PlanForm, UpdateForm
from sehati.integrity.plans_links import link_kinds_available, link_target_choices, links_resolve
from sehati.org.models import Pemda
from sehati.org.selectors import opd_tree

PAGE_SIZE = 25
S = ActionPlan.Status
ID_MAX = 2**63 - 1


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _viewer_opd_ids(
    request: HttpRequest, action: Action = Action.ACTION_PLAN_VIEW
) -> set[int] | None:
    """None for a pemda-wide viewer; the OPD (with sub-units) of an OPD-bound one."""
    if scope_for(request.user, action) == Scope.OPD:
        return opd_ids_for(request.user, action)
    return None


def _may_update(request: HttpRequest, plan: ActionPlan) -> bool:
    """May the user report progress on this plan (the owner OPD's staff, the UPG)?"""
    ids = _viewer_opd_ids(request, Action.ACTION_PLAN_UPDATE)
    if not can(request.user, Action.ACTION_PLAN_UPDATE):
        return False
    return ids is None or plan.owner_opd_id in ids


def _opd_choices(request: HttpRequest) -> list[tuple[Any, str]]:
    """The OPD a viewer may filter by: all of the pemda's, or their own subtree."""
    mine = _viewer_opd_ids(request)
    return [
        (o.pk, f"{'— ' * depth}{o.name}")
        for o, depth in opd_tree(pemda_id=_pemda(request).pk)
        if mine is None or o.pk in mine
    ]


def _filters(form: FilterForm) -> sel.PlanFilters:
    return sel.PlanFilters(
        q=(form.value("q") or "").replace("\x00", "").strip(),
        status=form.value("status") or "",
        owner_opd_id=form.value("opd"),
        due_year=form.value("year"),
        overdue=bool(form.value("overdue")),
        score_kind=form.value("score_kind") or "",
    )


def _listed(request: HttpRequest) -> tuple[FilterForm, Any]:
    form = FilterForm(request.GET or None, opd_choices=_opd_choices(request))
    plans = sel.plan_list(
        plans=action_plan_scope_for(request.user),
        pemda_id=_pemda(request).pk,
        filters=_filters(form),
        today=_today(request),
    )
    return form, plans


# --- the list --------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACTION_PLAN_VIEW)
    form, plans = _listed(request)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(v not in (None, "", False) for v in vars(_filters(form)).values())
    return render(
        request,
        "integrity/plan_list.html",
        {
            "page": page,
            "form": form,
            "filtered": filtered,
            "years": sel.plan_due_years(plans=action_plan_scope_for(request.user)),
            "statuses": S.choices,
            "score_kinds": [*IntegrityScore.Kind.choices, (sel.NO_SCORE, _("Tanpa skor"))],
            "can_manage": can(request.user, Action.ACTION_PLAN_MANAGE),
            "today": _today(request),
        },
    )


@login_required
@require_GET
@reads_from_replica
def plan_xlsx(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACTION_PLAN_VIEW)
    _form, plans = _listed(request)
    response = HttpResponse(
        plans_xlsx(plans.iterator(chunk_size=2000)), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rencana-aksi-{_today(request):%Y-%m-%d}.xlsx"'
    )
    return response


# --- create, edit, cancel ----------------------------------------------------------------------


def _score_from_query(request: HttpRequest) -> IntegrityScore | None:
    raw = request.GET.get("score", "")
    if not raw.isdigit() or not 1 <= int(raw) <= ID_MAX:
        return None
    return (
        IntegrityScore.objects.filter(pemda_id=_pemda(request).pk, pk=int(raw))
        .select_related("opd")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACTION_PLAN_MANAGE)
    pemda = _pemda(request)
    score = _score_from_query(request)
    form = PlanForm(request.POST or None, pemda_id=pemda.pk, score=score)
    if request.method == "POST" and form.is_valid():
        try:
            plan = svc.plan_create(
                pemda=pemda, actor=request.user, data=form.to_data(), today=_today(request)
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Rencana aksi dicatat; OPD penanggung jawab sudah diberi tahu.")
            )
            return redirect("integrity:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "integrity/plan_form.html",
        {
            "form": form,
            "plan": None,
            "score": score,
            "weakness": sel.score_weakness(score) if score else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    if not plan.is_open:
        messages.warning(
            request, _("Rencana aksi yang sudah selesai atau dibatalkan tidak dapat diubah.")
        )
        return redirect("integrity:plan_detail", plan_id=plan.pk)
    form = PlanForm(request.POST or None, pemda_id=plan.pemda_id, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.plan_edit(plan=plan, actor=request.user, data=form.to_data(), today=_today(request))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rencana aksi diubah."))
            return redirect("integrity:plan_detail", plan_id=plan.pk)
    return render(request, "integrity/plan_form.html", {"form": form, "plan": plan, "score": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_cancel(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    if not plan.is_open:
        messages.info(request, _("Rencana aksi ini sudah selesai atau dibatalkan."))
        return redirect("integrity:plan_detail", plan_id=plan.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.plan_cancel(
                plan=plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                confirm=form.cleaned_data["confirm"],
                today=_today(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rencana aksi dibatalkan."))
            return redirect("integrity:plan_detail", plan_id=plan.pk)
    return render(request, "integrity/plan_cancel.html", {"plan": plan, "form": form})


def _score_url(score_id: int | None) -> str:
    """The score's page in the register, when the register has one."""
    if score_id is None:
        return ""
    try:
        return reverse("integrity:score_detail", args=[score_id])
    except NoReverseMatch:
        return ""


# --- one plan ------------------------------------------------------------------------------------


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_action_plan(request.user, plan_id)
    today = _today(request)
    can_manage = can(request.user, Action.ACTION_PLAN_MANAGE)
    may_update = _may_update(request, plan)
    updates = sel.plan_updates(plan=plan)
    return render(
        request,
        "integrity/plan_detail.html",
        {
            "plan": plan,
            "today": today,
            "overdue": plan.is_overdue(today),
            "weakness": sel.score_weakness(plan.score) if plan.score else "",
            "score_label": sel.score_label(plan.score) if plan.score else "",
            "updates": updates,
            "evidence_count": sum(len(u.files) for u in updates),
            "links": links_resolve(links=sel.plan_links(plan=plan), user=request.user),
            "timeline": timeline_for(plan)[:50],
            "can_manage": can_manage,
            "can_report": may_update and (plan.is_open or (plan.status == S.DONE and can_manage)),
            "score_url": _score_url(plan.score_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_UPDATE)
    may_reopen = can(request.user, Action.ACTION_PLAN_MANAGE)
    if not (plan.is_open or (plan.status == S.DONE and may_reopen)):
        messages.info(request, _("Rencana aksi ini sudah selesai atau dibatalkan."))
        return redirect("integrity:plan_detail", plan_id=plan.pk)
    form = UpdateForm(request.POST or None, request.FILES or None, plan=plan, may_reopen=may_reopen)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            update = svc.plan_progress_report(
                plan=plan,
                actor=request.user,
                note=d["note"],
                status=d["status"] or None,
                percent=d["percent"],
                no_evidence_reason=d["no_evidence_reason"],
                uploads=d["file"],
                today=_today(request),
                may_reopen=may_reopen,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if update.status_to == S.DONE and update.status_changed:
                messages.success(request, _("Laporan tersimpan; rencana aksi dinyatakan selesai."))
            else:
                messages.success(request, _("Laporan kemajuan tersimpan."))
            return redirect("integrity:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "integrity/plan_update.html",
        {"plan": plan, "form": form, "evidence_count": svc.plan_evidence_count(plan=plan)},
    )


# --- links -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_link_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_action_plan(request.user, plan_id, Action.ACTION_PLAN_MANAGE)
    if not plan.is_open:
        messages.info(
            request, _("Tautan rencana aksi yang sudah selesai atau dibatalkan tidak diubah.")
        )
        return redirect("integrity:plan_detail", plan_id=plan.pk)
    kinds = link_kinds_available()
    codes = [k.code for k in kinds]
    kind = (request.POST.get("kind") or request.GET.get("kind") or "")[:40]
    if kind not in codes:
        kind = codes[0] if codes else ""
    choices = link_target_choices(kind=kind, pemda_id=plan.pemda_id) if kind else []
    initial = {"kind": kind}
    form = LinkForm(request.POST or None, target_choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.plan_link_add(
                plan=plan,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                target_id=form.chosen_id,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Tautan ditambahkan."))
            return redirect("integrity:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "integrity/plan_link_form.html",
        {"plan": plan, "form": form, "kinds": kinds, "kind": kind, "choices": choices},
    )


@login_required
@require_POST
def plan_link_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access_action_plan_link(request.user, link_id)
    try:
        removed = svc.plan_link_remove(link=link, actor=request.user, now=timezone.now())
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if removed:
            messages.success(request, _("Tautan dihapus."))
        else:
            messages.info(request, _("Tautan ini sudah dihapus sebelumnya."))
    return redirect("integrity:plan_detail", plan_id=link.plan_id)


# --- progress --------------------------------------------------------------------------------


def progress_charts(progress: sel.Progress) -> dict[str, Chart]:
    """The progress page's charts (each followed by a table of the same numbers)."""
    t = progress.total
    status = Chart(
        id="plan-status",
        title=_("Rencana aksi per status"),
        kind="doughnut",
        labels=[str(label) for _v, label in S.choices],
        series=[Series(_("Rencana aksi"), [t.planned, t.in_progress, t.done, t.cancelled])],
        label_header=_("Status"),
        notes=[
            _("%(n)d rencana aksi terlambat (lewat tenggat, belum selesai).") % {"n": t.overdue}
        ],
    )
    rows = progress.by_opd
    opd = Chart(
        id="plan-opd",
        title=_("Rencana aksi per OPD penanggung jawab"),
        kind="horizontalBar",
        labels=[r.label for r in rows],
        series=[
            Series(str(S.PLANNED.label), [r.counts.planned for r in rows]),
            Series(str(S.IN_PROGRESS.label), [r.counts.in_progress for r in rows]),
            Series(str(S.DONE.label), [r.counts.done for r in rows]),
            Series(str(S.CANCELLED.label), [r.counts.cancelled for r in rows]),
            Series(_("Terlambat"), [r.counts.overdue for r in rows]),
        ],
        label_header=_("OPD"),
        notes=[_("Terlambat: rencana yang direncanakan atau berjalan dan sudah lewat tenggat.")],
    )
    dims = progress.by_dimension
    dimension = Chart(
        id="plan-dimension",
        title=_("Rata-rata kemajuan per skor atau dimensi"),
        kind="horizontalBar",
        labels=[r.label for r in dims],
        series=[Series(_("Rata-rata kemajuan"), [r.counts.average_percent for r in dims])],
        unit=_("persen"),
        y_max=100,
        label_header=_("Skor atau dimensi"),
        notes=[_("Rencana yang dibatalkan tidak dihitung.")],
    )
    return {"status": status, "opd": opd, "dimension": dimension}


@login_required
@require_GET
def plan_progress(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACTION_PLAN_VIEW)
    today = _today(request)
    plans = action_plan_scope_for(request.user)
    progress = sel.plan_progress(plans=plans, today=today)
    return render(
        request,
        "integrity/plan_progress.html",
        {
            "progress": progress,
            "charts": progress_charts(progress),
            "overdue": sel.plans_overdue(plans=plans, today=today),
            "today": today,
            "opd_bound": _viewer_opd_ids(request) is not None,
        },
    )
