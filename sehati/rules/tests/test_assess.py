"""Table-driven tests of every exemption of Pasal 2 ayat (3) under both rule sets, with values
at, just below and just above every limit, yearly caps, and 2026-01-19 versus 2026-01-20."""

from __future__ import annotations

import datetime as dt

import pytest

from sehati.rules.assess import Gift, assess
from sehati.rules.calendar import WorkCalendar
from sehati.rules.defaults import default_rulebook
from sehati.rules.rulesets import Category as C
from sehati.rules.rulesets import Form as F
from sehati.rules.rulesets import Relation as R

RULES = default_rulebook()
OLD = dt.date(2025, 6, 10)  # PerKPK 2/2019
NEW = dt.date(2026, 6, 10)  # PerKPK 2/2019 jo. 1/2026
LAST_OLD, FIRST_NEW = dt.date(2026, 1, 19), dt.date(2026, 1, 20)


def g(
    day,
    category,
    form=F.GOODS,
    value=100_000,
    relation=R.OTHER,
    year_total=0,
    coi=False,
    institution=False,
) -> Gift:
    return Gift(day, category, form, value, relation, year_total, coi, institution)


# (case id, gift, must_report, rule set code)
CASES = [
    # a — family, no COI, any value and form
    ("a family money", g(OLD, C.FAMILY, F.MONEY, 50_000_000, R.FAMILY), False),
    ("a family coi", g(NEW, C.FAMILY, F.MONEY, 500_000, R.FAMILY, coi=True), True),
    ("a family but giver is vendor", g(NEW, C.FAMILY, F.GOODS, 500_000, R.VENDOR), True),
    # b–d, f–h, k, p: no limits
    ("b investment", g(NEW, C.INVESTMENT_RETURN, F.MONEY, 9_000_000), False),
    ("c cooperative", g(OLD, C.COOPERATIVE_BENEFIT, F.MONEY, 700_000), False),
    ("d event kit", g(NEW, C.EVENT_KIT, F.GOODS, 350_000), False),
    ("f competition prize", g(OLD, C.COMPETITION_PRIZE, F.MONEY, 5_000_000), False),
    ("g government award", g(NEW, C.GOVERNMENT_AWARD, F.MONEY, 10_000_000), False),
    ("h public offer", g(NEW, C.PUBLIC_OFFER, F.DISCOUNT, 250_000, R.PUBLIC), False),
    ("k flower board", g(OLD, C.FLOWER_BOARD, F.GOODS, 1_500_000), False),
    ("k flower board as money", g(NEW, C.FLOWER_BOARD, F.MONEY, 1_500_000), True),
    ("p food served", g(NEW, C.FOOD_SERVED, F.FOOD, 80_000), False),
    # e — promotional, non-cash, no COI
    ("e promo goods", g(NEW, C.PROMOTIONAL_ITEM, F.GOODS, 75_000, R.VENDOR), False),
    ("e promo money", g(NEW, C.PROMOTIONAL_ITEM, F.MONEY, 75_000, R.VENDOR), True),
    ("e promo coi", g(OLD, C.PROMOTIONAL_ITEM, F.GOODS, 75_000, R.VENDOR, coi=True), True),
    # i, j — no COI
    ("i professional fee", g(NEW, C.PROFESSIONAL_FEE, F.MONEY, 2_000_000), False),
    ("i professional fee coi", g(NEW, C.PROFESSIONAL_FEE, F.MONEY, 2_000_000, coi=True), True),
    ("j official compensation", g(OLD, C.OFFICIAL_COMPENSATION, F.MONEY, 900_000), False),
    (
        "j official compensation coi",
        g(OLD, C.OFFICIAL_COMPENSATION, F.MONEY, 900_000, coi=True),
        True,
    ),
    # l — ceremony: Rp1.000.000 (2019) / Rp1.500.000 (2026) per giver, money allowed
    ("l 2019 below", g(OLD, C.CEREMONY, F.MONEY, 999_999), False),
    ("l 2019 at", g(OLD, C.CEREMONY, F.MONEY, 1_000_000), False),
    ("l 2019 above", g(OLD, C.CEREMONY, F.MONEY, 1_000_001), True),
    ("l 2026 below", g(NEW, C.CEREMONY, F.MONEY, 1_499_999), False),
    ("l 2026 at", g(NEW, C.CEREMONY, F.MONEY, 1_500_000), False),
    ("l 2026 above", g(NEW, C.CEREMONY, F.MONEY, 1_500_001), True),
    ("l 2026 goods above", g(NEW, C.CEREMONY, F.GOODS, 2_000_000, R.VENDOR), True),
    # m — disaster: no cap, no COI
    ("m disaster large", g(NEW, C.DISASTER, F.MONEY, 25_000_000, R.PUBLIC), False),
    ("m disaster coi", g(OLD, C.DISASTER, F.MONEY, 500_000, R.SERVICE_USER, coi=True), True),
    # n — 2019: non-cash, Rp300.000 per gift, Rp1.000.000 a year; 2026: folded into o
    ("n 2019 below", g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 299_999, R.COLLEAGUE), False),
    ("n 2019 at", g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 300_000, R.COLLEAGUE), False),
    ("n 2019 above", g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 300_001, R.COLLEAGUE), True),
    ("n 2019 year at", g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 300_000, R.COLLEAGUE, 700_000), False),
    (
        "n 2019 year above",
        g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 300_000, R.COLLEAGUE, 700_001),
        True,
    ),
    ("n 2019 money", g(OLD, C.COLLEAGUE_FAREWELL, F.MONEY, 100_000, R.COLLEAGUE), True),
    ("n 2019 coi", g(OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 100_000, R.COLLEAGUE, coi=True), True),
    ("n 2026 as o at", g(NEW, C.COLLEAGUE_FAREWELL, F.GOODS, 500_000, R.COLLEAGUE), False),
    ("n 2026 as o above", g(NEW, C.COLLEAGUE_FAREWELL, F.GOODS, 500_001, R.COLLEAGUE), True),
    ("n 2026 money", g(NEW, C.COLLEAGUE_FAREWELL, F.MONEY, 100_000, R.SUPERIOR), True),
    # o — 2019: non-cash Rp200.000 / Rp1.000.000 a year; 2026: Rp500.000 / Rp1.500.000, no COI
    ("o 2019 below", g(OLD, C.COLLEAGUE_GIFT, F.GOODS, 199_999, R.COLLEAGUE), False),
    ("o 2019 at", g(OLD, C.COLLEAGUE_GIFT, F.GOODS, 200_000, R.COLLEAGUE), False),
    ("o 2019 above", g(OLD, C.COLLEAGUE_GIFT, F.GOODS, 200_001, R.COLLEAGUE), True),
    ("o 2019 year at", g(OLD, C.COLLEAGUE_GIFT, F.GOODS, 200_000, R.COLLEAGUE, 800_000), False),
    ("o 2019 year above", g(OLD, C.COLLEAGUE_GIFT, F.GOODS, 200_000, R.COLLEAGUE, 800_001), True),
    ("o 2026 below", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 499_999, R.COLLEAGUE), False),
    ("o 2026 at", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 500_000, R.COLLEAGUE), False),
    ("o 2026 above", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 500_001, R.COLLEAGUE), True),
    ("o 2026 year at", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 500_000, R.COLLEAGUE, 1_000_000), False),
    ("o 2026 year above", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 500_000, R.COLLEAGUE, 1_000_001), True),
    ("o 2026 coi", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 100_000, R.COLLEAGUE, coi=True), True),
    ("o 2026 money", g(NEW, C.COLLEAGUE_GIFT, F.MONEY, 50_000, R.COLLEAGUE), True),
    (
        "o 2026 voucher is a means of exchange",
        g(NEW, C.COLLEAGUE_GIFT, F.VOUCHER, 50_000, R.COLLEAGUE),
        True,
    ),
    ("e promo voucher", g(NEW, C.PROMOTIONAL_ITEM, F.VOUCHER, 50_000, R.VENDOR), True),
    (
        "h public voucher offer stays exempt",
        g(NEW, C.PUBLIC_OFFER, F.VOUCHER, 50_000, R.PUBLIC),
        False,
    ),
    ("o 2026 from a vendor", g(NEW, C.COLLEAGUE_GIFT, F.GOODS, 50_000, R.VENDOR), True),
    # q — to the institution
    ("q plaque", g(NEW, C.INSTITUTIONAL_GIFT, F.GOODS, 3_000_000, R.OTHER), False),
    (
        "q any gift addressed to the institution",
        g(OLD, C.OTHER, F.MONEY, 9_000_000, institution=True),
        False,
    ),
    # unknown
    ("other", g(NEW, C.OTHER, F.GOODS, 10_000, R.SERVICE_USER), True),
    ("before any rule set", g(dt.date(2015, 3, 2), C.CEREMONY, F.MONEY, 10_000), True),
    # 2026-01-19 versus 2026-01-20
    ("switch l old", g(LAST_OLD, C.CEREMONY, F.MONEY, 1_200_000), True),
    ("switch l new", g(FIRST_NEW, C.CEREMONY, F.MONEY, 1_200_000), False),
    ("switch o old", g(LAST_OLD, C.COLLEAGUE_GIFT, F.GOODS, 400_000, R.COLLEAGUE), True),
    ("switch o new", g(FIRST_NEW, C.COLLEAGUE_GIFT, F.GOODS, 400_000, R.COLLEAGUE), False),
    (
        "switch n old",
        g(LAST_OLD, C.COLLEAGUE_FAREWELL, F.GOODS, 300_000, R.COLLEAGUE, 800_000),
        True,
    ),
    (
        "switch n new",
        g(FIRST_NEW, C.COLLEAGUE_FAREWELL, F.GOODS, 300_000, R.COLLEAGUE, 800_000),
        False,
    ),
]


