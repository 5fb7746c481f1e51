"""Action-plan pages: the list (filters, empty state, query count), create from a weak score,
the owner OPD's progress report with evidence, what OPD-bound staff see, the progress page and
the XLSX download."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.core.tests.samples import PNG_BYTES
from sehati.integrity.models import ActionPlan
from sehati.integrity.plans_services import plan_progress_report
from sehati.integrity.tests.plans_helpers import TODAY, make_plan, weak_score

pytestmark = pytest.mark.django_db
S = ActionPlan.Status


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _plans(world: World) -> dict[str, ActionPlan]:
    score = weak_score(world.pemda)
    return {
        "dinkes": make_plan(world, score=score, due_on=TODAY),
        "puskesmas": make_plan(world, opd=world.puskesmas, title="Papan tarif Puskesmas"),
        "dukcapil": make_plan(world, opd=world.dukcapil, title="KTP-el tanpa tatap muka"),
        "other": make_plan(world, opd=world.other_opd, title="Rencana pemda lain"),
    }


def test_list_filters_search_and_query_count(
    world: World, django_assert_max_num_queries: Any
) -> None:
    upg = _client(world, "upg")
    empty = upg.get(reverse("integrity:plan_list")).content.decode()
    assert "Belum ada rencana aksi." in empty
    plans = _plans(world)
    for n in range(30):
        make_plan(world, opd=world.dukcapil, title=f"Tambahan {n}", dimension="sosialisasi")
    with django_assert_max_num_queries(11):
        page = upg.get(reverse("integrity:plan_list")).content.decode()
    assert "Izin praktik tenaga kesehatan" in page and "Rencana pemda lain" not in page
    assert "Halaman 1 dari 2" in page

    def titles(query: str, persona: str = "upg") -> str:
        client = upg if persona == "upg" else _client(world, persona)
        return client.get(reverse("integrity:plan_list") + query).content.decode()

    assert "Papan tarif" in titles(f"?opd={world.dinkes.pk}")  # the sub-unit's plan too
    assert "KTP-el" not in titles(f"?opd={world.dinkes.pk}")
    assert "KTP-el" in titles("?q=ktp-el") and "Papan tarif" not in titles("?q=ktp-el")
    only_spi = titles("?score_kind=spi_tematik")
    assert "Izin praktik" in only_spi and "Papan tarif" not in only_spi
    assert "Papan tarif" in titles("?score_kind=none")
    assert "Tidak ada rencana aksi yang cocok" in titles("?year=2030")
    assert "Izin praktik" in titles("?status=planned&year=2026&overdue=&opd=abc&page=x")
    plan_progress_report(
        plan=plans["dinkes"],
        actor=world.users["upg"],
        note="Selesai",
        status="done",
        no_evidence_reason="Uji",
        today=TODAY,
    )
    done = titles("?status=done")
    assert "Izin praktik" in done and "KTP-el" not in done
    # OPD-bound staff: Dinkes's and the Puskesmas's plans only, whatever they ask for.
    mine = titles(f"?opd={world.dukcapil.pk}", persona="kepala_opd")
    assert "KTP-el" not in mine
    mine = titles("", persona="upg_pembantu")
    assert "Papan tarif" in mine and "Izin praktik" in mine and "KTP-el" not in mine


def test_create_from_a_weak_score(world: World) -> None:
    score = weak_score(world.pemda)
    upg = _client(world, "upg")
    url = reverse("integrity:plan_create")
    assert url == "/integritas/rencana-aksi/baru/"
    form = upg.get(f"{url}?score={score.pk}").content.decode()
    assert "SPI tematik 2024" in form and "Rentan" in form
    assert f'<option value="{score.pk}" selected>' in form
    assert upg.get(f"{url}?score=99999999999999999999").status_code == 200  # ignored
    other = weak_score(world.other_pemda)
    assert (
        "SPI tematik" not in upg.get(f"{url}?score={other.pk}").content.decode().split("<form")[0]
    )
    bad = upg.post(
        url,
        {
            "title": "Izin daring",
            "dimension": "perizinan",
            "owner_opd": world.dinkes.pk,
            "due_on": "2020-01-01",
        },
    )
    assert bad.status_code == 200 and "Tenggat sudah lewat" in bad.content.decode()
    response = upg.post(
        url,
        {
            "title": "Izin daring",
            "score": score.pk,
            "owner_opd": world.dinkes.pk,
            "due_on": "2027-01-31",
            "description": "Perizinan tanpa tatap muka.",
        },
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "integrity:plan_detail", args=[plan.pk]
    )
    assert plan.score == score and plan.created_by == world.users["upg"]
    assert _client(world, "kepala_opd").get(url).status_code == 403


def test_owner_opd_reports_progress_with_evidence(
    world: World, private_media: Any, django_assert_max_num_queries: Any
) -> None:
    plans = _plans(world)
    plan = plans["dinkes"]
    hasan = _client(world, "kepala_opd")
    url = reverse("integrity:plan_update", args=[plan.pk])
    assert "Laporkan kemajuan" in hasan.get(url).content.decode()
    refused = hasan.post(url, {"note": "Selesai", "status": "done"})
    assert "unggah paling sedikit satu bukti" in refused.content.decode()
    response = hasan.post(
        url,
        {
            "note": "Aplikasi izin daring sudah dipakai.",
            "status": "done",
            "file": [SimpleUploadedFile("sop.png", PNG_BYTES, "image/png")],
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.DONE
    with django_assert_max_num_queries(15):
        page = hasan.get(reverse("integrity:plan_detail", args=[plan.pk])).content.decode()
    assert "Aplikasi izin daring sudah dipakai." in page and "sop.png" in page
    assert "Rencana aksi dinyatakan selesai" in page  # the timeline
    assert "Buka lagi" not in page  # only the UPG may reopen
    # Another OPD's plan: the same 404 as a missing one, for the page and the report.
    other = plans["dukcapil"]
    assert hasan.get(reverse("integrity:plan_detail", args=[other.pk])).status_code == 404
    assert (
        hasan.post(reverse("integrity:plan_update", args=[other.pk]), {"note": "x"}).status_code
        == 404
    )
    # The Inspektur reads but does not report.
    assert _client(world, "inspektur").get(url).status_code == 403
    upg_page = _client(world, "upg").get(reverse("integrity:plan_detail", args=[plan.pk]))
    assert "Buka lagi" in upg_page.content.decode()


def test_cancel_edit_and_links_pages(world: World) -> None:
    plans = _plans(world)
    plan = plans["dukcapil"]
    upg = _client(world, "upg")
    edit = reverse("integrity:plan_edit", args=[plan.pk])
    assert "KTP-el tanpa tatap muka" in upg.get(edit).content.decode()
    data = {
        "title": "KTP-el daring",
        "owner_opd": world.dukcapil.pk,
        "due_on": "2027-03-31",
        "dimension": "perizinan",
    }
    assert upg.post(edit, data).status_code == 302
    link_url = reverse("integrity:plan_link_add", args=[plan.pk])
    form = upg.get(link_url + "?kind=finding").content.decode()
    assert "Belum ada data jenis ini" in form
    refused = upg.post(link_url, {"kind": "finding", "target_id": "12345"})
    assert "tidak ditemukan di pemda ini" in refused.content.decode()
    cancel = reverse("integrity:plan_cancel", args=[plan.pk])
    page = upg.get(cancel).content.decode()
    assert "data-confirm" in page
    assert upg.post(cancel, {"reason": "Digabung"}).status_code == 200  # not confirmed
    assert upg.post(cancel, {"reason": "Digabung", "confirm": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.CANCELLED
    assert upg.get(edit).status_code == 302  # closed: back to the plan
    detail = upg.get(reverse("integrity:plan_detail", args=[plan.pk])).content.decode()
    assert "Digabung" in detail and "Laporkan kemajuan" not in detail


def test_progress_page_and_xlsx(world: World, django_assert_max_num_queries: Any) -> None:
    plans = _plans(world)
    with time_machine.travel(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC), tick=False):
        upg = _client(world, "upg")
        with django_assert_max_num_queries(10):
            page = upg.get(reverse("integrity:plan_progress")).content.decode()
        assert 'data-figure="overdue">1<' in page  # Dinkes's plan was due on the 23rd
        assert 'id="plan-opd-table"' in page and 'id="plan-dimension-table"' in page
        assert "chart.umd.min.js" in page
        assert "Rencana pemda lain" not in page
        mine = _client(world, "kepala_opd").get(reverse("integrity:plan_progress")).content.decode()
        assert 'data-figure="total">2<' in mine and "Disdukcapil" not in mine
        response = upg.get(reverse("integrity:plan_xlsx") + "?overdue=on")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Judul", "OPD penanggung jawab")
    assert [r[1] for r in rows[1:]] == [plans["dinkes"].title]
    assert rows[1][8] == "ya"
