"""The policy table: who may do what, on which scope. The one place access is decided.

`POLICY[action][role]` is the widest scope a role has for an action; a role not listed has no
access. Scopes: `own` (the user's own records), `opd` (the OPD the grant names, with its sub-units),
`pemda` (the whole tenant), `any` (public, also without login). Every page and API operation is
mapped to one action in `ROUTES`, and tests/test_policy_table.py walks roles × routes × in/out of
scope against this table. Later modules extend both tables; the test grows with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sehati.accounts.models import Role, User

if TYPE_CHECKING:
    from sehati.cases.models import Case, CustodyItem
    from sehati.monitoring.models import (
        ChecklistItem,
        Finding,
        Meeting,
        Monitor,
        ProneService,
        Tip,
        Visit,
    )
    from sehati.org.models import Employee, RosterImport
    from sehati.reports.models import GiftReport
    from sehati.sanctions.models import SanctionCase, SanctionRuleRecord


class Scope(StrEnum):
    OWN = "own"
    OPD = "opd"
    PEMDA = "pemda"
    ANY = "any"


_SCOPE_RANK = {Scope.OWN: 1, Scope.OPD: 2, Scope.PEMDA: 3, Scope.ANY: 4}


class Action(StrEnum):
    PUBLIC_PAGE = "public.view"  # login, password reset, health, language switch, home
    HOME = "home.view"
    ORG_VIEW = "org.view"
    EMPLOYEE_VIEW = "employee.view"
    ROSTER_IMPORT = "roster.import"
    AUDIT_VIEW = "audit.view"
    TOKEN_MANAGE = "token.manage"  # noqa: S105 - an action name, not a secret
    ACCOUNT_SECURITY = "account.security"
    ADMIN_SITE = "admin.site"
    # Third-party admin models that are not tenant-scoped (login attempts, MFA secrets, groups):
    # no role has them; only a platform superuser.
    PLATFORM_ADMIN = "platform.admin"
    REPORT_CREATE = "report.create"
    REPORT_VIEW = "report.view"
    REPORT_SUBMIT = "report.submit"
    REPORT_CREATE_FOR = "report.create_for"  # a UPG officer files a reporter's paper form
    REPORT_REPLY = "report.reply"  # the reporter answers the UPG on their own report
    CASE_VIEW = "case.view"
    CASE_WORK = "case.work"  # verification, completeness, analysis, messages, custody
    CASE_KPK = "case.kpk"  # forwarding to KPK, the SK, follow-up, KPK documents
    IDENTITY_ACCESS = "identity.access"  # manage who sees confidential reporters (head of UPG)
    NOTICE_VIEW = "notice.view"
    TIP_VIEW = "tip.view"  # public tips, on the UPG side (filing and lookup are public pages)
    TIP_WORK = "tip.work"
    # UP3 community monitoring (issue #5)
    MONITOR_VIEW = "monitor.view"  # the registry of UP3 monitors (a monitor: their own entry)
    MONITOR_MANAGE = "monitor.manage"  # register, edit, give an account
    PRONE_VIEW = "prone.view"  # the map of gratification-prone service points
    PRONE_MANAGE = "prone.manage"
    CHECKLIST_VIEW = "checklist.view"  # the visit checklist (a monitor's app fetches it)
    CHECKLIST_MANAGE = "checklist.manage"
    VISIT_CREATE = "visit.create"  # a monitor files (and keeps drafts of) their own visits
    VISIT_VIEW = "visit.view"
    FINDING_VIEW = "finding.view"
    FINDING_RESPOND = "finding.respond"  # the head of the OPD concerned answers
    FINDING_WORK = "finding.work"  # the UPG: record, verify, close, return, escalate, KPK
    MEETING_VIEW = "meeting.view"  # monthly coordination meetings
    MEETING_MANAGE = "meeting.manage"
    UP3_REPORT = "up3.report"  # overview per kecamatan/unit and the monthly report to the regent
    # Periodic declarations (issue #6 point 1)
    DECLARATION_ANSWER = "declaration.answer"  # a civil servant answers their own
    DECLARATION_VIEW = "declaration.view"  # periods and the roster per OPD
    DECLARATION_MANAGE = "declaration.manage"  # open, edit and close a period; remind
    # Sanction cases, the TPP deduction and the payroll list (issue #6 points 2-5)
    SANCTION_VIEW = "sanction.view"  # a civil servant: only the cases about themselves
    SANCTION_OPEN = "sanction.open"  # open a case (from a finding, a declaration, by hand …)
    SANCTION_WORK = "sanction.work"  # examination, decision, appeal outcome, discipline, letters
    SANCTION_APPEAL = "sanction.appeal"  # the civil servant files a keberatan on their own case
    SANCTION_RULE_VIEW = "sanction_rule.view"
    SANCTION_RULE_MANAGE = "sanction_rule.manage"
    PAYROLL_VIEW = "payroll.view"  # the monthly TPP deduction list and its downloads
    PAYROLL_PROCESS = "payroll.process"  # mark a month processed (it never changes again)
    # Socialisation (issue #7 point 1)
    OUTREACH_VIEW = "outreach.view"  # events, their figures, coverage per OPD, the dashboard
    OUTREACH_MANAGE = (
        "outreach.manage"  # events, materials, attendance, question bank, certificates
    )
    OUTREACH_JOIN = "outreach.join"  # a participant: register, check in by QR, tests, certificate
    # Integrity scores and action plans (issue #7 points 2, 3, 5)
    SCORE_VIEW = "score.view"  # the register of published scores, trends, gaps, dashboard
    SCORE_MANAGE = "score.manage"  # enter, import, correct scores; set targets
    ACTION_PLAN_VIEW = "action_plan.view"
    ACTION_PLAN_MANAGE = "action_plan.manage"  # create, edit, link, cancel action plans
    ACTION_PLAN_UPDATE = "action_plan.update"  # the owner OPD reports progress and evidence
    # Internal integrity surveys (issue #7 point 4)
    SURVEY_VIEW = "survey.view"  # questionnaires and their results (groups >= the minimum)
    SURVEY_MANAGE = "survey.manage"  # build, open, close questionnaires; links and QR codes
    SURVEY_RESPOND_STAFF = "survey.respond_staff"  # a civil servant answers, anonymously
    SURVEY_RESPOND_PUBLIC = "survey.respond_public"  # a service user, by link or QR, no login
    # Dashboards, periodic recaps and the public transparency page (issue #8)
    DASHBOARD_UPG = "dashboard.upg"  # reports, cases, deadlines, custody (UPG pembantu: its OPD)
    DASHBOARD_OPD = "dashboard.opd"  # one OPD: reports (suppressed), findings, declarations, reach
    DASHBOARD_INSPEKTUR = "dashboard.inspektur"  # everything, sanctions included
    DASHBOARD_PEMDA = "dashboard.pemda"  # the regent's summary: compliance, integrity, UP3
    RECAP_VIEW = "recap.view"  # the periodic recaps to KPK and the regent, their PDF and XLSX
    RECAP_ISSUE = "recap.issue"  # number and date a recap letter; it is then frozen
    # UU PDP duties (issue #9 point 3)
    PRIVACY_VIEW = "privacy.view"  # retention schedule, holds, runs, data-subject requests
    PRIVACY_MANAGE = "privacy.manage"  # set the schedule, place/release holds, run, handle DSRs
    ACCESS_REPORT = "privacy.access_report"  # who saw which person's data in a period
    # A stored file (evidence, SK scan …): the route is open to every signed-in role; the real
    # check is the one its subject registered (sehati/core/files.py, `access_stored_file`).
    FILE_VIEW = "file.view"


R = Role
_ALL_SIGNED_IN = {
    R.PELAPOR: Scope.OWN,
    R.UPG_PEMBANTU: Scope.OWN,
    R.UPG: Scope.OWN,
    R.KEPALA_OPD: Scope.OWN,
    R.PEMANTAU: Scope.OWN,
    R.INSPEKTUR: Scope.OWN,
    R.OPERATOR_TPP: Scope.OWN,
    R.ADMIN: Scope.OWN,
    R.KEPALA_DAERAH: Scope.OWN,
}

POLICY: dict[Action, dict[Role, Scope]] = {
    Action.PUBLIC_PAGE: {R.PUBLIK: Scope.ANY, **_ALL_SIGNED_IN},
    Action.HOME: dict(_ALL_SIGNED_IN),
    Action.ORG_VIEW: dict.fromkeys(_ALL_SIGNED_IN, Scope.PEMDA),
    Action.EMPLOYEE_VIEW: {
        R.PELAPOR: Scope.OWN,
        R.UPG_PEMBANTU: Scope.OPD,
        R.KEPALA_OPD: Scope.OPD,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.OPERATOR_TPP: Scope.PEMDA,
        R.ADMIN: Scope.PEMDA,
    },
    Action.ROSTER_IMPORT: {R.OPERATOR_TPP: Scope.PEMDA, R.ADMIN: Scope.PEMDA},
    Action.AUDIT_VIEW: {R.INSPEKTUR: Scope.PEMDA, R.ADMIN: Scope.PEMDA},
    Action.TOKEN_MANAGE: dict(_ALL_SIGNED_IN),
    Action.ACCOUNT_SECURITY: dict(_ALL_SIGNED_IN),
    Action.ADMIN_SITE: {R.ADMIN: Scope.PEMDA},
    Action.PLATFORM_ADMIN: {},
    # Gift reports (issue #4): a civil servant files their own; the UPG pembantu sees its OPD's,
    # the UPG and the Inspektur the whole pemda's. Heads of OPD do not see reports (the reporter
    # is protected; GRATIFICATION_LAW.md §2.9).
    Action.REPORT_CREATE: {R.PELAPOR: Scope.OWN},
    # `own` for a report: the reporter's own, or one the user filed for a reporter.
    Action.REPORT_SUBMIT: {R.PELAPOR: Scope.OWN, R.UPG_PEMBANTU: Scope.OWN, R.UPG: Scope.OWN},
    Action.REPORT_CREATE_FOR: {R.UPG_PEMBANTU: Scope.OPD, R.UPG: Scope.PEMDA},
    Action.REPORT_VIEW: {
        R.PELAPOR: Scope.OWN,
        R.UPG_PEMBANTU: Scope.OPD,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    Action.FILE_VIEW: dict(_ALL_SIGNED_IN),
    Action.REPORT_REPLY: {R.PELAPOR: Scope.OWN},
    # UPG case work (issue #4): the UPG pembantu works its OPD's cases up to the analysis; the
    # central UPG works every case and alone deals with KPK; the Inspektur reads.
    Action.CASE_VIEW: {R.UPG_PEMBANTU: Scope.OPD, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.CASE_WORK: {R.UPG_PEMBANTU: Scope.OPD, R.UPG: Scope.PEMDA},
    Action.CASE_KPK: {R.UPG: Scope.PEMDA},
    # The service further requires the user to be the pemda's head of UPG.
    Action.IDENTITY_ACCESS: {R.UPG: Scope.PEMDA},
    # Public tips (issue #5): the UPG handles them; the Inspektur reads.
    Action.TIP_VIEW: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.TIP_WORK: {R.UPG: Scope.PEMDA},
    # UP3 (issue #5). A monitor sees their own entry, visits and the findings from them; the
    # head of an OPD sees and answers the findings about their OPD (with its sub-units) and
    # nothing else; the UPG runs the loop and reports to the regent; the Inspektur reads.
    Action.MONITOR_VIEW: {R.PEMANTAU: Scope.OWN, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.MONITOR_MANAGE: {R.UPG: Scope.PEMDA},
    Action.PRONE_VIEW: {
        R.PEMANTAU: Scope.PEMDA,
        R.KEPALA_OPD: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.PEMDA,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    Action.PRONE_MANAGE: {R.UPG: Scope.PEMDA},
    Action.CHECKLIST_VIEW: {R.PEMANTAU: Scope.PEMDA, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.CHECKLIST_MANAGE: {R.UPG: Scope.PEMDA},
    Action.VISIT_CREATE: {R.PEMANTAU: Scope.OWN},
    Action.VISIT_VIEW: {R.PEMANTAU: Scope.OWN, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.FINDING_VIEW: {
        R.PEMANTAU: Scope.OWN,
        R.KEPALA_OPD: Scope.OPD,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    Action.FINDING_RESPOND: {R.KEPALA_OPD: Scope.OPD},
    Action.FINDING_WORK: {R.UPG: Scope.PEMDA},
    Action.MEETING_VIEW: {R.PEMANTAU: Scope.PEMDA, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.MEETING_MANAGE: {R.UPG: Scope.PEMDA},
    Action.UP3_REPORT: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    # Periodic declarations (issue #6): every civil servant answers their own; the UPG opens and
    # closes periods; the UPG pembantu and the head of an OPD follow their OPD's roster.
    Action.DECLARATION_ANSWER: {R.PELAPOR: Scope.OWN},
    Action.DECLARATION_VIEW: {
        R.UPG_PEMBANTU: Scope.OPD,
        R.KEPALA_OPD: Scope.OPD,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    Action.DECLARATION_MANAGE: {R.UPG: Scope.PEMDA},
    # Sanctions (issue #6; GRATIFICATION_LAW.md §4.3: the trigger is a proven finding of the
    # Inspektorat's examination). The UPG and the Inspektorat open cases; the Inspektorat
    # examines and decides; the civil servant sees only their own cases and may appeal; the
    # operator TPP (BKPSDM) gets the monthly list and marks it processed.
    Action.SANCTION_VIEW: {R.PELAPOR: Scope.OWN, R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.SANCTION_OPEN: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.SANCTION_WORK: {R.INSPEKTUR: Scope.PEMDA},
    Action.SANCTION_APPEAL: {R.PELAPOR: Scope.OWN},
    Action.SANCTION_RULE_VIEW: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.OPERATOR_TPP: Scope.PEMDA,
        R.ADMIN: Scope.PEMDA,
    },
    Action.SANCTION_RULE_MANAGE: {R.INSPEKTUR: Scope.PEMDA, R.ADMIN: Scope.PEMDA},
    Action.PAYROLL_VIEW: {R.OPERATOR_TPP: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.PAYROLL_PROCESS: {R.OPERATOR_TPP: Scope.PEMDA},
    # Socialisation (issue #7): the UPG runs events; the Inspektur and the OPD-bound staff follow
    # them and the coverage (OPD-bound roles: the pemda's events, their own OPD's coverage rows
    # are the page's business); anyone, signed in or not, takes part through the event's link.
    Action.OUTREACH_VIEW: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.PEMDA,
        R.KEPALA_OPD: Scope.PEMDA,
    },
    Action.OUTREACH_MANAGE: {R.UPG: Scope.PEMDA},
    Action.OUTREACH_JOIN: {R.PUBLIK: Scope.ANY, **dict.fromkeys(_ALL_SIGNED_IN, Scope.ANY)},
    # Integrity scores (issue #7): published figures, read by those who steer; the UPG and the
    # Inspektorat keep the register. Action plans: the owner OPD reports its own progress.
    Action.SCORE_VIEW: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.PEMDA,
        R.KEPALA_OPD: Scope.PEMDA,
    },
    Action.SCORE_MANAGE: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.ACTION_PLAN_VIEW: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.OPD,
        R.KEPALA_OPD: Scope.OPD,
    },
    Action.ACTION_PLAN_MANAGE: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.ACTION_PLAN_UPDATE: {
        R.UPG: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.OPD,
        R.KEPALA_OPD: Scope.OPD,
    },
    # Internal surveys (issue #7): results are aggregates shown only for groups at or above the
    # minimum size; answers carry no identity. Staff answer signed in (so only staff answer the
    # staff groups); service users answer by the public link without login.
    Action.SURVEY_VIEW: {R.UPG: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.SURVEY_MANAGE: {R.UPG: Scope.PEMDA},
    Action.SURVEY_RESPOND_STAFF: {R.PELAPOR: Scope.OWN},
    Action.SURVEY_RESPOND_PUBLIC: {
        R.PUBLIK: Scope.ANY,
        **dict.fromkeys(_ALL_SIGNED_IN, Scope.ANY),
    },
    # Dashboards (issue #8): aggregates only; each role's page reads its own scope. The head of
    # an OPD sees their OPD's report counts with small cells suppressed (reporters are protected).
    Action.DASHBOARD_UPG: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.UPG_PEMBANTU: Scope.OPD,
    },
    Action.DASHBOARD_OPD: {
        R.KEPALA_OPD: Scope.OPD,
        R.UPG_PEMBANTU: Scope.OPD,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    Action.DASHBOARD_INSPEKTUR: {R.INSPEKTUR: Scope.PEMDA},
    Action.DASHBOARD_PEMDA: {
        R.KEPALA_DAERAH: Scope.PEMDA,
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
    },
    # Periodic recaps (issue #8 point 2; DECISIONS.md #15): the UPG writes them to KPK and the
    # regent; the Inspektur and the regent read them.
    Action.RECAP_VIEW: {
        R.UPG: Scope.PEMDA,
        R.INSPEKTUR: Scope.PEMDA,
        R.KEPALA_DAERAH: Scope.PEMDA,
    },
    Action.RECAP_ISSUE: {R.UPG: Scope.PEMDA},
    # UU PDP (issue #9 point 3): the admin pemda acts for the data controller (the pemda); the
    # Inspektorat oversees it and reads the access report for a breach notice.
    Action.PRIVACY_VIEW: {R.ADMIN: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    Action.PRIVACY_MANAGE: {R.ADMIN: Scope.PEMDA},
    Action.ACCESS_REPORT: {R.ADMIN: Scope.PEMDA, R.INSPEKTUR: Scope.PEMDA},
    # In-app notices and deadline reminders: each user sees only their own.
    Action.NOTICE_VIEW: dict(_ALL_SIGNED_IN),
}

# Roles whose accounts must have TOTP before doing anything (issue #2, ARCHITECTURE.md "auth").
MFA_REQUIRED_ROLES: frozenset[Role] = frozenset({R.UPG, R.INSPEKTUR, R.ADMIN})


@dataclass(frozen=True)
class Route:
    """A page or API operation and the action it needs. `subject` names the object kind whose
    scope the route checks (None: the route is about the whole pemda or the user)."""

    action: Action
    subject: str | None = None


# Every URL name (pages) and every "METHOD /api/v1/path" (API operations). Django admin and
# allauth URLs are mapped by namespace/prefix in `route_for_url_name`.
ROUTES: dict[str, Route] = {
    # public
    "healthz": Route(Action.PUBLIC_PAGE),
    # Monitoring: open to the server itself (or a bearer token), 404 from anywhere else
    # (sehati/core/observability.py); the walker's requests come from 127.0.0.1.
    "metrics": Route(Action.PUBLIC_PAGE),
    "set_language": Route(Action.PUBLIC_PAGE),
    "home": Route(Action.PUBLIC_PAGE),
    "reports:selfcheck": Route(Action.PUBLIC_PAGE),
    "reports:report_list": Route(Action.REPORT_VIEW),
    "reports:report_create": Route(Action.REPORT_CREATE),
    "reports:report_create_for": Route(Action.REPORT_CREATE_FOR),
    "reports:report_detail": Route(Action.REPORT_VIEW, subject="report"),
    "reports:report_edit": Route(Action.REPORT_SUBMIT, subject="report"),
    "reports:report_submit": Route(Action.REPORT_SUBMIT, subject="report"),
    "reports:report_evidence_add": Route(Action.REPORT_SUBMIT, subject="report"),
    "core:file_download": Route(Action.FILE_VIEW, subject="file"),
    "notifications:notice_list": Route(Action.NOTICE_VIEW),
    "notifications:notice_read": Route(Action.NOTICE_VIEW),
    "notifications:notice_open": Route(Action.NOTICE_VIEW, subject="notice"),
    # public tips (issue #5)
    "monitoring:tip_create": Route(Action.PUBLIC_PAGE),
    "monitoring:tip_lookup": Route(Action.PUBLIC_PAGE),
    "monitoring:tip_list": Route(Action.TIP_VIEW),
    "monitoring:tip_detail": Route(Action.TIP_VIEW, subject="tip"),
    "monitoring:tip_message": Route(Action.TIP_WORK, subject="tip"),
    "monitoring:tip_status": Route(Action.TIP_WORK, subject="tip"),
    "POST /api/v1/tips": Route(Action.PUBLIC_PAGE),
    "POST /api/v1/tips/lookup": Route(Action.PUBLIC_PAGE),
    "GET /api/v1/tips": Route(Action.TIP_VIEW),
    "GET /api/v1/tips/{tip_id}": Route(Action.TIP_VIEW, subject="tip"),
    "POST /api/v1/tips/{tip_id}/messages": Route(Action.TIP_WORK, subject="tip"),
    "POST /api/v1/tips/{tip_id}/status": Route(Action.TIP_WORK, subject="tip"),
    # UP3: monitors, titik rawan, checklist (issue #5 points 1-3)
    "monitoring:monitor_list": Route(Action.MONITOR_VIEW),
    "monitoring:monitor_create": Route(Action.MONITOR_MANAGE),
    "monitoring:monitor_detail": Route(Action.MONITOR_VIEW, subject="monitor"),
    "monitoring:monitor_edit": Route(Action.MONITOR_MANAGE, subject="monitor"),
    "monitoring:monitor_account": Route(Action.MONITOR_MANAGE, subject="monitor"),
    "monitoring:prone_list": Route(Action.PRONE_VIEW),
    "monitoring:prone_create": Route(Action.PRONE_MANAGE),
    "monitoring:prone_edit": Route(Action.PRONE_MANAGE, subject="prone_service"),
    "monitoring:checklist_list": Route(Action.CHECKLIST_MANAGE),
    "monitoring:checklist_edit": Route(Action.CHECKLIST_MANAGE, subject="checklist_item"),
    "GET /api/v1/monitors": Route(Action.MONITOR_VIEW),
    "POST /api/v1/monitors": Route(Action.MONITOR_MANAGE),
    "GET /api/v1/monitors/{monitor_id}": Route(Action.MONITOR_VIEW, subject="monitor"),
    "PATCH /api/v1/monitors/{monitor_id}": Route(Action.MONITOR_MANAGE, subject="monitor"),
    "POST /api/v1/monitors/{monitor_id}/account": Route(Action.MONITOR_MANAGE, subject="monitor"),
    "GET /api/v1/prone-services": Route(Action.PRONE_VIEW),
    "POST /api/v1/prone-services": Route(Action.PRONE_MANAGE),
    "PATCH /api/v1/prone-services/{prone_id}": Route(Action.PRONE_MANAGE, subject="prone_service"),
    "GET /api/v1/checklist": Route(Action.CHECKLIST_VIEW),
    "POST /api/v1/checklist": Route(Action.CHECKLIST_MANAGE),
    "PATCH /api/v1/checklist/{item_id}": Route(Action.CHECKLIST_MANAGE, subject="checklist_item"),
    # UP3: visits and findings (points 3-4)
    "monitoring:visit_list": Route(Action.VISIT_VIEW),
    "monitoring:visit_create": Route(Action.VISIT_CREATE),
    "monitoring:visit_detail": Route(Action.VISIT_VIEW, subject="visit"),
    "monitoring:visit_edit": Route(Action.VISIT_CREATE, subject="visit"),
    "monitoring:finding_list": Route(Action.FINDING_VIEW),
    "monitoring:finding_create": Route(Action.FINDING_WORK),
    "monitoring:finding_detail": Route(Action.FINDING_VIEW, subject="finding"),
    "monitoring:finding_respond": Route(Action.FINDING_RESPOND, subject="finding"),
    "monitoring:finding_verify": Route(Action.FINDING_WORK, subject="finding"),
    "monitoring:finding_escalate": Route(Action.FINDING_WORK, subject="finding"),
    "monitoring:finding_kpk": Route(Action.FINDING_WORK, subject="finding"),
    "monitoring:finding_employee": Route(Action.FINDING_WORK, subject="finding"),
    "GET /api/v1/visits": Route(Action.VISIT_VIEW),
    "POST /api/v1/visits": Route(Action.VISIT_CREATE),
    "GET /api/v1/visits/{visit_id}": Route(Action.VISIT_VIEW, subject="visit"),
    "POST /api/v1/visits/{visit_id}/photos": Route(Action.VISIT_CREATE, subject="visit"),
    "POST /api/v1/visits/{visit_id}/submit": Route(Action.VISIT_CREATE, subject="visit"),
    "GET /api/v1/findings": Route(Action.FINDING_VIEW),
    "POST /api/v1/findings": Route(Action.FINDING_WORK),
    "GET /api/v1/findings/{finding_id}": Route(Action.FINDING_VIEW, subject="finding"),
    "POST /api/v1/findings/{finding_id}/response": Route(Action.FINDING_RESPOND, subject="finding"),
    "POST /api/v1/findings/{finding_id}/verify": Route(Action.FINDING_WORK, subject="finding"),
    "POST /api/v1/findings/{finding_id}/escalate": Route(Action.FINDING_WORK, subject="finding"),
    "POST /api/v1/findings/{finding_id}/kpk": Route(Action.FINDING_WORK, subject="finding"),
    "POST /api/v1/findings/{finding_id}/employee": Route(Action.FINDING_WORK, subject="finding"),
    "GET /api/v1/findings/{finding_id}/files": Route(Action.FINDING_VIEW, subject="finding"),
    "POST /api/v1/findings/{finding_id}/evidence": Route(Action.FINDING_WORK, subject="finding"),
    "POST /api/v1/findings/{finding_id}/response-files": Route(
        Action.FINDING_RESPOND, subject="finding"
    ),
    # UP3: meetings, overview, monthly report to the regent (points 6-7)
    "monitoring:meeting_list": Route(Action.MEETING_VIEW),
    "monitoring:meeting_create": Route(Action.MEETING_MANAGE),
    "monitoring:meeting_detail": Route(Action.MEETING_VIEW, subject="meeting"),
    "monitoring:meeting_edit": Route(Action.MEETING_MANAGE, subject="meeting"),
    "monitoring:up3_overview": Route(Action.UP3_REPORT),
    "monitoring:up3_monthly": Route(Action.UP3_REPORT),
    "monitoring:up3_monthly_pdf": Route(Action.UP3_REPORT),
    "monitoring:up3_monthly_xlsx": Route(Action.UP3_REPORT),
    "GET /api/v1/meetings": Route(Action.MEETING_VIEW),
    "POST /api/v1/meetings": Route(Action.MEETING_MANAGE),
    "GET /api/v1/meetings/{meeting_id}": Route(Action.MEETING_VIEW, subject="meeting"),
    "PATCH /api/v1/meetings/{meeting_id}": Route(Action.MEETING_MANAGE, subject="meeting"),
    "POST /api/v1/meetings/{meeting_id}/files": Route(Action.MEETING_MANAGE, subject="meeting"),
    "GET /api/v1/up3/overview": Route(Action.UP3_REPORT),
    "GET /api/v1/up3/monthly/{year}/{month}": Route(Action.UP3_REPORT),
    "GET /api/v1/up3/monthly/{year}/{month}/pdf": Route(Action.UP3_REPORT),
    "GET /api/v1/up3/monthly/{year}/{month}/xlsx": Route(Action.UP3_REPORT),
    # periodic declarations (issue #6 point 1)
    "declarations:my_list": Route(Action.DECLARATION_ANSWER),
    "declarations:answer": Route(Action.DECLARATION_ANSWER, subject="declaration"),
    "declarations:period_list": Route(Action.DECLARATION_VIEW),
    "declarations:period_create": Route(Action.DECLARATION_MANAGE),
    "declarations:period_detail": Route(Action.DECLARATION_VIEW, subject="declaration_period"),
    "declarations:period_xlsx": Route(Action.DECLARATION_VIEW, subject="declaration_period"),
    "declarations:period_edit": Route(Action.DECLARATION_MANAGE, subject="declaration_period"),
    "declarations:period_close": Route(Action.DECLARATION_MANAGE, subject="declaration_period"),
    "declarations:period_remind": Route(Action.DECLARATION_MANAGE, subject="declaration_period"),
    "declarations:declaration_detail": Route(Action.DECLARATION_VIEW, subject="declaration"),
    "declarations:declaration_sanction": Route(Action.SANCTION_OPEN, subject="declaration"),
    "GET /api/v1/declaration-periods": Route(Action.DECLARATION_VIEW),
    "POST /api/v1/declaration-periods": Route(Action.DECLARATION_MANAGE),
    "GET /api/v1/declaration-periods/{period_id}": Route(
        Action.DECLARATION_VIEW, subject="declaration_period"
    ),
    "PATCH /api/v1/declaration-periods/{period_id}": Route(
        Action.DECLARATION_MANAGE, subject="declaration_period"
    ),
    "POST /api/v1/declaration-periods/{period_id}/close": Route(
        Action.DECLARATION_MANAGE, subject="declaration_period"
    ),
    "POST /api/v1/declaration-periods/{period_id}/remind": Route(
        Action.DECLARATION_MANAGE, subject="declaration_period"
    ),
    "GET /api/v1/declaration-periods/{period_id}/roster": Route(
        Action.DECLARATION_VIEW, subject="declaration_period"
    ),
    "GET /api/v1/declaration-periods/{period_id}/people": Route(
        Action.DECLARATION_VIEW, subject="declaration_period"
    ),
    "GET /api/v1/declarations": Route(Action.DECLARATION_ANSWER),
    "GET /api/v1/declarations/{declaration_id}": Route(
        Action.DECLARATION_ANSWER, subject="declaration"
    ),
    "POST /api/v1/declarations/{declaration_id}/answer": Route(
        Action.DECLARATION_ANSWER, subject="declaration"
    ),
    "POST /api/v1/declarations/{declaration_id}/sanction-case": Route(
        Action.SANCTION_OPEN, subject="declaration"
    ),
    # -- end of declarations --
    # sanction cases, appeals, discipline, letters (issue #6 points 2, 4, 5)
    "sanctions:case_list": Route(Action.SANCTION_VIEW),
    "sanctions:case_open": Route(Action.SANCTION_OPEN),
    "sanctions:case_detail": Route(Action.SANCTION_VIEW, subject="sanction_case"),
    "sanctions:case_gift_add": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_step_add": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_evidence": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_decide": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_appeal": Route(Action.SANCTION_APPEAL, subject="sanction_case"),
    "sanctions:case_appeal_record": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_appeal_outcome": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_discipline": Route(Action.SANCTION_WORK, subject="sanction_case"),
    "sanctions:case_summons_pdf": Route(Action.SANCTION_VIEW, subject="sanction_case"),
    "sanctions:case_decision_pdf": Route(Action.SANCTION_VIEW, subject="sanction_case"),
    "sanctions:letter_templates": Route(Action.SANCTION_WORK),
    "GET /api/v1/sanction-cases": Route(Action.SANCTION_VIEW),
    "POST /api/v1/sanction-cases": Route(Action.SANCTION_OPEN),
    "GET /api/v1/sanction-cases/{case_id}": Route(Action.SANCTION_VIEW, subject="sanction_case"),
    "POST /api/v1/sanction-cases/{case_id}/gifts": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/steps": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "GET /api/v1/sanction-cases/{case_id}/files": Route(
        Action.SANCTION_VIEW, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/files": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "GET /api/v1/sanction-cases/{case_id}/deduction-preview": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/decide": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/appeals": Route(
        Action.SANCTION_APPEAL, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/appeal/files": Route(
        Action.SANCTION_APPEAL, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/appeals/on-behalf": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/appeal-outcome": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "POST /api/v1/sanction-cases/{case_id}/discipline": Route(
        Action.SANCTION_WORK, subject="sanction_case"
    ),
    "GET /api/v1/sanction-cases/{case_id}/letters/summons": Route(
        Action.SANCTION_VIEW, subject="sanction_case"
    ),
    "GET /api/v1/sanction-cases/{case_id}/letters/decision": Route(
        Action.SANCTION_VIEW, subject="sanction_case"
    ),
    # -- end of sanction cases --
    # TPP payroll list and sanction rules (issue #6 point 3)
    "sanctions:payroll_list": Route(Action.PAYROLL_VIEW),
    "sanctions:payroll_month": Route(Action.PAYROLL_VIEW),
    "sanctions:payroll_csv": Route(Action.PAYROLL_VIEW),
    "sanctions:payroll_xlsx": Route(Action.PAYROLL_VIEW),
    "sanctions:payroll_process": Route(Action.PAYROLL_PROCESS),
    "sanctions:rule_list": Route(Action.SANCTION_RULE_VIEW),
    "sanctions:rule_create": Route(Action.SANCTION_RULE_MANAGE),
    "sanctions:rule_edit": Route(Action.SANCTION_RULE_MANAGE, subject="sanction_rule"),
    "GET /api/v1/payroll": Route(Action.PAYROLL_VIEW),
    "GET /api/v1/payroll/{period}": Route(Action.PAYROLL_VIEW),
    "GET /api/v1/payroll/{period}/csv": Route(Action.PAYROLL_VIEW),
    "GET /api/v1/payroll/{period}/xlsx": Route(Action.PAYROLL_VIEW),
    "POST /api/v1/payroll/{period}/process": Route(Action.PAYROLL_PROCESS),
    "GET /api/v1/sanction-rules": Route(Action.SANCTION_RULE_VIEW),
    "POST /api/v1/sanction-rules": Route(Action.SANCTION_RULE_MANAGE),
    "GET /api/v1/sanction-rules/{rule_id}": Route(
        Action.SANCTION_RULE_VIEW, subject="sanction_rule"
    ),
    "PATCH /api/v1/sanction-rules/{rule_id}": Route(
        Action.SANCTION_RULE_MANAGE, subject="sanction_rule"
    ),
    # -- end of TPP payroll --
    # socialisation events, participants, tests, certificates, coverage (issue #7 point 1)
    "outreach:event_list": Route(Action.OUTREACH_VIEW),
    "outreach:event_create": Route(Action.OUTREACH_MANAGE),
    "outreach:dashboard": Route(Action.OUTREACH_VIEW),
    "outreach:dashboard_xlsx": Route(Action.OUTREACH_VIEW),
    "outreach:coverage": Route(Action.OUTREACH_VIEW),
    "outreach:coverage_xlsx": Route(Action.OUTREACH_VIEW),
    "outreach:event_detail": Route(Action.OUTREACH_VIEW, subject="outreach_event"),
    "outreach:event_edit": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:event_held": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:event_cancel": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:event_materials": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:event_qr_png": Route(Action.OUTREACH_VIEW, subject="outreach_event"),
    "outreach:event_attendance": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:event_attendance_add": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:participant_list": Route(Action.OUTREACH_VIEW, subject="outreach_event"),
    "outreach:participant_xlsx": Route(Action.OUTREACH_VIEW, subject="outreach_event"),
    "outreach:event_certificates": Route(Action.OUTREACH_MANAGE, subject="outreach_event"),
    "outreach:participant_certificate_staff": Route(
        Action.OUTREACH_MANAGE, subject="outreach_participant"
    ),
    "outreach:participant_unattend": Route(Action.OUTREACH_MANAGE, subject="outreach_participant"),
    # a participant, with or without an account: the secret code in the link is the key
    "outreach:register": Route(Action.OUTREACH_JOIN, subject="outreach_join_code"),
    "outreach:checkin": Route(Action.OUTREACH_JOIN, subject="outreach_join_code"),
    "outreach:participant_home": Route(Action.OUTREACH_JOIN, subject="outreach_participant_code"),
    "outreach:participant_checkin": Route(
        Action.OUTREACH_JOIN, subject="outreach_participant_code"
    ),
    "outreach:participant_material": Route(Action.OUTREACH_JOIN, subject="outreach_material"),
    "outreach:participant_certificate": Route(
        Action.OUTREACH_JOIN, subject="outreach_participant_code"
    ),
    "GET /api/v1/outreach/events": Route(Action.OUTREACH_VIEW),
    "POST /api/v1/outreach/events": Route(Action.OUTREACH_MANAGE),
    "GET /api/v1/outreach/events/{event_id}": Route(Action.OUTREACH_VIEW, subject="outreach_event"),
    "PATCH /api/v1/outreach/events/{event_id}": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/held": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/cancel": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "GET /api/v1/outreach/events/{event_id}/files": Route(
        Action.OUTREACH_VIEW, subject="outreach_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/files": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "GET /api/v1/outreach/events/{event_id}/participants": Route(
        Action.OUTREACH_VIEW, subject="outreach_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/participants": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "GET /api/v1/outreach/events/{event_id}/participants/xlsx": Route(
        Action.OUTREACH_VIEW, subject="outreach_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/attendance": Route(
        Action.OUTREACH_MANAGE, subject="outreach_event"
    ),
    "POST /api/v1/outreach/participants/{participant_id}/unattend": Route(
        Action.OUTREACH_MANAGE, subject="outreach_participant"
    ),
    "GET /api/v1/outreach/participants/{participant_id}/certificate": Route(
        Action.OUTREACH_MANAGE, subject="outreach_participant"
    ),
    "GET /api/v1/outreach/coverage": Route(Action.OUTREACH_VIEW),
    "GET /api/v1/outreach/coverage/xlsx": Route(Action.OUTREACH_VIEW),
    "GET /api/v1/outreach/dashboard": Route(Action.OUTREACH_VIEW),
    "GET /api/v1/outreach/dashboard/xlsx": Route(Action.OUTREACH_VIEW),
    "GET /api/v1/outreach/join/{join_code}": Route(
        Action.OUTREACH_JOIN, subject="outreach_join_code"
    ),
    "POST /api/v1/outreach/join/{join_code}/register": Route(
        Action.OUTREACH_JOIN, subject="outreach_join_code"
    ),
    "POST /api/v1/outreach/join/{join_code}/checkin": Route(
        Action.OUTREACH_JOIN, subject="outreach_join_code"
    ),
    "GET /api/v1/outreach/participant/{code}": Route(
        Action.OUTREACH_JOIN, subject="outreach_participant_code"
    ),
    "POST /api/v1/outreach/participant/{code}/checkin": Route(
        Action.OUTREACH_JOIN, subject="outreach_participant_code"
    ),
    "GET /api/v1/outreach/participant/{code}/certificate": Route(
        Action.OUTREACH_JOIN, subject="outreach_participant_code"
    ),
    # question bank and pre/post tests (issue #7 point 1)
    "outreach:question_list": Route(Action.OUTREACH_MANAGE),
    "outreach:question_create": Route(Action.OUTREACH_MANAGE),
    "outreach:question_load_default": Route(Action.OUTREACH_MANAGE),
    "outreach:question_edit": Route(Action.OUTREACH_MANAGE, subject="quiz_question"),
    "outreach:question_toggle": Route(Action.OUTREACH_MANAGE, subject="quiz_question"),
    "outreach:question_delete": Route(Action.OUTREACH_MANAGE, subject="quiz_question"),
    "outreach:event_tests": Route(Action.OUTREACH_MANAGE, subject="quiz_event"),
    "outreach:quiz_results": Route(Action.OUTREACH_VIEW, subject="quiz_event"),
    "outreach:quiz_results_xlsx": Route(Action.OUTREACH_VIEW, subject="quiz_event"),
    "outreach:quiz_open": Route(Action.OUTREACH_MANAGE, subject="quiz"),
    "outreach:quiz_close": Route(Action.OUTREACH_MANAGE, subject="quiz"),
    # a participant's tests: the secret code in the link is the key
    "outreach:participant_pretest": Route(Action.OUTREACH_JOIN, subject="quiz_participant_code"),
    "outreach:participant_posttest": Route(Action.OUTREACH_JOIN, subject="quiz_participant_code"),
    "GET /api/v1/outreach/questions": Route(Action.OUTREACH_MANAGE),
    "POST /api/v1/outreach/questions": Route(Action.OUTREACH_MANAGE),
    "POST /api/v1/outreach/questions/load-default": Route(Action.OUTREACH_MANAGE),
    "GET /api/v1/outreach/questions/{question_id}": Route(
        Action.OUTREACH_MANAGE, subject="quiz_question"
    ),
    "PATCH /api/v1/outreach/questions/{question_id}": Route(
        Action.OUTREACH_MANAGE, subject="quiz_question"
    ),
    "GET /api/v1/outreach/events/{event_id}/tests": Route(
        Action.OUTREACH_VIEW, subject="quiz_event"
    ),
    "POST /api/v1/outreach/events/{event_id}/tests": Route(
        Action.OUTREACH_MANAGE, subject="quiz_event"
    ),
    "GET /api/v1/outreach/events/{event_id}/test-results": Route(
        Action.OUTREACH_VIEW, subject="quiz_event"
    ),
    "POST /api/v1/outreach/tests/{quiz_id}/open": Route(Action.OUTREACH_MANAGE, subject="quiz"),
    "POST /api/v1/outreach/tests/{quiz_id}/close": Route(Action.OUTREACH_MANAGE, subject="quiz"),
    "GET /api/v1/outreach/participant/{code}/tests": Route(
        Action.OUTREACH_JOIN, subject="quiz_participant_code"
    ),
    "GET /api/v1/outreach/participant/{code}/tests/{phase}": Route(
        Action.OUTREACH_JOIN, subject="quiz_participant_code"
    ),
    "POST /api/v1/outreach/participant/{code}/tests/{phase}": Route(
        Action.OUTREACH_JOIN, subject="quiz_participant_code"
    ),
    # -- end of outreach --
    # integrity scores, imports, targets, action plans (issue #7 points 2, 3)
    # action plans (issue #7 point 3)
    "integrity:plan_list": Route(Action.ACTION_PLAN_VIEW),
    "integrity:plan_create": Route(Action.ACTION_PLAN_MANAGE),
    "integrity:plan_progress": Route(Action.ACTION_PLAN_VIEW),
    "integrity:plan_xlsx": Route(Action.ACTION_PLAN_VIEW),
    "integrity:plan_detail": Route(Action.ACTION_PLAN_VIEW, subject="action_plan"),
    "integrity:plan_edit": Route(Action.ACTION_PLAN_MANAGE, subject="action_plan"),
    "integrity:plan_cancel": Route(Action.ACTION_PLAN_MANAGE, subject="action_plan"),
    "integrity:plan_update": Route(Action.ACTION_PLAN_UPDATE, subject="action_plan"),
    "integrity:plan_link_add": Route(Action.ACTION_PLAN_MANAGE, subject="action_plan"),
    "integrity:plan_link_remove": Route(Action.ACTION_PLAN_MANAGE, subject="action_plan_link"),
    "GET /api/v1/action-plans": Route(Action.ACTION_PLAN_VIEW),
    "POST /api/v1/action-plans": Route(Action.ACTION_PLAN_MANAGE),
    "GET /api/v1/action-plans/xlsx": Route(Action.ACTION_PLAN_VIEW),
    "GET /api/v1/action-plans/progress": Route(Action.ACTION_PLAN_VIEW),
    "GET /api/v1/action-plans/{plan_id}": Route(Action.ACTION_PLAN_VIEW, subject="action_plan"),
    "PATCH /api/v1/action-plans/{plan_id}": Route(Action.ACTION_PLAN_MANAGE, subject="action_plan"),
    "POST /api/v1/action-plans/{plan_id}/cancel": Route(
        Action.ACTION_PLAN_MANAGE, subject="action_plan"
    ),
    "GET /api/v1/action-plans/{plan_id}/updates": Route(
        Action.ACTION_PLAN_VIEW, subject="action_plan"
    ),
    "POST /api/v1/action-plans/{plan_id}/updates": Route(
        Action.ACTION_PLAN_UPDATE, subject="action_plan"
    ),
    "GET /api/v1/action-plans/{plan_id}/links": Route(
        Action.ACTION_PLAN_VIEW, subject="action_plan"
    ),
    "POST /api/v1/action-plans/{plan_id}/links": Route(
        Action.ACTION_PLAN_MANAGE, subject="action_plan"
    ),
    "POST /api/v1/action-plan-links/{link_id}/remove": Route(
        Action.ACTION_PLAN_MANAGE, subject="action_plan_link"
    ),
    "GET /api/v1/action-plan-link-targets": Route(Action.ACTION_PLAN_MANAGE),
    # scores register, import, dashboard (issue #7 points 2, 5, 6)
    "integrity:dashboard": Route(Action.SCORE_VIEW),
    "integrity:score_list": Route(Action.SCORE_VIEW),
    "integrity:score_xlsx": Route(Action.SCORE_VIEW),
    "integrity:score_create": Route(Action.SCORE_MANAGE),
    "integrity:score_detail": Route(Action.SCORE_VIEW, subject="score"),
    "integrity:score_edit": Route(Action.SCORE_MANAGE, subject="score"),
    "integrity:score_delete": Route(Action.SCORE_MANAGE, subject="score"),
    "integrity:import_create": Route(Action.SCORE_MANAGE),
    "integrity:import_template": Route(Action.SCORE_MANAGE),
    "integrity:import_detail": Route(Action.SCORE_MANAGE, subject="score_import"),
    "integrity:import_commit": Route(Action.SCORE_MANAGE, subject="score_import"),
    "GET /api/v1/integrity-scores": Route(Action.SCORE_VIEW),
    "POST /api/v1/integrity-scores": Route(Action.SCORE_MANAGE),
    "GET /api/v1/integrity-scores/summary": Route(Action.SCORE_VIEW),
    "GET /api/v1/integrity-scores/trends": Route(Action.SCORE_VIEW),
    "GET /api/v1/integrity-scores/xlsx": Route(Action.SCORE_VIEW),
    "GET /api/v1/integrity-scores/import-template": Route(Action.SCORE_MANAGE),
    "POST /api/v1/integrity-scores/import": Route(Action.SCORE_MANAGE),
    "GET /api/v1/integrity-scores/{score_id}": Route(Action.SCORE_VIEW, subject="score"),
    "PATCH /api/v1/integrity-scores/{score_id}": Route(Action.SCORE_MANAGE, subject="score"),
    "POST /api/v1/integrity-scores/{score_id}/delete": Route(Action.SCORE_MANAGE, subject="score"),
    # -- end of integrity --
    # internal integrity surveys (issue #7 point 4)
    "surveys:survey_list": Route(Action.SURVEY_VIEW),
    "surveys:survey_create": Route(Action.SURVEY_MANAGE),
    "surveys:survey_detail": Route(Action.SURVEY_VIEW, subject="survey"),
    "surveys:survey_edit": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:survey_delete": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:survey_copy": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:survey_open": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:survey_close": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:dimension_create": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:dimension_edit": Route(Action.SURVEY_MANAGE, subject="survey_dimension"),
    "surveys:dimension_delete": Route(Action.SURVEY_MANAGE, subject="survey_dimension"),
    "surveys:group_create": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:group_edit": Route(Action.SURVEY_MANAGE, subject="survey_group"),
    "surveys:group_delete": Route(Action.SURVEY_MANAGE, subject="survey_group"),
    "surveys:group_qr": Route(Action.SURVEY_MANAGE, subject="survey_group"),
    "surveys:survey_links": Route(Action.SURVEY_MANAGE, subject="survey"),
    "surveys:survey_results": Route(Action.SURVEY_VIEW, subject="survey"),
    "surveys:survey_results_xlsx": Route(Action.SURVEY_VIEW, subject="survey"),
    "surveys:staff_list": Route(Action.SURVEY_RESPOND_STAFF),
    "surveys:staff_respond": Route(Action.SURVEY_RESPOND_STAFF, subject="survey_staff"),
    "surveys:public_respond": Route(Action.SURVEY_RESPOND_PUBLIC, subject="survey_link"),
    "surveys:thanks": Route(Action.SURVEY_RESPOND_PUBLIC),
    "GET /api/v1/surveys": Route(Action.SURVEY_VIEW),
    "POST /api/v1/surveys": Route(Action.SURVEY_MANAGE),
    "GET /api/v1/surveys/{survey_id}": Route(Action.SURVEY_VIEW, subject="survey"),
    "PATCH /api/v1/surveys/{survey_id}": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/questionnaire": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/open": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/close": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/copy": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/remove": Route(Action.SURVEY_MANAGE, subject="survey"),
    "POST /api/v1/surveys/{survey_id}/groups": Route(Action.SURVEY_MANAGE, subject="survey"),
    "GET /api/v1/surveys/{survey_id}/links": Route(Action.SURVEY_MANAGE, subject="survey"),
    "GET /api/v1/surveys/{survey_id}/results": Route(Action.SURVEY_VIEW, subject="survey"),
    "GET /api/v1/surveys/{survey_id}/results/xlsx": Route(Action.SURVEY_VIEW, subject="survey"),
    "PATCH /api/v1/survey-groups/{group_id}": Route(Action.SURVEY_MANAGE, subject="survey_group"),
    "POST /api/v1/survey-groups/{group_id}/remove": Route(
        Action.SURVEY_MANAGE, subject="survey_group"
    ),
    "GET /api/v1/staff-surveys": Route(Action.SURVEY_RESPOND_STAFF),
    "GET /api/v1/staff-surveys/{survey_id}": Route(
        Action.SURVEY_RESPOND_STAFF, subject="survey_staff"
    ),
    "POST /api/v1/staff-surveys/{survey_id}/responses": Route(
        Action.SURVEY_RESPOND_STAFF, subject="survey_staff"
    ),
    "GET /api/v1/public-surveys/{token}": Route(
        Action.SURVEY_RESPOND_PUBLIC, subject="survey_link"
    ),
    "POST /api/v1/public-surveys/{token}/responses": Route(
        Action.SURVEY_RESPOND_PUBLIC, subject="survey_link"
    ),
    # -- end of surveys --
    # dashboards per role (issue #8 point 1)
    "dashboards:index": Route(Action.HOME),
    "dashboards:upg": Route(Action.DASHBOARD_UPG),
    "dashboards:opd": Route(Action.DASHBOARD_OPD),
    "dashboards:inspektur": Route(Action.DASHBOARD_INSPEKTUR),
    "dashboards:pemda": Route(Action.DASHBOARD_PEMDA),
    "GET /api/v1/dashboards/upg": Route(Action.DASHBOARD_UPG),
    "GET /api/v1/dashboards/opd": Route(Action.DASHBOARD_OPD),
    "GET /api/v1/dashboards/inspektur": Route(Action.DASHBOARD_INSPEKTUR),
    "GET /api/v1/dashboards/pemda": Route(Action.DASHBOARD_PEMDA),
    # -- end of dashboards --
    # periodic recaps (issue #8 point 2)
    "dashboards:recap_list": Route(Action.RECAP_VIEW),
    "dashboards:recap_detail": Route(Action.RECAP_VIEW),
    "dashboards:recap_pdf": Route(Action.RECAP_VIEW),
    "dashboards:recap_xlsx": Route(Action.RECAP_VIEW),
    "GET /api/v1/recaps": Route(Action.RECAP_VIEW),
    "GET /api/v1/recaps/{recap_period}": Route(Action.RECAP_VIEW),
    "GET /api/v1/recaps/{recap_period}/pdf": Route(Action.RECAP_VIEW),
    "GET /api/v1/recaps/{recap_period}/xlsx": Route(Action.RECAP_VIEW),
    "POST /api/v1/recaps/{recap_period}/issue": Route(Action.RECAP_ISSUE),
    # -- end of recaps --
    # UU PDP: retention, legal holds, data-subject requests, access report (issue #9 point 3)
    "privacy:index": Route(Action.PRIVACY_VIEW),
    "privacy:retention_rule": Route(Action.PRIVACY_MANAGE),
    "privacy:retention_run": Route(Action.PRIVACY_MANAGE),
    "privacy:hold_list": Route(Action.PRIVACY_VIEW),
    "privacy:hold_release": Route(Action.PRIVACY_MANAGE, subject="legal_hold"),
    "privacy:dsr_list": Route(Action.PRIVACY_VIEW),
    "privacy:dsr_create": Route(Action.PRIVACY_MANAGE),
    "privacy:dsr_detail": Route(Action.PRIVACY_VIEW, subject="dsr"),
    "privacy:access_report": Route(Action.ACCESS_REPORT),
    "GET /api/v1/privacy/retention": Route(Action.PRIVACY_VIEW),
    "PATCH /api/v1/privacy/retention/{record_type}": Route(Action.PRIVACY_MANAGE),
    "POST /api/v1/privacy/retention-runs": Route(Action.PRIVACY_MANAGE),
    "GET /api/v1/privacy/holds": Route(Action.PRIVACY_VIEW),
    "POST /api/v1/privacy/holds": Route(Action.PRIVACY_MANAGE),
    "POST /api/v1/privacy/holds/{hold_id}/release": Route(
        Action.PRIVACY_MANAGE, subject="legal_hold"
    ),
    "GET /api/v1/privacy/requests": Route(Action.PRIVACY_VIEW),
    "POST /api/v1/privacy/requests": Route(Action.PRIVACY_MANAGE),
    "GET /api/v1/privacy/requests/{request_id}": Route(Action.PRIVACY_VIEW, subject="dsr"),
    "POST /api/v1/privacy/requests/{request_id}/close": Route(Action.PRIVACY_MANAGE, subject="dsr"),
    "GET /api/v1/privacy/access-report": Route(Action.ACCESS_REPORT),
    "GET /api/v1/privacy/access-report/xlsx": Route(Action.ACCESS_REPORT),
    # -- end of privacy --
    # public transparency page, open data, widget (issue #8 point 3): no login
    "dashboards:public": Route(Action.PUBLIC_PAGE),
    "dashboards:public_csv": Route(Action.PUBLIC_PAGE),
    "dashboards:public_widget": Route(Action.PUBLIC_PAGE),
    "GET /api/v1/transparency": Route(Action.PUBLIC_PAGE),
    "GET /api/v1/transparency/csv": Route(Action.PUBLIC_PAGE),
    # -- end of transparency --
    # UPG case work
    "cases:case_list": Route(Action.CASE_VIEW),
    "cases:case_bulk": Route(Action.CASE_WORK),
    "cases:custody_list": Route(Action.CASE_VIEW),
    "cases:custody_release": Route(Action.CASE_WORK, subject="custody"),
    "cases:identity_access_list": Route(Action.IDENTITY_ACCESS),
    "cases:identity_access_revoke": Route(Action.IDENTITY_ACCESS, subject="identity_access"),
    "cases:case_detail": Route(Action.CASE_VIEW, subject="case"),
    "cases:case_take": Route(Action.CASE_WORK, subject="case"),
    "cases:case_verify": Route(Action.CASE_WORK, subject="case"),
    "cases:case_expire": Route(Action.CASE_WORK, subject="case"),
    "cases:case_analyse": Route(Action.CASE_WORK, subject="case"),
    "cases:case_forward": Route(Action.CASE_KPK, subject="case"),
    "cases:case_decision": Route(Action.CASE_KPK, subject="case"),
    "cases:case_followup": Route(Action.CASE_KPK, subject="case"),
    "cases:case_message": Route(Action.CASE_WORK, subject="case"),
    "cases:custody_add": Route(Action.CASE_WORK, subject="case"),
    "cases:report_reply": Route(Action.REPORT_REPLY, subject="report"),
    # documents (issue #4 points 4, 8, 10)
    "documents:report_receipt": Route(Action.REPORT_VIEW, subject="report"),
    "documents:case_kpk_form": Route(Action.CASE_VIEW, subject="case"),
    "documents:custody_receipt": Route(Action.CASE_VIEW, subject="custody"),
    "documents:gol_export": Route(Action.CASE_KPK),
    "documents:cover_letter": Route(Action.CASE_KPK),
    "documents:letter_template_list": Route(Action.CASE_KPK),
    "documents:letter_template_edit": Route(Action.CASE_KPK, subject="letter_template"),
    "GET /api/v1/rules/due": Route(Action.PUBLIC_PAGE),
    "GET /api/v1/rules/calendar/{year}": Route(Action.PUBLIC_PAGE),
    "POST /api/v1/rules/assess": Route(Action.PUBLIC_PAGE),
    "api:openapi-json": Route(Action.PUBLIC_PAGE),
    "api:openapi-view": Route(Action.PUBLIC_PAGE),
    "api:api-root": Route(Action.PUBLIC_PAGE),
    # allauth: the login flow is public; managing one's own credentials needs a login.
    "account_login": Route(Action.PUBLIC_PAGE),
    "account_logout": Route(Action.PUBLIC_PAGE),
    "account_inactive": Route(Action.PUBLIC_PAGE),
    "account_signup": Route(Action.PUBLIC_PAGE),  # closed: shows "pendaftaran ditutup"
    "account_email_verification_sent": Route(Action.PUBLIC_PAGE),
    "account_confirm_email": Route(Action.PUBLIC_PAGE),
    "account_confirm_login_code": Route(Action.PUBLIC_PAGE),
    "account_reset_password": Route(Action.PUBLIC_PAGE),
    "account_reset_password_done": Route(Action.PUBLIC_PAGE),
    "account_reset_password_from_key": Route(Action.PUBLIC_PAGE),
    "account_reset_password_from_key_done": Route(Action.PUBLIC_PAGE),
    "mfa_authenticate": Route(Action.PUBLIC_PAGE),  # the second login step
    "account_reauthenticate": Route(Action.ACCOUNT_SECURITY),
    "account_email": Route(Action.ACCOUNT_SECURITY),
    "account_change_password": Route(Action.ACCOUNT_SECURITY),
    "account_set_password": Route(Action.ACCOUNT_SECURITY),
    "mfa_index": Route(Action.ACCOUNT_SECURITY),
    "mfa_reauthenticate": Route(Action.ACCOUNT_SECURITY),
    "mfa_activate_totp": Route(Action.ACCOUNT_SECURITY),
    "mfa_deactivate_totp": Route(Action.ACCOUNT_SECURITY),
    "mfa_view_recovery_codes": Route(Action.ACCOUNT_SECURITY),
    "mfa_generate_recovery_codes": Route(Action.ACCOUNT_SECURITY),
    "mfa_download_recovery_codes": Route(Action.ACCOUNT_SECURITY),
    # organisation
    "org:opd_list": Route(Action.ORG_VIEW),
    "org:opd_detail": Route(Action.ORG_VIEW, subject="opd"),
    "org:unit_list": Route(Action.ORG_VIEW),
    "org:kecamatan_list": Route(Action.ORG_VIEW),
    "org:employee_list": Route(Action.EMPLOYEE_VIEW),
    "org:employee_detail": Route(Action.EMPLOYEE_VIEW, subject="employee"),
    "org:roster_import_list": Route(Action.ROSTER_IMPORT),
    "org:roster_import_create": Route(Action.ROSTER_IMPORT),
    "org:roster_import_detail": Route(Action.ROSTER_IMPORT, subject="roster_import"),
    "org:roster_import_progress": Route(Action.ROSTER_IMPORT, subject="roster_import"),
    "org:roster_import_commit": Route(Action.ROSTER_IMPORT, subject="roster_import"),
    "org:roster_import_template": Route(Action.ROSTER_IMPORT),
    # accounts
    "accounts:profile": Route(Action.ACCOUNT_SECURITY),
    "accounts:token_list": Route(Action.TOKEN_MANAGE),
    "accounts:token_revoke": Route(Action.TOKEN_MANAGE, subject="token"),
    "accounts:audit_list": Route(Action.AUDIT_VIEW),
    # API
    "GET /api/v1/me": Route(Action.HOME),
    "GET /api/v1/opd": Route(Action.ORG_VIEW),
    "GET /api/v1/opd/{opd_id}": Route(Action.ORG_VIEW, subject="opd"),
    "GET /api/v1/kecamatan": Route(Action.ORG_VIEW),
    "GET /api/v1/units": Route(Action.ORG_VIEW),
    "GET /api/v1/employees": Route(Action.EMPLOYEE_VIEW),
    "GET /api/v1/employees/{employee_id}": Route(Action.EMPLOYEE_VIEW, subject="employee"),
    "GET /api/v1/employees/{employee_id}/mutasi": Route(Action.EMPLOYEE_VIEW, subject="employee"),
    "POST /api/v1/roster-imports": Route(Action.ROSTER_IMPORT),
    "GET /api/v1/roster-imports/{import_id}": Route(Action.ROSTER_IMPORT, subject="roster_import"),
    "POST /api/v1/roster-imports/{import_id}/commit": Route(
        Action.ROSTER_IMPORT, subject="roster_import"
    ),
    "GET /api/v1/timeline": Route(Action.AUDIT_VIEW),
    "POST /api/v1/reports": Route(Action.REPORT_CREATE),
    "POST /api/v1/reports/on-behalf": Route(Action.REPORT_CREATE_FOR),
    "GET /api/v1/reports/{report_id}/messages": Route(Action.REPORT_VIEW, subject="report"),
    "POST /api/v1/reports/{report_id}/messages": Route(Action.REPORT_REPLY, subject="report"),
    "GET /api/v1/cases": Route(Action.CASE_VIEW),
    "GET /api/v1/cases/{case_id}": Route(Action.CASE_VIEW, subject="case"),
    "POST /api/v1/cases/{case_id}/take": Route(Action.CASE_WORK, subject="case"),
    "POST /api/v1/cases/{case_id}/verify": Route(Action.CASE_WORK, subject="case"),
    "POST /api/v1/cases/{case_id}/close-expired": Route(Action.CASE_WORK, subject="case"),
    "POST /api/v1/cases/{case_id}/analyse": Route(Action.CASE_WORK, subject="case"),
    "POST /api/v1/cases/{case_id}/forward": Route(Action.CASE_KPK, subject="case"),
    "POST /api/v1/cases/{case_id}/decision": Route(Action.CASE_KPK, subject="case"),
    "POST /api/v1/cases/{case_id}/followup": Route(Action.CASE_KPK, subject="case"),
    "GET /api/v1/cases/{case_id}/messages": Route(Action.CASE_VIEW, subject="case"),
    "POST /api/v1/cases/{case_id}/messages": Route(Action.CASE_WORK, subject="case"),
    "GET /api/v1/cases/{case_id}/custody": Route(Action.CASE_VIEW, subject="case"),
    "POST /api/v1/cases/{case_id}/custody": Route(Action.CASE_WORK, subject="case"),
    "POST /api/v1/custody/{item_id}/release": Route(Action.CASE_WORK, subject="custody"),
    "GET /api/v1/cases/{case_id}/files": Route(Action.CASE_VIEW, subject="case"),
    "POST /api/v1/cases/{case_id}/files": Route(Action.CASE_WORK, subject="case"),
    "GET /api/v1/reports/{report_id}": Route(Action.REPORT_VIEW, subject="report"),
    "POST /api/v1/reports/{report_id}/submit": Route(Action.REPORT_SUBMIT, subject="report"),
    "POST /api/v1/reports/{report_id}/files": Route(Action.REPORT_SUBMIT, subject="report"),
    "GET /api/v1/reports/{report_id}/files": Route(Action.REPORT_VIEW, subject="report"),
    "GET /api/v1/files/{file_id}": Route(Action.FILE_VIEW, subject="file"),
    "GET /api/v1/notices": Route(Action.NOTICE_VIEW),
    "POST /api/v1/notices/read": Route(Action.NOTICE_VIEW),
}


_PLATFORM_ADMIN_APPS = ("auth", "account", "mfa", "axes")
# Admin views an admin pemda may not use on SEHATI's own models: the audit timeline is
# append-only, a pemda is created and removed by the platform, tokens are made by their owner.
_ADMIN_PLATFORM_ONLY_VIEWS = {
    "core_timelineevent": {"add", "delete"},
    "org_pemda": {"add", "delete"},
    "accounts_apitoken": {"add"},
}


def route_for_url_name(name: str) -> Route | None:
    """The route of a URL name; the Django admin's generated URLs are mapped by rule."""
    if name in ROUTES:
        return ROUTES[name]
    if name.startswith("admin:"):
        short = name.removeprefix("admin:")
        if short in ("login", "logout"):
            return Route(Action.PUBLIC_PAGE)
        if short.split("_", 1)[0] in _PLATFORM_ADMIN_APPS and short != "auth_user_password_change":
            return Route(Action.PLATFORM_ADMIN)
        model_key, _sep, view = short.rpartition("_")
        if view in _ADMIN_PLATFORM_ONLY_VIEWS.get(model_key, ()):
            return Route(Action.PLATFORM_ADMIN)
        return Route(Action.ADMIN_SITE)
    return None


