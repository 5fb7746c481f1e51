"""The policy table, walked: every role × every page and API operation × objects in and out of
scope, asserting allow or deny (issue #2, point 6).

Expectations come from POLICY (the specification) and from each persona's roles, which are
written out here independently of the code that computes them. Coverage is enforced too: a URL
or API operation without an entry in ROUTES fails `test_every_url_and_operation_is_in_the_table`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import World, build_world
from sehati.accounts.models import ApiToken, Role, RoleGrant
from sehati.accounts.policies import (
    POLICY,
    ROUTES,
    Action,
    Route,
    Scope,
    route_for_url_name,
)
from sehati.accounts.roles import admin_group
from sehati.accounts.services import token_create
from sehati.api.api import api
from sehati.core.audit import timeline_record
from sehati.core.models import TimelineEvent
from sehati.core.tests.samples import PNG_BYTES
from sehati.org.models import CalendarOverride, Mutasi
from sehati.org.tests.factories import (
    DesaFactory,
    KecamatanFactory,
    RosterImportFactory,
    ServiceUnitFactory,
)
from sehati.reports.models import RuleSetRecord
from tests import (
    walker_dashboards,
    walker_integrity,
    walker_outreach,
    walker_plans,
    walker_privacy,
    walker_quiz,
    walker_recap,
    walker_surveys,
    walker_transparency,
)

# Issue #7 areas keep their walker world in their own modules.
AREAS = {
    "outreach": walker_outreach,
    "quiz": walker_quiz,
    "integrity": walker_integrity,
    "plans": walker_plans,
    "surveys": walker_surveys,
    # Issue #8
    "dashboards": walker_dashboards,
    "recap": walker_recap,
    "transparency": walker_transparency,
    # Issue #9
    "privacy": walker_privacy,
}

# persona key -> roles it holds (pelapor comes with the employee link); OPD-bound grants name
# the OPD by attribute of World.
PERSONAS: dict[str, tuple[set[Role], str | None]] = {
    "publik": ({Role.PUBLIK}, None),
    "pelapor": ({Role.PELAPOR}, None),
    "upg_pembantu": ({Role.PELAPOR, Role.UPG_PEMBANTU}, "dinkes"),
    "kepala_opd": ({Role.PELAPOR, Role.KEPALA_OPD}, "dinkes"),
    "upg": ({Role.PELAPOR, Role.UPG}, None),
    "inspektur": ({Role.PELAPOR, Role.INSPEKTUR}, None),
    "operator_tpp": ({Role.PELAPOR, Role.OPERATOR_TPP}, None),
    "admin_pemda": ({Role.PELAPOR, Role.ADMIN}, None),
    "pemantau": ({Role.PEMANTAU}, None),
    "kepala_daerah": ({Role.KEPALA_DAERAH}, None),
}
_RANK = {Scope.OWN: 1, Scope.OPD: 2, Scope.PEMDA: 3, Scope.ANY: 4}

# Routes whose normal answer is not a page. Documented, not skipped: the walker still calls them.
POST_ONLY = {
    "accounts:token_revoke",
    "org:roster_import_commit",
    "set_language",
    "admin:logout",
    "reports:report_submit",
    "reports:report_evidence_add",
    "documents:gol_export",
    "documents:cover_letter",
    "notifications:notice_read",
    "cases:case_bulk",
    "cases:custody_release",
    "cases:identity_access_revoke",
    "cases:case_take",
    "cases:case_verify",
    "cases:case_expire",
    "cases:case_analyse",
    "cases:case_forward",
    "cases:case_decision",
    "cases:case_followup",
    "cases:case_message",
    "cases:custody_add",
    "cases:report_reply",
    "monitoring:tip_message",
    "monitoring:tip_status",
    "monitoring:finding_respond",
    "monitoring:finding_verify",
    "monitoring:finding_escalate",
    "monitoring:finding_kpk",
    "monitoring:finding_employee",
    "declarations:period_remind",
    "sanctions:case_evidence",
    "declarations:declaration_sanction",
}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS = {"year": "2026", "month": "11", "side": "terima", "period": "2026-11"}
for _area in AREAS.values():
    POST_ONLY |= _area.POST_ONLY
    FIXED_PATH_PARAMS.update(_area.FIXED_PATH_PARAMS)
# Routes about a submitted report only: a draft is answered 404 whoever asks (still walked).
SUBMITTED_ONLY = {"documents:report_receipt": "a draft has no tanda terima yet"}
ALWAYS_404 = {"api:api-root": "django-ninja's root has no page"}
ADMIN_EXTRA_KWARGS = {"admin:app_list": {"app_label": "org"}}
ALLAUTH_KWARGS = {
    "account_confirm_email": {"key": "kunci-tidak-sah"},
    "account_reset_password_from_key": {"uidb36": "zz", "key": "kunci-tidak-sah"},
}
# Django's helper endpoints that answer 403/404 to any request without specific parameters.
ADMIN_HELPERS = {"admin:autocomplete", "admin:view_on_site"}
# allauth answers 404 to a signed-in user who has nothing there yet (no recovery codes, no TOTP to
# deactivate): not a denial by SEHATI's table. Anonymous visitors are still sent to the login.
NOTHING_YET_404 = {"mfa_view_recovery_codes", "mfa_download_recovery_codes", "mfa_deactivate_totp"}


@pytest.fixture(scope="module")
def walker_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[World]:
    """The walker's world, built once per module and worker inside a transaction that is rolled
    back at the end. Each test runs in a savepoint of it (pytest-django's `django_db`), so what
    a walked request writes is undone before the next test; building the world for every test
    was a third of the walker's time. Its evidence files go to a temporary directory."""
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings

    location = tmp_path_factory.mktemp("walker-media")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    with override_settings(STORAGES=storages), django_db_blocker.unblock(), transaction.atomic():
        yield prepared_world()
        transaction.set_rollback(True)


def expected_scope(persona: str, action: Action) -> Scope | None:
    roles, _opd = PERSONAS[persona]
    best: Scope | None = None
    for role in roles:
        scope = POLICY[action].get(role)
        if scope is not None and (best is None or _RANK[scope] > _RANK[best]):
            best = scope
    return best


# --- enumerating what exists -----------------------------------------------------------------


def url_names() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], ns: str) -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from walk(p.url_patterns, inner)
            elif p.name:
                yield (f"{ns}:{p.name}" if ns else p.name), p

    yield from walk(get_resolver().url_patterns, "")


