"""Indonesian working-day calendar (*hari kerja*).

Working days are Monday–Friday minus national holidays (*libur nasional*) and, unless a pemda
chooses the stricter reading, minus *cuti bersama* (DECISIONS.md #2; GRATIFICATION_LAW.md §7).
Holidays come from the `holidays` package (Indonesia, categories public + government, Indonesian
names); a pemda's override table adds non-working days or removes listed ones, with legal basis.

Counting (DECISIONS.md #2): the day of the event is day 0; `add_working_days(day0, n)` is the n-th
working day after it. Lookups are O(1) on precomputed arrays so that deadline-heavy pages and the
benchmark (>= 500,000 calls/s) stay fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays


class DayKind(StrEnum):
    NATIONAL_HOLIDAY = "libur nasional"
    CUTI_BERSAMA = "cuti bersama"
    REGIONAL_ADDED = "tambahan daerah"
    REMOVED = "dihapus"


class OverrideAction(StrEnum):
    ADD = "add"  # the day is not a working day (e.g. a regional holiday by Perbup)
    REMOVE = "remove"  # a listed holiday / cuti bersama does not apply (it is a working day)


@dataclass(frozen=True)
class Override:
    day: dt.date
    action: OverrideAction
    name: str
    legal_basis: str = ""


@dataclass(frozen=True)
class SpecialDay:
    day: dt.date
    kind: DayKind
    name: str


class CalendarRangeError(ValueError):
    """A date outside the calendar's years."""


@lru_cache(maxsize=8)
def indonesian_special_days(first_year: int, last_year: int) -> dict[dt.date, SpecialDay]:
    """National holidays and cuti bersama of the years, with Indonesian names."""
    years = range(first_year, last_year + 1)
    days: dict[dt.date, SpecialDay] = {}
    for category, kind in (
        ("government", DayKind.CUTI_BERSAMA),
        ("public", DayKind.NATIONAL_HOLIDAY),
    ):
        table = holidays.country_holidays("ID", years=years, categories=(category,), language="id")
        for day, name in table.items():
            # A national holiday wins over cuti bersama if both fall on one date.
            days[day] = SpecialDay(day, kind, str(name))
    return days


class WorkCalendar:
    """Working days for one pemda setting, over a range of years."""

    def __init__(
        self,
        *,
        special_days: Mapping[dt.date, SpecialDay] | None = None,
        overrides: Iterable[Override] = (),
        cuti_bersama_is_working: bool = False,
        first_year: int = 2015,
        last_year: int = 2040,
    ) -> None:
        if special_days is None:
            special_days = indonesian_special_days(first_year, last_year)
        self.first_year = first_year
        self.last_year = last_year
        self.cuti_bersama_is_working = cuti_bersama_is_working
        self._special = dict(special_days)
        self._overrides = {o.day: o for o in overrides}
        self._base = dt.date(first_year, 1, 1).toordinal()
        self._end = dt.date(last_year, 12, 31).toordinal()
        working: list[int] = []
        prefix: list[int] = []
        for ordinal in range(self._base, self._end + 1):
            if self._compute_is_working(dt.date.fromordinal(ordinal)):
                working.append(ordinal)
            prefix.append(len(working))
        self._working = working  # ordinals of working days, ascending
        self._prefix = prefix  # prefix[i] = working days with ordinal <= base + i

    def _compute_is_working(self, day: dt.date) -> bool:
        override = self._overrides.get(day)
        if override is not None and override.action == OverrideAction.ADD:
            return False
        if day.weekday() >= 5:
            return False
        special = self._special.get(day)
        if special is None or (override is not None and override.action == OverrideAction.REMOVE):
            return True
        return special.kind == DayKind.CUTI_BERSAMA and self.cuti_bersama_is_working

    def _index(self, day: dt.date) -> int:
        ordinal = day.toordinal()
        if not self._base <= ordinal <= self._end:
            raise CalendarRangeError(
                f"Tanggal {day.isoformat()} di luar kalender {self.first_year}–{self.last_year}."
            )
        return ordinal - self._base

    def is_working_day(self, day: dt.date) -> bool:
        i = self._index(day)
        return self._prefix[i] != (self._prefix[i - 1] if i else 0)

    def add_working_days(self, day0: dt.date, n: int) -> dt.date:
        """The n-th working day after `day0` (day 0 itself is never counted); n = 0 gives day0."""
        if n < 0:
            raise ValueError("n harus >= 0")
        if n == 0:
            return day0
        position = self._prefix[self._index(day0)] + n - 1
        if position >= len(self._working):
            raise CalendarRangeError(f"Tenggat melewati akhir kalender {self.last_year}.")
        return dt.date.fromordinal(self._working[position])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        return self._prefix[self._index(end)] - self._prefix[self._index(start)]

    def special_days(self, year: int) -> list[SpecialDay]:
        """Holidays, cuti bersama and overrides of a year, by date (weekends included)."""
        out: dict[dt.date, SpecialDay] = {d: s for d, s in self._special.items() if d.year == year}
        for day, override in self._overrides.items():
            if day.year != year:
                continue
            if override.action == OverrideAction.ADD:
                out[day] = SpecialDay(day, DayKind.REGIONAL_ADDED, override.name)
            else:
                listed = out.get(day)
                name = override.name or (listed.name if listed else "")
                out[day] = SpecialDay(day, DayKind.REMOVED, name)
        return [out[d] for d in sorted(out)]
