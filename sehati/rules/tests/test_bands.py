"""Bands of published integrity scores (issue #7 point 2; GRATIFICATION_LAW.md §5.4, §6.2;
DECISIONS.md #14), written as a table of cases before the code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sehati.rules.bands import (
    OMBUDSMAN_COMPLIANCE_2015,
    SPI_2024,
    BandError,
    band_for,
    scheme_for,
)

D = Decimal

# (kind, year, value, expected band code or None when no published scheme covers that year)
CASES = [
    # SPI bands as published by KPK for SPI 2024 and repeated for 2025 (DECISIONS #14)
    ("spi", 2024, "64.81", "rentan"),  # Kapuas, SPI tematik perizinan (issue #7 acceptance)
    ("spi", 2024, "56.94", "rentan"),  # Kapuas, SPI tematik sosialisasi
    ("spi", 2025, "79.06", "terjaga"),  # the SEHATI regency
    ("spi", 2024, "0", "rentan"),
    ("spi", 2024, "72.99", "rentan"),
    ("spi", 2024, "73.00", "waspada"),
    ("spi", 2024, "77.99", "waspada"),
    ("spi", 2024, "78.00", "terjaga"),
    ("spi", 2024, "100", "terjaga"),
    ("spi", 2026, "71.53", "rentan"),  # still the latest published scheme
    # Before 2024 KPK's descriptions conflict (green "above 80" in 2023): no band is invented.
    ("spi", 2023, "71.53", None),
    ("spi_tematik", 2024, "64.81", "rentan"),
    # Ombudsman compliance zones 2015-2021
    ("ombudsman", 2021, "78.26", "kuning"),  # HSS 2021
    ("ombudsman", 2018, "81.00", "hijau"),
    ("ombudsman", 2018, "80.99", "kuning"),
    ("ombudsman", 2018, "51.00", "kuning"),
    ("ombudsman", 2018, "50.99", "merah"),
    # 2022-2024 opinion categories A-E: cut-offs unknown [U], so no band is computed
    ("ombudsman", 2023, "95.08", None),
    ("ombudsman", 2014, "90", None),
    # Scores with no band scheme at all
    ("mcp", 2024, "95", None),
]


@pytest.mark.parametrize(("kind", "year", "value", "expected"), CASES)
def test_band_table(kind: str, year: int, value: str, expected: str | None) -> None:
    band = band_for(kind=kind, year=year, value=D(value))
    assert (band.code if band else None) == expected


def test_scheme_carries_its_source_and_colours() -> None:
    assert scheme_for(kind="spi", year=2025) is SPI_2024
    assert scheme_for(kind="ombudsman", year=2021) is OMBUDSMAN_COMPLIANCE_2015
    assert SPI_2024.source and OMBUDSMAN_COMPLIANCE_2015.source
    assert [b.colour for b in SPI_2024.bands] == ["red", "yellow", "green"]
    assert band_for(kind="spi", year=2024, value=D("79.06")).label == "Terjaga"  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["-0.01", "100.01", "NaN", "Infinity"])
def test_values_outside_zero_to_hundred_are_refused(value: str) -> None:
    with pytest.raises(BandError):
        band_for(kind="spi", year=2024, value=D(value))


def test_more_than_two_decimals_are_refused() -> None:
    with pytest.raises(BandError):
        band_for(kind="spi", year=2024, value=D("72.995"))
