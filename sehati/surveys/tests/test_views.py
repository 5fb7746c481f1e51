"""Pages of internal surveys: the builder, opening, links and QR codes, the respondents' pages
(staff signed in, the public without login), and results that show nothing for small groups."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.surveys import services as svc
from sehati.surveys.models import Item, Response, StaffParticipation, Survey
from sehati.surveys.tests.helpers import close, fill, public_group, staff_group, survey_build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_list_pins_queries_and_shows_the_not_spi_note(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(4):
        survey_build(world, title=f"Survei {n}", open_it=n % 2 == 0)
    upg = _client(world, "upg")
    with django_assert_max_num_queries(12):
        page = upg.get(reverse("surveys:survey_list")).content.decode()
    assert page.count('href="/survei/') >= 4 and "bukan SPI KPK" in page
    assert "Buat survei" in page
    inspektur = _client(world, "inspektur").get(reverse("surveys:survey_list")).content.decode()
    assert "Survei 3" in inspektur and "Buat survei" not in inspektur
    filtered = upg.get(reverse("surveys:survey_list"), {"status": "draft"}).content.decode()
    assert "Survei 1" in filtered and "Survei 0" not in filtered


def test_build_open_and_share_through_the_pages(world: World) -> None:
    upg = _client(world, "upg")
    response = upg.post(
        reverse("surveys:survey_create"),
        {"title": "Survei layanan 2026", "audience": "both", "min_group_size": "10"},
    )
    survey = Survey.objects.get(title="Survei layanan 2026")
    assert response.status_code == 302 and survey.is_draft
    url = reverse("surveys:dimension_create", args=[survey.pk])
    form = {
        "name": "Pelayanan",
        "weight": "1",
        "item-TOTAL_FORMS": "3",
        "item-INITIAL_FORMS": "0",
        "item-0-text": "Petugas tidak meminta imbalan.",
        "item-0-kind": "likert",
        "item-0-scale_min": "1",
        "item-0-scale_max": "4",
        "item-0-required": "on",
        "item-1-text": "Bila diminta imbalan, Anda ...",
        "item-1-kind": "choice",
        "item-1-options": "Memberi = 0\nMenolak dan melapor = 5",
        "item-1-required": "on",
        "item-2-kind": "likert",  # an empty row: ignored
    }
    more = upg.post(url, {**form, "more": "1"}).content.decode()
    assert 'name="item-TOTAL_FORMS" value="8"' in more  # five more empty rows, nothing saved
    assert not Item.objects.exists()
    bad = upg.post(url, {**form, "item-1-options": "Memberi\nMenolak = 5"})
    assert bad.status_code == 200 and "harus berbentuk" in bad.content.decode()
    assert upg.post(url, form).status_code == 302
    items = list(Item.objects.filter(dimension__survey=survey).order_by("order"))
    assert [i.kind for i in items] == ["likert", "choice"]
    assert items[1].options == [
        {"label": "Memberi", "score": 0.0},
        {"label": "Menolak dan melapor", "score": 5.0},
    ]
    opening = reverse("surveys:survey_open", args=[survey.pk])
    assert "tidak dapat diubah lagi" in upg.get(opening).content.decode()
    assert upg.post(opening, {}).status_code == 200  # the confirmation box is required
    assert upg.post(opening, {"confirm": "on"}).status_code == 302
    survey.refresh_from_db()
    assert survey.is_open
    links = upg.get(reverse("surveys:survey_links", args=[survey.pk])).content.decode()
    group = public_group(survey)
    assert f"/survei-publik/{group.link_token}/" in links and "<svg" in links
    assert f"/survei-saya/{survey.pk}/" in links
    png = upg.get(reverse("surveys:group_qr", args=[group.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_staff_answer_through_the_page(world: World, django_assert_max_num_queries: Any) -> None:
    survey = survey_build(world)
    survey_build(world, title="Survei kedua")
    budi = _client(world, "pelapor")
    budi.get(reverse("surveys:staff_list"))  # the session and login bookkeeping
    with django_assert_max_num_queries(10):
        listing = budi.get(reverse("surveys:staff_list")).content.decode()
    assert survey.title in listing and "Isi survei" in listing
    url = reverse("surveys:staff_respond", args=[survey.pk])
    page = budi.get(url).content.decode()
    assert page.count('type="radio"') == 5 + 5 + 3 and "bukan Survei Penilaian Integritas" in page
    items = svc.items_ordered(survey=survey)
    missing = budi.post(url, {"revision": "2", f"q{items[0].pk}": "5"})
    assert missing.status_code == 200 and "wajib dijawab: 2, 3" in missing.content.decode()
    data = {"revision": "2", f"q{items[0].pk}": "5", f"q{items[1].pk}": "2", f"q{items[2].pk}": "3"}
    response = budi.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks")
    assert survey.title in budi.get(reverse("surveys:thanks")).content.decode()
    assert "Anda sudah mengisi survei ini" in budi.get(url).content.decode()
    assert budi.post(url, data).status_code == 200  # shown as answered, nothing stored
    assert Response.objects.filter(survey=survey).count() == 1
    assert StaffParticipation.objects.filter(survey=survey).count() == 1
    assert "Sudah diisi" in budi.get(reverse("surveys:staff_list")).content.decode()


def test_public_answer_without_login_once_per_browser(world: World) -> None:
    survey = survey_build(world)
    group = public_group(survey)
    visitor = Client()
    url = reverse("surveys:public_respond", args=[group.link_token])
    page = visitor.get(url)
    assert page.status_code == 200 and "Tanpa login dan anonim" in page.content.decode()
    items = svc.items_ordered(survey=survey)
    data = {"revision": "2", **{f"q{i.pk}": "1" for i in items}}
    assert visitor.post(url, data)["Location"] == reverse("surveys:thanks")
    again = visitor.get(url).content.decode()
    assert "sudah mengisi survei ini dari perangkat ini" in again
    visitor.post(url, data)
    assert Response.objects.filter(group=group).count() == 1
    assert Client().get(reverse("surveys:public_respond", args=["tidak-ada"])).status_code == 404
    close(survey, world)
    assert "sudah ditutup" in Client().get(url).content.decode()


def test_a_survey_group_under_the_minimum_size_shows_no_results(world: World) -> None:
    """Acceptance (issue #7): a survey group under the minimum size shows no results."""
    survey = survey_build(world)
    dinkes, dukcapil = staff_group(survey, world.dinkes), staff_group(survey, world.dukcapil)
    fill(survey, dinkes, 12, b"\x05\x01\x03")  # culture 100, system 100
    fill(survey, dukcapil, 3, b"\x01\x05\x01")  # 3 < 10: never shown
    fill(survey, public_group(survey), 25, b"\x04\x02\x02")
    upg = _client(world, "upg")
    running = upg.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "Indeks ditampilkan setelah survei ditutup" in running and "&lt; 10" in running
    close(survey, world)
    page = upg.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()

    def row(group_id: int) -> str:
        match = re.search(rf'<tr[^>]*data-group="{group_id}">(.*?)</tr>', page, re.S)
        assert match is not None
        return match.group(1)

    small = row(dukcapil.pk)
    assert "Tidak ditampilkan: kurang dari 10 responden" in small
    text = re.sub(r"<[^>]+>", "", small).replace("10 responden", "")
    assert not re.search(r"\d", text)  # no figure at all
    # Dinkes (12) is the smallest other group: hidden too, or Dukcapil = total − the rest.
    assert "agar kelompok kecil tidak dapat dihitung dari total" in row(dinkes.pk)
    shown = row(public_group(survey).pk)
    assert (
        "25" in shown and "75,00" in shown and "40,00" in shown
    )  # culture mean(75, 75) with the reversed item
    total = row("total")  # type: ignore[arg-type]
    assert "40" in total
    # The charts draw only what is shown; each is followed by its table.
    assert (
        page.count("<canvas") == 4 and "Dinas" not in page.split("indeks-kelompok-table")[1][:2000]
    )
    workbook = load_workbook(
        BytesIO(upg.get(reverse("surveys:survey_results_xlsx", args=[survey.pk])).content)
    )
    rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    by_label = {r[0]: r for r in rows[1:]}
    assert by_label[dukcapil.label][2] == "Tidak ditampilkan: kurang dari 10 responden"
    assert all(v is None for v in by_label[dukcapil.label][3:])


def test_results_page_queries_do_not_grow_with_groups(
    world: World, django_assert_max_num_queries: Any
) -> None:
    survey = survey_build(world)
    for n in range(6):
        g = svc.group_public_add(survey=survey, actor=world.users["upg"], label=f"Loket {n}")
        fill(survey, g, 10 + n)
    close(survey, world)
    inspektur = _client(world, "inspektur")
    with django_assert_max_num_queries(14):
        page = inspektur.get(reverse("surveys:survey_results", args=[survey.pk]))
    assert page.status_code == 200 and "Loket 5" in page.content.decode()


def test_frozen_builder_and_closed_edits_redirect(world: World) -> None:
    survey = survey_build(world)
    fill(survey, public_group(survey), 1)
    upg = _client(world, "upg")
    dim = survey.dimensions.first()
    assert dim is not None
    response = upg.get(reverse("surveys:dimension_edit", args=[dim.pk]), follow=True)
    assert "Kuesioner tidak dapat diubah" in response.content.decode()
    detail = upg.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert "Kuesioner dibekukan" in detail and "Tambah dimensi" not in detail
    close(survey, world)
    edit = upg.get(reverse("surveys:survey_edit", args=[survey.pk]), follow=True)
    assert "sudah ditutup tidak dapat diubah" in edit.content.decode()
    xlsx = upg.get(reverse("surveys:survey_results_xlsx", args=[survey.pk]))
    assert xlsx.status_code == 200