# --- who has which role ---------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    role: Role
    opd_id: int | None = None
    kecamatan_id: int | None = None


def user_grants(user: Any) -> tuple[Grant, ...]:
    """The user's grants, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return (Grant(Role.PUBLIK),)
    cached: tuple[Grant, ...] | None = getattr(user, "_sehati_grants", None)
    if cached is not None:
        return cached
    grants: list[Grant] = []
    if user.employee_id is not None:
        grants.append(Grant(Role.PELAPOR))
    for role, opd_id, kecamatan_id in user.role_grants.filter(pemda_id=user.pemda_id).values_list(
        "role", "opd_id", "kecamatan_id"
    ):
        grants.append(Grant(Role(role), opd_id, kecamatan_id))
    result = tuple(grants)
    user._sehati_grants = result
    return result


def user_roles(user: Any) -> frozenset[Role]:
    return frozenset(g.role for g in user_grants(user))


def scope_for(user: Any, action: Action) -> Scope | None:
    """The widest scope the user has for the action, or None."""
    table = POLICY[action]
    best: Scope | None = None
    for grant in user_grants(user):
        scope = table.get(grant.role)
        if scope is not None and (best is None or _SCOPE_RANK[scope] > _SCOPE_RANK[best]):
            best = scope
    return best


def can(user: Any, action: Action) -> bool:
    return scope_for(user, action) is not None


def mfa_required(user: Any) -> bool:
    return bool(user_roles(user) & MFA_REQUIRED_ROLES)


def opd_ids_for(user: Any, action: Action) -> set[int]:
    """The OPD (with their descendants) on which the user's OPD-scoped grants for `action` act."""
    from sehati.org.selectors import opd_descendant_ids

    table = POLICY[action]
    roots = {
        g.opd_id
        for g in user_grants(user)
        if g.opd_id is not None and table.get(g.role) == Scope.OPD
    }
    return opd_descendant_ids(pemda_id=user.pemda_id, roots=roots) if roots else set()