def api_operations() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        f"{method.upper()} {path.rstrip('/')}"
        for path, methods in schema["paths"].items()
        for method in methods
    )


def page_names() -> list[str]:
    operation_names = {"api:" + n for n in _api_url_names()}
    return sorted({name for name, _ in url_names() if name not in operation_names})


def _api_url_names() -> set[str]:
    return {
        p.name
        for name, p in url_names()
        if name.startswith("api:")
        and name not in ("api:openapi-json", "api:openapi-view", "api:api-root")
    }


def test_every_url_and_operation_is_in_the_table() -> None:
    operations = set(api_operations())  # the schema is built once: it takes a while
    missing = [n for n in page_names() if route_for_url_name(n) is None]
    missing += sorted(op for op in operations if op not in ROUTES)
    assert not missing, f"not in the policy table: {missing}"
    stale = [
        k
        for k in ROUTES
        if k.split(" ")[0] in ("GET", "POST", "PUT", "PATCH", "DELETE") and k not in operations
    ]
    assert not stale, f"table rows for operations that do not exist: {stale}"


# --- objects in and out of scope ------------------------------------------------------------


@dataclass
class Candidate:
    label: str
    kwargs: dict[str, Any]
    pemda_id: int
    opd_id: int | None = None
    owner_id: int | None = None  # user who owns it (tokens), or employee id (employees)
    owner_only: bool = False  # e.g. a draft report: nobody but its author, whatever the scope
    # A stored file: allowed exactly when this action is allowed on its subject's candidate.
    via: tuple[Action, Candidate] | None = None
    # Whose id owner_id is: an employee's (employees, reports) or a user's (tokens, notices,
    # UP3 monitors' visits and findings). Never compared with the other kind: ids of the two
    # tables collide depending on which tests ran first.
    owner_is_user: bool = False


def in_scope(world: World, persona: str, scope: Scope, c: Candidate) -> bool:
    if persona == "publik":
        return scope == Scope.ANY
    if c.via is not None:
        action, subject = c.via
        subject_scope = expected_scope(persona, action)
        return subject_scope is not None and in_scope(world, persona, subject_scope, subject)
    user = world.users[persona]
    owners = (user.id,) if c.owner_is_user else (user.employee_id,)
    if c.owner_only:
        return c.owner_id in owners and c.pemda_id == user.pemda_id
    if scope == Scope.ANY:
        return True
    if scope == Scope.PEMDA:
        return c.pemda_id == user.pemda_id
    if scope == Scope.OPD:
        opd_attr = PERSONAS[persona][1]
        subtree = {world.dinkes.id, world.puskesmas.id} if opd_attr == "dinkes" else set()
        return c.pemda_id == user.pemda_id and (c.opd_id in subtree or c.owner_id in owners)
    return c.owner_id in owners and c.pemda_id == user.pemda_id


