"""The payroll list and the sanction rules over the API (issue #6 point 3)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from sehati.accounts.services import token_create
from sehati.org.tests.factories import EmployeeFactory
from sehati.sanctions.models import PayrollMonth, SanctionCase, SanctionRuleRecord
from sehati.sanctions.services import sanction_case_open, sanction_decide

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def api(world: Any, persona: str) -> Client:
    _row, raw = token_create(user=world.users[persona], name="uji")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def decided(world: Any) -> SanctionCase:
    case = sanction_case_open(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=EmployeeFactory(
            opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=4_000_000, name="Ahmad Uji"
        ),
        source=SanctionCase.Source.MANUAL,
        description="Tidak melapor.",
    )
    return sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/12/INSP/2026",
        decided_on=D(2026, 3, 16),
        today=D(2026, 3, 16),
    )


def test_months_and_lines(world: Any, decided: SanctionCase) -> None:
    client = api(world, "operator_tpp")
    months = client.get("/api/v1/payroll").json()
    assert months["count"] == 2
    assert [m["month"] for m in months["items"]] == ["2026-04", "2026-03"]
    march = months["items"][1]
    assert (march["lines"], march["total_idr"], march["processed"]) == (1, 2_000_000, False)
    detail = client.get("/api/v1/payroll/2026-03").json()
    (line,) = detail["items"]
    assert line["deduction_idr"] == 2_000_000
    assert line["kind"] == "deduction"
    assert line["corrects_month"] == ""
    assert api(world, "upg").get("/api/v1/payroll").status_code == 403


def test_files_are_the_command_bytes(world: Any, decided: SanctionCase) -> None:
    client = api(world, "inspektur")
    out = io.StringIO()
    call_command("tpp", "export", "--month", "2026-03", stdout=out)
    assert client.get("/api/v1/payroll/2026-03/csv").content == out.getvalue().encode()
    page = Client()
    page.force_login(world.users["inspektur"])
    assert (
        client.get("/api/v1/payroll/2026-03/xlsx").content == page.get("/tpp/2026-03/xlsx/").content
    )


@pytest.mark.parametrize("period", ["2026-13", "2026-3", "maret", "1999-01"])
def test_bad_period_is_422(world: Any, period: str) -> None:
    client = api(world, "operator_tpp")
    assert client.get(f"/api/v1/payroll/{period}").status_code == 422
    assert client.post(f"/api/v1/payroll/{period}/process").status_code == 422


def test_process(world: Any, decided: SanctionCase) -> None:
    client = api(world, "operator_tpp")
    response = client.post("/api/v1/payroll/2026-03/process")
    assert response.status_code == 201
    assert response.json()["processed"] is True
    assert response.json()["processed_by"]
    again = client.post("/api/v1/payroll/2026-03/process")
    assert (again.status_code, again.json()["code"]) == (409, "payroll_month_already_processed")
    future = client.post("/api/v1/payroll/2026-05/process")
    assert (future.status_code, future.json()["code"]) == (422, "payroll_month_in_future")
    assert list(PayrollMonth.objects.values_list("month", flat=True)) == ["2026-03"]
    assert api(world, "inspektur").post("/api/v1/payroll/2026-04/process").status_code == 403


RULE = {
    "code": "perbup-uji-2026",
    "percent": 30,
    "months": 2,
    "legal_basis": "Perbup Uji 1/2026",
    "valid_from": "2026-04-01",
}


def test_rules(world: Any, decided: SanctionCase) -> None:
    client = api(world, "inspektur")
    assert client.get("/api/v1/sanction-rules").json()["items"] == []
    # From 1 January it would take over the March decision made under the default.
    early = client.post(
        "/api/v1/sanction-rules", {**RULE, "valid_from": "2026-01-01"}, "application/json"
    )
    assert (early.status_code, early.json()["code"]) == (409, "sanction_rule_retroactive")
    # A first own rule that starts later would leave the March decision without its rule;
    # recording the default's own terms first keeps it.
    alone = client.post("/api/v1/sanction-rules", RULE, "application/json")
    assert (alone.status_code, alone.json()["code"]) == (409, "sanction_rule_retroactive")
    default = {
        "code": "perbup-hss-68-2020-17d",
        "percent": 50,
        "months": 1,
        "legal_basis": "Perbup HSS 68/2020 Pasal 17D (potongan TPP 50% bulan berkenaan)",
        "valid_from": "2021-01-01",
    }
    assert client.post("/api/v1/sanction-rules", default, "application/json").status_code == 201
    created = client.post("/api/v1/sanction-rules", RULE, "application/json")
    assert created.status_code == 201, created.content
    rule_id = created.json()["id"]
    dup = client.post(
        "/api/v1/sanction-rules", {**RULE, "valid_from": "2027-01-01"}, "application/json"
    )
    assert (dup.status_code, dup.json()["code"]) == (409, "sanction_rule_code_taken")
    for bad in ({"percent": True}, {"percent": 0}, {"months": 13}, {"valid_from": "1999-01-01"}):
        assert (
            client.post("/api/v1/sanction-rules", {**RULE, **bad}, "application/json").status_code
            == 422
        )
    bad_order = client.post(
        "/api/v1/sanction-rules",
        {**RULE, "code": "x", "valid_from": "2027-01-01", "valid_until": "2026-12-31"},
        "application/json",
    )
    assert bad_order.status_code == 422
    assert "sebelum" in bad_order.json()["message"]
    url = f"/api/v1/sanction-rules/{rule_id}"
    assert client.patch(url, {}, "application/json").json()["percent"] == 30
    assert client.patch(url, {"percent": 25}, "application/json").json()["percent"] == 25
    assert client.patch(url, {"valid_until": "2026-12-31"}, "application/json").status_code == 200
    assert (
        client.patch(url, {"valid_until": None}, "application/json").json()["valid_until"] is None
    )
    got = api(world, "operator_tpp").get(url).json()
    assert (got["code"], got["decisions"]) == ("perbup-uji-2026", 0)
    assert api(world, "operator_tpp").patch(url, {}, "application/json").status_code == 403


def test_applied_rule_patch_is_refused(world: Any) -> None:
    rule = SanctionRuleRecord.objects.create(
        pemda=world.pemda,
        code="perbup-uji",
        percent=40,
        months=1,
        legal_basis="Perbup Uji",
        valid_from=D(2026, 1, 1),
    )
    case = sanction_case_open(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=EmployeeFactory(opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=1_000_000),
        source=SanctionCase.Source.MANUAL,
        description="Tidak melapor.",
    )
    sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/1",
        decided_on=D(2026, 2, 2),
        today=D(2026, 2, 2),
    )
    client = api(world, "admin_pemda")
    url = f"/api/v1/sanction-rules/{rule.pk}"
    assert client.get(url).json()["decisions"] == 1
    refused = client.patch(url, {"percent": 50}, "application/json")
    assert (refused.status_code, refused.json()["code"]) == (409, "sanction_rule_applied")
    assert "berlaku sampai" in refused.json()["message"]
    ended = client.patch(url, {"valid_until": "2026-02-28"}, "application/json")
    assert ended.status_code == 200
    assert ended.json()["valid_until"] == "2026-02-28"


def test_rule_of_other_pemda_is_404(world: Any) -> None:
    other = SanctionRuleRecord.objects.create(
        pemda=world.other_pemda,
        code="lain",
        percent=50,
        months=1,
        legal_basis="Perbup lain",
        valid_from=D(2021, 1, 1),
    )
    client = api(world, "inspektur")
    assert client.get(f"/api/v1/sanction-rules/{other.pk}").status_code == 404
    assert (
        client.patch(f"/api/v1/sanction-rules/{other.pk}", {}, "application/json").status_code
        == 404
    )
    assert client.get("/api/v1/sanction-rules/99999999999999999999").status_code == 422
