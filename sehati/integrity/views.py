"""Pages of the integrity scores register (issue #7 points 2 and 5): the register with filters,
entering and correcting a score, removing one entered by mistake, importing CSV/XLSX with a
preview, the XLSX export and the dashboard of trends and gaps. Views only parse and translate;
services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    access_score,
    access_score_import,
    action_plan_scope_for,
    can,
    require,
)
from sehati.core.audit import timeline_for
from sehati.core.charts import Chart, Series
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.files import megabytes, upload_max_bytes
from sehati.core.replica import reads_from_replica
from sehati.integrity import exports
from sehati.integrity import selectors as sel
from sehati.integrity.forms import ScoreDeleteForm, ScoreForm, ScoreImportForm
from sehati.integrity.importing import (
    COLUMNS,
    MAX_ROWS,
    score_import_check,
    score_import_commit,
    score_import_counts,
    score_import_plan,
)
from sehati.integrity.models import IntegrityScore, ScoreImport
from sehati.integrity.services import ScoreInvalid, score_delete, score_record
from sehati.org.models import Pemda

PAGE_SIZE = 50
MAX_PART_SERIES = 8  # dimension/OPD series drawn in one chart; the table below lists them all


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _filters(request: HttpRequest) -> sel.ScoreFilters:
    return sel.score_filters_clean(
        kind=request.GET.get("kind", ""),
        year=request.GET.get("year", ""),
        scope=request.GET.get("scope", ""),
        q=request.GET.get("q", ""),
    )


def _plan_context(request: HttpRequest) -> dict[str, Any]:
    return {"can_plan": can(request.user, Action.ACTION_PLAN_MANAGE)}


# --- the register ---------------------------------------------------------------------------


@login_required
@require_GET
def score_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_VIEW)
    pemda = _pemda(request)
    filters = _filters(request)
    scores = sel.score_list(pemda_id=pemda.pk, filters=filters)
    page = Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/score_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(filters.kind or filters.year or filters.scope or filters.q),
            "kinds": IntegrityScore.Kind.choices,
            "years": sel.score_years(pemda_id=pemda.pk),
            "opds": sel.score_scope_opds(pemda_id=pemda.pk),
            "scope_pemda": sel.SCOPE_PEMDA,
            "can_manage": can(request.user, Action.SCORE_MANAGE),
            "query": request.GET.urlencode(),
            **_plan_context(request),
        },
    )


@login_required
@require_GET
@reads_from_replica
def score_xlsx(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_VIEW)
    pemda = _pemda(request)
    scores = sel.score_list(pemda_id=pemda.pk, filters=_filters(request))
    response = HttpResponse(
        exports.scores_xlsx(scores.iterator(chunk_size=2000)),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="skor-integritas-{pemda.code}-{_today(request):%Y%m%d}.xlsx"'
    )
    return response


def _form_errors(form: ScoreForm, exc: ApplicationError) -> None:
    if isinstance(exc, ScoreInvalid):
        for problem in exc.problems:
            name = ScoreForm.FIELD_NAMES.get(problem.field, problem.field)
            form.add_error(name if name in form.fields else None, problem.message)
    else:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def score_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_MANAGE)
    pemda = _pemda(request)
    today = _today(request)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        pemda=pemda,
        initial={"year": today.year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            score = score_record(pemda=pemda, actor=request.user, data=form.to_input(), today=today)
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Skor dicatat."))
            return redirect("integrity:score_detail", score_id=score.pk)
    return render(request, "integrity/score_form.html", {"form": form, "score": None})


@login_required
@require_http_methods(["GET", "POST"])
def score_edit(request: HttpRequest, score_id: int) -> HttpResponse:
    score = access_score(request.user, score_id, Action.SCORE_MANAGE)
    form = ScoreForm(
        request.POST if request.method == "POST" else None, pemda=score.pemda, score=score
    )
    if request.method == "POST" and form.is_valid():
        try:
            score_record(
                pemda=score.pemda,
                actor=request.user,
                data=form.to_input(),
                today=_today(request),
                score=score,
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Skor diubah."))
            return redirect("integrity:score_detail", score_id=score.pk)
    return render(request, "integrity/score_form.html", {"form": form, "score": score})


@login_required
@require_GET
def score_detail(request: HttpRequest, score_id: int) -> HttpResponse:
    score = access_score(request.user, score_id)
    plans: list[Any] = []
    if can(request.user, Action.ACTION_PLAN_VIEW):
        plans = list(
            action_plan_scope_for(request.user).filter(score=score).select_related("owner_opd")
        )
    history = [
        s
        for s in sel.score_trends(pemda_id=score.pemda_id, kind=score.kind, opd_id=score.opd_id)
        if s.opd_id == score.opd_id and s.dimension.casefold() == score.dimension.casefold()
    ]
    chart = _trend_chart(history[0], chart_id="riwayat") if history else None
    return render(
        request,
        "integrity/score_detail.html",
        {
            "score": score,
            "scheme": score.band_scheme_obj,
            "plans": plans,
            "chart": chart,
            "can_manage": can(request.user, Action.SCORE_MANAGE),
            "timeline": timeline_for(score)[:30],
            **_plan_context(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def score_delete_view(request: HttpRequest, score_id: int) -> HttpResponse:
    score = access_score(request.user, score_id, Action.SCORE_MANAGE)
    form = ScoreDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            score_delete(score=score, actor=request.user, confirm=form.cleaned_data["confirm"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Skor %(score)s dihapus.") % {"score": str(score)})
            return redirect("integrity:score_list")
    return render(
        request,
        "integrity/score_delete.html",
        {"score": score, "form": form, "plans": score.action_plans.count()},
    )


# --- import ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_MANAGE)
    pemda = _pemda(request)
    posted = request.method == "POST"
    form = ScoreImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            score_import = score_import_check(
                pemda=pemda,
                actor=request.user,
                upload=upload,
                name=upload.name or "",
                today=_today(request),
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("integrity:import_detail", import_id=score_import.pk)
    return render(
        request,
        "integrity/import_form.html",
        {
            "form": form,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "max_mb": megabytes(upload_max_bytes()),
            "imports": sel.score_import_list(pemda_id=pemda.pk),
        },
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_MANAGE)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.score_template_xlsx(), content_type=exports.XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = 'attachment; filename="templat-skor-integritas.xlsx"'
    else:
        response = HttpResponse(exports.score_template_csv(), content_type=exports.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="templat-skor-integritas.csv"'
    return response


@login_required
@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    score_import = access_score_import(request.user, import_id)
    planned = score_import_plan(score_import)
    return render(
        request,
        "integrity/import_detail.html",
        {
            "imp": score_import,
            "planned": planned,
            "counts": score_import_counts(planned),
            "can_commit": score_import.status == ScoreImport.Status.CHECKED,
            "timeline": timeline_for(score_import)[:10],
        },
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    score_import = access_score_import(request.user, import_id)
    try:
        done = score_import_commit(
            score_import=score_import, actor=request.user, today=_today(request)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for error in exc.extra.get("errors", [])[:20]:
            messages.error(
                request,
                _("Baris %(row)s, kolom %(column)s: %(message)s")
                % {
                    "row": error["row"],
                    "column": error["column"] or "—",
                    "message": error["message"],
                },
            )
        return redirect("integrity:import_detail", import_id=score_import.pk)
    messages.success(
        request,
        _("Impor disimpan: %(c)d skor baru, %(u)d diperbarui, %(n)d tidak berubah.")
        % {
            "c": done.created_count or 0,
            "u": done.updated_count or 0,
            "n": done.unchanged_count or 0,
        },
    )
    return redirect("integrity:import_detail", import_id=score_import.pk)


# --- dashboard ------------------------------------------------------------------------------


def _trend_chart(series: sel.TrendSeries, *, chart_id: str) -> Chart:
    """Values per year as bars, the target as a line over them."""
    years = sorted(series.points)
    values = [series.value_at(y) for y in years]
    lines = [Series(_("Nilai"), values)]
    if series.has_targets:
        lines.append(Series(_("Target"), [series.target_at(y) for y in years], as_line=True))
    return Chart(
        id=chart_id,
        title=_("%(label)s per tahun") % {"label": series.label},
        labels=[str(y) for y in years],
        series=lines,
        unit=_("poin"),
        y_max=100,
        label_header=_("Tahun"),
    )


def _parts_chart(kind_label: str, parts: list[sel.TrendSeries], chart_id: str) -> Chart:
    years = sorted({y for s in parts for y in s.points})
    shown = parts[:MAX_PART_SERIES]
    notes = []
    if len(parts) > len(shown):
        notes.append(
            _("Grafik memuat %(shown)d dari %(total)d rangkaian; semuanya ada di daftar skor.")
            % {"shown": len(shown), "total": len(parts)}
        )
    return Chart(
        id=chart_id,
        title=_("%(kind)s per dimensi/tema dan OPD") % {"kind": kind_label},
        labels=[str(y) for y in years],
        series=[
            Series(
                " — ".join(p for p in (s.opd_name, s.dimension) if p) or _("Total"),
                [s.value_at(y) for y in years],
            )
            for s in shown
        ],
        unit=_("poin"),
        y_max=100,
        label_header=_("Tahun"),
        notes=notes,
    )


def _gap_chart(summaries: list[sel.KindSummary]) -> Chart:
    rows = [
        s
        for summary in summaries
        for s in ([summary.total] if summary.total else []) + summary.parts
        if s is not None and s.gap is not None
    ]
    return Chart(
        id="selisih",
        title=_("Selisih terhadap target (tahun terakhir tiap skor)"),
        labels=[f"{s} ({s.scope_label})" for s in rows],
        series=[Series(_("Nilai dikurangi target"), [s.gap for s in rows])],
        kind="horizontalBar",
        unit=_("poin"),
        label_header=_("Skor"),
        notes=[_("Negatif: di bawah target.")],
    )


@login_required
@require_GET
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SCORE_VIEW)
    pemda = _pemda(request)
    series = sel.score_trends(pemda_id=pemda.pk)
    summaries = sel.score_summary(series=series)
    charts: list[Chart] = []
    for summary in summaries:
        items = [s for s in series if s.kind == summary.kind and s.has_values]
        total = next((s for s in items if s.is_total), None)
        if total is not None:
            charts.append(_trend_chart(total, chart_id=f"tren-{summary.kind}"))
        parts = [s for s in items if not s.is_total]
        if parts:
            charts.append(_parts_chart(summary.label, parts, f"bagian-{summary.kind}"))
    gap_chart = _gap_chart(summaries)
    return render(
        request,
        "integrity/integrity_dashboard.html",
        {
            "summaries": summaries,
            "has_parts": any(k.parts for k in summaries),
            "charts": charts,
            "gap_chart": gap_chart,
            "can_manage": can(request.user, Action.SCORE_MANAGE),
            **_plan_context(request),
        },
    )