def require(user: Any, action: Action) -> Scope:
    """The scope, or PermissionDenied (403) for a signed-in user without the action."""
    scope = scope_for(user, action)
    if scope is None:
        raise PermissionDenied
    return scope


# --- scoped querysets and access helpers ----------------------------------------------------


def employee_scope_for(user: Any, action: Action = Action.EMPLOYEE_VIEW) -> QuerySet[Employee]:
    from sehati.org.models import Employee

    scope = scope_for(user, action)
    base = Employee.objects.filter(pemda_id=user.pemda_id) if user.is_authenticated else None
    if scope is None or base is None:
        return Employee.objects.none()
    if scope in (Scope.PEMDA, Scope.ANY):
        return base
    if scope == Scope.OPD:
        ids = opd_ids_for(user, action)
        own = base.filter(pk=user.employee_id) if user.employee_id else Employee.objects.none()
        return base.filter(opd_id__in=ids) | own
    return base.filter(pk=user.employee_id) if user.employee_id else Employee.objects.none()


def access_employee(user: Any, employee_id: int, action: Action = Action.EMPLOYEE_VIEW) -> Employee:
    """One employee in the user's scope; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.org.models import Employee

    try:
        return employee_scope_for(user, action).select_related("opd", "unit").get(pk=employee_id)
    except Employee.DoesNotExist:
        raise Http404 from None


def access_roster_import(user: Any, import_id: int) -> RosterImport:
    """One roster import of the user's pemda; out of scope, missing and ids beyond the database's
    integer range are the same 404."""
    require(user, Action.ROSTER_IMPORT)
    from sehati.org.models import RosterImport

    if not 1 <= import_id <= 2**63 - 1:
        raise Http404
    try:
        return RosterImport.objects.select_related("uploaded_by", "committed_by").get(
            pk=import_id, pemda_id=user.pemda_id
        )
    except RosterImport.DoesNotExist:
        raise Http404 from None


def pemda_scoped(user: User, queryset: QuerySet[Any], action: Action) -> QuerySet[Any]:
    """A pemda-wide queryset restricted to the user's tenant, after checking the action."""
    require(user, action)
    return queryset.filter(pemda_id=user.pemda_id)


