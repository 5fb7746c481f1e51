"""Pages of internal integrity surveys on the UPG's side (issue #7 points 4-5): the list, the
builder (survey, dimensions with their items, public groups), opening and closing, links with
QR codes, and the results with charts, tables and XLSX. Views only parse and translate;
services decide. The respondents' pages are in views_respond.py."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sehati.accounts.policies import (
    Action,
    access_survey,
    access_survey_dimension,
    access_survey_group,
    can,
    require,
    survey_scope_for,
)
from sehati.core.audit import timeline_for
from sehati.core.charts import Chart, Series
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.core.replica import reads_from_replica
from sehati.org.models import Pemda
from sehati.surveys import selectors as sel
from sehati.surveys import services as svc
from sehati.surveys.forms import (
    ConfirmForm,
    DimensionForm,
    GroupForm,
    SurveyForm,
    dimension_data,
    item_formset,
)
from sehati.surveys.models import RespondentGroup, Survey
from sehati.surveys.xlsx import results_workbook

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


def _q(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def _fresh(request: HttpRequest, survey: Survey) -> Survey:
    """The survey, closed first if its closing date has passed."""
    return svc.survey_close_if_due(survey=survey, today=_today(request), now=timezone.now())


# --- list and survey -----------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SURVEY_VIEW)
    q = _q(request)
    status = request.GET.get("status", "")
    surveys = sel.survey_list(surveys=survey_scope_for(request.user), q=q, status=status)
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/survey_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": Survey.Status.choices,
            "can_manage": can(request.user, Action.SURVEY_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SURVEY_MANAGE)
    form = SurveyForm(request.POST or None, initial={"min_group_size": 10, "audience": "staff"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            survey = svc.survey_create(pemda=_pemda(request), actor=request.user, **d)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Konsep survei dibuat. Tambahkan dimensi dan butir pertanyaannya.")
            )
            return redirect("surveys:survey_detail", survey_id=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@login_required
@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _fresh(request, access_survey(request.user, survey_id))
    can_manage = can(request.user, Action.SURVEY_MANAGE)
    progress, responses = sel.survey_progress(survey=survey)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "dimensions": sel.questionnaire(survey=survey),
            "progress": progress,
            "responses": responses,
            "can_manage": can_manage,
            "editable": can_manage and not survey.is_closed and responses == 0,
            "problems": svc.questionnaire_check(survey=survey) if survey.is_draft else [],
            "timeline": timeline_for(survey)[:20] if can_manage else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    if survey.is_closed:
        messages.warning(request, _("Survei yang sudah ditutup tidak dapat diubah."))
        return redirect("surveys:survey_detail", survey_id=survey.pk)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            svc.survey_update(survey=survey, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Data survei diubah."))
            return redirect("surveys:survey_detail", survey_id=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
@require_POST
def survey_delete(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    try:
        svc.survey_delete(survey=survey, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:survey_detail", survey_id=survey.pk)
    messages.success(request, _("Konsep survei dihapus."))
    return redirect("surveys:survey_list")


@login_required
@require_POST
def survey_copy(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    copy = svc.survey_copy(survey=survey, actor=request.user)
    messages.success(
        request, _("Salinan dibuat sebagai konsep baru, dengan tautan publik yang baru.")
    )
    return redirect("surveys:survey_detail", survey_id=copy.pk)


def _state_change(request: HttpRequest, survey_id: int, *, closing: bool) -> HttpResponse:
    survey = _fresh(request, access_survey(request.user, survey_id, Action.SURVEY_MANAGE))
    wanted = survey.is_open if closing else survey.is_draft
    if not wanted:
        messages.info(
            request,
            _("Survei ini tidak sedang dibuka.") if closing else _("Survei ini bukan konsep."),
        )
        return redirect("surveys:survey_detail", survey_id=survey.pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if closing:
                svc.survey_close(
                    survey=survey, actor=request.user, now=timezone.now(), confirm=True
                )
            else:
                svc.survey_open(
                    survey=survey, actor=request.user, today=_today(request), now=timezone.now()
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if closing:
                messages.success(request, _("Survei ditutup. Hasilnya kini dapat dilihat."))
                return redirect("surveys:survey_results", survey_id=survey.pk)
            messages.success(request, _("Survei dibuka. Bagikan tautan dan kode QR-nya."))
            return redirect("surveys:survey_links", survey_id=survey.pk)
    _progress, responses = sel.survey_progress(survey=survey)
    return render(
        request,
        "surveys/survey_state.html",
        {
            "survey": survey,
            "form": form,
            "closing": closing,
            "responses": responses,
            "problems": [] if closing else svc.questionnaire_check(survey=survey),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_open(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _state_change(request, survey_id, closing=False)


@login_required
@require_http_methods(["GET", "POST"])
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _state_change(request, survey_id, closing=True)


# --- dimensions and items ------------------------------------------------------------------


def _dimension_page(
    request: HttpRequest, survey: Survey, dimension: Any, form: DimensionForm, items: Any
) -> HttpResponse:
    return render(
        request,
        "surveys/dimension_form.html",
        {"survey": survey, "dimension": dimension, "form": form, "items": items},
    )


def _frozen_redirect(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    if survey.is_closed or svc.survey_has_responses(survey=survey):
        messages.warning(
            request,
            _(
                "Kuesioner tidak dapat diubah karena sudah ada jawaban atau survei sudah "
                "ditutup. Salin survei untuk membuat versi baru."
            ),
        )
        return redirect("surveys:survey_detail", survey_id=survey.pk)
    return None


def _dimension_post(
    request: HttpRequest, survey: Survey, dimension: Any, form: DimensionForm, items: Any
) -> HttpResponse:
    if "more" in request.POST:  # "Tambah baris butir": the same page with more empty rows
        data = request.POST.copy()
        total = int(data.get("item-TOTAL_FORMS", "0") or 0)
        data["item-TOTAL_FORMS"] = str(min(total + 5, 60))
        return _dimension_page(
            request, survey, dimension, DimensionForm(data), item_formset(data, dimension=dimension)
        )
    if form.is_valid() and items.is_valid():
        try:
            saved = svc.dimension_save(
                survey=survey,
                actor=request.user,
                data=dimension_data(form, items),
                dimension=dimension,
                order=form.cleaned_data.get("order"),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Dimensi %(name)s disimpan.") % {"name": saved.name})
            return redirect("surveys:survey_detail", survey_id=survey.pk)
    return _dimension_page(request, survey, dimension, form, items)


@login_required
@require_http_methods(["GET", "POST"])
def dimension_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    frozen = _frozen_redirect(request, survey)
    if frozen:
        return frozen
    form = DimensionForm(request.POST or None, initial={"weight": 1})
    items = item_formset(request.POST or None, dimension=None)
    if request.method == "POST":
        return _dimension_post(request, survey, None, form, items)
    return _dimension_page(request, survey, None, form, items)


@login_required
@require_http_methods(["GET", "POST"])
def dimension_edit(request: HttpRequest, dimension_id: int) -> HttpResponse:
    dimension = access_survey_dimension(request.user, dimension_id)
    survey = dimension.survey
    frozen = _frozen_redirect(request, survey)
    if frozen:
        return frozen
    initial = {
        "name": dimension.name,
        "description": dimension.description,
        "weight": dimension.weight,
        "order": dimension.order,
    }
    form = DimensionForm(request.POST or None, initial=initial)
    items = item_formset(request.POST or None, dimension=dimension)
    if request.method == "POST":
        return _dimension_post(request, survey, dimension, form, items)
    return _dimension_page(request, survey, dimension, form, items)


@login_required
@require_POST
def dimension_delete(request: HttpRequest, dimension_id: int) -> HttpResponse:
    dimension = access_survey_dimension(request.user, dimension_id)
    survey_id = dimension.survey_id
    try:
        svc.dimension_delete(dimension=dimension, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dimensi dan butir-butirnya dihapus."))
    return redirect("surveys:survey_detail", survey_id=survey_id)


# --- respondent groups, links and QR codes -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    form = GroupForm(request.POST or None, survey=survey, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.group_public_add(
                survey=survey,
                actor=request.user,
                label=d["label"],
                service_unit_id=d["service_unit"].pk if d["service_unit"] else None,
                population=d["population"],
                shared_device=d["shared_device"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kelompok dan tautan publiknya dibuat."))
            return redirect("surveys:survey_detail", survey_id=survey.pk)
    return render(
        request, "surveys/group_form.html", {"survey": survey, "group": None, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    group = access_survey_group(request.user, group_id)
    survey = group.survey
    form = GroupForm(request.POST or None, survey=survey, group=group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes: dict[str, Any] = {"population": d["population"]}
        if group.kind == RespondentGroup.Kind.PUBLIC:
            changes.update(
                label=d["label"],
                service_unit_id=d["service_unit"].pk if d["service_unit"] else None,
                shared_device=d["shared_device"],
                is_active=d["is_active"],
            )
        try:
            svc.group_update(group=group, actor=request.user, **changes)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kelompok diubah."))
            return redirect("surveys:survey_detail", survey_id=survey.pk)
    return render(
        request, "surveys/group_form.html", {"survey": survey, "group": group, "form": form}
    )


@login_required
@require_POST
def group_delete(request: HttpRequest, group_id: int) -> HttpResponse:
    group = access_survey_group(request.user, group_id)
    survey_id = group.survey_id
    try:
        svc.group_remove(group=group, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kelompok dan tautannya dihapus."))
    return redirect("surveys:survey_detail", survey_id=survey_id)


def _public_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:public_respond", args=[token]))


@login_required
@require_GET
def survey_links(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, Action.SURVEY_MANAGE)
    links = []
    if survey.for_public:
        for group in survey.groups.filter(kind=RespondentGroup.Kind.PUBLIC).select_related(
            "service_unit"
        ):
            url = _public_url(request, group.link_token or "")
            links.append(
                {
                    "group": group,
                    "url": url,
                    "qr": segno.make(url, error="m").svg_inline(
                        scale=4, title=_("Kode QR survei: %(label)s") % {"label": group.label}
                    ),
                }
            )
    staff = None
    if survey.for_staff:
        url = request.build_absolute_uri(reverse("surveys:staff_respond", args=[survey.pk]))
        staff = {"url": url, "qr": segno.make(url, error="m").svg_inline(scale=4)}
    return render(
        request, "surveys/survey_links.html", {"survey": survey, "links": links, "staff": staff}
    )


@login_required
@require_GET
def group_qr(request: HttpRequest, group_id: int) -> HttpResponse:
    group = access_survey_group(request.user, group_id)
    if group.kind != RespondentGroup.Kind.PUBLIC or not group.link_token:
        messages.info(request, _("Kelompok pegawai tidak memakai tautan publik."))
        return redirect("surveys:survey_links", survey_id=group.survey_id)
    out = BytesIO()
    segno.make(_public_url(request, group.link_token), error="m").save(
        out, kind="png", scale=10, border=4
    )
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = (
        f'attachment; filename="survei-{group.survey_id}-qr-{group.pk}.png"'
    )
    return response


# --- results -------------------------------------------------------------------------------


def results_charts(results: sel.SurveyResults) -> list[Chart]:
    """Overall index per group, the total per dimension, and each dimension per group: shown
    groups only (a hidden group has no figure to draw)."""
    shown = [r for r in results.rows if r.shown]
    hidden = results.hidden_small + results.hidden_complement
    note = (
        [
            _(
                "%(n)d kelompok tidak ditampilkan (kurang dari %(m)d responden, atau disembunyikan agar kelompok kecil tidak dapat dihitung dari total)."
            )
            % {"n": hidden, "m": results.min_size}
        ]
        if hidden
        else []
    )
    rows = [*shown, results.total] if results.total.shown else shown
    charts = [
        Chart(
            id="indeks-kelompok",
            title=_("Indeks keseluruhan per kelompok (0–100)"),
            kind="horizontalBar",
            labels=[r.label for r in rows],
            series=[Series(_("Indeks"), [r.overall.index if r.overall else None for r in rows])],
            y_max=100,
            label_header=_("Kelompok"),
            notes=note,
        )
    ]
    if results.total.shown:
        charts.append(
            Chart(
                id="indeks-dimensi",
                title=_("Indeks per dimensi, seluruh responden (0–100)"),
                labels=[d.name for d in results.dimensions],
                series=[
                    Series(
                        _("Indeks"),
                        [f.index if f else None for f in results.total.dimensions],
                    )
                ],
                y_max=100,
                label_header=_("Dimensi"),
            )
        )
    for position, dim in enumerate(results.dimensions):
        charts.append(
            Chart(
                id=f"dimensi-{dim.pk}",
                title=_("%(name)s: indeks per kelompok (0–100)") % {"name": dim.name},
                kind="horizontalBar",
                labels=[r.label for r in shown],
                series=[
                    Series(
                        _("Indeks"),
                        [
                            r.dimensions[position].index if r.dimensions[position] else None
                            for r in shown
                        ],
                    )
                ],
                y_max=100,
                label_header=_("Kelompok"),
            )
        )
    return charts


@login_required
@require_GET
@reads_from_replica
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _fresh(request, access_survey(request.user, survey_id))
    if not survey.is_closed:
        progress, responses = sel.survey_progress(survey=survey)
        return render(
            request,
            "surveys/survey_results.html",
            {"survey": survey, "results": None, "progress": progress, "responses": responses},
        )
    results = sel.survey_results(survey=survey)
    return render(
        request,
        "surveys/survey_results.html",
        {"survey": survey, "results": results, "charts": results_charts(results)},
    )


@login_required
@require_GET
@reads_from_replica
def survey_results_xlsx(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _fresh(request, access_survey(request.user, survey_id))
    if not survey.is_closed:
        messages.info(request, _("Hasil tersedia setelah survei ditutup."))
        return redirect("surveys:survey_results", survey_id=survey.pk)
    content = results_workbook(sel.survey_results(survey=survey))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survei-{survey.pk}-hasil.xlsx"'
    return response