def candidates(world: World, subject: str, key: str) -> list[Candidate]:
    if subject == "employee":
        return [
            Candidate(label, {key: e.id}, e.pemda_id, e.opd_id, e.id)
            for label, e in world.employees.items()
        ]
    if subject == "opd":
        opds = [world.dinkes, world.puskesmas, world.dukcapil, world.other_opd]
        return [Candidate(o.code, {key: o.id}, o.pemda_id, o.id) for o in opds]
    if subject == "token":
        return [
            Candidate(
                f"token of {t.user.username}",
                {key: t.id},
                t.user.pemda_id,
                None,
                t.user_id,
                owner_is_user=True,
            )
            for t in world.extra["tokens"].values()
        ]
    if subject == "report":
        return [
            Candidate(
                label,
                {key: r.id},
                r.pemda_id,
                r.reporter_opd_id,
                r.reporter_id,
                owner_only=r.status == "draft",
            )
            for label, r in world.extra["reports"].items()
        ]
    if subject == "file":  # whoever may view the report may download its evidence
        reports = {c.label: c for c in candidates(world, "report", "report_id")}
        return [
            Candidate(
                f"evidence on {label}",
                {key: f.public_id},
                f.pemda_id,
                via=(Action.REPORT_VIEW, reports[label]),
            )
            for label, f in world.extra["files"].items()
        ]
    if subject == "case":
        return [
            Candidate(f"case of {label}", {key: c.id}, c.pemda_id, c.report.reporter_opd_id)
            for label, c in world.extra["cases"].items()
        ]
    if subject == "tip":
        return [
            Candidate(f"tip in {t.pemda.code}", {key: t.id}, t.pemda_id)
            for t in world.extra["tips"]
        ]
    if subject == "identity_access":
        return [
            Candidate(f"identity access in {a.pemda.code}", {key: a.id}, a.pemda_id)
            for a in world.extra["identity_access"]
        ]
    if subject == "custody":
        return [
            Candidate(f"custody of {label}", {key: i.id}, i.pemda_id, i.case.report.reporter_opd_id)
            for label, i in world.extra["custody"].items()
        ]
    if subject == "notice":  # a notice is only ever its addressee's
        return [
            Candidate(
                f"notice of {n.user.username}",
                {key: n.id},
                n.pemda_id,
                None,
                n.user_id,
                owner_is_user=True,
            )
            for n in world.extra["notices"]
        ]
    if subject == "letter_template":  # pemda-wide: reached only with a pemda-wide scope
        return [
            Candidate(f"letter template of {t.pemda.code}", {key: t.id}, t.pemda_id)
            for t in world.extra["letter_templates"]
        ]
    up3 = world.extra.get("up3", {})
    if subject == "monitor":
        return [
            Candidate(
                f"monitor {m.name}", {key: m.id}, m.pemda_id, None, m.user_id, owner_is_user=True
            )
            for m in up3["monitors"]
        ]
    if subject in ("prone_service", "checklist_item", "meeting"):
        return [
            Candidate(f"{subject} in {o.pemda.code}", {key: o.id}, o.pemda_id) for o in up3[subject]
        ]
    if subject == "visit":
        return [
            Candidate(
                label,
                {key: v.id},
                v.pemda_id,
                None,
                v.monitor.user_id,
                owner_only=v.status == "draft",
                owner_is_user=True,
            )
            for label, v in up3["visits"].items()
        ]
    if subject == "finding":
        return [
            Candidate(
                label,
                {key: f.id},
                f.pemda_id,
                f.opd_id,
                f.visit.monitor.user_id if f.visit else None,
                owner_is_user=True,
            )
            for label, f in up3["findings"].items()
        ]
    if subject == "sanction_rule":  # pemda-wide data: one rule per pemda
        return [
            Candidate(f"sanction rule of {r.pemda.code}", {key: r.id}, r.pemda_id)
            for r in world.extra["payroll"]["rules"]
        ]
    declarations = world.extra.get("declarations", {})
    if subject == "declaration_period":  # an OPD-bound viewer sees periods covering its OPD
        return [
            Candidate(label, {key: p.id}, p.pemda_id, opd_id)
            for label, (p, opd_id) in declarations["periods"].items()
        ]
    if subject == "declaration":  # owned by its employee; OPD viewers by the row's OPD
        return [
            Candidate(label, {key: d.id}, d.pemda_id, d.opd_id, d.employee_id)
            for label, d in declarations["declarations"].items()
        ]
    if subject == "sanction_case":  # an ASN sees only the cases about their own record
        return [
            Candidate(label, {key: c.id}, c.pemda_id, c.employee.opd_id, c.employee_id)
            for label, c in world.extra["sanction_cases"].items()
        ]
    if subject == "roster_import":
        return [
            Candidate(f"import of {r.pemda.code}", {key: r.id}, r.pemda_id)
            for r in world.extra["imports"]
        ]
    for area in AREAS.values():
        found = area.candidates(world, subject, key)
        if found is not None:
            return found
    raise AssertionError(f"no candidates for subject {subject}")


