"""The scores register's API: list with filters and pagination, get, record, correct, remove,
import (row errors as 422 with row numbers, a dry run, or everything saved), trends, the summary,
the XLSX export and the templates; another pemda's scores are never reached."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from conftest import World
from sehati.accounts.services import token_create
from sehati.integrity.models import IntegrityScore
from sehati.integrity.services import ScoreInput, score_record

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
BASE = "/api/v1/integrity-scores"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def api(world: World, persona: str) -> Client:
    client = Client()
    _row, raw = token_create(user=world.users[persona], name="uji")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_record_read_correct_and_remove(world: World) -> None:
    upg = api(world, "upg")
    body = {
        "kind": "spi_tematik",
        "year": 2024,
        "opd_id": world.dinkes.pk,
        "dimension": "perizinan",
        "value": "64,81",
        "target": 73,
        "source": "KPK, audiensi SPI tematik gratifikasi",
    }
    created = upg.post(BASE, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    score = created.json()
    assert (score["value"], score["band"], score["band_label"], score["colour"]) == (
        64.81,
        "rentan",
        "Rentan",
        "red",
    )
    assert score["gap"] == -8.19 and score["is_weak"] and score["opd_code"] == "DINKES"
    again = upg.post(BASE, {**body, "value": 60}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "score_exists" and again.json()["detail"] == {
        "score_id": score["id"]
    }
    bad = upg.post(
        BASE,
        {**body, "year": 2024, "dimension": "", "value": 100.5},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "score_invalid"
    assert {e["field"] for e in bad.json()["detail"]["errors"]} == {"value", "dimension"}
    assert (
        upg.post(BASE, {**body, "value": True}, content_type="application/json").status_code == 422
    )
    url = f"{BASE}/{score['id']}"
    patched = upg.patch(url, {"value": 78}, content_type="application/json").json()
    assert patched["band"] == "terjaga" and patched["dimension"] == "perizinan"
    pemda_wide = upg.patch(url, {"opd_id": None}, content_type="application/json").json()
    assert pemda_wide["opd_id"] is None
    assert api(world, "kepala_opd").get(url).json()["value"] == 78.0
    assert (
        api(world, "kepala_opd").patch(url, {}, content_type="application/json").status_code == 403
    )
    refused = upg.post(f"{url}/delete", {"confirm": False}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "score_confirm_required"
    removed = upg.post(f"{url}/delete", {"confirm": True}, content_type="application/json")
    assert removed.json() == {"id": score["id"], "deleted": True}
    assert upg.get(url).status_code == 404


def test_list_filters_pagination_and_tenant(world: World) -> None:
    def record(pemda: Any, **fields: Any) -> IntegrityScore:
        data = {"kind": "spi", "year": 2024, "opd_id": None, "source": "KPK", **fields}
        return score_record(pemda=pemda, actor=None, data=ScoreInput(**data), today=TODAY)

    record(world.pemda, value=Decimal("79.06"))
    record(world.pemda, year=2023, value=Decimal("70.97"))
    record(
        world.pemda,
        kind="spi_tematik",
        opd_id=world.dinkes.pk,
        dimension="sosialisasi",
        value=Decimal("56.94"),
    )
    record(world.pemda, kind="bpk", year=2023, category="WTP")
    other = record(world.other_pemda, value=Decimal("91"))
    client = api(world, "upg_pembantu")
    listing = client.get(BASE, {"limit": 2}).json()
    assert listing["count"] == 4 and len(listing["items"]) == 2
    assert [i["year"] for i in client.get(BASE, {"year": 2023}).json()["items"]] == [2023, 2023]
    assert [
        i["value"] for i in client.get(BASE, {"kind": "spi", "scope": "pemda"}).json()["items"]
    ] == [79.06, 70.97]
    mine = client.get(BASE, {"opd_id": world.dinkes.pk}).json()["items"]
    assert [(i["dimension"], i["band_label"]) for i in mine] == [("sosialisasi", "Rentan")]
    assert client.get(BASE, {"q": "WTP"}).json()["items"][0]["category"] == "WTP"
    assert client.get(f"{BASE}/{other.pk}").status_code == 404
    assert client.get(BASE, {"kind": "lhkpn"}).status_code == 422
    assert api(world, "pelapor").get(BASE).status_code == 403
    trends = client.get(f"{BASE}/trends", {"kind": "spi"}).json()
    assert [(t["label"], [p["year"] for p in t["points"]]) for t in trends] == [
        ("SPI (KPK)", [2023, 2024])
    ]
    assert trends[0]["points"][1]["band_label"] == "Terjaga"
    summary = {s["kind"]: s for s in client.get(f"{BASE}/summary").json()}
    assert summary["spi"]["total"]["value"] == 79.06 and summary["spi"]["years"] == [2023, 2024]
    assert summary["spi_tematik"]["total"] is None
    assert summary["spi_tematik"]["parts"][0]["is_weak"]
    sheet = load_workbook(io.BytesIO(client.get(f"{BASE}/xlsx", {"kind": "bpk"}).content)).active
    assert sheet is not None and [r[5] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "WTP"
    ]


def test_import_errors_dry_run_and_commit(world: World) -> None:
    upg = api(world, "upg")

    def send(content: str, **extra: Any) -> Any:
        upload = SimpleUploadedFile("skor.csv", content.encode(), "text/csv")
        return upg.post(f"{BASE}/import", {"file": upload, **extra})

    bad = send("jenis;tahun;nilai;sumber\nspi;2024;64,81;KPK\nspi;2031;80;KPK\nmcp;2024;;KPK\n")
    assert bad.status_code == 422 and bad.json()["code"] == "score_import_invalid"
    assert bad.json()["detail"]["errors"] == [
        {"row": 3, "column": "tahun", "message": "Tahun harus antara 2000 dan 2026."},
        {"row": 4, "column": "nilai", "message": "Nilai wajib diisi untuk MCP (KPK)."},
    ]
    assert not IntegrityScore.objects.exists()
    good = "jenis;tahun;opd_kode;dimensi;nilai;sumber\nspi_tematik;2024;DINKES;perizinan;64,81;KPK\nspi;2024;;;79,06;KPK\n"
    preview = send(good, dry_run="true")
    assert preview.status_code == 200 and not preview.json()["committed"]
    assert [(r["row"], r["band_label"], r["action"]) for r in preview.json()["rows"]] == [
        (2, "Rentan", "created"),
        (3, "Terjaga", "created"),
    ]
    assert not IntegrityScore.objects.exists()
    saved = send(good)
    assert saved.status_code == 201 and saved.json()["created"] == 2 and saved.json()["committed"]
    again = send(good).json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    refused = upg.post(f"{BASE}/import", {"file": SimpleUploadedFile("skor.docx", b"PK\x03\x04")})
    assert refused.status_code == 422 and refused.json()["code"] == "score_import_file"
    assert api(world, "kepala_opd").post(f"{BASE}/import", {}).status_code == 403
    template = upg.get(f"{BASE}/import-template", {"format": "csv"})
    assert template.content.decode("utf-8-sig").startswith("jenis,tahun,opd_kode")
    assert load_workbook(io.BytesIO(upg.get(f"{BASE}/import-template").content)).sheetnames == [
        "skor",
        "petunjuk",
    ]
