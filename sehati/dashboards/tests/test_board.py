"""Dashboards per role (issue #8 point 1): the numbers equal the database for the viewer's scope,
the head of an OPD sees small counts as "<5" and no reporter, the regent's page carries no
personal data, filters never break a page, and the API says what the page says."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.org.models import Employee


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _stat(html: str, key: str) -> str:
    m = re.search(rf'data-stat="{key}">(?:<a href="[^"]*">)?([^<]*)<', html)
    assert m, key
    return m.group(1).strip()


def _reports(world: Any) -> dict[str, Any]:
    budi, rina = world.users["pelapor"], world.users["upg_pembantu"]
    siti = world.users["upg"]  # a Disdukcapil employee
    made = {
        "a": submitted_report(budi, value_idr=1_000_000),
        "b": submitted_report(budi, kind="refusal", value_idr=2_000_000),
        "c": submitted_report(rina, value_idr=3_000_000),
        "d": submitted_report(siti, value_idr=4_000_000),
        "old": submitted_report(
            budi, received_on=dt.date(2025, 3, 3), submitted_on=dt.date(2025, 3, 4)
        ),
    }
    case = Case.objects.get(report=made["a"])
    case.status, case.decision, case.appraised_value_idr = "decided", "state", 900_000
    case.save()
    forwarded = Case.objects.get(report=made["c"])
    forwarded.status = "forwarded"
    forwarded.save()
    return made


def test_upg_dashboard_numbers_scope_and_api(world: Any) -> None:
    _reports(world)
    upg = _client(world.users["upg"])
    html = upg.get("/dasbor/upg/?tahun=2026").content.decode()
    assert _stat(html, "reports") == "4"
    assert _stat(html, "value") == "Rp10.000.000"
    assert _stat(html, "state-value") == "Rp900.000"
    assert _stat(html, "refusal-share") == "25,0 persen"
    assert _stat(html, "awaiting-kpk") == "1"
    # Per OPD: Dinkes has 3 reports (one refusal) for its active employees.
    dinkes_asn = Employee.objects.filter(opd=world.dinkes, is_active=True).count()
    row = re.search(rf'data-opd="{world.dinkes.pk}">.*?</tr>', html, re.S)
    assert row
    assert 'data-col="reports">3<' in row.group(0)
    assert 'data-col="refusals">1<' in row.group(0)
    per_100 = f"{300 / dinkes_asn:.2f}".replace(".", ",")
    assert f'data-col="per-100">{per_100}<' in row.group(0)
    assert "/kasus/?" in html  # drill-down to the case list
    # The API says the same.
    api = upg.get("/api/v1/dashboards/upg", {"tahun": 2026}).json()
    assert (api["reports"], api["value_idr"], api["state_value_idr"]) == (4, 10_000_000, 900_000)
    assert api["refusals"] == 1 and api["awaiting_kpk"] == 1
    assert {r["key"]: r["reports"] for r in api["by_kind"]}["refusal"] == 1
    assert sum(r["reports"] for r in api["by_month"]) == 4
    # A quarter and a month narrow it; another year has its own report.
    assert upg.get("/api/v1/dashboards/upg?tahun=2026&periode=q3").json()["reports"] == 0
    assert upg.get("/api/v1/dashboards/upg?tahun=2025&periode=m03").json()["reports"] == 1
    # The UPG pembantu of Dinkes sees Dinkes (with its sub-units) only.
    pembantu = _client(world.users["upg_pembantu"]).get("/api/v1/dashboards/upg?tahun=2026")
    assert pembantu.json()["reports"] == 3
    assert (
        _client(world.users["upg_pembantu"])
        .get(f"/api/v1/dashboards/upg?opd={world.dukcapil.pk}")
        .status_code
        == 404
    )


def test_opd_dashboard_suppresses_small_counts_and_names(world: Any) -> None:
    made = _reports(world)
    head = _client(world.users["kepala_opd"])
    html = head.get("/dasbor/opd/?tahun=2026").content.decode()
    assert "Dinas Kesehatan" in html
    assert _stat(html, "reports") == "&lt;5"
    for report in made.values():
        assert report.reporter.name not in html
        assert report.register_number not in html
    # Another OPD is not theirs: a message, and their own OPD is shown.
    other = head.get(f"/dasbor/opd/?opd={world.dukcapil.pk}").content.decode()
    assert "OPD tidak ada dalam lingkup Anda." in other
    assert "Dasbor OPD: Dinas Kesehatan" in other
    api = head.get("/api/v1/dashboards/opd?tahun=2026").json()
    assert api["reports"] == "<5" and api["opd_name"] == "Dinas Kesehatan"


def test_regent_inspektur_pages_filters_and_index(world: Any) -> None:
    made = _reports(world)
    regent = _client(world.users["kepala_daerah"])
    assert regent.get("/dasbor/").url == "/dasbor/pemda/"
    html = regent.get("/dasbor/pemda/?tahun=2026").content.decode()
    assert _stat(html, "p-reports") == "4"
    assert _stat(html, "p-refusals") == "1"
    for report in made.values():
        assert report.reporter.name not in html
        assert report.register_number not in html
    bad = regent.get("/dasbor/pemda/?tahun=abc&periode=zz")
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Tahun harus berupa angka" in text and "Periode tidak dikenal" in text
    assert regent.get("/dasbor/pemda/?tahun=1999").status_code == 200
    assert regent.get("/api/v1/dashboards/pemda?tahun=abc").status_code == 422
    assert regent.get("/dasbor/upg/").status_code == 403
    insp = _client(world.users["inspektur"])
    page = insp.get("/dasbor/inspektorat/?tahun=2026&periode=s2")
    assert page.status_code == 200
    assert _stat(page.content.decode(), "reports") == "4"
    api = insp.get("/api/v1/dashboards/inspektur?tahun=2026").json()
    assert api["upg"]["reports"] == 4 and api["pemda"]["refusals"] == 1
    assert api["sanctions"]["open"] == 0
    index = insp.get("/dasbor/").content.decode()
    assert "/dasbor/inspektorat/" in index and "/dasbor/upg/" in index