def admin_candidates(world: World, name: str) -> list[Candidate]:
    """For admin:<app>_<model>_<view> with an object id: one object per pemda."""
    short = name.removeprefix("admin:")
    if short == "auth_user_password_change":  # Django's name for the user model's password page
        from sehati.accounts.models import User as model
    else:
        for model in admin.site._registry:
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if short.startswith(prefix):
                break
        else:  # pragma: no cover - guarded by the coverage test
            raise AssertionError(name)
    out = []
    fields = {f.name for f in model._meta.concrete_fields}
    for pemda in (world.pemda, world.other_pemda):
        if model._meta.label == "org.Pemda":
            obj: Any = pemda
        elif "pemda" in fields:
            obj = model.objects.filter(pemda=pemda).first()
        elif "user" in fields:
            obj = model.objects.filter(user__pemda=pemda).first()
        elif pemda == world.pemda:  # not tenant data (login attempts, groups): any one row
            obj = model.objects.order_by("pk").first()
        else:
            continue
        assert obj is not None, f"world lacks a {model._meta.label} in {pemda.code}"
        kwargs: dict[str, Any] = {"object_id": obj.pk}
        if short.endswith("_simple_history"):  # simple_history's pattern has unnamed groups
            kwargs = {"__args__": [obj.pk, obj.history.first().history_id]}
        if short == "auth_user_password_change":
            kwargs = {"id": obj.pk}
        out.append(Candidate(f"{model._meta.label}@{pemda.code}", kwargs, pemda.id))
    return out


# --- requests --------------------------------------------------------------------------------


def client_for(world: World, persona: str, api_call: bool) -> Client:
    client = Client()
    if persona == "publik":
        return client
    user = world.users[persona]
    if api_call:
        _row, raw = token_create(user=user, name="walker")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    else:
        client.force_login(user)
    return client


def outcome(response: Any, name: str) -> str:
    status = response.status_code
    assert status < 500, f"{name}: server error {status}"
    if status in (401, 403, 404):
        return "deny"
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith(("/accounts/login/", "/admin/login/")):
            return "deny"
        if name.startswith("admin:") and location.rstrip("/").endswith("/admin"):
            return "deny"  # the Django admin's answer for an object it cannot see
    return "allow"


def _rule_data() -> dict[str, Any]:
    from sehati.rules.defaults import perkpk_2019_jo_2026
    from sehati.rules.rulesets import ruleset_to_dict

    data = ruleset_to_dict(perkpk_2019_jo_2026())
    return {k: data[k] for k in ("exemptions", "deadlines", "notes_id")}


def _report(user: Any, *, submit: bool = False) -> Any:
    import datetime as dt

    from sehati.reports.services import report_create, report_submit

    report, _created = report_create(
        actor=user,
        data={
            "kind": "receipt",
            "received_on": dt.date(2026, 10, 1),
            "category": "other",
            "form": "goods",
            "value_idr": 750_000,
            "giver_name": "Pemberi",
            "giver_relation": "vendor",
            "description": "Parsel",
            "place": "Kantor",
            "chronology": "Diantar ke kantor.",
        },
    )
    if submit:
        report = report_submit(report=report, actor=user, today=dt.date(2026, 10, 5)).report
    return report


