"""The scores register's writes: bands computed from the versioned band schemes (DECISIONS.md #14,
GRATIFICATION_LAW.md §5.4, §6.2), the checks with their Indonesian messages, one score per
scope, corrections, removal and re-banding, each with its timeline event."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from conftest import World
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.models import TimelineEvent
from sehati.integrity.models import IntegrityScore
from sehati.integrity.services import (
    ScoreInput,
    ScoreInvalid,
    score_delete,
    score_input_from,
    score_record,
    scores_reband,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
D = Decimal


def record(world: World, **fields: Any) -> IntegrityScore:
    data = {"kind": "spi", "year": 2024, "opd_id": None, "source": "KPK", **fields}
    return score_record(
        pemda=world.pemda, actor=world.users["upg"], data=ScoreInput(**data), today=TODAY
    )


def problems(world: World, **fields: Any) -> dict[str, str]:
    with pytest.raises(ScoreInvalid) as caught:
        record(world, **fields)
    assert caught.value.code == "score_invalid"
    return {p.field: p.message for p in caught.value.problems}


def test_bands_are_computed_from_the_scheme_of_the_kind_and_year(world: World) -> None:
    kapuas = {"kind": "spi_tematik", "opd_id": world.dinkes.pk}
    licensing = record(world, **kapuas, dimension="perizinan", value=D("64.81"))
    socialisation = record(world, **kapuas, dimension="sosialisasi", value=D("56.94"))
    regency = record(world, value=D("79.06"), target=D("80"))
    for score, band in ((licensing, "rentan"), (socialisation, "rentan"), (regency, "terjaga")):
        assert (score.band, score.band_scheme) == (band, "kpk-spi-2024")
    assert licensing.band_label == "Rentan" and licensing.colour == "red" and licensing.is_weak
    assert regency.band_label == "Terjaga" and regency.gap == D("-0.94") and regency.is_weak
    waspada = record(world, year=2025, value=D("73.00"))
    assert waspada.band_label == "Waspada" and not waspada.is_weak
    # Before 2024 KPK's descriptions conflict: no band is invented.
    old = record(world, year=2023, value=D("70.97"))
    assert (old.band, old.band_scheme, old.colour) == ("", "", "")
    # Ombudsman compliance zones 2015-2021 are computed; the 2022-2024 opinions are not.
    zone = record(world, kind="ombudsman", year=2021, value=D("78.26"))
    assert zone.band == "kuning" and zone.colour == "yellow"
    opinion = record(world, kind="ombudsman", year=2024, value=D("96.52"), category="A")
    assert opinion.band == "" and opinion.colour == "green" and not opinion.is_weak
    event = timeline_for(licensing).get()
    assert event.type == "score_recorded"
    assert event.data["band"] == "rentan" and event.data["value"] == "64.81"


def test_category_only_bpk_opinion(world: World) -> None:
    score = record(world, kind="bpk", year=2023, category="wajar tanpa pengecualian")
    assert score.value is None and score.category == "WTP" and score.band == ""
    assert score.colour == "green"
    found = problems(world, kind="bpk", year=2022, value=D("90"), category="WTP-X", dimension="x")
    assert set(found) == {"value", "category", "dimension"}
    assert "WTP, WDP, TW, atau TMP" in found["category"]
    assert "tidak berupa angka" in found["value"]
    assert "wajib diisi" in problems(world, kind="bpk", year=2022)["category"]


def test_every_field_is_checked_with_a_clear_message(world: World) -> None:
    found = problems(
        world,
        kind="spi_tematik",
        year=2027,
        opd_id=world.other_opd.pk,  # another pemda's OPD
        value=D("100.01"),
        target=D("72.995"),
        source=" ",
        source_url="ftp://kpk.go.id/x",
    )
    assert found == {
        "year": "Tahun harus antara 2000 dan 2026.",
        "opd_id": "OPD tidak ditemukan di pemda ini.",
        "value": "Nilai harus antara 0 dan 100.",
        "target": "Target paling banyak dua angka desimal.",
        "dimension": "SPI tematik wajib menyebut temanya di dimensi (mis. perizinan).",
        "source": "Sumber wajib diisi (mis. rilis KPK, surat, laporan hasil).",
        "source_url": "Tautan sumber harus alamat web lengkap (http:// atau https://).",
    }
    assert "Nilai wajib diisi" in problems(world, kind="mcp")["value"]
    assert "Isi nilai atau kategori" in problems(world, kind="rb")["value"]
    assert "tidak dikenal" in problems(world, kind="lhkpn", value=D("90"))["kind"]
    assert not IntegrityScore.objects.exists()


def test_one_score_per_kind_year_scope_and_dimension(world: World) -> None:
    first = record(
        world, kind="spi_tematik", opd_id=world.dinkes.pk, dimension="Perizinan", value=D("64.81")
    )
    with pytest.raises(ConflictError) as caught:
        record(
            world, kind="spi_tematik", opd_id=world.dinkes.pk, dimension="perizinan", value=D("60")
        )
    assert caught.value.code == "score_exists" and caught.value.extra == {"score_id": first.pk}
    # Another OPD, the pemda-wide total and another dimension are other scopes.
    record(
        world, kind="spi_tematik", opd_id=world.dukcapil.pk, dimension="perizinan", value=D("60")
    )
    record(world, kind="spi_tematik", dimension="perizinan", value=D("60"))
    record(
        world, kind="spi_tematik", opd_id=world.dinkes.pk, dimension="sosialisasi", value=D("56.94")
    )
    assert IntegrityScore.objects.count() == 4


def test_correction_recomputes_the_band_and_records_the_changes(world: World) -> None:
    score = record(world, value=D("72.99"))
    assert score.band == "rentan"
    changed = score_record(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        data=score_input_from(score, value=D("73.00"), target=D("74")),
        today=TODAY,
        score=score,
    )
    assert changed.band == "waspada"
    event = TimelineEvent.objects.filter(type="score_updated").get()
    assert event.data["changes"]["value"] == ["72.99", "73.00"]
    assert event.data["changes"]["band"] == ["rentan", "waspada"]
    # Saving the same values again changes nothing and records nothing.
    score_record(
        pemda=world.pemda,
        actor=world.users["upg"],
        data=score_input_from(changed),
        today=TODAY,
        score=changed,
    )
    assert TimelineEvent.objects.filter(type="score_updated").count() == 1
    # Moving it onto another registered scope is refused.
    other = record(world, year=2025, value=D("80"))
    with pytest.raises(ConflictError):
        score_record(
            pemda=world.pemda,
            actor=world.users["upg"],
            data=score_input_from(other, year=2024),
            today=TODAY,
            score=other,
        )


def test_delete_needs_confirmation_and_no_action_plan(world: World) -> None:
    from sehati.integrity.models import ActionPlan

    score = record(
        world, kind="spi_tematik", opd_id=world.dinkes.pk, dimension="perizinan", value=D("64.81")
    )
    with pytest.raises(ApplicationError) as caught:
        score_delete(score=score, actor=world.users["upg"], confirm=False)
    assert caught.value.code == "score_confirm_required"
    plan = ActionPlan.objects.create(
        pemda=world.pemda,
        title="Perizinan daring",
        score=score,
        owner_opd=world.dinkes,
        due_on=TODAY,
    )
    with pytest.raises(ConflictError) as caught:
        score_delete(score=score, actor=world.users["upg"], confirm=True)
    assert caught.value.code == "score_has_action_plans"
    plan.delete()
    pk = score.pk
    score_delete(score=score, actor=world.users["upg"], confirm=True)
    assert not IntegrityScore.objects.filter(pk=pk).exists()
    gone = TimelineEvent.objects.get(type="score_deleted", subject_id=pk)
    assert gone.data["value"] == "64.81" and gone.pemda_id == world.pemda.pk


def test_reband_after_a_scheme_change(world: World) -> None:
    score = record(world, value=D("79.06"))
    IntegrityScore.objects.filter(pk=score.pk).update(band="waspada")  # as if the scheme changed
    out = io.StringIO()
    call_command("scores_reband", "--pemda", world.pemda.code, stdout=out)
    assert out.getvalue() == "uji: 1 skor berubah band.\n"
    score.refresh_from_db()
    assert score.band == "terjaga"
    assert TimelineEvent.objects.filter(type="score_rebanded", subject_id=score.pk).exists()
    assert scores_reband(pemda=world.pemda) == 0
