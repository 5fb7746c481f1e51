"""The public transparency page, its CSV, API and widget (issue #8 point 3): no cell under five,
no suppressed cell recoverable from a total, no personal data; the widget may be framed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.test import Client

from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.dashboards.transparency import COLUMNS, Cell, TRow, _suppress
from sehati.org.tests.factories import OpdFactory

COUNT_COLS = [c for c, kind in COLUMNS if kind == "count"]


def _data(world: Any) -> list[Any]:
    OpdFactory(pemda=world.pemda, code="BAPPEDA", name="Bappeda")  # nothing to report
    budi, siti = world.users["pelapor"], world.users["upg"]
    made = [submitted_report(budi, value_idr=1_000_000 + i) for i in range(5)]
    made.append(submitted_report(budi, kind="refusal", value_idr=500_000))
    made += [submitted_report(siti, value_idr=2_000_000) for _ in range(2)]
    for report in made[:2]:  # two reports set as state property: fewer than five
        case = Case.objects.get(report=report)
        case.status, case.decision = "decided", "state"
        case.save()
    return made


def _numbers(text: str) -> list[int]:
    return [int(n.replace(".", "")) for n in re.findall(r"\d[\d.]*", text)]


def test_page_csv_api_widget_suppress_and_carry_no_person(world: Any) -> None:
    made = _data(world)
    anon = Client()
    html = anon.get("/transparansi/?tahun=2026").content.decode()
    cells = re.findall(r'<td class="text-end" data-col="(\w+)"( data-hidden="1")?>([^<]*)<', html)
    # Bappeda, Dinkes (Puskesmas folded in), Disdukcapil, the public, the total.
    assert len(cells) == 5 * len(COLUMNS)
    for col, hidden, text in cells:
        if hidden:
            assert text == "&lt;5"
        else:
            assert all(n >= 5 for n in _numbers(text)), (col, text)
    # Dinkes' six reports are shown; Disdukcapil's two are not, and neither is Bappeda's zero.
    dinkes = re.search(r'<th scope="row">Dinas Kesehatan</th>(.*?)</tr>', html, re.S)
    assert dinkes and 'data-col="laporan">6<' in dinkes.group(1)
    dukcapil = re.search(r'<th scope="row">Disdukcapil</th>(.*?)</tr>', html, re.S)
    assert dukcapil and 'data-col="laporan" data-hidden="1">&lt;5<' in dukcapil.group(1)
    assert 'data-row="total"' in html and 'data-col="laporan">8<' in html

    csv_text = anon.get("/transparansi/data.csv?tahun=2026").content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert {r["jenis_baris"] for r in rows} == {"opd", "masyarakat", "total"}
    for row in rows:
        assert row["schema_version"] == "1"
        for col, _kind in COLUMNS:
            if row[f"{col}_disembunyikan"] == "true":
                assert row[col] == ""
            else:
                assert int(row[col]) >= 5 or col == "nilai_milik_negara_idr"
    value = {r["kode"]: r for r in rows}
    assert value["total"]["nilai_milik_negara_idr_disembunyikan"] == "true"  # two reports only
    # Complementary suppression: in a column with a shown total, never exactly one hidden cell.
    body = [r for r in rows if r["jenis_baris"] != "total"]
    for col, _kind in COLUMNS:
        if value["total"][f"{col}_disembunyikan"] == "false":
            hidden = [r for r in body if r[f"{col}_disembunyikan"] == "true"]
            assert len(hidden) != 1, col
    api = anon.get("/api/v1/transparency?year=2026").json()
    api_cells = {
        (r["code"], c["column"]): (c["value"], c["hidden"]) for r in api["rows"] for c in r["cells"]
    }
    for row in rows:
        for col, _kind in COLUMNS:
            hidden = row[f"{col}_disembunyikan"] == "true"
            expected = None if hidden else int(row[col])
            assert api_cells[(row["kode"], col)] == (expected, hidden)
    assert anon.get("/api/v1/transparency/csv?year=2026").content.decode() == csv_text
    assert anon.get("/api/v1/transparency?year=1990").status_code == 422
    assert anon.get("/transparansi/data.csv?tahun=abc").status_code == 400

    widget = anon.get("/transparansi/widget/?tahun=2026")
    assert "X-Frame-Options" not in widget.headers
    csp = widget.headers["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors *") and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in anon.get("/transparansi/").headers["Content-Security-Policy"]
    assert not widget.cookies
    everything = html + csv_text + widget.content.decode() + str(api)
    for report in made:
        assert report.reporter.name not in everything
        assert report.reporter.nip not in everything
        assert report.register_number not in everything
    # A bad year: a message and the latest year, never a 500.
    page = anon.get("/transparansi/?tahun=abc").content.decode()
    assert "Tahun tidak tersedia" in page
    assert "/transparansi/widget/?tahun=2026" in page  # the embed code


def test_complementary_suppression() -> None:
    def rows(*values: int) -> tuple[list[TRow], TRow]:
        out = []
        for i, v in enumerate(values):
            out.append(TRow(str(i), str(i), "opd", {c: Cell(v, v) for c, _k in COLUMNS}))
        total = TRow(
            "total", "total", "total", {c: Cell(sum(values), sum(values)) for c, _k in COLUMNS}
        )
        return out, total

    body, total = rows(3, 9, 7, 20)  # one small cell: the next smallest (7) goes too
    _suppress(body, total)
    assert [r.cells["laporan"].hidden for r in body] == [True, False, True, False]
    assert not total.cells["laporan"].hidden
    body, total = rows(1, 2)  # a total under five hides everything
    _suppress(body, total)
    assert all(r.cells["laporan"].hidden for r in body) and total.cells["laporan"].hidden
    body, total = rows(0, 12)  # a single other cell: hidden with it, the total still shown
    _suppress(body, total)
    assert [r.cells["laporan"].hidden for r in body] == [True, True]