def prepared_world() -> World:
    world = build_world()
    admin_user = world.users["admin_pemda"]
    admin_user.groups.add(admin_group())
    for pemda, opd in ((world.pemda, world.dinkes), (world.other_pemda, world.other_opd)):
        kec = KecamatanFactory(pemda=pemda)
        DesaFactory(kecamatan=kec, pemda=pemda)
        ServiceUnitFactory(opd=opd, pemda=pemda, kecamatan=kec)
        emp = world.employees["budi" if pemda == world.pemda else "other_pemda_staff"]
        Mutasi.objects.create(
            pemda=pemda,
            employee=emp,
            from_opd=opd,
            to_opd=opd,
            effective_on="2026-01-05",
            source=Mutasi.Source.MANUAL,
        )
        timeline_record(subject=pemda, type="walker_fixture", actor="uji")
        CalendarOverride.objects.create(
            pemda=pemda, day="2026-11-24", action="add", name="Hari jadi", legal_basis="Perbup uji"
        )
        RuleSetRecord.objects.create(
            pemda=pemda,
            code="uji-2027",
            name="Uji 2027",
            legal_basis="uji",
            valid_from="2027-01-01",
            data=_rule_data(),
        )
    other_user = world.users["other_pemda_user"]
    RoleGrant.objects.create(user=other_user, role=Role.UPG.value, pemda=world.other_pemda)
    world.extra["tokens"] = {
        "own-pelapor": token_create(user=world.users["pelapor"], name="milik budi")[0],
        "own-upg": token_create(user=world.users["upg"], name="milik siti")[0],
        "other": token_create(user=other_user, name="milik pemda lain")[0],
    }
    world.extra["imports"] = [
        RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"]),
        RosterImportFactory(pemda=world.other_pemda, uploaded_by=other_user),
    ]
    from sehati.documents.models import LetterTemplate

    world.extra["letter_templates"] = [
        LetterTemplate.objects.create(
            pemda=pemda, code="pengantar-kpk", name="Pengantar", subject="Perihal", body="Isi"
        )
        for pemda in (world.pemda, world.other_pemda)
    ]
    # Rows for the third-party admin pages (platform superusers only).
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for user in (world.users["pelapor"], other_user):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for mfa_user in (world.users["upg"], other_user):
        from sehati.accounts.tests.factories import with_totp

        if mfa_user == other_user:
            with_totp(mfa_user)
    AccessAttempt.objects.create(
        username="x", ip_address="127.0.0.9", user_agent="uji", failures_since_start=1
    )
    AccessLog.objects.create(username="x", ip_address="127.0.0.9", user_agent="uji")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.9", user_agent="uji")
    world.extra["reports"] = {
        "own draft": _report(world.users["pelapor"]),
        "own submitted": _report(world.users["pelapor"], submit=True),
        "colleague (same OPD)": _report(world.users["upg_pembantu"], submit=True),
        "other OPD": _report(world.users["upg"], submit=True),
        "other pemda": _report(other_user, submit=True),
    }
    from sehati.reports.services import report_evidence_attach

    world.extra["files"] = {
        label: report_evidence_attach(
            report=world.extra["reports"][label],
            actor=author,
            upload=SimpleUploadedFile("bukti.png", PNG_BYTES, "image/png"),
        )
        for label, author in (
            ("own draft", world.users["pelapor"]),
            ("own submitted", world.users["pelapor"]),
            ("other OPD", world.users["upg"]),
            ("other pemda", other_user),
        )
    }
    world.extra["cases"] = {
        label: r.case for label, r in world.extra["reports"].items() if r.status != "draft"
    }
    import datetime as dt

    from sehati.cases.models import IdentityAccess
    from sehati.monitoring.services import tip_submit

    world.extra["tips"] = [
        tip_submit(pemda=p, description="Diminta uang di loket.", today=dt.date(2026, 10, 6)).tip
        for p in (world.pemda, world.other_pemda)
    ]

    world.pemda.upg_head = world.users["upg"]
    world.pemda.save()
    world.extra["identity_access"] = [
        IdentityAccess.objects.create(pemda=pemda, user=user, granted_by=head, reason="uji")
        for pemda, user, head in (
            (world.pemda, world.users["inspektur"], world.users["upg"]),
            (world.other_pemda, other_user, other_user),
        )
    ]
    world.extra["custody"] = {
        label: _custody(world.extra["cases"][label], actor)
        for label, actor in (
            ("own submitted", world.users["upg"]),
            ("other OPD", world.users["upg"]),
            ("other pemda", other_user),
        )
    }
    from sehati.notifications.services import notice_send

    world.extra["notices"] = [
        notice_send(user=u, title="Pengingat", body="", url="/", email=False)
        for u in (world.users["pelapor"], world.users["upg"], other_user)
    ]
    world.extra["up3"] = _up3_world(world, other_user)
    world.extra["declarations"] = _declarations_world(world, other_user)
    world.extra["payroll"] = _payroll_world(world, other_user)
    world.extra["sanction_cases"] = _sanction_case_world(world, other_user)
    for area_name, area in AREAS.items():
        world.extra[area_name] = area.build(world, other_user)
    assert TimelineEvent.objects.filter(pemda=world.other_pemda).exists()
    return world


def _up3_world(world: World, other_user: Any) -> dict[str, Any]:
    """UP3 objects in and out of each persona's scope: the pemantau persona's own monitor entry
    with a draft and a submitted visit, a colleague's visit, findings about Dinkes (the kepala
    OPD persona's OPD), Dukcapil and the other pemda."""
    import datetime as dt
    import uuid

    from sehati.monitoring.models import (
        ChecklistItem,
        Finding,
        Meeting,
        Monitor,
        ProneService,
        Visit,
    )
    from sehati.org.models import Kecamatan, ServiceUnit

    day = dt.date(2026, 10, 6)
    out: dict[str, Any] = {"prone_service": [], "checklist_item": [], "meeting": []}
    monitors = {}
    for pemda, user, label in (
        (world.pemda, world.users["pemantau"], "own"),
        (world.pemda, None, "colleague"),
        (world.other_pemda, other_user, "other pemda"),
    ):
        kec = Kecamatan.objects.filter(pemda=pemda).first()
        assert kec is not None
        monitors[label] = Monitor.objects.create(
            pemda=pemda,
            user=user,
            name=f"Pemantau {label}",
            kecamatan=kec,
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2028, 12, 31),
            decree_number="SK-UJI",
            decree_date=dt.date(2025, 12, 20),
        )
    out["monitors"] = list(monitors.values())
    units = {}
    for pemda in (world.pemda, world.other_pemda):
        unit = ServiceUnit.objects.filter(pemda=pemda).first()
        assert unit is not None
        units[pemda.pk] = unit
        out["prone_service"].append(
            ProneService.objects.create(
                pemda=pemda, service_unit=unit, area="kesehatan", name="Surat sehat"
            )
        )
        out["checklist_item"].append(
            ChecklistItem.objects.create(pemda=pemda, text="Standar pelayanan terpasang")
        )
        meeting = Meeting.objects.create(
            pemda=pemda, held_on=day, place="Aula", agenda="Rapat", minutes="Notulen"
        )
        out["meeting"].append(meeting)
    visits = {}
    for label, monitor, status in (
        ("own draft visit", monitors["own"], "draft"),
        ("own visit", monitors["own"], "submitted"),
        ("colleague's visit", monitors["colleague"], "submitted"),
        ("other pemda visit", monitors["other pemda"], "submitted"),
    ):
        visits[label] = Visit.objects.create(
            pemda=monitor.pemda,
            monitor=monitor,
            client_uuid=uuid.uuid4(),
            service_unit=units[monitor.pemda_id],
            visited_on=day,
            status=status,
        )
    out["visits"] = visits
    findings = {}
    for n, (label, visit, opd) in enumerate(
        (
            ("finding on own visit (Dinkes)", visits["own visit"], world.dinkes),
            (
                "finding on colleague's visit (Puskesmas)",
                visits["colleague's visit"],
                world.puskesmas,
            ),
            ("finding about Dukcapil", visits["colleague's visit"], world.dukcapil),
            ("finding from a tip (Dukcapil)", None, world.dukcapil),
            ("other pemda finding", visits["other pemda visit"], world.other_opd),
        ),
        start=1,
    ):
        findings[label] = Finding.objects.create(
            pemda=opd.pemda,
            number=f"TMU/2026/{n:04d}",
            source="kunjungan" if visit else "aduan",
            visit=visit,
            category="pungli",
            severity="sedang",
            opd=opd,
            observed_on=day,
            description="Diminta uang",
            sent_on=day,
            followup_due=day + dt.timedelta(days=14),
        )
    out["findings"] = findings
    return out


