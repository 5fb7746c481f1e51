"""The policy-table walker's world for issue #7 (integrity scores register): objects in and out of
each persona's scope, and what the walker needs to reach them. Merged into
tests/test_policy_table.py.

Scores and imports are pemda-wide data: every role with SCORE_VIEW / SCORE_MANAGE has them for
its whole pemda, so the candidates are a pemda-wide score, an OPD's score and an import of the
persona's pemda, and a score and an import of the other pemda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# URL names answered by POST only (the walker still calls them, with an empty form).
POST_ONLY: set[str] = {"integrity:import_commit"}
# Valid JSON bodies for API operations on an object, keyed by the operation path's ending, so
# that the walker reaches the object's scope check. `confirm: false` is refused after the scope
# check (422), so a walked request never removes the score the next persona needs.
API_BODIES: dict[str, dict[str, Any]] = {"/delete": {"confirm": False}}
# Path parameters that are not object ids: one fixed value each.
FIXED_PATH_PARAMS: dict[str, str] = {}

TODAY = dt.date(2026, 11, 23)
CSV = (
    "jenis;tahun;opd_kode;dimensi;nilai;sumber\n"
    "spi_tematik;2024;{opd};perizinan;64,81;KPK, audiensi SPI tematik gratifikasi\n"
)


def build(world: Any, other_user: Any) -> dict[str, Any]:
    """Objects in and out of scope, stored as world.extra["integrity"]."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sehati.integrity.importing import score_import_check
    from sehati.integrity.services import ScoreInput, score_record

    def score(pemda: Any, actor: Any, opd: Any, value: str) -> Any:
        return score_record(
            pemda=pemda,
            actor=actor,
            data=ScoreInput(
                kind="spi_tematik" if opd is not None else "spi",
                year=2024,
                opd_id=opd.pk if opd is not None else None,
                dimension="perizinan" if opd is not None else "",
                value=Decimal(value),
                source="KPK",
            ),
            today=TODAY,
        )

    def an_import(pemda: Any, actor: Any, opd: Any) -> Any:
        upload = SimpleUploadedFile("skor.csv", CSV.format(opd=opd.code).encode(), "text/csv")
        return score_import_check(
            pemda=pemda, actor=actor, upload=upload, name="skor.csv", today=TODAY
        )

    upg = world.users["upg"]
    return {
        "scores": {
            "pemda-wide score": score(world.pemda, upg, None, "79.06"),
            "Dinkes score": score(world.pemda, upg, world.dinkes, "64.81"),
            "Disdukcapil score": score(world.pemda, upg, world.dukcapil, "70.00"),
            "other pemda score": score(world.other_pemda, other_user, world.other_opd, "80.00"),
        },
        "imports": {
            "own pemda import": an_import(world.pemda, upg, world.dinkes),
            "other pemda import": an_import(world.other_pemda, other_user, world.other_opd),
        },
    }


def candidates(world: Any, subject: str, key: str) -> list[Any] | None:
    """The candidates of a subject of this area, or None when the subject is not this area's.
    Built with `tests.test_policy_table.Candidate` (imported inside the function)."""
    from tests.test_policy_table import Candidate

    area = world.extra.get("integrity", {})
    if subject == "score":
        return [
            Candidate(label, {key: s.pk}, s.pemda_id, s.opd_id)
            for label, s in area["scores"].items()
        ]
    if subject == "score_import":
        return [Candidate(label, {key: i.pk}, i.pemda_id) for label, i in area["imports"].items()]
    return None
