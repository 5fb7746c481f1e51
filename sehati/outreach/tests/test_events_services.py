"""Services of socialisation events: planning rules, marking held and cancelling, registration
and check-in windows, who a participant is (signed-in ASN, NIP and name, the public, vendors),
the attendance list, and certificates numbered once."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
import time_machine
from pypdf import PdfReader

from conftest import World
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError, ThrottledError
from sehati.org.tests.factories import KecamatanFactory
from sehati.outreach import services as svc
from sehati.outreach.certificates import certificates_pdf
from sehati.outreach.models import Event, Participant
from sehati.outreach.services import EventData, PersonData
from sehati.outreach.tests.events_helpers import FROZEN, NOW, TODAY, attend, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


def test_event_create_checks_and_records(world: World) -> None:
    with pytest.raises(ApplicationError, match="tempat kegiatan atau tautan daring") as exc:
        make_event(world, place="")
    assert exc.value.code == "outreach_place_required"
    with pytest.raises(ApplicationError, match="alamat web lengkap"):
        make_event(world, place="", online_url="zoom saja")
    with pytest.raises(ApplicationError, match="OPD pemda ini"):
        make_event(world, opd_ids=(world.other_opd.pk,))
    with pytest.raises(ApplicationError, match="Target peserta"):
        make_event(world, target_count=True)
    kec = KecamatanFactory(pemda=world.pemda)
    # Targets follow the audience: a kecamatan on an ASN event is dropped, OPD kept.
    event = make_event(
        world,
        place="",
        online_url="https://zoom.us/j/1",
        opd_ids=(world.dinkes.pk,),
        kecamatan_ids=(kec.pk,),
        speakers="Inspektur\n\n Ketua UPG ",
    )
    assert list(event.opds.all()) == [world.dinkes]
    assert not event.kecamatans.exists()
    assert event.speaker_list == ["Inspektur", "Ketua UPG"]
    assert event.status == "planned" and len(event.join_code) == 16
    assert [e.type for e in timeline_for(event)] == ["outreach_event_created"]


def test_event_update_rules(world: World) -> None:
    event = make_event(world, held_on=TODAY - dt.timedelta(days=3))
    same = EventData(title=event.title, audience="asn", held_on=event.held_on, place=event.place)
    svc.event_update(event=event, actor=world.users["upg"], data=same, today=TODAY)
    assert timeline_for(event).count() == 1  # nothing changed, nothing written
    attend(event, world.employees["budi"])
    vendor = EventData(title="Baru", audience="vendor", held_on=event.held_on, place="Aula")
    with pytest.raises(ConflictError, match="Sasaran tidak dapat diubah"):
        svc.event_update(event=event, actor=world.users["upg"], data=vendor, today=TODAY)
    svc.event_mark_held(event=event, actor=world.users["upg"], today=TODAY, confirm=True)
    later = EventData(title="Baru", audience="asn", held_on=TODAY + dt.timedelta(days=1), place="A")
    with pytest.raises(ApplicationError, match="tidak boleh bertanggal sesudah hari ini"):
        svc.event_update(event=event, actor=world.users["upg"], data=later, today=TODAY)
    renamed = EventData(title="Judul baru", audience="asn", held_on=event.held_on, place="A")
    updated = svc.event_update(event=event, actor=world.users["upg"], data=renamed, today=TODAY)
    assert updated.title == "Judul baru"
    assert timeline_for(event).first().data["changed"] == ["title", "place"]
    planned = make_event(world)
    svc.event_cancel(event=planned, actor=world.users["upg"], reason="Hujan", confirm=True)
    with pytest.raises(ConflictError, match="dibatalkan tidak dapat diubah"):
        svc.event_update(event=planned, actor=world.users["upg"], data=renamed, today=TODAY)


def test_mark_held_and_cancel(world: World) -> None:
    upg = world.users["upg"]
    future = make_event(world, held_on=TODAY + dt.timedelta(days=2))
    with pytest.raises(ConflictError, match="sebelum tanggalnya"):
        svc.event_mark_held(event=future, actor=upg, today=TODAY, confirm=True)
    with pytest.raises(ApplicationError, match="dikonfirmasi"):
        svc.event_mark_held(event=future, actor=upg, today=TODAY, confirm=False)
    today = make_event(world)
    attend(today, world.employees["budi"])
    with pytest.raises(ConflictError, match="sudah ada peserta yang hadir"):
        svc.event_cancel(event=today, actor=upg, reason="Batal", confirm=True)
    held = svc.event_mark_held(event=today, actor=upg, today=TODAY, confirm=True)
    assert held.status == "held"
    assert timeline_for(held).first().data == {"registered": 1, "attended": 1}
    with pytest.raises(ConflictError, match="masih direncanakan"):
        svc.event_mark_held(event=today, actor=upg, today=TODAY, confirm=True)
    with pytest.raises(ApplicationError, match="Alasan pembatalan wajib diisi"):
        svc.event_cancel(event=future, actor=upg, reason=" ", confirm=True)
    cancelled = svc.event_cancel(event=future, actor=upg, reason="Narasumber sakit", confirm=True)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "Narasumber sakit"


def test_windows_of_registration_and_check_in(world: World) -> None:
    future = make_event(world, held_on=TODAY + dt.timedelta(days=5))
    past = make_event(world, held_on=TODAY - dt.timedelta(days=1))
    assert svc.registration_closed_reason(event=future, today=TODAY) == ""
    assert "sudah berlangsung" in svc.registration_closed_reason(event=past, today=TODAY)
    assert "dibuka pada tanggal kegiatan, 28-11-2026" in svc.checkin_closed_reason(
        event=future, today=TODAY
    )
    assert "daftar hadir" in svc.checkin_closed_reason(event=past, today=TODAY)
    budi = world.users["pelapor"]
    with pytest.raises(ConflictError) as exc:
        svc.participant_check_in(event=future, user=budi, person=None, today=TODAY, now=NOW)
    assert exc.value.code == "outreach_checkin_closed"
    with pytest.raises(ConflictError) as exc:
        svc.participant_register(event=past, user=budi, person=None, today=TODAY)
    assert exc.value.code == "outreach_registration_closed"
    future = svc.event_cancel(event=future, actor=world.users["upg"], reason="Batal", confirm=True)
    assert svc.checkin_closed_reason(event=future, today=TODAY + dt.timedelta(days=5)) == (
        "Kegiatan ini dibatalkan."
    )


def test_who_takes_part(world: World) -> None:
    event = make_event(world)
    budi_user, budi = world.users["pelapor"], world.employees["budi"]
    registered = svc.participant_register(event=event, user=budi_user, person=None, today=TODAY)
    again = svc.participant_register(event=event, user=budi_user, person=None, today=TODAY)
    assert again.pk == registered.pk and registered.attended_at is None
    assert (registered.kind, registered.opd_id, registered.registered_via) == (
        "asn",
        world.dinkes.pk,
        "registration",
    )
    # Budi moves to Disdukcapil before the event: the OPD he came from is updated at check-in.
    budi.opd = world.dukcapil
    budi.save()
    checked = svc.participant_check_in(
        event=event, user=budi_user, person=None, today=TODAY, now=NOW
    )
    assert checked.pk == registered.pk and checked.attended_at == NOW
    assert checked.opd_id == world.dukcapil.pk and checked.attended_via == "qr"
    later = NOW + dt.timedelta(hours=1)
    twice = svc.participant_check_in(
        event=event, user=budi_user, person=None, today=TODAY, now=later
    )
    assert twice.attended_at == NOW  # the first time counts
    # A civil servant without an account: NIP and a name sharing a word with the record.
    colleague = world.employees["colleague_dinkes"]
    first_word = max(re.findall(r"[A-Za-z]{4,}", colleague.name), key=len)
    wrong = PersonData(nip=colleague.nip, name="Orang Lain Sekali")
    with pytest.raises(ApplicationError, match="tidak cocok") as exc:
        svc.participant_check_in(event=event, user=None, person=wrong, today=TODAY, now=NOW)
    assert exc.value.code == "outreach_nip_mismatch" and colleague.name not in exc.value.message
    right = PersonData(nip=f" {colleague.nip} ", name=f"dr. {first_word.upper()}")
    by_nip = svc.participant_check_in(event=event, user=None, person=right, today=TODAY, now=NOW)
    assert by_nip.employee == colleague and by_nip.name == colleague.name
    with pytest.raises(ApplicationError, match="isi NIP dan nama"):
        svc.participant_check_in(
            event=event, user=None, person=PersonData(name="Tamu"), today=TODAY, now=NOW
        )
    # The public: a kecamatan is required when the pemda has any; vendors name their business.
    kec = KecamatanFactory(pemda=world.pemda)
    public = make_event(world, audience="public")
    with pytest.raises(ApplicationError, match="Pilih kecamatan"):
        svc.participant_register(
            event=public, user=None, person=PersonData(name="Warga"), today=TODAY
        )
    foreign = KecamatanFactory(pemda=world.other_pemda)
    with pytest.raises(ApplicationError, match="dari daftar"):
        svc.participant_register(
            event=public,
            user=None,
            person=PersonData(name="Warga", kecamatan_id=foreign.pk),
            today=TODAY,
        )
    warga = svc.participant_register(
        event=public, user=None, person=PersonData(name="Warga", kecamatan_id=kec.pk), today=TODAY
    )
    assert (warga.kind, warga.kecamatan) == ("public", kec)
    # This browser's code: checking in reuses the registration instead of a second row.
    back = svc.participant_check_in(
        event=public, user=None, person=None, today=TODAY, now=NOW, known_code=warga.code
    )
    assert back.pk == warga.pk and back.attended_at == NOW
    vendor = make_event(world, audience="vendor")
    with pytest.raises(ApplicationError, match="Nama usaha/instansi wajib diisi"):
        svc.participant_register(
            event=vendor, user=None, person=PersonData(name="Budi"), today=TODAY
        )
    assert Participant.objects.filter(event=public).count() == 1
    events = [e.type for e in timeline_for(back)]
    assert events == ["outreach_participant_checked_in", "outreach_participant_registered"]


def test_anonymous_sign_ups_are_throttled(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svc, "JOIN_LIMIT", 2)
    event = make_event(world, audience="vendor")
    for n in range(2):
        svc.participant_register(
            event=event,
            user=None,
            person=PersonData(name=f"Penyedia {n}", organisation="CV"),
            today=TODAY,
            client="abc",
        )
    with pytest.raises(ThrottledError):
        svc.participant_register(
            event=event,
            user=None,
            person=PersonData(name="Penyedia 3", organisation="CV"),
            today=TODAY,
            client="abc",
        )


def test_attendance_list(world: World) -> None:
    upg = world.users["upg"]
    future = make_event(world, held_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ConflictError, match="mulai tanggal kegiatan"):
        svc.participant_add(
            event=future, actor=upg, today=TODAY, now=NOW, employee_id=world.employees["budi"].pk
        )
    # Registration ahead is fine (attended=False).
    ahead = svc.participant_add(
        event=future,
        actor=upg,
        today=TODAY,
        now=NOW,
        employee_id=world.employees["budi"].pk,
        attended=False,
    )
    assert ahead.attended_at is None and ahead.registered_via == "list"
    event = make_event(world, held_on=TODAY - dt.timedelta(days=10))
    rows = [
        svc.participant_register(
            event=make_event(world), user=world.users["pelapor"], person=None, today=TODAY
        )
    ]
    other_event_row = rows[0]
    mine = [
        Participant.objects.create(
            pemda=world.pemda, event=event, kind="public", name=f"Warga {n}", code=f"kode-{n}"
        )
        for n in range(3)
    ]
    with pytest.raises(ApplicationError, match="peserta kegiatan ini"):
        svc.attendance_record(
            event=event,
            actor=upg,
            participant_ids=[mine[0].pk, other_event_row.pk],
            today=TODAY,
            now=NOW,
        )
    n = svc.attendance_record(
        event=event, actor=upg, participant_ids=[mine[0].pk, mine[1].pk], today=TODAY, now=NOW
    )
    again = svc.attendance_record(
        event=event, actor=upg, participant_ids=[mine[0].pk], today=TODAY, now=NOW
    )
    assert (n, again) == (2, 0)
    mine[0].refresh_from_db()
    assert (mine[0].attended_via, mine[0].attended_by) == ("list", upg)
    staff = world.employees["puskesmas_staff"]
    added = svc.participant_add(event=event, actor=upg, today=TODAY, now=NOW, employee_id=staff.pk)
    assert added.attended_at == NOW and added.opd_id == world.puskesmas.pk
    with pytest.raises(ConflictError, match="sudah tercatat"):
        svc.participant_add(event=event, actor=upg, today=TODAY, now=NOW, employee_id=staff.pk)
    with pytest.raises(ApplicationError, match="pegawai pemda ini"):
        svc.participant_add(
            event=event,
            actor=upg,
            today=TODAY,
            now=NOW,
            employee_id=world.employees["other_pemda_staff"].pk,
        )
    guest = svc.participant_add(
        event=event, actor=upg, today=TODAY, now=NOW, person=PersonData(name="Tamu"), kind="public"
    )
    assert guest.kind == "public" and guest.attended_at == NOW
    undone = svc.attendance_cancel(participant=added, actor=upg)
    assert undone.attended_at is None and undone.attended_via == ""
    with pytest.raises(ConflictError, match="belum tercatat hadir"):
        svc.attendance_cancel(participant=added, actor=upg)
    assert timeline_for(added).first().type == "outreach_attendance_cancelled"


def test_certificates_are_numbered_once_per_pemda_and_year(world: World) -> None:
    upg = world.users["upg"]
    world.pemda.upg_head = upg
    world.pemda.save()
    event = make_event(world, held_on=TODAY - dt.timedelta(days=1), speakers="Inspektur Daerah")
    first = attend(event, world.employees["budi"])
    second = attend(event, name="Siti Warga")
    absent = Participant.objects.create(
        pemda=world.pemda, event=event, kind="public", name="Tidak Datang", code="absen-1"
    )
    with pytest.raises(ConflictError, match="setelah kehadiran Anda tercatat"):
        svc.certificate_issue(participant=absent, actor=None, today=TODAY, now=NOW)
    issued = svc.event_certificates_issue(event=event, actor=upg, today=TODAY, now=NOW)
    numbers = {p.name: p.certificate_number for p in issued}
    assert numbers == {first.name: "SERT/2026/00001", "Siti Warga": "SERT/2026/00002"} or (
        numbers == {first.name: "SERT/2026/00002", "Siti Warga": "SERT/2026/00001"}
    )
    again = svc.certificate_issue(participant=second, actor=None, today=TODAY, now=NOW)
    assert again.certificate_number == numbers["Siti Warga"]
    other = make_event(world, pemda=world.other_pemda, actor=world.users["other_pemda_user"])
    elsewhere = svc.certificate_issue(
        participant=attend(other, name="Orang Lain"), actor=None, today=TODAY, now=NOW
    )
    assert elsewhere.certificate_number == "SERT/2026/00001"
    assert Event.objects.get(pk=event.pk).is_planned  # issuing does not need "held"
    pdf = certificates_pdf(pemda=world.pemda, participants=issued)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 2
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        first.name,
        "Siti Warga",
        "SERT/2026/0000",
        "Inspektur Daerah",
        upg.get_full_name(),
    ):
        assert expected in text
