"""The TPP sanction (issue #6; GRATIFICATION_LAW.md §4.3, DECISIONS.md #13), as a table of cases
written before the code: which rule applies, how much is withheld in which month, and how a
change after a month was processed becomes a correction in the next open month."""

from __future__ import annotations

import datetime as dt

import pytest

from sehati.rules.tpp import (
    DeductionLine,
    Month,
    SanctionRule,
    SanctionRuleError,
    deduction_lines,
    hss_default_rules,
    ledger_corrections,
    sanction_rule_for,
)

D = dt.date
HSS = hss_default_rules()
RULE_2027 = SanctionRule(
    code="uji-2027",
    percent=25,
    months=2,
    legal_basis="Perbup uji 2027",
    valid_from=D(2027, 1, 1),
)


@pytest.mark.parametrize(
    ("decided_on", "code"),
    [
        (D(2021, 1, 4), "perbup-hss-68-2020-17d"),
        (D(2026, 3, 16), "perbup-hss-68-2020-17d"),
        (D(2026, 12, 31), "perbup-hss-68-2020-17d"),
        (D(2027, 1, 1), "uji-2027"),  # a later rule takes over on its first day
    ],
)
def test_the_rule_in_force_on_the_decision_date(decided_on: dt.date, code: str) -> None:
    assert sanction_rule_for((*HSS, RULE_2027), decided_on).code == code


def test_no_rule_before_the_first_one_is_an_error() -> None:
    with pytest.raises(SanctionRuleError):
        sanction_rule_for(HSS, D(2020, 12, 31))


def test_hss_default_is_half_of_one_month() -> None:
    (rule,) = HSS
    assert (rule.percent, rule.months) == (50, 1)
    assert "17D" in rule.legal_basis


@pytest.mark.parametrize(
    ("tpp_idr", "percent", "months", "first", "expected"),
    [
        # issue #6 acceptance: Rp4.000.000 at 50 % in March 2026 -> Rp2.000.000
        (4_000_000, 50, 1, "2026-03", [("2026-03", 2_000_000)]),
        # odd rupiah: rounded down, in the civil servant's favour
        (4_000_001, 50, 1, "2026-03", [("2026-03", 2_000_000)]),
        (3_333_333, 25, 1, "2026-03", [("2026-03", 833_333)]),
        # several months run on, across a year end
        (
            2_000_000,
            25,
            3,
            "2026-11",
            [("2026-11", 500_000), ("2026-12", 500_000), ("2027-01", 500_000)],
        ),
        # no TPP, nothing withheld (the line still says so)
        (0, 50, 1, "2026-03", [("2026-03", 0)]),
        (4_000_000, 100, 1, "2026-03", [("2026-03", 4_000_000)]),
    ],
)
def test_deduction_lines(
    tpp_idr: int, percent: int, months: int, first: str, expected: list[tuple[str, int]]
) -> None:
    lines = deduction_lines(
        tpp_idr=tpp_idr, percent=percent, months=months, first_month=Month.parse(first)
    )
    assert [(str(line.month), line.deduction_idr) for line in lines] == expected
    assert all(line.tpp_idr == tpp_idr and line.percent == percent for line in lines)


@pytest.mark.parametrize(
    ("tpp_idr", "percent", "months"),
    [(-1, 50, 1), (4_000_000, 0, 1), (4_000_000, 101, 1), (4_000_000, 50, 0), (4_000_000, 50, 13)],
)
def test_deduction_lines_refuse_impossible_input(tpp_idr: int, percent: int, months: int) -> None:
    with pytest.raises(SanctionRuleError):
        deduction_lines(tpp_idr=tpp_idr, percent=percent, months=months, first_month=Month(2026, 3))


def _line(month: str, deduction_idr: int) -> DeductionLine:
    return DeductionLine(
        month=Month.parse(month), tpp_idr=4_000_000, percent=50, deduction_idr=deduction_idr
    )


def test_an_appeal_after_march_was_processed_corrects_in_april() -> None:
    """Issue #6 acceptance: March processed with Rp2.000.000 withheld; the appeal cancels the
    deduction in April; April carries +Rp2.000.000 back and March stays as it was."""
    booked = [_line("2026-03", 2_000_000)]
    corrections = ledger_corrections(
        booked=booked, wanted=[], processed={Month(2026, 3)}, open_month=Month(2026, 4)
    )
    assert [(str(c.month), c.deduction_idr, c.corrects) for c in corrections] == [
        ("2026-04", -2_000_000, Month(2026, 3))
    ]


def test_a_reduced_deduction_corrects_only_the_difference() -> None:
    booked = [_line("2026-03", 2_000_000)]
    wanted = [_line("2026-03", 1_000_000)]
    corrections = ledger_corrections(
        booked=booked, wanted=wanted, processed={Month(2026, 3)}, open_month=Month(2026, 5)
    )
    assert [(str(c.month), c.deduction_idr) for c in corrections] == [("2026-05", -1_000_000)]


def test_an_unprocessed_month_is_replaced_not_corrected() -> None:
    booked = [_line("2026-03", 2_000_000)]
    corrections = ledger_corrections(
        booked=booked, wanted=[], processed=set(), open_month=Month(2026, 3)
    )
    assert corrections == []


def test_nothing_changed_means_no_correction() -> None:
    booked = [_line("2026-03", 2_000_000)]
    assert (
        ledger_corrections(
            booked=booked, wanted=booked, processed={Month(2026, 3)}, open_month=Month(2026, 4)
        )
        == []
    )


def test_the_open_month_must_follow_the_processed_ones() -> None:
    with pytest.raises(SanctionRuleError):
        ledger_corrections(
            booked=[_line("2026-03", 2_000_000)],
            wanted=[],
            processed={Month(2026, 3)},
            open_month=Month(2026, 3),
        )


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-03", "2026/03", "", "2026-3x"])
def test_month_parse_refuses_bad_text(text: str) -> None:
    with pytest.raises(SanctionRuleError):
        Month.parse(text)


def test_month_arithmetic() -> None:
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month.of(D(2026, 3, 31)) == Month(2026, 3)
    assert Month(2026, 3).first_day == D(2026, 3, 1)
    assert Month(2026, 3) < Month(2026, 4)
    assert str(Month(2026, 3)) == "2026-03"