def _sanction_case_world(world: World, other_user: Any) -> dict[str, Any]:
    """Sanction cases about the pelapor persona (decided "not reported", with a summons), a
    Dinkes colleague, Disdukcapil staff and someone of the other pemda."""
    import datetime as dt

    from sehati.sanctions.examination import StepData, sanction_step_add
    from sehati.sanctions.services import sanction_case_open, sanction_decide

    day = dt.date(2026, 11, 2)
    cases = {}
    for label, key, actor in (
        ("own sanction case", "budi", world.users["inspektur"]),
        ("Dinkes colleague's sanction case", "colleague_dinkes", world.users["upg"]),
        ("Disdukcapil staff's sanction case", "dukcapil_staff", world.users["inspektur"]),
        ("other pemda sanction case", "other_pemda_staff", other_user),
    ):
        employee = world.employees[key]
        cases[label] = sanction_case_open(
            pemda=employee.pemda,
            actor=actor,
            employee=employee,
            source="manual",
            description="Menerima pemberian dan tidak melapor.",
        )
    own = cases["own sanction case"]
    sanction_step_add(
        case=own,
        actor=world.users["inspektur"],
        data=StepData(
            kind="summons",
            occurred_on=day,
            at_time=dt.time(9, 0),
            place="Inspektorat",
            purpose="Klarifikasi",
            letter_number="700/1/INSP",
        ),
        today=day,
    )
    sanction_decide(
        case=own,
        actor=world.users["inspektur"],
        decision="not_reported",
        decision_number="700/2/INSP",
        decided_on=day,
        today=day,
    )
    return cases


def _payroll_world(world: World, other_user: Any) -> dict[str, Any]:
    """TPP payroll and sanction rules (issue #6 point 3): one sanction rule and one processed
    month in each pemda (the rule pages and operations are pemda-wide)."""
    import datetime as dt

    from sehati.sanctions.models import PayrollMonth, SanctionRuleRecord

    rules = []
    for pemda, actor in (
        (world.pemda, world.users["operator_tpp"]),
        (world.other_pemda, other_user),
    ):
        rules.append(
            SanctionRuleRecord.objects.create(
                pemda=pemda,
                code="perbup-uji",
                percent=50,
                months=1,
                legal_basis="Perbup uji",
                valid_from=dt.date(2021, 1, 1),
            )
        )
        PayrollMonth.objects.create(pemda=pemda, month="2026-10", processed_by=actor)
    return {"rules": rules}


def _declarations_world(world: World, other_user: Any) -> dict[str, Any]:
    """Declaration periods in and out of each persona's scope: one for all OPD (covers Dinkes,
    the OPD-bound personas' OPD), one for Disdukcapil only, one in the other pemda; and
    declarations of the pelapor, of a Dinkes colleague, of Disdukcapil staff and of the other
    pemda."""
    import datetime as dt

    from sehati.declarations.models import Declaration, DeclarationPeriod
    from sehati.declarations.services import period_roster_sync

    def period(pemda: Any, title: str, *opds: Any) -> DeclarationPeriod:
        p = DeclarationPeriod.objects.create(
            pemda=pemda,
            title=title,
            starts_on=dt.date(2026, 7, 1),
            due_on=dt.date(2100, 12, 31),
            all_opd=not opds,
        )
        p.opds.set(opds)
        period_roster_sync(period=p)
        return p

    everyone = period(world.pemda, "Semester II (semua OPD)")
    dukcapil = period(world.pemda, "Disdukcapil saja", world.dukcapil)
    other = period(world.other_pemda, "Pemda lain")
    rows = Declaration.objects.filter(period=everyone)
    return {
        "periods": {
            "period for all OPD": (everyone, world.dinkes.id),
            "period for Disdukcapil only": (dukcapil, world.dukcapil.id),
            "period in the other pemda": (other, world.other_opd.id),
        },
        "declarations": {
            "own declaration": rows.get(employee=world.employees["budi"]),
            "Dinkes colleague's declaration": rows.get(employee=world.employees["rina"]),
            "Disdukcapil staff's declaration": rows.get(employee=world.employees["dukcapil_staff"]),
            "other pemda declaration": Declaration.objects.get(
                period=other, employee=world.employees["other_pemda_staff"]
            ),
        },
    }


