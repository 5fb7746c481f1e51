"""PP 94/2021 *tentang Disiplin PNS*: the tiers of discipline penalty and the penalties of each
tier (GRATIFICATION_LAW.md §4.2). SEHATI records a penalty imposed alongside a sanction case; it
never computes one (the official authorised to punish, *pejabat yang berwenang menghukum*,
decides)."""

from __future__ import annotations

# tier -> penalties of that tier, in the order of PP 94/2021 Pasal 8.
TIERS: dict[str, tuple[str, ...]] = {
    # Pasal 8 ayat (2): teguran lisan, teguran tertulis, pernyataan tidak puas secara tertulis.
    "ringan": ("teguran_lisan", "teguran_tertulis", "pernyataan_tidak_puas"),
    # Pasal 8 ayat (3): pemotongan tunjangan kinerja 25 % selama 6, 9 atau 12 bulan.
    "sedang": ("potong_tukin_6", "potong_tukin_9", "potong_tukin_12"),
    # Pasal 8 ayat (4): penurunan jabatan setingkat lebih rendah selama 12 bulan, pembebasan dari
    # jabatan menjadi jabatan pelaksana selama 12 bulan, pemberhentian dengan hormat tidak atas
    # permintaan sendiri sebagai PNS.
    "berat": ("turun_jabatan_12", "bebas_jabatan_12", "berhenti_tidak_atas_permintaan"),
}

PENALTY_TIER: dict[str, str] = {p: tier for tier, penalties in TIERS.items() for p in penalties}


def penalty_fits_tier(*, tier: str, penalty: str) -> bool:
    """True when `penalty` is one of the penalties of `tier` under PP 94/2021 Pasal 8."""
    return penalty in TIERS.get(tier, ())
