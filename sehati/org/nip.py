"""NIP (Nomor Induk Pegawai) structure check — pure Python.

An 18-digit NIP is YYYYMMDD (birth date) + YYYYMM (appointment as CPNS/PPPK) + G (gender:
1 male, 2 female) + NNN (sequence). BKN's structure (PP 11/2017 on ASN management and BKN
practice); the check catches typing errors, it cannot prove a NIP exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NIP_LENGTH = 18


class NipError(ValueError):
    """The NIP is malformed; the message is Indonesian and says which part is wrong."""


@dataclass(frozen=True)
class NipParts:
    birth_date: dt.date
    appointed_year: int
    appointed_month: int
    gender: str  # "L" or "P"
    sequence: int


def nip_normalise(raw: str) -> str:
    """Remove spaces, dots and dashes that SIMPEG exports and people type."""
    return "".join(ch for ch in str(raw).strip() if ch not in " .-\u00a0")


def nip_parse(raw: str) -> NipParts:
    """Return the parts of a valid NIP or raise NipError naming what is wrong."""
    nip = nip_normalise(raw)
    if not nip.isdigit() or not nip.isascii():
        raise NipError("NIP hanya boleh berisi angka.")
    if len(nip) != NIP_LENGTH:
        raise NipError(f"NIP harus {NIP_LENGTH} digit, bukan {len(nip)}.")
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError("Tanggal lahir dalam NIP (digit 1–8) tidak valid.") from None
    if birth.year < 1940:
        raise NipError("Tahun lahir dalam NIP (digit 1–4) tidak masuk akal.")
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise NipError("Bulan pengangkatan dalam NIP (digit 13–14) harus 01–12.")
    if year < birth.year + 15:
        raise NipError(
            "Tahun pengangkatan dalam NIP (digit 9–12) terlalu dekat dengan tahun lahir."
        )
    gender_digit = nip[14]
    if gender_digit not in ("1", "2"):
        raise NipError("Digit jenis kelamin dalam NIP (digit 15) harus 1 atau 2.")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise NipError("Nomor urut dalam NIP (digit 16–18) tidak boleh 000.")
    return NipParts(
        birth_date=birth,
        appointed_year=year,
        appointed_month=month,
        gender="L" if gender_digit == "1" else "P",
        sequence=sequence,
    )


def nip_is_valid(raw: str) -> bool:
    try:
        nip_parse(raw)
    except NipError:
        return False
    return True


def nip_compose(
    *, birth_date: dt.date, appointed_year: int, appointed_month: int, gender: str, sequence: int
) -> str:
    """Build a NIP from its parts (demo data and tests); the result passes nip_parse."""
    nip = (
        f"{birth_date:%Y%m%d}{appointed_year:04d}{appointed_month:02d}"
        f"{'1' if gender == 'L' else '2'}{sequence:03d}"
    )
    nip_parse(nip)
    return nip