def _custody(case: Any, actor: Any) -> Any:
    import datetime as dt

    from sehati.cases.services import custody_receive

    return custody_receive(
        case=case,
        actor=actor,
        description="Parsel",
        quantity=1,
        received_from="Pelapor",
        received_on=dt.date(2026, 10, 6),
        storage_location="Lemari UPG",
        condition="Baik",
        today=dt.date(2026, 10, 6),
    )


def _request(client: Client, method: str, url: str, api_call: bool) -> Any:
    if method == "patch":
        body = next((b for sfx, b in API_BODIES.items() if url.endswith(sfx)), {})
        return client.patch(url, body, content_type="application/json")
    if method == "post":
        data: dict[str, Any] = {}
        if url.endswith("/roster-imports"):
            data = {"file": SimpleUploadedFile("kosong.csv", b"nip,nama\n", "text/csv")}
        if url.endswith(("/files", "/bukti/")):  # evidence uploads: one valid image
            data = {"file": SimpleUploadedFile("foto.png", PNG_BYTES, "image/png")}
            if "/cases/" in url:
                data["purpose"] = "analysis"
        if url.endswith(("/photos", "/evidence", "/response-files")):  # one valid image
            data = {"file": SimpleUploadedFile("foto.png", PNG_BYTES, "image/png")}
        if url.endswith("i18n/setlang/"):
            data = {"language": "id", "next": "/"}
        if api_call:
            for suffix, body in API_BODIES.items():
                if url.endswith(suffix):
                    return client.post(url, body, content_type="application/json")
        return client.post(url, data)
    return client.get(url)


# Valid JSON bodies for API operations on an object, so that the walker reaches the object's
# scope check (an empty body is a 422/400 before any object is looked up, whoever asks).
API_BODIES: dict[str, dict[str, Any]] = {
    # Cases read the checklist, findings the decision (each schema ignores the other's fields).
    "/verify": {"checklist": {}, "decision": "return", "note": "uji"},
    "/analyse": {"recommendation": "uji", "must_report": True},
    "/forward": {"sent_on": "2026-10-06", "channel": "email"},
    "/decision": {
        "decision": "state",
        "sk_number": "SK-uji",
        "sk_date": "2026-10-06",
        "signatory_level": "direktur",
    },
    "/followup": {"followup": "kept", "done_on": "2026-10-06"},
    "/messages": {"body": "uji"},
    "/custody": {
        "description": "Parsel",
        "received_from": "Pelapor",
        "received_on": "2026-10-06",
        "storage_location": "Lemari",
    },
    "/release": {"released_to_kind": "kpk", "released_to": "KPK", "released_on": "2026-10-06"},
    "/notices/read": {},
    "/status": {"status": "closed", "outcome": "uji"},
    "/response": {"body": "Petugas sudah ditegur."},
    "/escalate": {"reason": "uji"},
    "/kpk": {"note": "uji"},
    "/employee": {"employee_id": None},
    "/close": {"confirm": True},
    "/answer": {"answer": "none"},
    "/sanction-case": {"description": "Mengaku menerima dan belum melapor."},
    "/gifts": {"description": "Parsel"},
    "/steps": {"kind": "note", "occurred_on": "2026-11-02", "text": "uji"},
    "/decide": {"decision": "not_proven", "decision_number": "uji", "decided_on": "2026-11-02"},
    "/appeals": {"grounds": "uji"},
    "/appeals/on-behalf": {"grounds": "uji", "filed_on": "2026-11-02"},
    "/appeal-outcome": {"outcome": "upheld", "decision_number": "uji", "decided_on": "2026-11-02"},
    "/discipline": {
        "tier": "ringan",
        "penalty": "teguran_lisan",
        "decision_number": "uji",
        "decided_on": "2026-11-02",
        "decided_by": "Bupati",
    },
}
for _area in AREAS.values():
    API_BODIES.update(_area.API_BODIES)


