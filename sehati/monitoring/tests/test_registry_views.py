"""UP3 registry pages (issue #5 points 1-3): filters and pagination with pinned query counts,
forms that show the services' refusals under their field, the account page that shows a
password once, the map of titik rawan grouped by kecamatan, the checklist's inline actions."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sehati.accounts.models import User
from sehati.monitoring import registry as reg
from sehati.monitoring.models import ChecklistItem, Monitor, ProneService, Visit
from sehati.org.models import Kecamatan, ServiceUnit
from sehati.org.tests.factories import KecamatanFactory, ServiceUnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 6)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 10, 6, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _login(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _monitor(world, name: str, kec: Kecamatan | None = None, **kw) -> Monitor:
    return reg.monitor_register(
        pemda=world.pemda,
        actor=world.users["upg"],
        today=TODAY,
        name=name,
        kecamatan_id=(kec or Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")).pk,
        term_start=kw.pop("term_start", dt.date(2026, 2, 1)),
        term_end=kw.pop("term_end", dt.date(2029, 1, 31)),
        decree_number=kw.pop("decree_number", "118.45/028/KUM/2026"),
        decree_date=kw.pop("decree_date", dt.date(2026, 1, 20)),
        **kw,
    )


def _visit(world, monitor: Monitor, day: dt.date, status: str = "submitted") -> Visit:
    return Visit.objects.create(
        pemda=world.pemda,
        monitor=monitor,
        client_uuid=uuid.uuid4(),
        service_unit=ServiceUnit.objects.filter(pemda=world.pemda).first(),
        visited_on=day,
        status=status,
    )


# --- monitors --------------------------------------------------------------------------------


def test_monitor_list_filters_and_counts_without_n_plus_one(
    world, django_assert_max_num_queries
) -> None:
    other_kec = KecamatanFactory(pemda=world.pemda, name="Loksado")
    for i in range(30):
        m = _monitor(world, f"Pemantau {i:02d}", other_kec if i % 2 else None)
        _visit(world, m, dt.date(2026, 10, 2))
    star = _monitor(world, "Wulan Sari", is_coordinator=True, decree_number="SK-BINTANG/2026")
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 3), dt.date(2026, 9, 20)):
        _visit(world, star, day)
    _monitor(
        world,
        "Lama Sekali",
        term_start=dt.date(2023, 1, 1),
        term_end=dt.date(2025, 12, 31),
        decree_date=dt.date(2022, 12, 1),
    )
    client = _login(world, "upg")
    with django_assert_max_num_queries(14):
        page = client.get(reverse("monitoring:monitor_list"))
    assert page.status_code == 200
    assert "Halaman 1 dari 2" in page.content.decode()
    with django_assert_max_num_queries(14):
        found = client.get(reverse("monitoring:monitor_list"), {"q": "bintang"}).content.decode()
    assert "Wulan Sari" in found and "Pemantau 00" not in found
    assert ">2</td>" in found and "03 Okt 2026" in found  # two this month, last on the 3rd
    only_coord = client.get(reverse("monitoring:monitor_list"), {"koordinator": "ya"})
    assert list(only_coord.context["page"]) == [star]
    in_loksado = client.get(reverse("monitoring:monitor_list"), {"kecamatan": other_kec.pk})
    assert in_loksado.context["page"].paginator.count == 15
    ended = client.get(reverse("monitoring:monitor_list"), {"status": "selesai"})
    assert [m.name for m in ended.context["page"]] == ["Lama Sekali"]
    junk = client.get(reverse("monitoring:monitor_list"), {"kecamatan": "x", "status": "zz"})
    assert junk.status_code == 200 and junk.context["page"].paginator.count == 32
    empty = client.get(reverse("monitoring:monitor_list"), {"q": "tidak ada"}).content.decode()
    assert "Tidak ada pemantau yang cocok" in empty


def test_a_monitor_sees_only_their_own_entry(world) -> None:
    own = _monitor(world, "Andi", user=world.users["pemantau"])
    _monitor(world, "Rekan Lain", decree_number="SK-2")
    client = _login(world, "pemantau")
    page = client.get(reverse("monitoring:monitor_list"))
    assert list(page.context["page"]) == [own]
    assert "Daftarkan pemantau" not in page.content.decode()
    detail = client.get(reverse("monitoring:monitor_detail", args=[own.pk]))
    assert detail.status_code == 200 and "Ubah data" not in detail.content.decode()


def test_register_and_edit_a_monitor_through_the_form(world) -> None:
    client = _login(world, "upg")
    kec = Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")
    data = {
        "name": "Fajar Nugroho",
        "kecamatan": kec.pk,
        "term_start": "2026-02-01",
        "term_end": "2026-01-01",
        "decree_number": "118.45/030/KUM/2026",
        "decree_date": "2026-01-20",
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    bad = client.post(reverse("monitoring:monitor_create"), data)
    assert bad.status_code == 200
    assert "Masa tugas selesai tidak boleh sebelum" in str(bad.context["form"].errors["term_end"])
    foreign = KecamatanFactory(pemda=world.other_pemda)
    assert (
        client.post(reverse("monitoring:monitor_create"), {**data, "kecamatan": foreign.pk})
        .context["form"]
        .errors["kecamatan"]
    )
    done = client.post(reverse("monitoring:monitor_create"), {**data, "term_end": "2029-01-31"})
    monitor = Monitor.objects.get(name="Fajar Nugroho")
    assert done["Location"] == reverse("monitoring:monitor_detail", args=[monitor.pk])
    edit_url = reverse("monitoring:monitor_edit", args=[monitor.pk])
    form_page = client.get(edit_url).content.decode()
    assert "Fajar Nugroho" in form_page and 'value="2026-02-01"' in form_page
    client.post(edit_url, {**data, "term_end": "2029-01-31", "is_active": ""})
    monitor.refresh_from_db()
    assert not monitor.is_active
    detail = client.get(reverse("monitoring:monitor_detail", args=[monitor.pk])).content.decode()
    assert "Data pemantau UP3 diubah" in detail and "Nonaktif" in detail


def test_account_page_shows_the_password_once(world) -> None:
    monitor = _monitor(world, "Gilang Pratama", email="gilang@contoh.invalid")
    _visit(world, monitor, dt.date(2026, 10, 2))
    client = _login(world, "upg")
    url = reverse("monitoring:monitor_account", args=[monitor.pk])
    confirm = client.get(url).content.decode()
    assert "gilang.pratama" in confirm and "data-confirm" in confirm
    created = client.post(url)
    assert created["Location"] == url
    shown = client.get(url)
    password = shown.context["password"]
    assert password in shown.content.decode() and "no-store" in shown["Cache-Control"]
    user = User.objects.get(username="gilang.pratama")
    assert user.check_password(password)
    again = client.get(url).content.decode()
    assert password not in again and "sudah punya akun" in again
    refused = client.post(url, follow=True).content.decode()
    assert "sudah punya akun" in refused
    detail = client.get(reverse("monitoring:monitor_detail", args=[monitor.pk])).content.decode()
    assert "Akun pemantau UP3 dibuat" in detail and "02 Okt 2026" in detail
    # The new monitor can sign in with it.
    signed_in = Client().post(
        reverse("account_login"), {"login": "gilang.pratama", "password": password}
    )
    assert signed_in.status_code == 302 and "/accounts/login/" not in signed_in["Location"]


def test_only_the_upg_manages_monitors(world) -> None:
    monitor = _monitor(world, "Hana")
    for persona in ("inspektur", "pemantau", "kepala_opd"):
        client = _login(world, persona)
        assert client.post(
            reverse("monitoring:monitor_account", args=[monitor.pk])
        ).status_code in (
            403,
            404,
        )
    assert Monitor.objects.get(pk=monitor.pk).user is None


# --- titik rawan -----------------------------------------------------------------------------


def _map_world(world) -> dict:
    kandangan = Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")
    loksado = KecamatanFactory(pemda=world.pemda, name="Loksado")
    units = {
        "pkm": ServiceUnit.objects.get(pemda=world.pemda, name="Puskesmas Kandangan"),
        "ktp": ServiceUnitFactory(
            pemda=world.pemda, opd=world.dukcapil, kecamatan=kandangan, name="Loket KTP-el"
        ),
        "lok": ServiceUnitFactory(
            pemda=world.pemda, opd=world.dinkes, kecamatan=loksado, name="Puskesmas Loksado"
        ),
        "idle": ServiceUnitFactory(
            pemda=world.pemda, opd=world.dukcapil, kecamatan=loksado, name="Kantor Sepi"
        ),
    }
    upg = world.users["upg"]
    for key, area, name in (
        ("pkm", "kesehatan", "Surat keterangan sehat"),
        ("ktp", "adminduk", "KTP-el"),
        ("ktp", "adminduk", "Kartu keluarga"),
        ("lok", "kesehatan", "Rujukan"),
    ):
        reg.prone_service_mark(
            pemda=world.pemda, actor=upg, service_unit_id=units[key].pk, area=area, name=name
        )
    return {"units": units, "loksado": loksado}


def test_prone_map_groups_filters_and_shows_all_units_on_request(
    world, django_assert_max_num_queries
) -> None:
    data = _map_world(world)
    for _i in range(30):
        ServiceUnitFactory(pemda=world.pemda, opd=world.dinkes, kecamatan=data["loksado"])
    client = _login(world, "upg")
    url = reverse("monitoring:prone_list")
    with django_assert_max_num_queries(14):
        page = client.get(url)
    html = page.content.decode()
    assert "Kecamatan Kandangan" in html and "Kecamatan Loksado" in html
    assert "Kantor Sepi" not in html and page.context["page"].paginator.count == 3
    assert html.index("Kecamatan Kandangan") < html.index("Kecamatan Loksado")
    with django_assert_max_num_queries(14):
        everything = client.get(url, {"tampil": "semua"})
    assert everything.context["page"].paginator.count == 34
    assert "belum ditandai" in everything.content.decode()
    adminduk = client.get(url, {"area": "adminduk"}).context["page"]
    assert [u.name for u in adminduk] == ["Loket KTP-el"]
    assert len(adminduk[0].prone_list) == 2
    by_opd = client.get(url, {"opd": world.dinkes.pk}).context["page"]
    assert {u.name for u in by_opd} == {"Puskesmas Kandangan", "Puskesmas Loksado"}
    by_kec = client.get(url, {"kecamatan": data["loksado"].pk}).context["page"]
    assert [u.name for u in by_kec] == ["Puskesmas Loksado"]
    searched = client.get(url, {"q": "kartu"}).context["page"]
    assert [p.name for p in searched[0].prone_list] == ["Kartu keluarga"]
    assert "Tandai layanan" in html


def test_others_see_the_map_without_edit_buttons(world) -> None:
    _map_world(world)
    for persona in ("kepala_opd", "pemantau", "upg_pembantu", "inspektur"):
        page = _login(world, persona).get(reverse("monitoring:prone_list"))
        html = page.content.decode()
        assert page.status_code == 200 and "Surat keterangan sehat" in html
        assert "Tandai layanan" not in html and "/ubah/" not in html
    assert _login(world, "pelapor").get(reverse("monitoring:prone_list")).status_code == 403


def test_mark_edit_and_deactivate_a_prone_service(world) -> None:
    client = _login(world, "upg")
    unit = ServiceUnit.objects.get(pemda=world.pemda, name="Puskesmas Kandangan")
    create = reverse("monitoring:prone_create")
    prefilled = client.get(create, {"unit": unit.pk})
    assert prefilled.context["form"]["service_unit"].value() == unit.pk
    assert client.get(create, {"unit": "abc"}).status_code == 200
    data = {"service_unit": unit.pk, "area": "kesehatan", "name": "Surat sehat", "risk_note": ""}
    made = client.post(create, data)
    assert made.status_code == 302 and f"kecamatan={unit.kecamatan_id}" in made["Location"]
    twice = client.post(create, {**data, "name": "SURAT SEHAT"})
    assert "sudah ditandai" in twice.content.decode()
    assert ProneService.objects.count() == 1
    prone = ProneService.objects.get()
    edit = reverse("monitoring:prone_edit", args=[prone.pk])
    client.post(edit, {**data, "area": "lainnya", "risk_note": "Tarif tidak dipasang"})
    prone.refresh_from_db()
    assert prone.area == "lainnya" and prone.risk_note == "Tarif tidak dipasang"
    client.post(edit, {"toggle": "1"})
    prone.refresh_from_db()
    assert not prone.is_active
    listed = client.get(reverse("monitoring:prone_list")).content.decode()
    assert "Surat sehat" not in listed
    assert (
        "Surat sehat"
        in client.get(reverse("monitoring:prone_list"), {"nonaktif": "1"}).content.decode()
    )
    client.post(edit, {"toggle": "1"})
    prone.refresh_from_db()
    assert prone.is_active


# --- checklist -------------------------------------------------------------------------------


def test_checklist_page_installs_defaults_adds_moves_and_deactivates(
    world, django_assert_max_num_queries
) -> None:
    client = _login(world, "upg")
    url = reverse("monitoring:checklist_list")
    empty = client.get(url).content.decode()
    assert "Pasang daftar periksa bawaan" in empty
    client.post(url, {"action": "defaults"})
    assert ChecklistItem.objects.filter(pemda=world.pemda).count() == 8
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert "Dugaan gratifikasi" in page.content.decode()
    added = client.post(
        url, {"add": "1", "text": "Ada calo", "good_answer": "tidak", "finding_category": "pungli"}
    )
    assert added.status_code == 302
    item = ChecklistItem.objects.get(text="Ada calo")
    assert item.position == 9
    dup = client.post(url, {"add": "1", "text": "ada calo", "good_answer": "ya"})
    assert "sudah ada" in dup.content.decode()
    client.post(url, {"action": "up", "item": item.pk})
    item.refresh_from_db()
    assert item.position == 8
    client.post(url, {"action": "deactivate", "item": item.pk})
    item.refresh_from_db()
    assert not item.is_active
    assert item not in reg.checklist_active(pemda=world.pemda)
    assert client.post(url, {"action": "up", "item": "x"}).status_code == 302
    foreign = ChecklistItem.objects.create(pemda=world.other_pemda, text="Lain")
    assert client.post(url, {"action": "deactivate", "item": foreign.pk}).status_code == 404
    inactive_only = client.get(url, {"status": "nonaktif"}).context["page"]
    assert list(inactive_only) == [item]


def test_checklist_edit(world) -> None:
    reg.checklist_defaults_ensure(pemda=world.pemda)
    item = ChecklistItem.objects.get(pemda=world.pemda, position=1)
    client = _login(world, "upg")
    url = reverse("monitoring:checklist_edit", args=[item.pk])
    assert "Standar pelayanan terpasang" in client.get(url).content.decode()
    saved = client.post(
        url,
        {
            "text": "Maklumat dan standar pelayanan terpasang",
            "good_answer": "ya",
            "finding_category": "standar",
            "position": "3",
            "is_active": "on",
        },
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.text.startswith("Maklumat") and item.position == 3
    bad = client.post(url, {"text": "", "good_answer": "ya", "position": "-1"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert _login(world, "pemantau").get(url).status_code == 403