@pytest.mark.parametrize(("gift", "must_report"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_exemption_table(gift: Gift, must_report: bool) -> None:
    result = assess(gift, RULES)
    assert result.must_report is must_report, result.reasons
    assert result.reasons, "every answer explains itself"
    if must_report:
        assert result.exemption is None
    else:
        assert result.exemption is not None and result.exemption_letter


def test_every_category_but_other_has_an_exemption_in_both_rule_sets() -> None:
    for rs in RULES.rulesets:
        covered = {e.category for e in rs.exemptions}
        assert covered == set(C) - {C.OTHER}, rs.code


def test_rule_set_is_chosen_by_the_day_of_receipt() -> None:
    assert assess(g(LAST_OLD, C.FOOD_SERVED), RULES).rule_set == "perkpk-2-2019"
    assert assess(g(FIRST_NEW, C.FOOD_SERVED), RULES).rule_set == "perkpk-2-2019-jo-1-2026"


def test_above_limit_is_reportable_in_full_with_reason() -> None:
    result = assess(g(NEW, C.CEREMONY, F.MONEY, 1_500_001), RULES)
    assert any("seluruh nilai" in r for r in result.reasons)
    assert result.limit_per_giver_idr == 1_500_000


def test_money_between_colleagues_is_never_exempt() -> None:
    for day in (OLD, NEW):
        for cat in (C.COLLEAGUE_GIFT, C.COLLEAGUE_FAREWELL):
            result = assess(g(day, cat, F.MONEY, 1, R.COLLEAGUE), RULES)
            assert result.must_report
            assert any("antarrekan kerja tidak pernah" in r for r in result.reasons)


def test_notes_say_when_the_other_rule_set_decides_differently() -> None:
    new = assess(g(FIRST_NEW, C.CEREMONY, F.MONEY, 1_200_000), RULES)
    assert any("PerKPK 2/2019 (" in n and "wajib dilaporkan" in n for n in new.notes)
    old = assess(g(LAST_OLD, C.CEREMONY, F.MONEY, 1_200_000), RULES)
    assert any("tidak wajib dilaporkan" in n for n in old.notes)
    same = assess(g(NEW, C.FOOD_SERVED), RULES)
    assert not any(n.startswith("Menurut") for n in same.notes)


def test_institution_note_and_disaster_reasonableness_note() -> None:
    assert any("ditatausahakan" in n for n in assess(g(NEW, C.INSTITUTIONAL_GIFT), RULES).notes)
    assert any("kewajaran" in n for n in assess(g(NEW, C.DISASTER, F.MONEY, 1), RULES).notes)


def test_report_due_is_thirty_working_days_after_receipt() -> None:
    cal = WorkCalendar(first_year=2025, last_year=2027)
    result = assess(g(dt.date(2026, 2, 10), C.CEREMONY, F.MONEY, 1_200_000), RULES, cal)
    # 16 Feb cuti bersama, 17 Feb Imlek, 18–24 Mar Nyepi/Idul Fitri and cuti bersama skipped.
    assert result.report_due == dt.date(2026, 4, 2)


def test_negative_values_are_refused() -> None:
    with pytest.raises(ValueError):
        assess(g(NEW, C.CEREMONY, F.MONEY, -1), RULES)