def walk_route(
    world: World,
    name: str,
    route: Route,
    method: str,
    url_of: Any,
    objects: list[Candidate] | None,
    api_call: bool,
) -> list[str]:
    mismatches = []
    for persona in PERSONAS:
        scope = expected_scope(persona, route.action)
        client = client_for(world, persona, api_call)  # one login per persona and route
        for cand in objects or [None]:
            url = url_of(cand)
            response = _request(client, method, url, api_call)
            got = outcome(response, name)
            if name in ALWAYS_404 or scope is None:
                want = "deny"
            elif cand is None:
                want = "allow"
            else:
                want = "allow" if in_scope(world, persona, scope, cand) else "deny"
            # Public pages may redirect an anonymous visitor into the login flow: still public.
            if route.action == Action.PUBLIC_PAGE and got == "deny" and name not in ALWAYS_404:
                got = "allow" if response.status_code in (301, 302, 303) else got
            if name in NOTHING_YET_404 and persona != "publik" and response.status_code == 404:
                got = "allow"
            if name in ADMIN_HELPERS and want == "allow":
                want = got  # Django's own parameter checks decide; the policy only gates entry
            if got != want:
                label = cand.label if cand else "-"
                mismatches.append(
                    f"{persona} {method.upper()} {url} [{label}]: "
                    f"got {got} ({response.status_code}), table says {want}"
                )
    return mismatches


@pytest.mark.django_db
@pytest.mark.parametrize("name", page_names())
def test_page_follows_the_policy_table(name: str, walker_world: World) -> None:
    route = route_for_url_name(name)
    assert route is not None
    world = walker_world
    pattern = dict(url_names())[name]
    params = set(pattern.pattern.regex.groupindex)
    objects: list[Candidate] | None = None
    if name == "admin:view_on_site":
        pass  # a Django redirect helper; fixed kwargs below
    elif name.startswith("admin:") and (params - {"app_label"} or name.endswith("_simple_history")):
        objects = admin_candidates(world, name)
    elif route.subject:
        key = next(iter(sorted(params - set(FIXED_PATH_PARAMS))))
        objects = candidates(world, route.subject, key)
        if name in SUBMITTED_ONLY:  # drafts: owned by nobody for this route
            objects = [replace(c, owner_id=None) if c.owner_only else c for c in objects]
    fixed = ADMIN_EXTRA_KWARGS.get(name) or ALLAUTH_KWARGS.get(name) or {}
    fixed = {**{k: v for k, v in FIXED_PATH_PARAMS.items() if k in params}, **fixed}
    if name == "admin:view_on_site":
        fixed = {"content_type_id": 1, "object_id": 1}

    def url_of(cand: Candidate | None) -> str:
        if cand and "__args__" in cand.kwargs:
            return reverse(name, args=cand.kwargs["__args__"])
        return reverse(name, kwargs={**fixed, **(cand.kwargs if cand else {})})

    method = "post" if name in POST_ONLY else "get"
    assert not walk_route(world, name, route, method, url_of, objects, api_call=False)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", api_operations())
def test_api_operation_follows_the_policy_table(operation: str, walker_world: World) -> None:
    route = ROUTES[operation]
    world = walker_world
    method, path = operation.split(" ", 1)
    objects: list[Candidate] | None = None
    key = None
    for name, value in FIXED_PATH_PARAMS.items():
        path = path.replace("{" + name + "}", value)
    if "{" in path:
        key = path[path.index("{") + 1 : path.index("}")]
        assert route.subject, f"{operation} has a path id but no subject in the table"
        objects = candidates(world, route.subject, key)

    def url_of(cand: Candidate | None) -> str:
        return path.replace("{" + key + "}", str(cand.kwargs[key])) if cand and key else path

    assert not walk_route(world, operation, route, method.lower(), url_of, objects, api_call=True)


# --- the table itself says what the law and the programme need -------------------------------


def test_table_facts() -> None:
    # Nobody but the operator TPP and the admin imports rosters; monitors never see employees.
    assert set(POLICY[Action.ROSTER_IMPORT]) == {Role.OPERATOR_TPP, Role.ADMIN}
    assert Role.PEMANTAU not in POLICY[Action.EMPLOYEE_VIEW]
    assert POLICY[Action.EMPLOYEE_VIEW][Role.PELAPOR] == Scope.OWN
    assert POLICY[Action.EMPLOYEE_VIEW][Role.UPG_PEMBANTU] == Scope.OPD
    assert set(POLICY[Action.AUDIT_VIEW]) == {Role.INSPEKTUR, Role.ADMIN}
    assert POLICY[Action.PLATFORM_ADMIN] == {}
    assert Role.PUBLIK not in POLICY[Action.HOME]
    # A token is always one's own.
    assert set(POLICY[Action.TOKEN_MANAGE].values()) == {Scope.OWN}


@pytest.mark.django_db
def test_tokens_listed_are_only_ones_own(walker_world: World) -> None:
    world = walker_world  # the module's world: a second one in the same database would clash
    token_create(user=world.users["upg"], name="milik siti (baru)")
    client = Client()
    client.force_login(world.users["pelapor"])
    page = client.get(reverse("accounts:token_list")).content.decode()
    assert "milik budi" in page
    assert "milik siti" not in page and "milik pemda lain" not in page
    assert ApiToken.objects.filter(user=world.users["pelapor"]).count() == 1
