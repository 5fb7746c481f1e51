"""Pages of periodic declarations: the ASN's list and answer form, the UPG's periods, roster,
closing and reminders, and what the UPG pembantu may (not) read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import World
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.declarations.tests.helpers import GIFT, declaration_of, open_period, submitted_report
from sehati.reports.models import GiftReport
from sehati.sanctions.models import SanctionCase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_my_list_empty_state(world: World) -> None:
    page = _client(world, "pelapor").get(reverse("declarations:my_list"))
    assert page.status_code == 200
    assert "Tidak ada periode deklarasi yang perlu Anda jawab" in page.content.decode()


def test_asn_answers_none_through_the_form(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    client = _client(world, "pelapor")
    listing = client.get(reverse("declarations:my_list")).content.decode()
    assert "Semester II 2026" in listing and "Isi deklarasi" in listing
    url = reverse("declarations:answer", args=[declaration.pk])
    form = client.get(url).content.decode()
    assert "Tidak menerima gratifikasi" in form
    data = {"answer": "none", "gift-TOTAL_FORMS": "0", "gift-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.answer == "none"


def test_asn_answers_unreported_with_a_gift(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    url = reverse("declarations:answer", args=[declaration.pk])
    data = {
        "answer": "unreported",
        "gift-TOTAL_FORMS": "2",
        "gift-INITIAL_FORMS": "0",
        "gift-0-description": GIFT["description"],
        "gift-0-received_on": "2026-11-10",
        "gift-0-giver_name": GIFT["giver_name"],
        "gift-0-value_idr": "850000",
    }
    response = _client(world, "pelapor").post(url, data)
    assert response.status_code == 302
    assert GiftReport.objects.filter(reporter=world.employees["budi"], status="draft").count() == 1
    page = _client(world, "pelapor").get(url).content.decode()
    assert "Lengkapi dan kirim konsep laporannya" in page


def test_answer_form_shows_errors(world: World) -> None:
    period = open_period(world)
    declaration = declaration_of(period, world, "budi")
    url = reverse("declarations:answer", args=[declaration.pk])
    data = {"answer": "reported", "gift-TOTAL_FORMS": "0", "gift-INITIAL_FORMS": "0"}
    response = _client(world, "pelapor").post(url, data)
    assert response.status_code == 200
    assert "Pilih paling sedikit satu laporan" in response.content.decode()


def test_report_picker_lists_only_own_submitted(world: World) -> None:
    own = submitted_report(world.users["pelapor"])
    other = submitted_report(world.users["upg_pembantu"])
    period = open_period(world)
    page = _client(world, "pelapor").get(
        reverse("declarations:answer", args=[declaration_of(period, world, "budi").pk])
    )
    html = page.content.decode()
    assert f'value="{own.pk}" id="report-{own.pk}"' in html
    assert f'id="report-{other.pk}"' not in html


def test_upg_opens_period_through_the_form(world: World) -> None:
    client = _client(world, "upg")
    response = client.post(
        reverse("declarations:period_create"),
        {
            "title": "Semester II",
            "description": "",
            "starts_on": "2026-11-23",
            "due_on": "2026-12-04",
            "scope": "some",
            "opds": [str(world.dinkes.pk)],
        },
    )
    assert response.status_code == 302
    period = DeclarationPeriod.objects.get()
    assert not period.all_opd and list(period.opds.all()) == [world.dinkes]
    bad = client.post(
        reverse("declarations:period_create"),
        {"title": "X", "starts_on": "2026-11-23", "due_on": "2026-11-01", "scope": "some"},
    )
    assert bad.status_code == 200 and DeclarationPeriod.objects.count() == 1


def test_roster_for_upg_and_for_pembantu(world: World, django_assert_max_num_queries: Any) -> None:
    period = open_period(world)
    from sehati.declarations.services import declaration_answer
    from sehati.declarations.tests.helpers import NOW, TODAY

    declaration_answer(
        declaration=declaration_of(period, world, "budi"),
        actor=world.users["pelapor"],
        answer="unreported",
        gifts=[GIFT],
        today=TODAY,
        now=NOW,
    )
    url = reverse("declarations:period_detail", args=[period.pk])
    upg = _client(world, "upg")
    with django_assert_max_num_queries(40):
        html = upg.get(url).content.decode()
    assert "Mengaku belum melapor" in html and "Tidak menerima" in html
    assert world.employees["dukcapil_staff"].name in html
    unreported = upg.get(url, {"status": "unreported"}).content.decode()
    assert world.employees["budi"].name in unreported
    assert world.employees["rina"].name not in unreported
    # the UPG pembantu of Dinkes: Dinkes (with Puskesmas) only, answered or not, no content
    pembantu = _client(world, "upg_pembantu").get(url).content.decode()
    assert world.employees["budi"].name in pembantu
    assert world.employees["dukcapil_staff"].name not in pembantu
    assert "Tidak menerima" not in pembantu
    assert (
        reverse("declarations:declaration_detail", args=[declaration_of(period, world, "budi").pk])
        not in pembantu
    )
    filtered = _client(world, "upg_pembantu").get(url, {"status": "unreported"}).content.decode()
    assert world.employees["rina"].name in filtered  # an unknown filter is ignored
    xlsx = upg.get(reverse("declarations:period_xlsx", args=[period.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_declaration_detail_content_and_sanction(world: World) -> None:
    period = open_period(world)
    from sehati.declarations.services import declaration_answer
    from sehati.declarations.tests.helpers import NOW, TODAY

    declaration = declaration_of(period, world, "budi")
    declaration_answer(
        declaration=declaration,
        actor=world.users["pelapor"],
        answer="unreported",
        gifts=[GIFT],
        today=TODAY,
        now=NOW,
    )
    url = reverse("declarations:declaration_detail", args=[declaration.pk])
    html = _client(world, "upg").get(url).content.decode()
    assert GIFT["description"] in html and "Buka kasus sanksi" in html
    kepala = _client(world, "kepala_opd").get(url).content.decode()
    assert GIFT["description"] not in kepala
    response = _client(world, "upg").post(
        reverse("declarations:declaration_sanction", args=[declaration.pk]),
        {"description": "Mengaku menerima parsel dan belum melapor."},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.sanction_case is not None
    assert SanctionCase.objects.get().source == SanctionCase.Source.DECLARATION


def test_close_needs_confirmation_then_freezes(world: World) -> None:
    period = open_period(world)
    client = _client(world, "upg")
    url = reverse("declarations:period_close", args=[period.pk])
    assert "tidak dapat dibatalkan" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200
    period.refresh_from_db()
    assert period.is_open
    assert client.post(url, {"confirm": "on"}).status_code == 302
    period.refresh_from_db()
    assert not period.is_open
    declaration = declaration_of(period, world, "budi")
    page = _client(world, "pelapor").get(reverse("declarations:answer", args=[declaration.pk]))
    assert "sudah ditutup" in page.content.decode()
    assert 'name="answer"' not in page.content.decode()


def test_remind_button(world: World) -> None:
    period = open_period(world)
    client = _client(world, "upg")
    url = reverse("declarations:period_remind", args=[period.pk])
    first = client.post(url, follow=True).content.decode()
    assert "Pengingat dikirim kepada 7 pegawai" in first
    second = client.post(url, follow=True).content.decode()
    assert "sudah dikirim hari ini" in second


def test_nav_items(world: World) -> None:
    pelapor = _client(world, "pelapor").get(reverse("home")).content.decode()
    assert reverse("declarations:my_list") in pelapor
    assert reverse("declarations:period_list") not in pelapor
    upg = _client(world, "upg").get(reverse("declarations:period_list")).content.decode()
    assert "Belum ada periode deklarasi" in upg


def test_pembantu_sees_only_periods_covering_its_opd(world: World) -> None:
    open_period(world, title="Dukcapil saja", opds=(world.dukcapil,))
    open_period(world, title="Dinkes saja", opds=(world.dinkes,))
    html = _client(world, "upg_pembantu").get(reverse("declarations:period_list")).content.decode()
    assert "Dinkes saja" in html and "Dukcapil saja" not in html
    assert Declaration.objects.count() > 0
