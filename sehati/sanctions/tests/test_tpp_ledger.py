"""Issue #6 acceptance for the TPP deduction: a decision, the monthly export, a processed month
that never changes and an appeal that becomes a correction line in the next open month."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.models import TimelineEvent
from sehati.org.tests.factories import EmployeeFactory
from sehati.rules.tpp import Month
from sehati.sanctions.models import SanctionCase, SanctionRuleRecord, TppDeduction
from sehati.sanctions.services import (
    payroll_month_process,
    sanction_appeal_decide,
    sanction_case_open,
    sanction_decide,
    sanction_rules_for,
)

D = dt.date
MARCH_16 = D(2026, 3, 16)
HEADER = [
    "nip",
    "name",
    "opd",
    "tpp_idr",
    "percent",
    "deduction_idr",
    "decision_number",
    "legal_basis",
    "kind",
]


def export(month: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("tpp", "export", "--month", month, *extra, stdout=out)
    return out.getvalue()


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


@pytest.fixture
def employee(world: Any) -> Any:
    return EmployeeFactory(
        opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=4_000_000, name="Ahmad Uji"
    )


def open_case(world: Any, employee: Any) -> SanctionCase:
    return sanction_case_open(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=employee,
        source=SanctionCase.Source.UP3_FINDING,
        description="Menerima uang dari pemohon layanan dan tidak melapor.",
        source_reference="Temuan UP3 #7",
    )


def decide_not_reported(world: Any, case: SanctionCase, day: dt.date = MARCH_16) -> None:
    sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/12/INSP/2026",
        decided_on=day,
        today=day,
    )


def test_acceptance_march_deduction_april_correction(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    decide_not_reported(world, case)

    march = export("2026-03")
    (line,) = rows_of(march)
    assert line["nip"] == employee.nip
    assert line["name"] == "Ahmad Uji"
    assert line["opd"] == "Dinas Kesehatan"
    assert (line["tpp_idr"], line["percent"], line["deduction_idr"]) == ("4000000", "50", "2000000")
    assert line["kind"] == "deduction"
    assert line["decision_number"] == "700/12/INSP/2026"
    assert "17D" in line["legal_basis"]

    payroll_month_process(
        pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 3)
    )
    # The employee moves OPD afterwards: the processed month's list still does not change.
    employee.opd = world.dukcapil
    employee.save()

    sanction_appeal_decide(
        case=case, actor=world.users["inspektur"], outcome="cancelled", today=D(2026, 4, 10)
    )
    (correction,) = rows_of(export("2026-04"))
    assert correction["nip"] == employee.nip
    assert correction["deduction_idr"] == "-2000000"
    assert correction["kind"] == "correction"
    assert export("2026-03") == march
    assert TppDeduction.objects.get(kind="correction").corrects_month == "2026-03"

    types = list(TimelineEvent.objects.order_by("id").values_list("type", flat=True))
    assert types == [
        "sanction_case_opened",
        "sanction_decided",
        "payroll_month_processed",
        "sanction_appeal_decided",
    ]


def test_appeal_before_processing_replaces_the_open_month(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    decide_not_reported(world, case)
    sanction_appeal_decide(
        case=case,
        actor=world.users["inspektur"],
        outcome="changed",
        percent=25,
        today=D(2026, 3, 20),
    )
    (line,) = rows_of(export("2026-03"))
    assert (line["percent"], line["deduction_idr"], line["kind"]) == ("25", "1000000", "deduction")
    assert rows_of(export("2026-04")) == []


def test_changed_after_processing_corrects_the_difference(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    decide_not_reported(world, case)
    payroll_month_process(
        pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 3)
    )
    payroll_month_process(
        pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 4)
    )
    sanction_appeal_decide(
        case=case,
        actor=world.users["inspektur"],
        outcome="changed",
        percent=25,
        today=D(2026, 4, 20),
    )
    # April is processed too: the correction goes to May.
    (line,) = rows_of(export("2026-05"))
    assert (line["deduction_idr"], line["kind"]) == ("-1000000", "correction")


def test_deciding_twice_is_refused(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    decide_not_reported(world, case)
    with pytest.raises(ConflictError):
        decide_not_reported(world, case)
    assert TppDeduction.objects.count() == 1


def test_decision_date_after_today_is_refused(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    with pytest.raises(ApplicationError):
        sanction_decide(
            case=case,
            actor=world.users["inspektur"],
            decision=SanctionCase.Decision.NOT_REPORTED,
            decision_number="700/1",
            decided_on=D(2026, 3, 17),
            today=D(2026, 3, 16),
        )
    case.refresh_from_db()
    assert case.status == SanctionCase.Status.OPEN
    assert not TppDeduction.objects.exists()


def test_not_proven_writes_no_deduction(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_PROVEN,
        decision_number="700/13/INSP/2026",
        decided_on=D(2026, 3, 16),
        today=D(2026, 3, 16),
    )
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "not_proven")
    assert not TppDeduction.objects.exists()
    assert rows_of(export("2026-03")) == []


def test_processing_a_month_twice_is_refused(world: Any) -> None:
    payroll_month_process(
        pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 3)
    )
    with pytest.raises(ConflictError):
        payroll_month_process(
            pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 3)
        )


def test_pemda_rules_replace_the_default(world: Any, employee: Any) -> None:
    assert sanction_rules_for(world.pemda)[0].code == "perbup-hss-68-2020-17d"
    SanctionRuleRecord.objects.create(
        pemda=world.pemda,
        code="perbup-uji-2026",
        percent=30,
        months=2,
        legal_basis="Perbup Uji 1/2026",
        valid_from=D(2026, 1, 1),
    )
    (rule,) = sanction_rules_for(world.pemda)
    assert (rule.percent, rule.months) == (30, 2)
    decide_not_reported(world, open_case(world, employee))
    assert [r["deduction_idr"] for r in rows_of(export("2026-03"))] == ["1200000"]
    (april,) = rows_of(export("2026-04"))
    assert (april["deduction_idr"], april["legal_basis"]) == ("1200000", "Perbup Uji 1/2026")


def test_xlsx_has_the_same_rows(world: Any, employee: Any, tmp_path: Path) -> None:
    decide_not_reported(world, open_case(world, employee))
    target = tmp_path / "tpp.xlsx"
    export("2026-03", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    csv_rows = rows_of(export("2026-03"))
    assert [[str(v) for v in row] for row in values[1:]] == [
        [r[c] for c in HEADER] for r in csv_rows
    ]


def test_csv_to_a_file(world: Any, employee: Any, tmp_path: Path) -> None:
    decide_not_reported(world, open_case(world, employee))
    target = tmp_path / "tpp.csv"
    export("2026-03", "--output", str(target))
    assert target.read_text(encoding="utf-8") == export("2026-03")


@pytest.mark.parametrize("month", ["2026-3", "2026-13", "maret", ""])
def test_bad_month_is_a_command_error(world: Any, month: str) -> None:
    with pytest.raises(CommandError, match="YYYY-MM"):
        export(month)


def test_unknown_pemda_is_a_command_error(world: Any) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        export("2026-03", "--pemda", "nope")


def test_other_pemda_sees_nothing(world: Any, employee: Any) -> None:
    decide_not_reported(world, open_case(world, employee))
    assert rows_of(export("2026-03", "--pemda", "lain")) == []
