"""Importing published scores from CSV/XLSX (issue #7 point 2): the acceptance case (Kapuas's
thematic SPI 64.81 and 56.94 shown as Rentan and the regency's 79.06 as Terjaga, in the preview
and in the register after saving), every kind of bad row with its row number, XLSX, decimal
commas, updates of registered scores, and all-or-nothing saving."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from sehati.core.errors import ApplicationError
from sehati.core.models import TimelineEvent
from sehati.integrity.importing import (
    score_import_check,
    score_import_commit,
    score_import_errors,
    score_import_plan,
)
from sehati.integrity.models import IntegrityScore, ScoreImport
from sehati.integrity.services import ScoreInput, score_record
from sehati.org.models import Opd

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
KAPUAS_CSV = (
    "jenis;tahun;opd_kode;dimensi;nilai;kategori;target;sumber;tautan_sumber\n"
    "spi_tematik;2024;DINKES;perizinan;64,81;;;KPK, audiensi SPI tematik gratifikasi;"
    "https://dinkes.kapuaskab.go.id/web/spi-tematik\n"
    "SPI tematik;2024;DINKES;sosialisasi;56,94;;;KPK, audiensi SPI tematik gratifikasi;\n"
    "spi;2024;;;79,06;;78;Deskripsi program SEHATI;\n"
)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, "application/octet-stream")


def check(world: World, name: str, content: bytes | str) -> ScoreImport:
    return score_import_check(
        pemda=world.pemda,
        actor=world.users["upg"],
        upload=upload(name, content),
        name=name,
        today=TODAY,
    )


def html_row(page: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"no row {row_id}"
    return re.sub(r"\s+", " ", found.group(1))


def test_acceptance_kapuas_values_in_preview_and_register(world: World) -> None:
    client = Client()
    client.force_login(world.users["upg"])
    response = client.post(
        reverse("integrity:import_create"), {"file": upload("skor-kapuas.csv", KAPUAS_CSV)}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Semua baris valid" in preview
    for row, value, band in (
        (2, "64,81", "Rentan"),
        (3, "56,94", "Rentan"),
        (4, "79,06", "Terjaga"),
    ):
        cells = html_row(preview, f"row-{row}")
        assert value in cells and f'data-band="{band}"' in cells and "baru" in cells
    assert "Dinas Kesehatan" in html_row(preview, "row-2")
    assert IntegrityScore.objects.count() == 0  # nothing saved before the commit
    imp = ScoreImport.objects.get()
    done = client.post(reverse("integrity:import_commit", args=[imp.pk]))
    assert done.status_code == 302
    register = client.get(reverse("integrity:score_list")).content.decode()
    scores = {s.dimension: s for s in IntegrityScore.objects.all()}
    for dimension, value, band in (
        ("perizinan", "64,81", "Rentan"),
        ("sosialisasi", "56,94", "Rentan"),
        ("", "79,06", "Terjaga"),
    ):
        cells = html_row(register, f"score-{scores[dimension].pk}")
        assert value in cells and f'data-band="{band}"' in cells
    assert "+1,06" in html_row(register, f"score-{scores[''].pk}")  # 79.06 against a target of 78
    imp.refresh_from_db()
    assert (imp.status, imp.created_count, imp.updated_count) == ("committed", 3, 0)
    event = TimelineEvent.objects.get(type="score_import_committed")
    assert event.data == {"file": "skor-kapuas.csv", "created": 3, "updated": 0, "unchanged": 0}
    assert TimelineEvent.objects.filter(type="score_recorded", data__via="import").count() == 3


def test_each_kind_of_bad_row_is_named_with_its_row_number(world: World) -> None:
    content = (
        "Laporan skor integritas\n"  # a title above the header: the header is row 2
        "jenis,tahun,opd_kode,dimensi,nilai,kategori,target,sumber,tautan_sumber,catatan\n"
        "lhkpn,2024,,,90,,,KPK,,\n"  # 3
        "spi,1999,,,71,,,KPK,,\n"  # 4
        'spi,2024,,,"100,5",,,KPK,,\n'  # 5
        "spi,2024,,transparansi,64.815,,,KPK,,\n"  # 6
        "spi,2024,XYZ,,70,,,KPK,,\n"  # 7
        "spi,2024,,pengelolaan sdm,70,,,,,\n"  # 8
        "mcp,2024,,,95,,,KPK,,\n"  # 9
        "MCP,2024,,,96,,,KPK,,\n"  # 10: same as 9
        "rb,2024,,,abc,,,KemenPANRB,,\n"  # 11
        'rb,2023,,,"1.234,5",,,KemenPANRB,,\n'  # 12
        "spi_tematik,2024,DINKES,,60,,,KPK,,\n"  # 13
        "bpk,2023,,,88,WTP,,BPK,,\n"  # 14
        "ombudsman,2024,,,96.52,A,,Ombudsman,tautan,\n"  # 15
        "spi,2024,,,79.06,,,KPK,,\n"  # 16: valid
    )
    imp = check(world, "skor.csv", content)
    assert imp.status == "invalid" and imp.ignored_columns == ["catatan"]
    errors = [(e["row"], e["column"], e["message"]) for e in score_import_errors(imp)]
    assert errors == [
        (
            3,
            "jenis",
            "Jenis 'lhkpn' tidak dikenal: gunakan spi, spi_tematik, mcp, ombudsman, rb, atau bpk.",
        ),
        (4, "tahun", "Tahun harus antara 2000 dan 2026."),
        (5, "nilai", "Nilai harus antara 0 dan 100."),
        (6, "nilai", "Nilai paling banyak dua angka desimal."),
        (7, "opd_kode", "Kode OPD 'XYZ' tidak ada di pemda ini."),
        (8, "sumber", "Sumber wajib diisi (mis. rilis KPK, surat, laporan hasil)."),
        (
            10,
            "",
            "Baris ini sama dengan baris 9 (jenis, tahun, OPD, dan dimensi yang sama); hapus salah satunya.",
        ),
        (11, "nilai", "Nilai bukan angka (mis. 64,81)."),
        (12, "nilai", "Nilai tulis dengan satu tanda desimal saja (mis. 64,81 atau 64.81)."),
        (13, "dimensi", "SPI tematik wajib menyebut temanya di dimensi (mis. perizinan)."),
        (
            14,
            "nilai",
            "Opini BPK tidak berupa angka: kosongkan nilai dan isi kategori (WTP, WDP, TW, TMP).",
        ),
        (15, "tautan_sumber", "Tautan sumber harus alamat web lengkap (http:// atau https://)."),
    ]
    with pytest.raises(ApplicationError) as caught:
        score_import_commit(score_import=imp, actor=world.users["upg"], today=TODAY)
    assert caught.value.code == "score_import_invalid"
    assert not IntegrityScore.objects.exists()
    client = Client()
    client.force_login(world.users["inspektur"])
    page = client.get(reverse("integrity:import_detail", args=[imp.pk])).content.decode()
    assert "12 kesalahan" in page and "Simpan ke register" not in page
    assert "Kode OPD &#x27;XYZ&#x27; tidak ada di pemda ini." in html_row(page, "row-7")


def test_file_and_header_problems(world: World, settings: Any) -> None:
    def refused(name: str, content: bytes | str) -> str:
        with pytest.raises(ApplicationError) as caught:
            check(world, name, content)
        assert caught.value.code == "score_import_file"
        return caught.value.message

    assert "unggah .csv atau .xlsx" in refused("skor.txt", "jenis,tahun\n")
    assert "bukan XLSX" in refused("skor.xlsx", KAPUAS_CSV)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "bukan teks CSV" in refused("skor.csv", png)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("isi.txt", "bukan buku kerja")
    assert "bukan buku kerja Excel" in refused("skor.xlsx", archive.getvalue())
    assert "kosong" in refused("skor.csv", b"")
    settings.SEHATI_UPLOAD_MAX_BYTES = 100
    assert "terlalu besar" in refused("skor.csv", KAPUAS_CSV)
    settings.SEHATI_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    imp = check(world, "skor.csv", "jenis,tahun,nilai\nspi,2024,70\n")
    assert imp.status == "invalid"
    assert score_import_errors(imp) == [
        {"row": 1, "column": "sumber", "message": "Kolom wajib 'sumber' tidak ada di baris judul."}
    ]
    assert check(world, "skor.csv", "jenis;tahun;nilai;sumber\n").file_errors[0]["message"] == (
        "Berkas hanya berisi baris judul, tanpa data."
    )
    assert ScoreImport.objects.count() == 2  # refused files leave nothing behind


def test_xlsx_with_a_title_row_numbers_and_case_insensitive_codes(world: World) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Skor integritas Kabupaten Uji"])
    sheet.append([])
    sheet.append(["Jenis", "Tahun", "OPD_Kode", "Dimensi", "Nilai", "Sumber", "Tautan Sumber"])
    sheet.append(["spi_tematik", 2024, "dinkes", "perizinan", 64.8099999999999, "KPK", None])
    sheet.append(["Opini BPK", 2023.0, None, None, None, "BPK RI", "https://bpk.go.id/lhp"])
    sheet.append(["ombudsman", 2021, None, None, 78.26, "Ombudsman RI", None])
    sheet.cell(row=5, column=8, value="WTP")  # an extra column the import ignores...
    sheet.cell(row=3, column=8, value="kategori")  # ...until it is named in the header
    raw = io.BytesIO()
    book.save(raw)
    imp = check(world, "skor.xlsx", raw.getvalue())
    assert imp.status == "checked", score_import_errors(imp)
    planned = {p.row: p for p in score_import_plan(imp)}
    assert planned[4].data is not None and planned[4].data.value == Decimal("64.81")
    assert planned[4].band_label == "Rentan" and planned[4].data.opd_id == world.dinkes.pk
    assert planned[5].data is not None and planned[5].data.category == "WTP"
    assert planned[6].band_label == "Zona kuning (kepatuhan sedang)"
    done = score_import_commit(score_import=imp, actor=world.users["upg"], today=TODAY)
    assert done.created_count == 3


def test_existing_scores_are_updated_or_left_alone(world: World) -> None:
    def record(value: str, dimension: str = "") -> IntegrityScore:
        return score_record(
            pemda=world.pemda,
            actor=world.users["upg"],
            data=ScoreInput(
                kind="spi",
                year=2024,
                opd_id=None,
                dimension=dimension,
                value=Decimal(value),
                source="KPK",
            ),
            today=TODAY,
        )

    total = record("75")
    same = record("70", "transparansi")
    content = (
        "jenis,tahun,dimensi,nilai,sumber\n"
        "spi,2024,,79.06,KPK\n"
        "spi,2024,Transparansi,70,KPK\n"  # the same score (dimension case aside)
        "spi,2024,transparansi,70,KPK\n"
    )
    imp = check(world, "skor.csv", content)
    assert imp.status == "invalid"  # rows 3 and 4 are the same score twice
    content = (
        "jenis,tahun,dimensi,nilai,sumber\nspi,2024,,79.06,KPK\nspi,2024,transparansi,70,KPK\n"
    )
    imp = check(world, "skor.csv", content)
    outcomes = {p.row: (p.outcome, p.existing) for p in score_import_plan(imp)}
    assert outcomes == {2: ("updated", total), 3: ("unchanged", same)}
    client = Client()
    client.force_login(world.users["upg"])
    page = client.get(reverse("integrity:import_detail", args=[imp.pk])).content.decode()
    assert "diperbarui" in html_row(page, "row-2") and "tidak berubah" in html_row(page, "row-3")
    done = score_import_commit(score_import=imp, actor=world.users["upg"], today=TODAY)
    assert (done.created_count, done.updated_count, done.unchanged_count) == (0, 1, 1)
    total.refresh_from_db()
    assert total.value == Decimal("79.06") and total.band == "terjaga"
    with pytest.raises(ApplicationError) as caught:
        score_import_commit(score_import=done, actor=world.users["upg"], today=TODAY)
    assert caught.value.code == "score_import_committed"


def test_commit_is_all_or_nothing_when_the_data_changed(world: World) -> None:
    kesbang = Opd.objects.create(pemda=world.pemda, code="KESBANG", name="Kesbangpol")
    existing = score_record(
        pemda=world.pemda,
        actor=world.users["upg"],
        data=ScoreInput(kind="mcp", year=2024, opd_id=None, value=Decimal("90"), source="KPK"),
        today=TODAY,
    )
    content = (
        "jenis,tahun,opd_kode,dimensi,nilai,sumber\n"
        "mcp,2024,,,95,KPK\n"
        "spi,2024,,,79.06,KPK\n"
        "spi_tematik,2024,KESBANG,perizinan,70,KPK\n"
    )
    imp = check(world, "skor.csv", content)
    assert imp.status == "checked"
    kesbang.delete()  # the OPD goes before the file is saved
    with pytest.raises(ApplicationError) as caught:
        score_import_commit(score_import=imp, actor=world.users["upg"], today=TODAY)
    assert caught.value.code == "score_import_changed"
    assert caught.value.extra["errors"] == [
        {"row": 4, "column": "opd_kode", "message": "OPD tidak ditemukan di pemda ini."}
    ]
    existing.refresh_from_db()
    assert existing.value == Decimal("90.00") and IntegrityScore.objects.count() == 1
    imp.refresh_from_db()
    assert imp.status == "checked"
