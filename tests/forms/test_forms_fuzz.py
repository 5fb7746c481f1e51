"""Hypothesis on every form (issue #9 point 6): each Django form of SEHATI, found by walking the
`*form*` modules, gets arbitrary submissions — missing fields, empty strings, NUL and control
characters, huge and negative numbers, malformed dates, repeated values, random files — and must
answer with a bool from `is_valid()`, readable error messages, complete cleaned data when
valid, and render again. A form that raises on input is a 500 waiting for a user.

Examples per form: FORM_EXAMPLES (default 20, 5 in the PostgreSQL pass; e.g. 500 for a deeper
run). A new form module is
picked up automatically; a new constructor argument must be given a value in `_kwargs()` (the test
fails and names it otherwise)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import pkgutil
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sehati
from sehati.core.tests.samples import PDF_BYTES, PNG_BYTES

EXAMPLES = int(os.environ.get("FORM_EXAMPLES", "20"))
TODAY = dt.date(2026, 11, 24)
# Parameters every Django form takes; the rest are SEHATI's own and come from KWARGS.
DJANGO_PARAMS = {
    "self", "args", "kwargs", "data", "files", "auto_id", "prefix", "initial", "error_class",
    "label_suffix", "empty_permitted", "field_order", "use_required_attribute", "renderer",
    "instance", "bound_field_class",
}  # fmt: skip
# Base classes that are never used on their own.
ABSTRACT = {"sehati.cases.forms._WithFiles", "sehati.cases.forms._NotFuture",
            "sehati.sanctions.forms_cases._GiftFields", "sehati.privacy.forms._Styled",
            "sehati.privacy.forms._EmployeeByNip"}  # fmt: skip


def _form_classes() -> dict[str, type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for info in pkgutil.walk_packages(sehati.__path__, "sehati."):
        leaf = info.name.rsplit(".", 1)[-1]
        if "tests" in info.name or "migrations" in info.name or "form" not in leaf:
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and f"{module.__name__}.{name}" not in ABSTRACT
            ):
                found[f"{module.__name__}.{name}"] = obj
    return found


FORMS = _form_classes()


def test_the_walk_finds_the_forms() -> None:
    assert len(FORMS) >= 80
    assert "sehati.reports.forms.ReportForm" in FORMS
    assert "sehati.privacy.forms.DsrForm" in FORMS


def _kwargs(world: Any) -> dict[str, Any]:
    """A value for every SEHATI constructor argument, from the test world."""
    from sehati.accounts.models import User
    from sehati.cases.tests.factories import submitted_report
    from sehati.integrity.models import ActionPlan
    from sehati.monitoring.models import ChecklistItem
    from sehati.org.models import Kecamatan, Opd, ServiceUnit
    from sehati.outreach.tests.events_helpers import make_event
    from sehati.reports.models import GiftReport
    from sehati.surveys import services as survey_svc
    from sehati.surveys.tests.helpers import survey_build

    pemda = world.pemda
    report = submitted_report(world.users["pelapor"])
    survey = survey_build(world)
    units = list(ServiceUnit.objects.filter(pemda=pemda))
    plan = ActionPlan.objects.create(
        pemda=pemda,
        title="Layanan daring",
        dimension="perizinan",
        owner_opd=world.dinkes,
        due_on=dt.date(2027, 3, 31),
        created_by=world.users["upg"],
    )
    question = SimpleNamespace(pk=7, text="Apa itu gratifikasi?", options=[("A", "x"), ("B", "y")])
    return {
        "today": TODAY,
        "this_year": 2026,
        "pemda": pemda,
        "pemda_id": pemda.pk,
        "employee_id": world.employees["budi"].pk,
        "pemda_wide": True,
        "opd_queryset": Opd.objects.filter(pemda=pemda),
        "user_queryset": User.objects.filter(pemda=pemda),
        "opd_choices": [(o.pk, o.name) for o in Opd.objects.filter(pemda=pemda)],
        "target_choices": [(1, "Temuan 1")],
        "choices": [(1, "Peserta 1"), (2, "Peserta 2")],
        "reports": GiftReport.objects.filter(pk=report.pk),
        "report": report,
        "case": SimpleNamespace(employee_id=world.employees["budi"].pk, pemda_id=pemda.pk),
        "event": make_event(world, audience="public"),
        "plan": plan,
        "may_reopen": True,
        "survey": survey,
        "items_survey": survey_svc.items_ordered(survey=survey),
        "items_quiz": [SimpleNamespace(question=question, question_id=question.pk)],
        "items_visit": [ChecklistItem(pk=3, pemda=pemda, text="Ada papan larangan gratifikasi?")],
        "unit_groups": [("Kandangan", units)],
        "prone": [],
        "kecamatan": [(k.pk, k.name) for k in Kecamatan.objects.filter(pemda=pemda)],
        "monitors": [(1, "Andi")],
        "units": [(u.pk, u.name) for u in units],
    }


def _login_request() -> Any:
    """allauth's login form authenticates against a request (django-axes counts failures)."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
    SessionMiddleware(lambda r: None).process_request(request)  # type: ignore[arg-type,return-value]
    return request


