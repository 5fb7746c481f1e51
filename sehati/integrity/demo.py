"""Demo data of issue #7 (integrity), built by `sehati demo` after the rest (sehati/org/demo.py).

The demo pemda is the SEHATI regency, so its scores register holds that regency's figures as the
SEHATI programme description states them (GRATIFICATION_LAW.md §5.6 and §6.2: tagged [S], not
found in public sources, hence the source text says so), plus the Ombudsman results of 2021 and
2023 that public sources confirm. Nothing is invented: no targets (none are published for the
regency) and no thematic SPI (Kapuas's 2024 figures are another regency's). Scores are recorded
through the service, so bands and timeline events are as in real use; a second call adds
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sehati.integrity.models import IntegrityScore
from sehati.integrity.plans_demo import demo_plans_build
from sehati.integrity.services import ScoreInput, score_record, score_same_scope
from sehati.org.models import Pemda

K = IntegrityScore.Kind
PROGRAMME = "Deskripsi program SEHATI (belum diverifikasi dengan sumber resmi)"
OMBUDSMAN_2023_URL = (
    "https://www.sonora.id/read/423996088/"
    "hss-raih-nilai-tertinggi-penilaian-kepatuhan-penyelenggaraan-pelayanan-publik-tahun-2023"
)

# (kind, year, value, category, source, source URL)
DEMO_SCORES: tuple[tuple[str, int, str | None, str, str, str], ...] = (
    (K.SPI, 2024, "79.06", "", PROGRAMME, ""),
    (K.MCP, 2024, "95", "", PROGRAMME, ""),
    # The description's 96.52 (A) is probably 2024; the 2022-2024 opinion cut-offs are unknown,
    # so SEHATI computes no band and shows the category the source gives.
    (K.OMBUDSMAN, 2024, "96.52", "A", PROGRAMME, ""),
    (K.RB, 2024, "93.39", "A-", PROGRAMME, ""),
    # "12th consecutive WTP": the last three opinions.
    (K.BPK, 2021, None, "WTP", PROGRAMME + ": WTP 12 kali berturut-turut", ""),
    (K.BPK, 2022, None, "WTP", PROGRAMME + ": WTP 12 kali berturut-turut", ""),
    (K.BPK, 2023, None, "WTP", PROGRAMME + ": WTP 12 kali berturut-turut", ""),
    (
        K.OMBUDSMAN,
        2021,
        "78.26",
        "",
        "Ombudsman RI, penilaian kepatuhan standar pelayanan publik 2021 (zona kuning)",
        "",
    ),
    (
        K.OMBUDSMAN,
        2023,
        "95.08",
        "A",
        "Ombudsman RI, Keputusan Ketua Ombudsman RI 418/2023 (tertinggi di Kalimantan Selatan)",
        OMBUDSMAN_2023_URL,
    ),
)


def demo_integrity_build(*, pemda: Pemda, today: dt.date, seed: int) -> None:
    """The SEHATI regency's published integrity figures (see the module's docstring)."""
    for kind, year, value, category, source, url in DEMO_SCORES:
        if score_same_scope(pemda=pemda, kind=kind, year=year, opd_id=None, dimension=""):
            continue
        score_record(
            pemda=pemda,
            actor="demo",
            data=ScoreInput(
                kind=kind,
                year=year,
                opd_id=None,
                value=None if value is None else Decimal(value),
                category=category,
                source=source,
                source_url=url,
            ),
            today=today,
            via="demo",
        )
    demo_plans_build(pemda=pemda, today=today, seed=seed)  # action plans, after the scores
