"""Navigation per role: the base layout shows only what the user's roles allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from sehati.accounts.policies import Action, can, user_roles
from sehati.notifications.selectors import notice_unread_count

_NAV: list[tuple[Any, str, Action]] = [
    (_("Beranda"), "home", Action.HOME),
    (_("Laporan"), "reports:report_list", Action.REPORT_VIEW),
    (_("Kasus UPG"), "cases:case_list", Action.CASE_VIEW),
    (_("Pegawai"), "org:employee_list", Action.EMPLOYEE_VIEW),
    (_("Organisasi"), "org:opd_list", Action.ORG_VIEW),
    (_("Impor pegawai"), "org:roster_import_list", Action.ROSTER_IMPORT),
    (_("Linimasa audit"), "accounts:audit_list", Action.AUDIT_VIEW),
]


# A menu item that stands for several pages (tabs on those pages).
_SECTIONS = {"org:opd_list": ("org:opd_list", "org:unit_list", "org:kecamatan_list")}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {
            "nav_items": [],
            "user_roles": frozenset(),
            "current_pemda": getattr(request, "pemda", None),
        }
    items = []
    for label, url_name, action in _NAV:
        if can(user, action):
            url = reverse(url_name)
            section = _SECTIONS.get(url_name)
            if url == "/":
                active = request.path == url
            elif section:
                active = any(request.path.startswith(reverse(n)) for n in section)
            else:
                active = request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    show_notices = can(user, Action.NOTICE_VIEW)
    return {
        "nav_items": items,
        "user_roles": user_roles(user),
        "current_pemda": getattr(request, "pemda", None),
        "show_admin_link": user.is_superuser or (can(user, Action.ADMIN_SITE) and user.is_staff),
        "show_notices": show_notices,
        # The navbar bell: one COUNT query, evaluated only when a template uses it.
        "notice_unread": SimpleLazyObject(lambda: notice_unread_count(user=user))
        if show_notices
        else 0,
    }
