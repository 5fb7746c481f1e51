"""Working-day calendar: the 2026 SKB list, overrides, the cuti-bersama setting, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sehati.rules.calendar import (
    CalendarRangeError,
    DayKind,
    Override,
    OverrideAction,
    WorkCalendar,
)

CAL = WorkCalendar(first_year=2024, last_year=2028)
CAL_CB_WORKING = WorkCalendar(first_year=2024, last_year=2028, cuti_bersama_is_working=True)
DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 6, 30))

HOLIDAYS_2026 = [
    "01-01",
    "01-16",
    "02-17",
    "03-19",
    "03-21",
    "03-22",
    "04-03",
    "04-05",
    "05-01",
    "05-14",
    "05-27",
    "05-31",
    "06-01",
    "06-16",
    "08-17",
    "08-25",
    "12-25",
]
CUTI_BERSAMA_2026 = ["02-16", "03-18", "03-20", "03-23", "03-24", "05-15", "05-28", "12-24"]


def test_2026_matches_skb_3_menteri() -> None:
    days = CAL.special_days(2026)
    national = [d.day.strftime("%m-%d") for d in days if d.kind == DayKind.NATIONAL_HOLIDAY]
    cuti = [d.day.strftime("%m-%d") for d in days if d.kind == DayKind.CUTI_BERSAMA]
    assert national == HOLIDAYS_2026
    assert cuti == CUTI_BERSAMA_2026
    assert all(d.name for d in days)
    assert {d.name for d in days if d.day == dt.date(2026, 8, 17)} == {
        "Hari Kemerdekaan Republik Indonesia"
    }


def test_day_zero_is_not_counted() -> None:
    friday = dt.date(2026, 11, 20)
    assert CAL.add_working_days(friday, 0) == friday
    assert CAL.add_working_days(friday, 1) == dt.date(2026, 11, 23)  # Monday
    saturday = dt.date(2026, 11, 21)
    assert CAL.add_working_days(saturday, 1) == dt.date(2026, 11, 23)


def test_cuti_bersama_setting() -> None:
    # 2026-03-17 (Tue): 18 cuti, 19 Nyepi, 20 cuti, 21–22 Idul Fitri (weekend), 23–24 cuti.
    start = dt.date(2026, 3, 17)
    assert CAL.add_working_days(start, 1) == dt.date(2026, 3, 25)
    assert CAL_CB_WORKING.add_working_days(start, 1) == dt.date(2026, 3, 18)
    assert not CAL.is_working_day(dt.date(2026, 3, 18))
    assert CAL_CB_WORKING.is_working_day(dt.date(2026, 3, 18))
    assert not CAL_CB_WORKING.is_working_day(dt.date(2026, 3, 19))  # national holiday stays


def test_overrides_add_and_remove_days() -> None:
    cal = WorkCalendar(
        first_year=2026,
        last_year=2026,
        overrides=[
            Override(dt.date(2026, 11, 24), OverrideAction.ADD, "Hari jadi kabupaten", "Perbup X"),
            Override(
                dt.date(2026, 12, 24), OverrideAction.REMOVE, "Cuti bersama dibatalkan", "Keppres Y"
            ),
        ],
    )
    assert not cal.is_working_day(dt.date(2026, 11, 24))
    assert cal.is_working_day(dt.date(2026, 12, 24))
    kinds = {d.day: d.kind for d in cal.special_days(2026)}
    assert kinds[dt.date(2026, 11, 24)] == DayKind.REGIONAL_ADDED
    assert kinds[dt.date(2026, 12, 24)] == DayKind.REMOVED


def test_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(CalendarRangeError, match="di luar kalender"):
        CAL.add_working_days(dt.date(2030, 1, 1), 5)
    with pytest.raises(ValueError):
        CAL.add_working_days(dt.date(2026, 1, 5), -1)


@settings(max_examples=300)
@given(day0=DAYS, n=st.integers(min_value=1, max_value=120))
def test_result_is_a_working_day_after_day0(day0: dt.date, n: int) -> None:
    result = CAL.add_working_days(day0, n)
    assert result > day0
    assert CAL.is_working_day(result)


@settings(max_examples=300)
@given(day0=DAYS, n=st.integers(min_value=0, max_value=120))
def test_exactly_n_working_days_lie_between(day0: dt.date, n: int) -> None:
    result = CAL.add_working_days(day0, n)
    counted = sum(
        CAL.is_working_day(day0 + dt.timedelta(days=i)) for i in range(1, (result - day0).days + 1)
    )
    assert counted == n
    assert CAL.working_days_between(day0, result) == n


@settings(max_examples=200)
@given(
    day0=DAYS, n=st.integers(min_value=0, max_value=100), k=st.integers(min_value=1, max_value=20)
)
def test_monotone_in_n(day0: dt.date, n: int, k: int) -> None:
    assert CAL.add_working_days(day0, n + k) > CAL.add_working_days(day0, n)


@settings(max_examples=200)
@given(day0=DAYS, n=st.integers(min_value=1, max_value=60))
def test_stricter_reading_is_never_later(day0: dt.date, n: int) -> None:
    assert CAL_CB_WORKING.add_working_days(day0, n) <= CAL.add_working_days(day0, n)


@given(day=DAYS)
def test_weekends_are_never_working_days(day: dt.date) -> None:
    if day.weekday() >= 5:
        assert not CAL.is_working_day(day)
