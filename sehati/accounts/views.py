"""Account pages: home per role, profile and security, API tokens, the audit timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sehati.accounts.forms import TokenCreateForm
from sehati.accounts.models import ApiToken
from sehati.accounts.policies import Action, require, user_roles
from sehati.accounts.selectors import home_panels, timeline_list
from sehati.accounts.services import token_create, token_revoke, user_has_totp
from sehati.core.errors import ApplicationError


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "accounts/landing.html")
    require(request.user, Action.HOME)
    return render(request, "accounts/home.html", {"panels": home_panels(user=request.user)})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ACCOUNT_SECURITY)
    return render(
        request,
        "accounts/profile.html",
        {
            "has_totp": user_has_totp(request.user),
            "roles": sorted(user_roles(request.user)),
            "grants": request.user.role_grants.select_related("opd", "kecamatan"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.TOKEN_MANAGE)
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = token_create(user=request.user, name=form.cleaned_data["name"])
        except ApplicationError as exc:
            form.add_error("name", exc.message)
        else:
            form = TokenCreateForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    require(request.user, Action.TOKEN_MANAGE)
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” telah dicabut.") % {"name": token.name})
    return redirect("accounts:token_list")


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.AUDIT_VIEW)
    search = request.GET.get("q", "").strip()[:100]
    events = timeline_list(pemda_id=request.user.pemda_id, search=search)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    from sehati.reports.selectors import timeline_masked

    page.object_list = timeline_masked(page.object_list, viewer=request.user)
    return render(request, "accounts/audit_list.html", {"page": page, "q": search})