def report_scope_for(user: Any, action: Action = Action.REPORT_VIEW) -> QuerySet[GiftReport]:
    """Reports the user may see for `action`. Drafts stay private to their author."""
    from sehati.reports.models import GiftReport, reporter_is

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return GiftReport.objects.none()
    base = GiftReport.objects.filter(pemda_id=user.pemda_id)
    own = base.filter(created_by=user)  # includes paper forms a UPG officer filed
    if user.employee_id:
        own = own | base.filter(reporter_is(user.employee_id))
    if scope == Scope.OWN:
        return own
    submitted = base.exclude(status=GiftReport.Status.DRAFT)
    if scope == Scope.OPD:
        submitted = submitted.filter(reporter_opd_id__in=opd_ids_for(user, action))
    return submitted | own


def access_report(user: Any, report_id: int, action: Action = Action.REPORT_VIEW) -> GiftReport:
    """One report in the user's scope for `action`; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.reports.models import GiftReport

    try:
        return report_scope_for(user, action).get(pk=report_id)
    except GiftReport.DoesNotExist:
        raise Http404 from None


def case_scope_for(user: Any, action: Action = Action.CASE_VIEW) -> QuerySet[Case]:
    """Cases the user may see or work on for `action` (by the reporter's OPD)."""
    from sehati.cases.models import Case

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return Case.objects.none()
    base = Case.objects.filter(pemda_id=user.pemda_id)
    if scope == Scope.OPD:
        return base.filter(report__reporter_opd_id__in=opd_ids_for(user, action))
    if scope == Scope.OWN:
        return base.none()
    return base


def access_case(user: Any, case_id: int, action: Action = Action.CASE_VIEW) -> Case:
    """One case in the user's scope for `action`; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.cases.models import Case

    if not 1 <= case_id <= 2**63 - 1:
        raise Http404
    try:
        return (
            case_scope_for(user, action)
            .select_related(
                "report", "report__reporter", "report__reporter_opd", "handler_opd", "assignee"
            )
            .get(pk=case_id)
        )
    except Case.DoesNotExist:
        raise Http404 from None


def access_custody_item(user: Any, item_id: int, action: Action = Action.CASE_VIEW) -> CustodyItem:
    """One object in the UPG's keeping, through its case's scope."""
    require(user, action)
    from sehati.cases.models import CustodyItem

    if not 1 <= item_id <= 2**63 - 1:
        raise Http404
    try:
        return CustodyItem.objects.select_related("case", "case__report").get(
            pk=item_id, case__in=case_scope_for(user, action)
        )
    except CustodyItem.DoesNotExist:
        raise Http404 from None


def access_legal_hold(user: Any, hold_id: int, action: Action = Action.PRIVACY_MANAGE) -> Any:
    """One legal hold of the user's pemda (pemda-wide data); out of scope and missing: 404."""
    require(user, action)
    from sehati.privacy.models import LegalHold

    _valid_id(hold_id)
    try:
        return LegalHold.objects.get(pk=hold_id, pemda_id=user.pemda_id)
    except LegalHold.DoesNotExist:
        raise Http404 from None


def access_dsr(user: Any, request_id: int, action: Action = Action.PRIVACY_VIEW) -> Any:
    """One data-subject request of the user's pemda; out of scope and missing: 404."""
    require(user, action)
    from sehati.privacy.models import DataSubjectRequest

    _valid_id(request_id)
    try:
        return DataSubjectRequest.objects.select_related("employee", "created_by").get(
            pk=request_id, pemda_id=user.pemda_id
        )
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


def identity_visible(user: Any, report: GiftReport) -> bool:
    """May `user` see the reporter's identity? Always for a report that is not confidential
    (within the report's scope) and for the reporter; for a confidential one, only the head of
    the central UPG and the users they granted (issue #4 point 11)."""
    if not report.confidential or report.reporter_id == getattr(user, "employee_id", None):
        return True
    return user.pemda_id == report.pemda_id and identity_viewer_sees_all(user)


def identity_viewer_sees_all(user: Any) -> bool:
    """The head of the central UPG and the users they granted see every confidential
    reporter's identity in their pemda."""
    if not getattr(user, "is_authenticated", False) or user.pemda_id is None:
        return False
    if user.pemda is not None and user.pemda.upg_head_id == user.pk:
        return True
    from sehati.cases.models import IdentityAccess

    return IdentityAccess.objects.filter(
        pemda_id=user.pemda_id, user=user, revoked_at__isnull=True
    ).exists()


def access_tip(user: Any, tip_id: int, action: Action = Action.TIP_VIEW) -> Tip:
    """One public tip of the user's pemda; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.monitoring.models import Tip

    if not 1 <= tip_id <= 2**63 - 1:
        raise Http404
    try:
        return Tip.objects.select_related("service_unit").get(pk=tip_id, pemda_id=user.pemda_id)
    except Tip.DoesNotExist:
        raise Http404 from None


# --- UP3 (issue #5) --------------------------------------------------------------------------


def _valid_id(value: int) -> None:
    if not 1 <= value <= 2**63 - 1:
        raise Http404


def monitor_scope_for(user: Any, action: Action = Action.MONITOR_VIEW) -> QuerySet[Monitor]:
    """Monitors the user may see: a monitor their own entry, the UPG and Inspektur all."""
    from sehati.monitoring.models import Monitor

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return Monitor.objects.none()
    base = Monitor.objects.filter(pemda_id=user.pemda_id)
    return base.filter(user=user) if scope == Scope.OWN else base


def access_monitor(user: Any, monitor_id: int, action: Action = Action.MONITOR_VIEW) -> Monitor:
    require(user, action)
    from sehati.monitoring.models import Monitor

    _valid_id(monitor_id)
    try:
        return (
            monitor_scope_for(user, action).select_related("kecamatan", "user").get(pk=monitor_id)
        )
    except Monitor.DoesNotExist:
        raise Http404 from None


def monitor_of(user: Any) -> Monitor | None:
    """The UP3 monitor entry linked to the user's account (active or not), or None."""
    from sehati.monitoring.models import Monitor

    if not getattr(user, "is_authenticated", False):
        return None
    return Monitor.objects.filter(user=user, pemda_id=user.pemda_id).first()


def access_prone_service(
    user: Any, prone_id: int, action: Action = Action.PRONE_MANAGE
) -> ProneService:
    require(user, action)
    from sehati.monitoring.models import ProneService

    _valid_id(prone_id)
    try:
        return ProneService.objects.select_related("service_unit").get(
            pk=prone_id, pemda_id=user.pemda_id
        )
    except ProneService.DoesNotExist:
        raise Http404 from None


def access_checklist_item(
    user: Any, item_id: int, action: Action = Action.CHECKLIST_MANAGE
) -> ChecklistItem:
    require(user, action)
    from sehati.monitoring.models import ChecklistItem

    _valid_id(item_id)
    try:
        return ChecklistItem.objects.get(pk=item_id, pemda_id=user.pemda_id)
    except ChecklistItem.DoesNotExist:
        raise Http404 from None


def visit_scope_for(user: Any, action: Action = Action.VISIT_VIEW) -> QuerySet[Visit]:
    """Visits the user may see: a monitor their own (drafts included), the UPG and Inspektur
    every submitted visit."""
    from sehati.monitoring.models import Visit

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return Visit.objects.none()
    base = Visit.objects.filter(pemda_id=user.pemda_id)
    own = base.filter(monitor__user=user)
    if scope == Scope.OWN:
        return own
    return base.filter(status=Visit.Status.SUBMITTED) | own


def access_visit(user: Any, visit_id: int, action: Action = Action.VISIT_VIEW) -> Visit:
    require(user, action)
    from sehati.monitoring.models import Visit

    _valid_id(visit_id)
    try:
        return (
            visit_scope_for(user, action)
            .select_related("monitor", "monitor__kecamatan", "service_unit", "prone_service")
            .get(pk=visit_id)
        )
    except Visit.DoesNotExist:
        raise Http404 from None


def finding_scope_for(user: Any, action: Action = Action.FINDING_VIEW) -> QuerySet[Finding]:
    """Findings the user may see for `action`: a monitor those from their own visits, the head
    of an OPD those about their OPD (with its sub-units), the UPG and Inspektur all."""
    from sehati.monitoring.models import Finding

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return Finding.objects.none()
    base = Finding.objects.filter(pemda_id=user.pemda_id)
    if scope == Scope.OWN:
        return base.filter(visit__monitor__user=user)
    if scope == Scope.OPD:
        return base.filter(opd_id__in=opd_ids_for(user, action))
    return base


def access_finding(user: Any, finding_id: int, action: Action = Action.FINDING_VIEW) -> Finding:
    require(user, action)
    from sehati.monitoring.models import Finding

    _valid_id(finding_id)
    try:
        return (
            finding_scope_for(user, action)
            .select_related(
                "opd", "service_unit", "kecamatan", "employee", "visit", "visit__monitor", "tip"
            )
            .get(pk=finding_id)
        )
    except Finding.DoesNotExist:
        raise Http404 from None


def access_meeting(user: Any, meeting_id: int, action: Action = Action.MEETING_VIEW) -> Meeting:
    require(user, action)
    from sehati.monitoring.models import Meeting

    _valid_id(meeting_id)
    try:
        return Meeting.objects.get(pk=meeting_id, pemda_id=user.pemda_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


# --- Periodic declarations (issue #6 point 1) ------------------------------------------------

if TYPE_CHECKING:
    from sehati.declarations.models import Declaration, DeclarationPeriod


def _opd_ancestor_ids(*, pemda_id: int, ids: set[int]) -> set[int]:
    """The given OPD with all their ancestors (a chosen OPD covers its sub-units)."""
    from sehati.org.models import Opd

    parent = dict(Opd.objects.filter(pemda_id=pemda_id).values_list("id", "parent_id"))
    result: set[int] = set()
    stack = list(ids)
    while stack:
        node = stack.pop()
        if node in result or node not in parent:
            continue
        result.add(node)
        if parent[node] is not None:
            stack.append(parent[node])
    return result


def declaration_period_scope_for(
    user: Any, action: Action = Action.DECLARATION_VIEW
) -> QuerySet[DeclarationPeriod]:
    """Periods the user may see for `action`: the UPG and the Inspektur all of their pemda; the
    UPG pembantu and the head of an OPD those that cover (some of) their OPD."""
    from django.db.models import Q

    from sehati.declarations.models import DeclarationPeriod

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return DeclarationPeriod.objects.none()
    base = DeclarationPeriod.objects.filter(pemda_id=user.pemda_id)
    if scope in (Scope.PEMDA, Scope.ANY):
        return base
    if scope == Scope.OPD:
        ids = opd_ids_for(user, action)
        chosen = _opd_ancestor_ids(pemda_id=user.pemda_id, ids=ids)
        covering = base.filter(opds__in=chosen).values("pk")
        return base.filter(Q(all_opd=True) | Q(pk__in=covering))
    return base.none()


def access_declaration_period(
    user: Any, period_id: int, action: Action = Action.DECLARATION_VIEW
) -> DeclarationPeriod:
    """One period in the user's scope for `action`; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.declarations.models import DeclarationPeriod

    _valid_id(period_id)
    try:
        return declaration_period_scope_for(user, action).get(pk=period_id)
    except DeclarationPeriod.DoesNotExist:
        raise Http404 from None


def declaration_scope_for(
    user: Any, action: Action = Action.DECLARATION_VIEW
) -> QuerySet[Declaration]:
    """Declarations the user may reach for `action`: a civil servant their own; the UPG
    pembantu and the head of an OPD those of their OPD (by the OPD on the row); the UPG and the
    Inspektur all of their pemda. What of an answer is shown is the page's business
    (`declaration_content_visible`)."""
    from sehati.declarations.models import Declaration

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return Declaration.objects.none()
    base = Declaration.objects.filter(pemda_id=user.pemda_id)
    own = base.filter(employee_id=user.employee_id) if user.employee_id else base.none()
    if scope in (Scope.PEMDA, Scope.ANY):
        return base
    if scope == Scope.OPD:
        return base.filter(opd_id__in=opd_ids_for(user, action)) | own
    return own


def access_declaration(
    user: Any, declaration_id: int, action: Action = Action.DECLARATION_VIEW
) -> Declaration:
    """One declaration in the user's scope for `action`; out of scope and missing are one 404."""
    require(user, action)
    from sehati.declarations.models import Declaration

    _valid_id(declaration_id)
    try:
        return (
            declaration_scope_for(user, action)
            .select_related("period", "employee", "opd", "sanction_case")
            .get(pk=declaration_id)
        )
    except Declaration.DoesNotExist:
        raise Http404 from None


def declaration_content_visible(user: Any) -> bool:
    """May the user read what civil servants answered (the gifts listed, the reports linked)?
    Only with a pemda-wide view (the UPG, the Inspektur); the UPG pembantu and the head of an
    OPD see who answered, not what."""
    return scope_for(user, Action.DECLARATION_VIEW) in (Scope.PEMDA, Scope.ANY)


# --- Sanction cases (issue #6 points 2, 4, 5) ------------------------------------------------


def sanction_case_scope_for(
    user: Any, action: Action = Action.SANCTION_VIEW
) -> QuerySet[SanctionCase]:
    """Sanction cases the user may see or work on for `action`: the UPG and the Inspektorat the
    pemda's, a civil servant only the cases about their own employee record."""
    from sehati.sanctions.models import SanctionCase

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return SanctionCase.objects.none()
    base = SanctionCase.objects.filter(pemda_id=user.pemda_id)
    if scope in (Scope.PEMDA, Scope.ANY):
        return base
    if scope == Scope.OPD:
        return base.filter(employee__opd_id__in=opd_ids_for(user, action))
    if user.employee_id is None:
        return base.none()
    return base.filter(employee_id=user.employee_id)


def sanction_case_wide(user: Any) -> bool:
    """Sees the pemda's cases (UPG, Inspektorat): also the internal examination record."""
    return scope_for(user, Action.SANCTION_VIEW) in (Scope.PEMDA, Scope.ANY)


def access_sanction_case(
    user: Any, case_id: int, action: Action = Action.SANCTION_VIEW
) -> SanctionCase:
    """One sanction case in the user's scope for `action`; out of scope and missing are the
    same 404."""
    require(user, action)
    from sehati.sanctions.models import SanctionCase

    _valid_id(case_id)
    try:
        return (
            sanction_case_scope_for(user, action)
            .select_related("employee", "employee__opd", "pemda", "finding", "created_by")
            .get(pk=case_id)
        )
    except SanctionCase.DoesNotExist:
        raise Http404 from None


# --- TPP payroll list and sanction rules (issue #6 point 3) ----------------------------------


def access_sanction_rule(
    user: Any, rule_id: int, action: Action = Action.SANCTION_RULE_VIEW
) -> SanctionRuleRecord:
    """One of the pemda's TPP sanction rules (pemda-wide data); out of scope and missing are
    the same 404."""
    require(user, action)
    from sehati.sanctions.models import SanctionRuleRecord

    _valid_id(rule_id)
    try:
        return SanctionRuleRecord.objects.get(pk=rule_id, pemda_id=user.pemda_id)
    except SanctionRuleRecord.DoesNotExist:
        raise Http404 from None


# --- Socialisation (issue #7 point 1) -------------------------------------------------------

if TYPE_CHECKING:
    from sehati.outreach.models import Event as OutreachEvent
    from sehati.outreach.models import Participant as OutreachParticipant
    from sehati.outreach.models import Question as OutreachQuestion
    from sehati.outreach.models import Quiz as OutreachQuiz


def outreach_event_scope_for(
    user: Any, action: Action = Action.OUTREACH_VIEW
) -> QuerySet[OutreachEvent]:
    """Socialisation events the user may see or manage for `action`: every role that has the
    action has it pemda-wide (events are the pemda's programme, not an OPD's)."""
    from sehati.outreach.models import Event

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated or scope == Scope.OWN:
        return Event.objects.none()
    return Event.objects.filter(pemda_id=user.pemda_id)


def access_outreach_event(
    user: Any, event_id: int, action: Action = Action.OUTREACH_VIEW
) -> OutreachEvent:
    """One socialisation event in the user's scope for `action`; out of scope and missing are
    the same 404."""
    require(user, action)
    from sehati.outreach.models import Event

    _valid_id(event_id)
    try:
        return (
            outreach_event_scope_for(user, action)
            .select_related("pemda", "created_by")
            .get(pk=event_id)
        )
    except Event.DoesNotExist:
        raise Http404 from None


def access_outreach_participant(
    user: Any, participant_id: int, action: Action = Action.OUTREACH_MANAGE
) -> OutreachParticipant:
    """One participant of an event in the user's scope for `action` (staff side; participants
    themselves use their secret code); out of scope and missing are the same 404."""
    require(user, action)
    from sehati.outreach.models import Participant

    _valid_id(participant_id)
    try:
        return Participant.objects.select_related(
            "event", "event__pemda", "employee", "opd", "kecamatan"
        ).get(pk=participant_id, event__in=outreach_event_scope_for(user, action))
    except Participant.DoesNotExist:
        raise Http404 from None


def outreach_content_visible(user: Any) -> bool:
    """May the user read who took part (names, contacts, per-person scores)? The UPG (who runs
    the events) and the Inspektur; the UPG pembantu and the head of an OPD see the events, the
    counts and the coverage, not the people."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can(user, Action.OUTREACH_MANAGE) or (
        Role.INSPEKTUR in user_roles(user) and can(user, Action.OUTREACH_VIEW)
    )


def access_quiz_question(
    user: Any, question_id: int, action: Action = Action.OUTREACH_MANAGE
) -> OutreachQuestion:
    """One question of the pemda's bank (the UPG's); out of scope and missing are the same 404."""
    require(user, action)
    from sehati.outreach.models import Question

    _valid_id(question_id)
    if not user.is_authenticated or scope_for(user, action) not in (Scope.PEMDA, Scope.ANY):
        raise Http404
    try:
        return Question.objects.get(pk=question_id, pemda_id=user.pemda_id)
    except Question.DoesNotExist:
        raise Http404 from None


def access_quiz(user: Any, quiz_id: int, action: Action = Action.OUTREACH_MANAGE) -> OutreachQuiz:
    """The pre- or post-test of an event in the user's scope; out of scope and missing are the
    same 404."""
    require(user, action)
    from sehati.outreach.models import Quiz

    _valid_id(quiz_id)
    try:
        return Quiz.objects.select_related("event", "event__pemda").get(
            pk=quiz_id, event__in=outreach_event_scope_for(user, action)
        )
    except Quiz.DoesNotExist:
        raise Http404 from None


# -- end of outreach helpers --


# --- Integrity scores and action plans (issue #7 points 2, 3) -------------------------------

if TYPE_CHECKING:
    from sehati.integrity.models import ActionPlan, ActionPlanLink


def action_plan_scope_for(
    user: Any, action: Action = Action.ACTION_PLAN_VIEW
) -> QuerySet[ActionPlan]:
    """Action plans the user may see or act on for `action`: the UPG and the Inspektur all of
    their pemda; the UPG pembantu and the head of an OPD those whose owner OPD is their OPD or
    one of its sub-units."""
    from sehati.integrity.models import ActionPlan

    scope = scope_for(user, action)
    if scope is None or not user.is_authenticated:
        return ActionPlan.objects.none()
    base = ActionPlan.objects.filter(pemda_id=user.pemda_id)
    if scope in (Scope.PEMDA, Scope.ANY):
        return base
    if scope == Scope.OPD:
        return base.filter(owner_opd_id__in=opd_ids_for(user, action))
    return base.none()


def access_action_plan(
    user: Any, plan_id: int, action: Action = Action.ACTION_PLAN_VIEW
) -> ActionPlan:
    """One action plan in the user's scope for `action`; out of scope and missing are the same
    404."""
    require(user, action)
    from sehati.integrity.models import ActionPlan

    _valid_id(plan_id)
    try:
        return (
            action_plan_scope_for(user, action)
            .select_related("owner_opd", "score", "score__opd", "created_by")
            .get(pk=plan_id)
        )
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def access_action_plan_link(
    user: Any, link_id: int, action: Action = Action.ACTION_PLAN_MANAGE
) -> ActionPlanLink:
    """One link of an action plan in the user's scope for `action` (through its plan)."""
    require(user, action)
    from sehati.integrity.models import ActionPlanLink

    _valid_id(link_id)
    try:
        return ActionPlanLink.objects.select_related("plan").get(
            pk=link_id, plan__in=action_plan_scope_for(user, action)
        )
    except ActionPlanLink.DoesNotExist:
        raise Http404 from None


if TYPE_CHECKING:
    from sehati.integrity.models import IntegrityScore, ScoreImport


def access_score(user: Any, score_id: int, action: Action = Action.SCORE_VIEW) -> IntegrityScore:
    """One published score of the user's pemda (the register is pemda-wide data for every role
    that has the action); out of scope and missing are the same 404."""
    require(user, action)
    from sehati.integrity.models import IntegrityScore

    _valid_id(score_id)
    try:
        return IntegrityScore.objects.select_related("opd", "created_by").get(
            pk=score_id, pemda_id=user.pemda_id
        )
    except IntegrityScore.DoesNotExist:
        raise Http404 from None


def access_score_import(
    user: Any, import_id: int, action: Action = Action.SCORE_MANAGE
) -> ScoreImport:
    """One scores import of the user's pemda; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.integrity.models import ScoreImport

    _valid_id(import_id)
    try:
        return ScoreImport.objects.select_related("created_by", "committed_by").get(
            pk=import_id, pemda_id=user.pemda_id
        )
    except ScoreImport.DoesNotExist:
        raise Http404 from None


# -- end of integrity helpers --


# --- Internal integrity surveys (issue #7 point 4) -------------------------------------------

if TYPE_CHECKING:
    from sehati.surveys.models import Dimension, RespondentGroup, Survey


def survey_scope_for(user: Any, action: Action = Action.SURVEY_VIEW) -> QuerySet[Survey]:
    """Surveys the user may see or manage for `action`: the pemda's (pemda-wide roles only)."""
    from sehati.surveys.models import Survey

    scope = scope_for(user, action)
    if scope not in (Scope.PEMDA, Scope.ANY) or not user.is_authenticated:
        return Survey.objects.none()
    return Survey.objects.filter(pemda_id=user.pemda_id)


def access_survey(user: Any, survey_id: int, action: Action = Action.SURVEY_VIEW) -> Survey:
    """One survey of the user's pemda; out of scope and missing are the same 404."""
    require(user, action)
    from sehati.surveys.models import Survey

    _valid_id(survey_id)
    try:
        return survey_scope_for(user, action).select_related("pemda").get(pk=survey_id)
    except Survey.DoesNotExist:
        raise Http404 from None


def access_survey_dimension(
    user: Any, dimension_id: int, action: Action = Action.SURVEY_MANAGE
) -> Dimension:
    require(user, action)
    from sehati.surveys.models import Dimension

    _valid_id(dimension_id)
    try:
        return Dimension.objects.select_related("survey").get(
            pk=dimension_id, survey__in=survey_scope_for(user, action)
        )
    except Dimension.DoesNotExist:
        raise Http404 from None


def access_survey_group(
    user: Any, group_id: int, action: Action = Action.SURVEY_MANAGE
) -> RespondentGroup:
    require(user, action)
    from sehati.surveys.models import RespondentGroup

    _valid_id(group_id)
    try:
        return RespondentGroup.objects.select_related("survey", "service_unit", "opd").get(
            pk=group_id, survey__in=survey_scope_for(user, action)
        )
    except RespondentGroup.DoesNotExist:
        raise Http404 from None


def access_staff_survey(user: Any, survey_id: int) -> Survey:
    """A survey a civil servant may answer: for staff, opened (or since closed), of their own
    pemda. Drafts, public-only surveys and other pemda's are the same 404."""
    require(user, Action.SURVEY_RESPOND_STAFF)
    from sehati.surveys.models import Survey

    _valid_id(survey_id)
    if not user.is_authenticated or user.employee_id is None:
        raise Http404
    try:
        return Survey.objects.get(
            pk=survey_id,
            pemda_id=user.pemda_id,
            status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
            audience__in=[Survey.Audience.STAFF, Survey.Audience.BOTH],
        )
    except Survey.DoesNotExist:
        raise Http404 from None


def access_survey_link(user: Any, token: str) -> RespondentGroup:
    """The public group behind a survey link (anyone, no login): a public group of a survey
    that has been opened. Unknown, malformed and draft links are the same 404."""
    require(user, Action.SURVEY_RESPOND_PUBLIC)
    from sehati.surveys.models import RespondentGroup, Survey

    if not token or len(token) > 32 or not all(c.isalnum() or c in "-_" for c in token):
        raise Http404
    try:
        return RespondentGroup.objects.select_related("survey", "survey__pemda").get(
            link_token=token,
            kind=RespondentGroup.Kind.PUBLIC,
            survey__status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
        )
    except RespondentGroup.DoesNotExist:
        raise Http404 from None


# -- end of surveys helpers --


# -- end of dashboards helpers --


# -- end of recaps helpers --


# -- end of transparency helpers --
