"""Participants' own pages, without an account or with one: registration before the event,
check-in by the QR link on the day (one click for a signed-in civil servant, a short form for
everyone else), scanning again returns to the participant's page, the participant's page with
self check-in and the certificate, and unknown codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import World
from sehati.org.tests.factories import KecamatanFactory
from sehati.outreach.models import Participant
from sehati.outreach.tests.events_helpers import FROZEN, TODAY, client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


def test_public_check_in_by_qr_and_scanning_again(world: World) -> None:
    kec = KecamatanFactory(pemda=world.pemda, name="Kandangan Uji")
    event = make_event(world, audience="public")
    url = reverse("outreach:checkin", args=[event.join_code])
    phone = client_for(world, None)
    page = phone.get(url)
    assert page["Cache-Control"] == "private, no-store" and "noindex" in page["X-Robots-Tag"]
    html = page.content.decode()
    assert 'name="kecamatan"' in html and 'name="nip"' not in html
    missing = phone.post(url, {"name": "Ani Warga"}).content.decode()
    assert "wajib" in missing.lower() or "required" in missing.lower()
    response = phone.post(url, {"name": "Ani Warga", "kecamatan": kec.pk, "contact": "0812"})
    ani = Participant.objects.get(event=event)
    assert response["Location"] == reverse("outreach:participant_home", args=[ani.code])
    assert (ani.kind, ani.kecamatan, ani.contact, ani.attended_via) == ("public", kec, "0812", "qr")
    again = phone.get(url)
    assert again.status_code == 302 and again["Location"].endswith(f"/{ani.code}/")
    assert Participant.objects.filter(event=event).count() == 1
    home = phone.get(again["Location"]).content.decode()
    assert "Ani Warga" in home and 'id="certificate-link"' in home
    certificate = phone.get(reverse("outreach:participant_certificate", args=[ani.code]))
    assert certificate["Content-Type"] == "application/pdf"
    ani.refresh_from_db()
    assert ani.certificate_number == "SERT/2026/00001"
    assert (
        client_for(world, None).get(reverse("outreach:checkin", args=["tidak-ada"])).status_code
        == 404
    )
    assert (
        client_for(world, None)
        .get(reverse("outreach:participant_home", args=["kode-salah"]))
        .status_code
        == 404
    )


def test_signed_in_asn_checks_in_with_one_click(world: World) -> None:
    event = make_event(world)
    budi = client_for(world, "pelapor")
    register = reverse("outreach:register", args=[event.join_code])
    form = budi.get(register).content.decode()
    assert 'id="join-submit"' in form and 'name="name"' not in form
    budi.post(register)
    row = Participant.objects.get(event=event)
    assert row.employee == world.employees["budi"] and row.attended_at is None
    # Registered already: the registration page sends Budi to his page.
    assert budi.get(register)["Location"].endswith(f"/{row.code}/")
    checkin = reverse("outreach:checkin", args=[event.join_code])
    assert "Anda terdaftar sebagai" in budi.get(checkin).content.decode()
    budi.post(checkin)
    row.refresh_from_db()
    assert row.attended_at is not None and Participant.objects.filter(event=event).count() == 1
    # A user of another pemda is no employee here: the form, not one click.
    stranger = client_for(world, "other_pemda_user").get(checkin).content.decode()
    assert 'name="nip"' in stranger


def test_asn_without_an_account_and_closed_windows(world: World) -> None:
    event = make_event(world)
    colleague = world.employees["colleague_dinkes"]
    phone = client_for(world, None)
    url = reverse("outreach:checkin", args=[event.join_code])
    page = phone.get(url).content.decode()
    assert 'name="nip"' in page and 'id="join-login"' in page
    wrong = phone.post(url, {"nip": colleague.nip, "name": "Nama Keliru"}).content.decode()
    assert "tidak cocok" in wrong and colleague.name not in wrong
    word = max(colleague.name.replace(",", " ").replace(".", " ").split(), key=len)
    phone.post(url, {"nip": colleague.nip, "name": word})
    assert Participant.objects.get(event=event).employee == colleague
    tomorrow = make_event(world, held_on=TODAY + dt.timedelta(days=1))
    closed = client_for(world, None).get(reverse("outreach:checkin", args=[tomorrow.join_code]))
    assert "Presensi dibuka pada tanggal kegiatan, 24-11-2026." in closed.content.decode()
    yesterday = make_event(world, held_on=TODAY - dt.timedelta(days=1))
    late = client_for(world, None).get(reverse("outreach:register", args=[yesterday.join_code]))
    assert "Pendaftaran sudah ditutup" in late.content.decode()
    posted = client_for(world, None).post(
        reverse("outreach:register", args=[yesterday.join_code]), {"nip": "1", "name": "X"}
    )
    assert posted.status_code == 200 and not Participant.objects.filter(event=yesterday).exists()


def test_registered_participant_checks_in_from_their_page(world: World) -> None:
    vendor = make_event(world, audience="vendor", held_on=TODAY + dt.timedelta(days=2))
    phone = client_for(world, None)
    register = reverse("outreach:register", args=[vendor.join_code])
    assert 'name="organisation"' in phone.get(register).content.decode()
    phone.post(register, {"name": "Rudi Penyedia", "organisation": "CV Maju Jaya"})
    rudi = Participant.objects.get(event=vendor)
    home_url = reverse("outreach:participant_home", args=[rudi.code])
    home = phone.get(home_url).content.decode()
    assert 'id="self-checkin"' not in home and "Presensi dibuka pada tanggal kegiatan" in home
    assert "Sertifikat tersedia setelah kehadiran Anda tercatat." in home
    refused = phone.get(reverse("outreach:participant_certificate", args=[rudi.code]))
    assert refused.status_code == 302 and refused["Location"] == home_url
    with time_machine.travel(FROZEN + dt.timedelta(days=2), tick=False):
        on_the_day = client_for(world, None).get(home_url).content.decode()
        assert 'id="self-checkin"' in on_the_day
        client_for(world, None).post(reverse("outreach:participant_checkin", args=[rudi.code]))
    rudi.refresh_from_db()
    assert rudi.attended_via == "qr"