def _constructor(name: str, cls: type[forms.BaseForm], values: dict[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if name == "sehati.accounts.forms.LoginForm":
        args["request"] = _login_request()
    # The form's own arguments and those its SEHATI base classes ask for through **kwargs.
    params = [
        p
        for klass in cls.__mro__
        if klass.__module__.startswith("sehati.") and "__init__" in vars(klass)
        for p in inspect.signature(klass.__init__).parameters.values()
    ]
    for p in params:
        if p.name in DJANGO_PARAMS or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        key = p.name
        if key == "items":
            key = {"monitoring": "items_visit", "outreach": "items_quiz"}.get(
                name.split(".")[1], "items_survey"
            )
        if key in values:
            args[p.name] = values[key]
        elif p.default is inspect.Parameter.empty:
            raise AssertionError(f"{name}: no test value for the argument {p.name!r}")
    return args


SCALARS = st.one_of(
    st.just(""),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(alphabet="\x00\x01\x1f\u202e\ufeff '\"<>&;%", max_size=10),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            "0",
            "1",
            "on",
            "true",
            "-1",
            "1e309",
            "NaN",
            "2026-02-30",
            "2026-11-24",
            "31-12-2026",
            "2026-11-24T10:00",
            "9999-12-31",
            "0001-01-01",
            "0" * 30,
            "x" * 6000,
            "null",
            "[]",
        ]
    ),
)


@st.composite
def submissions(
    draw: Any, field_names: list[str]
) -> tuple[MultiValueDict[str, Any], dict[str, Any]]:
    data: MultiValueDict[str, Any] = MultiValueDict()
    files: dict[str, Any] = {}
    for name in field_names + draw(
        st.lists(st.sampled_from(["extra", "csrfmiddlewaretoken"]), max_size=1)
    ):
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # field missing
        data.setlist(name, draw(st.lists(SCALARS, min_size=1, max_size=2)))
        if draw(st.integers(0, 3)) == 0:
            content = draw(
                st.sampled_from([b"", PNG_BYTES, PDF_BYTES, b"nip,nama\n1,2\n", b"\x00" * 64])
            )
            fname = draw(st.sampled_from(["foto.png", "a.pdf", "../../etc/passwd", "x.csv", ""]))
            files[name] = SimpleUploadedFile(fname or "tanpa-nama", content)
    return data, files


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_survives_arbitrary_input(name: str, world: Any) -> None:
    cls = FORMS[name]
    values = _kwargs(world)
    kwargs = _constructor(name, cls, values)
    field_names = list(cls(**kwargs).fields)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(submission=submissions(field_names))
    def fuzz(submission: tuple[MultiValueDict[str, Any], dict[str, Any]]) -> None:
        data, files = submission
        for upload in files.values():
            upload.seek(0)
        form = cls(data, MultiValueDict({k: [v] for k, v in files.items()}), **kwargs)
        valid = form.is_valid()
        assert isinstance(valid, bool)
        if valid:
            assert set(form.fields) <= set(form.cleaned_data), "valid but fields missing"
        else:
            for field, errors in form.errors.items():
                assert field == "__all__" or field in form.fields
                assert all(isinstance(e, str) and e.strip() for e in errors), errors
        assert form.as_div()

    fuzz()
