"""Notice pages: the list, marking read, opening one (marks it read, then follows its link)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sehati.accounts.policies import Action, require
from sehati.notifications.selectors import access_notice, notice_list
from sehati.notifications.services import notice_mark_read

PAGE_SIZE = 25


def _in_site(request: HttpRequest, url: str) -> bool:
    """Only a relative path on this site: never an absolute or protocol-relative address."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


@login_required
@require_GET
def notice_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.NOTICE_VIEW)
    page = Paginator(notice_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notice_list.html", {"page": page})


@login_required
@require_POST
def notice_read_view(request: HttpRequest) -> HttpResponse:
    """Mark the posted `notice` ids (or, without any, all unread notices) read."""
    require(request.user, Action.NOTICE_VIEW)
    ids = [int(v) for v in request.POST.getlist("notice") if v.isdigit() and len(v) < 19]
    notice_mark_read(
        user=request.user,
        notice_ids=ids if request.POST.getlist("notice") else None,
        now=timezone.now(),
    )
    target = request.POST.get("next", "")
    if target and _in_site(request, target):
        return redirect(target)
    return redirect("notifications:notice_list")


@login_required
@require_GET
def notice_open_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id)
    notice_mark_read(user=request.user, notice_ids=[notice.pk], now=timezone.now())
    if notice.url and _in_site(request, notice.url):
        return redirect(notice.url)
    return redirect("notifications:notice_list")
