"""Bands of published integrity scores as versioned data (issue #7 point 2).

SEHATI never computes KPK's official SPI: it stores the published scores and shows the band the
publisher uses for that year. A scheme has a validity range of score years; a year no scheme
covers gets no band rather than an invented one.

- SPI and SPI tematik: Rentan < 73.00, Waspada 73.00-77.99, Terjaga >= 78.00, as KPK published for
  SPI 2024 and repeated for 2025 (GRATIFICATION_LAW.md §5.4, DECISIONS.md #14). Earlier years'
  descriptions conflict (green "above 80" at the 2023 launch), so no scheme covers them.
- Ombudsman compliance 2015-2021: green 81.00-100, yellow 51.00-80.99, red 0-50.99 (§6.2). The
  2022-2024 opinion categories A-E have unknown cut-offs [U] and the 2025 Opini Ombudsman is a
  published zone, so those are stored as published, not computed.

Scores are Decimals on 0-100 with at most two decimals, as they are published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


class BandError(ValueError):
    """A score the band rules cannot place (outside 0-100, more than two decimals)."""


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    colour: str  # red / yellow / green, for charts and badges
    minimum: Decimal  # inclusive; the next band's minimum is this band's exclusive maximum


@dataclass(frozen=True)
class BandScheme:
    code: str
    kinds: frozenset[str]
    first_year: int
    last_year: int | None  # None: still in use
    bands: tuple[Band, ...]  # ascending by minimum, the first at 0
    source: str

    def covers(self, kind: str, year: int) -> bool:
        return (
            kind in self.kinds
            and year >= self.first_year
            and (self.last_year is None or year <= self.last_year)
        )

    def band(self, value: Decimal) -> Band:
        chosen = self.bands[0]
        for band in self.bands:
            if value >= band.minimum:
                chosen = band
        return chosen


SPI_2024 = BandScheme(
    code="kpk-spi-2024",
    kinds=frozenset({"spi", "spi_tematik"}),
    first_year=2024,
    last_year=None,
    bands=(
        Band("rentan", "Rentan", "red", Decimal("0")),
        Band("waspada", "Waspada", "yellow", Decimal("73.00")),
        Band("terjaga", "Terjaga", "green", Decimal("78.00")),
    ),
    source="KPK, rilis SPI 2024 (diulang untuk SPI 2025); GRATIFICATION_LAW.md §5.4",
)

OMBUDSMAN_COMPLIANCE_2015 = BandScheme(
    code="ombudsman-kepatuhan-2015",
    kinds=frozenset({"ombudsman"}),
    first_year=2015,
    last_year=2021,
    bands=(
        Band("merah", "Zona merah (kepatuhan rendah)", "red", Decimal("0")),
        Band("kuning", "Zona kuning (kepatuhan sedang)", "yellow", Decimal("51.00")),
        Band("hijau", "Zona hijau (kepatuhan tinggi)", "green", Decimal("81.00")),
    ),
    source="Perpres 2/2015; Peraturan Ombudsman 17/2015; GRATIFICATION_LAW.md §6.2",
)

SCHEMES: tuple[BandScheme, ...] = (SPI_2024, OMBUDSMAN_COMPLIANCE_2015)

_HUNDRED = Decimal("100")


def score_checked(value: Decimal) -> Decimal:
    """`value` if it is a published-looking score: finite, 0-100, at most two decimals."""
    if not value.is_finite() or not Decimal("0") <= value <= _HUNDRED:
        raise BandError(f"nilai harus 0 sampai 100: {value}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise BandError(f"nilai paling banyak dua angka desimal: {value}")
    return value


def scheme_for(
    *, kind: str, year: int, schemes: Sequence[BandScheme] = SCHEMES
) -> BandScheme | None:
    """The scheme the publisher used for `kind` scores of `year` (the latest-starting one when
    several cover it), or None."""
    covering = [s for s in schemes if s.covers(kind, year)]
    return max(covering, key=lambda s: s.first_year) if covering else None


def band_for(
    *, kind: str, year: int, value: Decimal, schemes: Sequence[BandScheme] = SCHEMES
) -> Band | None:
    """The band of a published score, or None when no scheme covers that kind and year."""
    checked = score_checked(value)
    scheme = scheme_for(kind=kind, year=year, schemes=schemes)
    return scheme.band(checked) if scheme else None
