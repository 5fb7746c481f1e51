"""The TPP sanction as pure rules (issue #6; GRATIFICATION_LAW.md §4.3; DECISIONS.md #13).

A civil servant **proven** not to have reported a gift has part of their TPP withheld: in the
SEHATI regency 50 % of the TPP of the month concerned (Perbup HSS 68/2020 Pasal 17D, as cited by
the programme description). Percent and number of months are rule data with a legal basis and
validity dates, chosen by the date of the decision (a sanction is imposed by the rule in force
when it is decided); the first month is the month of the decision. Nothing here is triggered
automatically: callers pass a decision.

Money is integer rupiah. A withheld amount is rounded down to the rupiah, in the civil
servant's favour. A month the payroll has processed never changes: a later change (an appeal)
becomes a correction line in the next open month (`ledger_corrections`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import total_ordering

MAX_MONTHS = 12


class SanctionRuleError(ValueError):
    """Input the sanction rules cannot work with (no rule in force, impossible numbers)."""


@total_ordering
@dataclass(frozen=True)
class Month:
    """A payroll month (YYYY-MM)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (2000 <= self.year <= 2100 and 1 <= self.month <= 12):
            raise SanctionRuleError(f"bulan tidak sah: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if match is None:
            raise SanctionRuleError(f"bulan harus berbentuk TTTT-BB: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Month):
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class SanctionRule:
    """How much TPP is withheld, for how many months, on which legal basis, from when."""

    code: str
    percent: int
    months: int
    legal_basis: str
    valid_from: dt.date
    valid_until: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def hss_default_rules() -> tuple[SanctionRule, ...]:
    """The SEHATI regency's rule (DECISIONS.md #13): 50 % of one month's TPP. The Perbup's
    exact citation is unconfirmed (GRATIFICATION_LAW.md §4.3 [S]/[U]); a pemda records its own."""
    return (
        SanctionRule(
            code="perbup-hss-68-2020-17d",
            percent=50,
            months=1,
            legal_basis="Perbup HSS 68/2020 Pasal 17D (potongan TPP 50% bulan berkenaan)",
            valid_from=dt.date(2021, 1, 1),
        ),
    )


def sanction_rule_for(rules: Iterable[SanctionRule], decided_on: dt.date) -> SanctionRule:
    """The rule in force on the decision date; the latest-starting one when several are."""
    in_force = [r for r in rules if r.applies_on(decided_on)]
    if not in_force:
        raise SanctionRuleError(f"tidak ada aturan sanksi TPP yang berlaku pada {decided_on}")
    return max(in_force, key=lambda r: r.valid_from)


@dataclass(frozen=True)
class DeductionLine:
    """One month's withholding for one civil servant. A correction line (`corrects` set) is
    booked in an open month for a processed month whose amount changed; its amount is the
    difference (negative: money given back)."""

    month: Month
    tpp_idr: int
    percent: int
    deduction_idr: int
    corrects: Month | None = None

    @property
    def kind(self) -> str:
        return "correction" if self.corrects is not None else "deduction"


def deduction_lines(
    *, tpp_idr: int, percent: int, months: int, first_month: Month
) -> list[DeductionLine]:
    """The months withheld by a "proven not reported" decision: `percent` of the monthly TPP,
    rounded down to the rupiah, for `months` months from `first_month`."""
    if tpp_idr < 0:
        raise SanctionRuleError("TPP tidak boleh negatif")
    if not 1 <= percent <= 100:
        raise SanctionRuleError("persen potongan harus 1 sampai 100")
    if not 1 <= months <= MAX_MONTHS:
        raise SanctionRuleError(f"lama potongan harus 1 sampai {MAX_MONTHS} bulan")
    amount = tpp_idr * percent // 100
    lines = []
    month = first_month
    for _ in range(months):
        lines.append(
            DeductionLine(month=month, tpp_idr=tpp_idr, percent=percent, deduction_idr=amount)
        )
        month = month.next()
    return lines


def ledger_corrections(
    *,
    booked: Sequence[DeductionLine],
    wanted: Sequence[DeductionLine],
    processed: set[Month],
    open_month: Month,
) -> list[DeductionLine]:
    """What a changed decision books, given what was booked before and what it should be now.

    Months not yet processed are simply replaced by `wanted` (no correction). For each processed
    month whose amount differs, one correction line in `open_month` carries the difference; the
    processed month itself never changes. `open_month` must come after every processed month."""
    if processed and open_month <= max(processed):
        raise SanctionRuleError(
            f"bulan terbuka {open_month} harus sesudah bulan yang sudah diproses"
        )

    def by_month(lines: Sequence[DeductionLine]) -> dict[Month, DeductionLine]:
        out: dict[Month, DeductionLine] = {}
        for line in lines:
            key = line.corrects or line.month
            prior = out.get(key)
            total = line.deduction_idr + (prior.deduction_idr if prior else 0)
            out[key] = DeductionLine(
                month=key, tpp_idr=line.tpp_idr, percent=line.percent, deduction_idr=total
            )
        return out

    before, after = by_month(booked), by_month(wanted)
    corrections = []
    for month in sorted(set(before) | set(after)):
        if month not in processed:
            continue
        old, new = before.get(month), after.get(month)
        source = new or old
        difference = (new.deduction_idr if new else 0) - (old.deduction_idr if old else 0)
        if source is None or difference == 0:
            continue
        corrections.append(
            DeductionLine(
                month=open_month,
                tpp_idr=source.tpp_idr,
                percent=source.percent,
                deduction_idr=difference,
                corrects=month,
            )
        )
    return corrections
