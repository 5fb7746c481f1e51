"""NIP structure: a table of cases, then properties."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sehati.org.nip import NipError, nip_compose, nip_is_valid, nip_parse


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850312 201001 1 001", None),  # spaces as people type them
        ("198503122010011001", None),
        ("198503122010012001", None),  # female
        ("19850312201001100", "18 digit"),
        ("1985031220100110011", "18 digit"),
        ("19850312201001100A", "angka"),
        ("198502302010011001", "Tanggal lahir"),  # 30 February
        ("198513122010011001", "Tanggal lahir"),  # month 13 of birth
        ("193012122010011001", "Tahun lahir"),
        ("198503122010131001", "Bulan pengangkatan"),
        ("198503122010001001", "Bulan pengangkatan"),
        ("198503121990011001", "terlalu dekat"),  # appointed at 4 years old
        ("198503122010013001", "jenis kelamin"),
        ("198503122010010001", "jenis kelamin"),
        ("198503122010011000", "urut"),
    ],
)
def test_nip_table(nip: str, message: str | None) -> None:
    if message is None:
        assert nip_is_valid(nip)
        return
    with pytest.raises(NipError, match=message):
        nip_parse(nip)


def test_nip_parts() -> None:
    parts = nip_parse("198503122010012007")
    assert parts.birth_date == dt.date(1985, 3, 12)
    assert (parts.appointed_year, parts.appointed_month) == (2010, 1)
    assert parts.gender == "P"
    assert parts.sequence == 7


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)),
    gap=st.integers(min_value=15, max_value=45),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("LP"),
    seq=st.integers(min_value=1, max_value=999),
)
def test_composed_nips_parse_back(
    birth: dt.date, gap: int, month: int, gender: str, seq: int
) -> None:
    nip = nip_compose(
        birth_date=birth,
        appointed_year=birth.year + gap,
        appointed_month=month,
        gender=gender,
        sequence=seq,
    )
    parts = nip_parse(nip)
    assert (parts.birth_date, parts.appointed_month, parts.gender, parts.sequence) == (
        birth,
        month,
        gender,
        seq,
    )


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_nip_error(text: str) -> None:
    with contextlib.suppress(NipError):
        nip_parse(text)
