"""Pages of the scores register: the list (filters, badges, gaps, the action-plan link for weak
scores, pinned queries), the form, removal, the dashboard with its charts and tables, the XLSX
export (which imports again unchanged) and the templates."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.integrity.demo import demo_integrity_build
from sehati.integrity.importing import score_import_check, score_import_plan
from sehati.integrity.models import IntegrityScore
from sehati.integrity.services import ScoreInput, score_input_from, score_record

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def record(world: World, pemda: Any = None, **fields: Any) -> IntegrityScore:
    data = {"kind": "spi", "year": 2024, "opd_id": None, "source": "KPK", **fields}
    return score_record(
        pemda=pemda or world.pemda,
        actor=world.users["upg"],
        data=ScoreInput(**data),
        today=TODAY,
    )


def kapuas_like(world: World) -> dict[str, IntegrityScore]:
    thematic = {"kind": "spi_tematik", "opd_id": world.dinkes.pk}
    return {
        "perizinan": record(world, **thematic, dimension="perizinan", value=Decimal("64.81")),
        "sosialisasi": record(world, **thematic, dimension="sosialisasi", value=Decimal("56.94")),
        "total": record(world, value=Decimal("79.06"), target=Decimal("80")),
        "old": record(world, year=2023, value=Decimal("76.10"), target=Decimal("78")),
        "other": record(world, pemda=world.other_pemda, value=Decimal("91.23")),
    }


def row(page: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"no row {row_id}"
    return found.group(1)


def test_register_filters_badges_gaps_and_plan_links(
    world: World, django_assert_max_num_queries: Any
) -> None:
    scores = kapuas_like(world)
    IntegrityScore.objects.bulk_create(  # filler rows: more than a page
        IntegrityScore(
            pemda=world.pemda,
            kind="mcp",
            year=2000 + n % 25,
            dimension=f"area {n:02d}",
            value=Decimal("90"),
            source="KPK",
        )
        for n in range(50)
    )
    upg = client_for(world, "upg")
    url = reverse("integrity:score_list")
    with django_assert_max_num_queries(14):
        page = upg.get(url).content.decode()
    assert "Halaman 1 dari 2" in page and "91,23" not in page
    with django_assert_max_num_queries(14):
        page = upg.get(url, {"kind": "spi_tematik", "scope": str(world.dinkes.pk)}).content.decode()
    weak = row(page, f"score-{scores['perizinan'].pk}")
    assert "64,81" in weak and 'data-band="Rentan"' in weak and "text-bg-danger" in weak
    assert f"/integritas/rencana-aksi/baru/?score={scores['perizinan'].pk}" in weak
    assert "79,06" not in page
    page = upg.get(url, {"kind": "spi", "scope": "pemda"}).content.decode()
    total = row(page, f"score-{scores['total'].pk}")
    assert 'data-band="Terjaga"' in total and "-0,94" in total and "text-danger" in total
    assert "rencana-aksi/baru/?score=" in total  # below its target: weak too
    old = row(page, f"score-{scores['old'].pk}")
    assert "76,10" in old and "data-band" not in old  # SPI 2023: no band is invented
    assert "Tidak ada skor yang cocok" in upg.get(url, {"q": "tidak-ada"}).content.decode()
    # The head of an OPD reads the pemda's register but neither manages nor plans.
    head = client_for(world, "kepala_opd").get(url, {"kind": "spi_tematik"}).content.decode()
    assert "64,81" in head and "Catat skor" not in head and "Buat rencana aksi" not in head
    assert client_for(world, "pelapor").get(url).status_code == 403


def test_form_create_edit_and_delete(world: World) -> None:
    upg = client_for(world, "upg")
    form = upg.get(reverse("integrity:score_create")).content.decode()
    assert "Seluruh pemda" in form and "Dinas Kesehatan" in form
    data = {
        "kind": "spi_tematik",
        "year": "2024",
        "opd": str(world.dinkes.pk),
        "dimension": "perizinan",
        "value": "64,81",
        "category": "",
        "target": "",
        "source": "KPK, audiensi SPI tematik",
        "source_url": "",
    }
    response = upg.post(reverse("integrity:score_create"), data)
    assert response.status_code == 302
    score = IntegrityScore.objects.get()
    assert score.value == Decimal("64.81") and score.band == "rentan"
    detail = upg.get(response["Location"]).content.decode()
    assert (
        'data-band="Rentan"' in detail
        and "kpk-spi-2024" in detail
        and "Skor integritas dicatat" in detail
    )
    again = upg.post(reverse("integrity:score_create"), {**data, "value": "70"}).content.decode()
    assert "sudah tercatat" in again
    bad = upg.post(
        reverse("integrity:score_create"), {**data, "value": "64,815", "source_url": "x"}
    )
    assert "paling banyak dua angka desimal" in bad.content.decode()
    assert "alamat web lengkap" in bad.content.decode()
    edit = reverse("integrity:score_edit", args=[score.pk])
    assert 'value="64,81"' in upg.get(edit).content.decode()
    assert upg.post(edit, {**data, "value": "73"}).status_code == 302
    score.refresh_from_db()
    assert score.band == "waspada"
    delete = reverse("integrity:score_delete", args=[score.pk])
    assert "tidak dapat dibatalkan" in upg.get(delete).content.decode()
    assert "Centang konfirmasi" in upg.post(delete, {}).content.decode()
    assert upg.post(delete, {"confirm": "on"}).status_code == 302
    assert not IntegrityScore.objects.exists()
    assert (
        client_for(world, "upg_pembantu").get(reverse("integrity:score_create")).status_code == 403
    )


def test_dashboard_latest_figures_charts_and_tables(
    world: World, django_assert_max_num_queries: Any
) -> None:
    demo_integrity_build(pemda=world.pemda, today=TODAY, seed=1)
    demo_integrity_build(pemda=world.pemda, today=TODAY, seed=1)  # idempotent
    assert IntegrityScore.objects.filter(pemda=world.pemda).count() == 9
    thematic = {"kind": "spi_tematik", "opd_id": world.dinkes.pk}
    licensing = record(world, **thematic, dimension="perizinan", value=Decimal("64.81"))
    record(
        world,
        **thematic,
        year=2025,
        dimension="perizinan",
        value=Decimal("70"),
        target=Decimal("73"),
    )
    socialisation = record(world, **thematic, dimension="sosialisasi", value=Decimal("56.94"))
    mcp = IntegrityScore.objects.get(pemda=world.pemda, kind="mcp")
    score_record(
        pemda=world.pemda,
        actor=world.users["upg"],
        data=score_input_from(mcp, target=Decimal("90")),
        today=TODAY,
        score=mcp,
    )
    upg = client_for(world, "upg")
    with django_assert_max_num_queries(10):
        page = upg.get(reverse("integrity:dashboard")).content.decode()
    spi = IntegrityScore.objects.get(pemda=world.pemda, kind="spi", year=2024)
    latest = row(page, f"latest-{spi.pk}")
    assert (
        "79,06" in latest
        and 'data-band="Terjaga"' in latest
        and "Deskripsi program SEHATI" in latest
    )
    ombudsman = IntegrityScore.objects.get(pemda=world.pemda, kind="ombudsman", year=2024)
    cells = row(page, f"latest-{ombudsman.pk}")
    assert "96,52" in cells and ">A</span>" in cells and "data-band" not in cells
    bpk = IntegrityScore.objects.get(pemda=world.pemda, kind="bpk", year=2023)
    assert ">WTP</span>" in row(page, f"latest-{bpk.pk}")
    part = row(page, f"part-{socialisation.pk}")
    assert "56,94" in part and 'data-band="Rentan"' in part and "Buat rencana aksi" in part
    newer = row(page, f"part-{IntegrityScore.objects.get(year=2025, kind='spi_tematik').pk}")
    assert "70,00" in newer and "-3,00" in newer  # the latest figure of the series, below target
    assert f"part-{licensing.pk}" not in page
    # Charts: values with the target line, each followed by the table of its numbers.
    assert 'id="tren-spi-data"' in page and 'id="tren-ombudsman-table"' in page
    assert 'id="bagian-spi_tematik-table"' in page and '"line": true' in page
    assert 'id="selisih-table"' in page and "chart.umd.min.js" in page


def test_xlsx_export_applies_filters_and_imports_again_unchanged(world: World) -> None:
    kapuas_like(world)
    record(world, kind="bpk", year=2023, category="WTP")
    response = client_for(world, "kepala_opd").get(
        reverse("integrity:score_xlsx"), {"kind": "spi_tematik"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "jenis",
        "tahun",
        "opd_kode",
        "dimensi",
        "nilai",
        "kategori",
        "target",
        "sumber",
        "tautan_sumber",
    )
    assert sorted((r[3], r[4], r[10]) for r in rows[1:]) == [
        ("perizinan", 64.81, "Rentan"),
        ("sosialisasi", 56.94, "Rentan"),
    ]
    everything = client_for(world, "upg").get(reverse("integrity:score_xlsx")).content
    imp = score_import_check(
        pemda=world.pemda,
        actor=world.users["upg"],
        upload=SimpleUploadedFile("ekspor.xlsx", everything),
        name="ekspor.xlsx",
        today=TODAY,
    )
    assert imp.status == "checked", imp.rows
    assert {p.outcome for p in score_import_plan(imp)} == {"unchanged"}
    assert len(imp.rows) == 5


def test_import_page_and_templates(world: World) -> None:
    upg = client_for(world, "upg")
    empty = client_for(world, "inspektur").get(reverse("integrity:dashboard")).content.decode()
    assert "Belum ada skor integritas" in empty
    page = upg.get(reverse("integrity:import_create")).content.decode()
    assert "tautan_sumber" in page and "Belum ada impor" in page
    csv = upg.get(reverse("integrity:import_template"), {"format": "csv"})
    assert csv.content.decode("utf-8-sig").strip() == (
        "jenis,tahun,opd_kode,dimensi,nilai,kategori,target,sumber,tautan_sumber"
    )
    book = load_workbook(
        io.BytesIO(upg.get(reverse("integrity:import_template"), {"format": "xlsx"}).content)
    )
    assert book.sheetnames == ["skor", "petunjuk"]
    refused = upg.post(
        reverse("integrity:import_create"), {"file": SimpleUploadedFile("skor.pdf", b"%PDF-1.4")}
    ).content.decode()
    assert "unggah .csv atau .xlsx" in refused
    assert (
        client_for(world, "kepala_opd").get(reverse("integrity:import_create")).status_code == 403
    )
