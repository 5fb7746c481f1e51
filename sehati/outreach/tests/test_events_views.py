"""Staff pages of socialisation events: the list (filters, search, empty state, query count),
planning and editing with Indonesian messages, the detail page with its QR code and check-in
link, marking held and cancelling, materials, the attendance list, participants (names for the
UPG and the Inspektur only) with their XLSX, and certificates."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.core.tests.samples import PDF_BYTES
from sehati.outreach.models import Event, Participant
from sehati.outreach.tests.events_helpers import FROZEN, TODAY, attend, client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


def test_event_list_filters_search_and_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    upg = client_for(world, "upg")
    empty = upg.get(reverse("outreach:event_list")).content.decode()
    assert "Belum ada kegiatan sosialisasi" in empty and 'id="event-create"' in empty
    for n in range(30):
        event = make_event(
            world,
            title=f"Kegiatan {n:02d}",
            held_on=TODAY - dt.timedelta(days=n * 20),
            audience="public" if n % 3 == 0 else "asn",
            opd_ids=(world.dukcapil.pk,) if n % 3 == 1 else (),
        )
        attend(event, name=f"Warga {n}")
    make_event(world, pemda=world.other_pemda, title="Kegiatan pemda lain")
    with django_assert_max_num_queries(12):
        page = upg.get(reverse("outreach:event_list")).content.decode()
    assert page.count("data-event=") == 25 and "Kegiatan pemda lain" not in page
    assert "Halaman 1 dari 2" in page
    found = upg.get(reverse("outreach:event_list"), {"q": "Kegiatan 07"}).content.decode()
    assert found.count("data-event=") == 1
    public = upg.get(reverse("outreach:event_list"), {"sasaran": "public"}).content.decode()
    assert public.count("data-event=") == 10
    # Dinkes (the kepala OPD persona's OPD): ASN events for all OPD, not those for Disdukcapil.
    kepala = client_for(world, "kepala_opd")
    dinkes = kepala.get(reverse("outreach:event_list"), {"opd": world.dinkes.pk}).content.decode()
    assert dinkes.count("data-event=") == 10 and 'id="event-create"' not in dinkes
    year = upg.get(reverse("outreach:event_list"), {"tahun": 2025}).content.decode()
    assert "Kegiatan 00" not in year and "Kegiatan 17" in year
    none = upg.get(reverse("outreach:event_list"), {"q": "tidak ada"}).content.decode()
    assert "Tidak ada kegiatan yang cocok dengan saringan" in none


def test_plan_and_edit_an_event(world: World) -> None:
    upg = client_for(world, "upg")
    url = reverse("outreach:event_create")
    form = upg.get(url).content.decode()
    assert f'value="{world.dinkes.pk}"' in form and "2026-11-23" in form
    data = {
        "title": "Sosialisasi ASN Dinkes",
        "audience": "asn",
        "held_on": "2026-12-01",
        "starts_at": "09:00",
        "place": "",
        "online_url": "",
        "target_count": "40",
        "speakers": "Inspektur",
        "opds": [world.dinkes.pk],
    }
    refused = upg.post(url, data).content.decode()
    assert "Isi tempat kegiatan atau tautan daring (salah satu wajib)." in refused
    assert not Event.objects.exists()
    response = upg.post(url, {**data, "place": "Aula Dinkes"})
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{event.pk}/")
    assert list(event.opds.all()) == [world.dinkes] and event.starts_at == dt.time(9, 0)
    edit = reverse("outreach:event_edit", args=[event.pk])
    assert "Sosialisasi ASN Dinkes" in upg.get(edit).content.decode()
    upg.post(edit, {**data, "place": "Aula baru", "target_count": "55"})
    event.refresh_from_db()
    assert (event.place, event.target_count) == ("Aula baru", 55)
    assert client_for(world, "inspektur").get(edit).status_code == 403


def test_detail_qr_and_the_people_behind_it(world: World) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=1), opd_ids=(world.dinkes.pk,))
    attend(event, world.employees["budi"])
    attend(event, world.employees["puskesmas_staff"])
    Participant.objects.create(
        pemda=world.pemda, event=event, kind="asn", employee=world.employees["rina"],
        opd=world.dinkes, name=world.employees["rina"].name, code="terdaftar-1",
    )  # fmt: skip
    upg = client_for(world, "upg")
    page = upg.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    link = re.search(r'<a href="([^"]+)" id="checkin-link"', page)
    assert link and link.group(1) == f"http://testserver/sosialisasi/hadir/{event.join_code}/"
    assert "<svg" in page and 'class="segno"' in page
    assert "3 terdaftar, 2 hadir" in page and "belum ditandai terlaksana" in page
    assert 'id="event-held"' in page and "data-confirm" in page
    names = [world.employees["budi"].name, world.employees["puskesmas_staff"].name]
    people = upg.get(reverse("outreach:participant_list", args=[event.pk])).content.decode()
    assert all(n in people for n in names)
    inspektur = client_for(world, "inspektur")
    assert (
        names[0]
        in inspektur.get(reverse("outreach:participant_list", args=[event.pk])).content.decode()
    )
    kepala = client_for(world, "kepala_opd")
    summary = kepala.get(reverse("outreach:participant_list", args=[event.pk])).content.decode()
    assert (
        not any(n in summary for n in names) and "hanya dapat dilihat UPG dan Inspektur" in summary
    )
    detail = kepala.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    assert 'id="checkin-link"' in detail and 'id="event-held"' not in detail
    book = load_workbook(
        BytesIO(kepala.get(reverse("outreach:participant_xlsx", args=[event.pk])).content)
    )
    assert book.sheetnames == ["Rekap", "Kegiatan"]
    full = load_workbook(
        BytesIO(upg.get(reverse("outreach:participant_xlsx", args=[event.pk])).content)
    )
    rows = list(full["Peserta"].values)
    assert rows[0][0] == "Nama" and len(rows) == 4
    assert {r[2] for r in rows[1:]} == {
        e.nip for e in world.employees.values() if e.name in [*names, world.employees["rina"].name]
    }
    png = upg.get(reverse("outreach:event_qr_png", args=[event.pk]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    other = make_event(world, pemda=world.other_pemda)
    assert upg.get(reverse("outreach:event_detail", args=[other.pk])).status_code == 404


def test_participant_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=1))
    for n in range(60):
        attend(event, name=f"Warga {n:02d}")
    attend(event, world.employees["budi"])
    upg = client_for(world, "upg")
    with django_assert_max_num_queries(14):
        page = upg.get(reverse("outreach:participant_list", args=[event.pk])).content.decode()
    assert page.count("data-participant=") == 50
    filtered = upg.get(
        reverse("outreach:participant_list", args=[event.pk]), {"jenis": "asn"}
    ).content.decode()
    assert filtered.count("data-participant=") == 1


def test_mark_held_and_cancel_pages(world: World) -> None:
    upg = client_for(world, "upg")
    event = make_event(world)
    response = upg.post(reverse("outreach:event_held", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "held"
    ahead = make_event(world, held_on=TODAY + dt.timedelta(days=3))
    early = upg.post(reverse("outreach:event_held", args=[ahead.pk]), follow=True)
    assert "sebelum tanggalnya" in early.content.decode()
    url = reverse("outreach:event_cancel", args=[ahead.pk])
    page = upg.get(url).content.decode()
    assert "tidak dapat dibatalkan" in page and "data-confirm" in page
    missing = upg.post(url, {"reason": "Hujan"}).content.decode()
    assert "Centang konfirmasi untuk membatalkan kegiatan." in missing
    ahead.refresh_from_db()
    assert ahead.status == "planned"
    upg.post(url, {"reason": "Hujan deras", "confirm": "on"})
    ahead.refresh_from_db()
    assert (ahead.status, ahead.cancel_reason) == ("cancelled", "Hujan deras")
    assert upg.get(url).status_code == 302  # nothing left to cancel


def test_materials_for_staff_and_participants(world: World, private_media: Any) -> None:
    event = make_event(world)
    other = make_event(world, title="Kegiatan lain")
    upg = client_for(world, "upg")
    url = reverse("outreach:event_materials", args=[event.pk])
    bad = upg.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ", "application/x")}, follow=True)
    assert "tidak diterima" in bad.content.decode()
    upg.post(url, {"file": SimpleUploadedFile("materi.pdf", PDF_BYTES, "application/pdf")})
    page = upg.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    file_url = re.search(r'href="(/berkas/[^"]+)"', page)
    assert file_url and "materi.pdf" in page
    assert client_for(world, "kepala_opd").get(file_url.group(1)).status_code == 200
    assert client_for(world, "other_pemda_user").get(file_url.group(1)).status_code == 404
    participant = attend(event, name="Warga")
    home = client_for(world, None).get(
        reverse("outreach:participant_home", args=[participant.code])
    )
    link = re.search(r'href="(/sosialisasi/peserta/[^"]+/materi/[^"]+/)"', home.content.decode())
    assert link
    assert client_for(world, None).get(link.group(1)).status_code == 200
    stranger = attend(other, name="Orang lain")
    foreign = link.group(1).replace(participant.code, stranger.code)
    assert client_for(world, None).get(foreign).status_code == 404


def test_attendance_page(world: World, django_assert_max_num_queries: Any) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=2))
    registered = [
        Participant.objects.create(
            pemda=world.pemda, event=event, kind="public", name=f"Warga {n}", code=f"w-{n}"
        )
        for n in range(3)
    ]
    upg = client_for(world, "upg")
    url = reverse("outreach:event_attendance", args=[event.pk])
    for n in range(40):
        attend(event, name=f"Hadir {n:02d}")
    with django_assert_max_num_queries(15):  # with employees found by the search
        page = upg.get(url, {"cari": world.employees["budi"].nip[:8]}).content.decode()
    assert page.count('name="participants"') == 3
    upg.post(url, {"participants": [registered[0].pk, registered[1].pk]})
    assert Participant.objects.filter(event=event, attended_at__isnull=False).count() == 42
    empty = upg.post(url, {}).content.decode()
    assert "Centang paling sedikit satu peserta." in empty
    budi = world.employees["budi"]
    search = upg.get(url, {"cari": budi.name.split()[0]}).content.decode()
    assert budi.nip in search
    add = reverse("outreach:event_attendance_add", args=[event.pk])
    upg.post(add, {"employee": budi.pk})
    assert Participant.objects.get(event=event, employee=budi).attended_via == "list"
    again = upg.post(add, {"employee": budi.pk}, follow=True).content.decode()
    assert "sudah tercatat" in again
    upg.post(add, {"kind": "vendor", "name": "Penyedia Tamu", "organisation": "CV Tamu"})
    assert Participant.objects.get(event=event, name="Penyedia Tamu").kind == "vendor"
    undo = reverse("outreach:participant_unattend", args=[registered[0].pk])
    upg.post(undo)
    registered[0].refresh_from_db()
    assert registered[0].attended_at is None
    ahead = make_event(world, held_on=TODAY + dt.timedelta(days=3))
    closed = upg.get(reverse("outreach:event_attendance", args=[ahead.pk])).content.decode()
    assert "Daftar hadir dapat diisi mulai tanggal kegiatan." in closed
    assert client_for(world, "inspektur").get(url).status_code == 403


def test_certificates_by_the_upg(world: World) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=1))
    present = attend(event, world.employees["budi"])
    upg = client_for(world, "upg")
    one = upg.get(reverse("outreach:participant_certificate_staff", args=[present.pk]))
    assert one["Content-Type"] == "application/pdf"
    assert one["Content-Disposition"].endswith('sertifikat-SERT-2026-00001.pdf"')
    everyone = upg.get(reverse("outreach:event_certificates", args=[event.pk]))
    assert everyone.content[:4] == b"%PDF"
    nobody = make_event(world)
    empty = upg.get(reverse("outreach:event_certificates", args=[nobody.pk]), follow=True)
    assert "Belum ada peserta yang tercatat hadir." in empty.content.decode()
