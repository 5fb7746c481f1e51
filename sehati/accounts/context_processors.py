"""Navigation per role: the base layout shows only what the user's roles allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from sehati.accounts.policies import Action, can, user_roles
from sehati.notifications.selectors import notice_unread_count

_NAV: list[tuple[Any, str, Action]] = [
    (_("Beranda"), "home", Action.HOME),
    # Dashboards per role (issue #8): shown to whoever may open at least one.
    (_("Dasbor"), "dashboards:index", Action.DASHBOARD_UPG),
    (_("Laporan"), "reports:report_list", Action.REPORT_VIEW),
    (_("Kasus UPG"), "cases:case_list", Action.CASE_VIEW),
    (_("Pegawai"), "org:employee_list", Action.EMPLOYEE_VIEW),
    (_("Organisasi"), "org:opd_list", Action.ORG_VIEW),
    (_("Impor pegawai"), "org:roster_import_list", Action.ROSTER_IMPORT),
    # Periodic declarations (issue #6): a civil servant answers their own; the UPG side follows
    # the periods and the roster per OPD (and reaches its own declarations from there).
    (_("Deklarasi saya"), "declarations:my_list", Action.DECLARATION_ANSWER),
    (_("Deklarasi"), "declarations:period_list", Action.DECLARATION_VIEW),
    (_("Linimasa audit"), "accounts:audit_list", Action.AUDIT_VIEW),
    # UU PDP duties (issue #9 point 3): retention, holds, data-subject requests, access report.
    (_("Data pribadi"), "privacy:index", Action.PRIVACY_VIEW),
    # Periodic recaps to KPK and the regent (issue #8 point 2).
    (_("Rekap periodik"), "dashboards:recap_list", Action.RECAP_VIEW),
    # Sanction cases (issue #6): the UPG and the Inspektorat see the pemda's; an ASN only their
    # own ("Sanksi saya", with an empty state when there is none).
    (_("Sanksi"), "sanctions:case_list", Action.SANCTION_VIEW),
    # TPP payroll (issue #6 point 3): the sanction rules are a tab of its pages.
    (_("Potongan TPP"), "sanctions:payroll_list", Action.PAYROLL_VIEW),
    # The rules on their own, for whoever reaches them neither from the payroll pages nor from
    # the sanction case pages (the admin pemda).
    (_("Aturan sanksi TPP"), "sanctions:rule_list", Action.SANCTION_RULE_VIEW),
    # Internal integrity surveys (issue #7): a civil servant answers, anonymously.
    (_("Survei saya"), "surveys:staff_list", Action.SURVEY_RESPOND_STAFF),
]
# A menu item hidden from users who reach its pages through another item's tabs or links.
# A menu item also shown to users who hold one of these actions (issue #8: one "Dasbor" item
# for every role that has a dashboard).
_NAV_ALSO_WHEN: dict[str, tuple[Action, ...]] = {
    "dashboards:index": (
        Action.DASHBOARD_OPD,
        Action.DASHBOARD_INSPEKTUR,
        Action.DASHBOARD_PEMDA,
    ),
}
_NAV_HIDDEN_WHEN: dict[str, tuple[Action, ...]] = {
    "sanctions:rule_list": (Action.PAYROLL_VIEW, Action.SANCTION_OPEN),
    # Staff who follow declarations reach "Deklarasi saya" from the periods page.
    "declarations:my_list": (Action.DECLARATION_VIEW,),
}


# UP3 (issue #5): one menu item; its pages show the tabs the user may open (`up3_tabs`).
_UP3_TABS: list[tuple[Any, str, Action]] = [
    (_("Kunjungan"), "monitoring:visit_list", Action.VISIT_VIEW),
    (_("Temuan"), "monitoring:finding_list", Action.FINDING_VIEW),
    (_("Pemantau"), "monitoring:monitor_list", Action.MONITOR_VIEW),
    (_("Titik rawan"), "monitoring:prone_list", Action.PRONE_VIEW),
    (_("Daftar periksa"), "monitoring:checklist_list", Action.CHECKLIST_MANAGE),
    (_("Rapat koordinasi"), "monitoring:meeting_list", Action.MEETING_VIEW),
    (_("Ringkasan"), "monitoring:up3_overview", Action.UP3_REPORT),
    (_("Laporan bulanan"), "monitoring:up3_monthly", Action.UP3_REPORT),
]
UP3_PREFIX = "/up3/"


def _up3_tabs(request: HttpRequest) -> list[dict[str, Any]]:
    tabs = []
    for label, url_name, action in _UP3_TABS:
        if not can(request.user, action):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a page of this section not mounted in this installation
            continue
        tabs.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return tabs


# Issue #7: one menu item per area, whose pages show the area's tabs above their content
# (rendered by base.html from `section_tabs`). (menu label, path prefixes, tabs)
_TABBED_SECTIONS: list[tuple[Any, tuple[str, ...], list[tuple[Any, str, Action]]]] = [
    (
        _("Sosialisasi"),
        ("/sosialisasi/",),
        [
            (_("Kegiatan"), "outreach:event_list", Action.OUTREACH_VIEW),
            (_("Dasbor"), "outreach:dashboard", Action.OUTREACH_VIEW),
            (_("Cakupan per OPD"), "outreach:coverage", Action.OUTREACH_VIEW),
            (_("Bank soal"), "outreach:question_list", Action.OUTREACH_MANAGE),
        ],
    ),
    (
        _("Integritas"),
        ("/integritas/", "/survei/"),
        [
            (_("Ringkasan"), "integrity:dashboard", Action.SCORE_VIEW),
            (_("Skor"), "integrity:score_list", Action.SCORE_VIEW),
            (_("Rencana aksi"), "integrity:plan_list", Action.ACTION_PLAN_VIEW),
            (_("Kemajuan rencana aksi"), "integrity:plan_progress", Action.ACTION_PLAN_VIEW),
            (_("Survei internal"), "surveys:survey_list", Action.SURVEY_VIEW),
        ],
    ),
]


def _tabbed_sections(request: HttpRequest) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Menu items of the tabbed sections the user may open, and the tabs of the current one.
    A tab is active when the path is under it and under no longer tab of the section."""
    items: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for label, prefixes, tab_specs in _TABBED_SECTIONS:
        tabs = []
        for tab_label, url_name, action in tab_specs:
            if not can(request.user, action):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # a page of this section not mounted in this installation
                continue
            tabs.append({"label": tab_label, "url": url, "active": False})
        if not tabs:
            continue
        in_section = request.path.startswith(prefixes)
        items.append({"label": label, "url": tabs[0]["url"], "active": in_section})
        if in_section:
            under = [t for t in tabs if request.path.startswith(t["url"])]
            if under:
                max(under, key=lambda t: len(t["url"]))["active"] = True
            current = tabs
    return items, current


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
        hidden_when = _NAV_HIDDEN_WHEN.get(url_name, ())
        allowed = can(user, action) or any(can(user, a) for a in _NAV_ALSO_WHEN.get(url_name, ()))
        if allowed and not any(can(user, a) for a in hidden_when):
            url = reverse(url_name)
            section = _SECTIONS.get(url_name)
            if url == "/":
                active = request.path == url
            elif section:
                active = any(request.path.startswith(reverse(n)) for n in section)
            else:
                active = request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    up3_tabs = _up3_tabs(request)
    if up3_tabs:
        items.append(
            {
                "label": _("UP3"),
                "url": up3_tabs[0]["url"],
                "active": request.path.startswith(UP3_PREFIX),
            }
        )
    section_items, section_tabs = _tabbed_sections(request)
    items.extend(section_items)
    show_notices = can(user, Action.NOTICE_VIEW)
    return {
        "up3_tabs": up3_tabs,
        "section_tabs": section_tabs,
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
