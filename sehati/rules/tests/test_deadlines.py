from __future__ import annotations

import datetime as dt

from sehati.rules.calendar import WorkCalendar
from sehati.rules.deadlines import deadline_compute, reporter_deadlines
from sehati.rules.defaults import perkpk_2019, perkpk_2019_jo_2026
from sehati.rules.rulesets import DeadlineCode as D

CAL = WorkCalendar(first_year=2025, last_year=2027)
NEW, OLD = perkpk_2019_jo_2026(), perkpk_2019()


def test_table_of_deadlines_with_legal_basis() -> None:
    start = dt.date(2026, 11, 2)  # Monday
    expected = {
        D.RECEIPT_TO_KPK: (30, "12C"),
        D.RECEIPT_TO_UPG: (10, "Perbup"),
        D.RECEIPT_TO_UPG_PEMBANTU: (7, "Perbup"),
        D.UPG_PEMBANTU_TO_UPG: (7, "Perbup"),
        D.UPG_TO_KPK: (10, "Perbup"),
        D.COMPLETENESS: (20, "1/2026"),
        D.KPK_DECISION: (30, "Pasal 17 ayat (1)"),
        D.SK_DELIVERY: (7, "Pasal 17 ayat (5)"),
        D.STATE_HANDOVER: (7, "Pasal 17 ayat (6)"),
    }
    for code, (days, basis) in expected.items():
        d = deadline_compute(ruleset=NEW, code=code, start=start, calendar=CAL)
        assert d.working_days == days, code
        assert basis in d.legal_basis, code
        assert d.due_on == CAL.add_working_days(start, days)


def test_completeness_window_is_30_before_and_20_from_2026() -> None:
    assert OLD.deadline(D.COMPLETENESS).working_days == 30
    assert NEW.deadline(D.COMPLETENESS).working_days == 20


def test_upg_to_kpk_never_after_receipt_plus_30() -> None:
    received = dt.date(2026, 10, 1)
    upg_got_it = CAL.add_working_days(received, 25)
    d = deadline_compute(
        ruleset=NEW, code=D.UPG_TO_KPK, start=upg_got_it, calendar=CAL, received_on=received
    )
    assert d.capped
    assert d.due_on == CAL.add_working_days(received, 30)
    early = deadline_compute(
        ruleset=NEW,
        code=D.UPG_TO_KPK,
        start=CAL.add_working_days(received, 2),
        calendar=CAL,
        received_on=received,
    )
    assert not early.capped and early.due_on == CAL.add_working_days(received, 12)


def test_pemda_perbup_days_override_internal_deadlines() -> None:
    received = dt.date(2026, 11, 2)
    ds = reporter_deadlines(
        ruleset=NEW, received_on=received, calendar=CAL, overrides={D.RECEIPT_TO_UPG: 14}
    )
    by_code = {d.code: d for d in ds}
    assert by_code[D.RECEIPT_TO_UPG].working_days == 14
    assert "Perbup pemda (14 HK)" in by_code[D.RECEIPT_TO_UPG].legal_basis
    assert by_code[D.RECEIPT_TO_UPG_PEMBANTU].working_days == 7
    assert by_code[D.RECEIPT_TO_KPK].due_on == CAL.add_working_days(received, 30)
    # An override longer than the legal deadline is still capped by it.
    late = reporter_deadlines(
        ruleset=NEW, received_on=received, calendar=CAL, overrides={D.RECEIPT_TO_UPG: 45}
    )
    assert {d.code: d for d in late}[D.RECEIPT_TO_UPG].capped
