"""The respondents' pages (issue #7 point 4): a civil servant's open staff surveys and the
questionnaire (signed in, answered anonymously), the public questionnaire behind a link or QR
code (no login), and the thank-you page. One page per survey, radio buttons, no JavaScript
needed; it fits a phone.

Nothing here logs or keeps what was answered: the services store the packed answers and a
participation row (staff) or a browser flag (public), nothing more."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sehati.accounts.policies import Action, access_staff_survey, access_survey_link, require
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError, ThrottledError
from sehati.core.throttle import client_key
from sehati.surveys import selectors as sel
from sehati.surveys import services as svc
from sehati.surveys.forms import RespondForm
from sehati.surveys.models import Survey

# The browser's own "answered" flags (survey ids) and the title for the thank-you page.
SESSION_DONE = "sehati_surveys_done"
SESSION_THANKS = "sehati_survey_thanks"


def _today_for(survey: Survey) -> dt.date:
    return local_today(survey.pemda.time_zone or "Asia/Makassar")


def _state(survey: Survey, today: dt.date) -> str:
    """ "open", "closed" or "not_started", as the respondent sees it."""
    if survey.is_closed or (survey.closes_on is not None and today > survey.closes_on):
        return "closed"
    if survey.opens_on is not None and today < survey.opens_on:
        return "not_started"
    return "open"


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SURVEY_RESPOND_STAFF)
    employee = getattr(request.user, "employee", None)
    if employee is None:  # pragma: no cover - the action needs an employee link
        raise PermissionDenied
    return render(
        request, "surveys/staff_list.html", {"rows": sel.staff_surveys_for(employee=employee)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def staff_respond(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access_staff_survey(request.user, survey_id)
    today = _today_for(survey)
    answered = sel.staff_has_answered(
        survey=survey, employee_id=getattr(request.user, "employee_id", None)
    )
    items = svc.items_ordered(survey=survey)
    form = RespondForm(request.POST or None, items=items, initial={"revision": survey.revision})
    status = 200
    if request.method == "POST" and not answered and form.is_valid():
        try:
            svc.staff_response_submit(
                survey=survey,
                employee=getattr(request.user, "employee", None),
                answers=form.answers(),
                revision=form.cleaned_data["revision"],
                today=today,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = 409 if exc.status_code == 409 else 200
        else:
            request.session[SESSION_THANKS] = {"title": survey.title, "again": ""}
            return redirect("surveys:thanks")
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "form": form,
            "answered": answered,
            "state": _state(survey, today),
            "staff": True,
            "sections": form.sections(sel.questionnaire(survey=survey)),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_respond(request: HttpRequest, token: str) -> HttpResponse:
    group = access_survey_link(request.user, token)
    survey = group.survey
    today = _today_for(survey)
    done: list[int] = list(request.session.get(SESSION_DONE, []))
    answered_before = survey.pk in done and not group.shared_device
    items = svc.items_ordered(survey=survey)
    form = RespondForm(request.POST or None, items=items, initial={"revision": survey.revision})
    status = 200
    if request.method == "POST" and not answered_before and form.is_valid():
        try:
            svc.public_response_submit(
                group=group,
                answers=form.answers(),
                revision=form.cleaned_data["revision"],
                today=today,
                client=client_key(request),
                answered_before=survey.pk in done,
            )
        except ThrottledError as exc:
            form.add_error(None, exc.message)
            status = 429
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if not group.shared_device:
                request.session[SESSION_DONE] = [*done, survey.pk][-50:]
            request.session[SESSION_THANKS] = {
                "title": survey.title,
                "again": token if group.shared_device else "",
            }
            return redirect("surveys:thanks")
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "group": group,
            "form": form,
            "answered": answered_before,
            "state": "inactive"
            if not (group.is_active and survey.for_public)
            else _state(survey, today),
            "staff": False,
            "sections": form.sections(sel.questionnaire(survey=survey)),
        },
        status=status,
    )


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SURVEY_RESPOND_PUBLIC)
    shown = request.session.pop(SESSION_THANKS, None)
    if not isinstance(shown, dict):
        shown = {}
    return render(
        request,
        "surveys/thanks.html",
        {"title": str(shown.get("title", "")), "again": str(shown.get("again", ""))},
    )
