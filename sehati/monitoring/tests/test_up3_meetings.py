"""Monthly UP3 coordination meetings (issue #5 point 6): recorded with attendance, minutes and
the signed attendance list, all or nothing; changed with an event naming what changed; read by
whoever may see meetings, files included; the pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from sehati.core.errors import ApplicationError
from sehati.core.files import access_stored_file
from sehati.core.models import StoredFile, TimelineEvent
from sehati.core.tests.samples import PDF_BYTES, PNG_BYTES
from sehati.monitoring import meetings as svc
from sehati.monitoring.models import Meeting, Monitor
from sehati.org.models import Kecamatan
from sehati.org.tests.factories import KecamatanFactory

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
MEETING_LINK = re.compile(r'href="/up3/rapat/\d+/"')


def _monitor(pemda: Any, name: str, kec: Kecamatan, **extra: Any) -> Monitor:
    values: dict[str, Any] = {
        "term_start": D(2026, 1, 1),
        "term_end": D(2027, 12, 31),
        "decree_number": "SK-UP3/2026",
        "decree_date": D(2025, 12, 20),
        **extra,
    }
    return Monitor.objects.create(pemda=pemda, name=name, kecamatan=kec, **values)


@pytest.fixture
def monitors(world: Any) -> dict[str, Monitor]:
    kandangan = Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")
    angkinang = KecamatanFactory(pemda=world.pemda, name="Angkinang")
    other_kec = KecamatanFactory(pemda=world.other_pemda, name="Lain")
    return {
        "andi": _monitor(world.pemda, "Andi", kandangan, user=world.users["pemantau"]),
        "budi": _monitor(world.pemda, "Budi", angkinang),
        "eka": _monitor(world.pemda, "Eka", angkinang, is_active=False),
        "stranger": _monitor(world.other_pemda, "Orang lain", other_kec),
    }


def pdf(name: str = "daftar-hadir.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def record(world: Any, monitors: dict[str, Monitor], **changes: Any) -> Meeting:
    values: dict[str, Any] = {
        "pemda": world.pemda,
        "actor": world.users["upg"],
        "held_on": D(2026, 11, 10),
        "place": "Aula Inspektorat",
        "agenda": "Evaluasi kunjungan Oktober",
        "minutes": "Disepakati kunjungan ulang ke loket Dukcapil.",
        "attendee_ids": [monitors["andi"].pk, monitors["budi"].pk],
        "other_attendees": "Inspektur",
        "today": TODAY,
        **changes,
    }
    return svc.meeting_record(**values)


# --- services -------------------------------------------------------------------------------------


def test_record_with_attendance_and_files(world, monitors, private_media) -> None:
    meeting = record(world, monitors, uploads=[pdf(), pdf("notulen.pdf")])
    assert set(meeting.attendees.all()) == {monitors["andi"], monitors["budi"]}
    assert meeting.recorded_by == world.users["upg"]
    files = StoredFile.objects.filter(subject_id=meeting.pk, purpose=svc.MEETING_MINUTES)
    assert sorted(f.original_name for f in files) == ["daftar-hadir.pdf", "notulen.pdf"]
    events = list(
        TimelineEvent.objects.filter(subject_id=meeting.pk).values_list("type", flat=True)
    )
    assert events.count("meeting_recorded") == 1 and events.count("file_attached") == 2
    recorded = TimelineEvent.objects.get(subject_id=meeting.pk, type="meeting_recorded")
    assert recorded.data["attendees"] == 2 and recorded.data["held_on"] == "2026-11-10"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"held_on": D(2026, 11, 24)}, svc.MeetingError.FUTURE),
        ({"minutes": "   "}, svc.MeetingError.INVALID),
        ({"place": ""}, svc.MeetingError.INVALID),
        ({"agenda": "x" * 20_001}, svc.MeetingError.INVALID),
        ({"attendee_ids": [10**9]}, svc.MeetingError.ATTENDEE),
    ],
)
def test_refusals_write_nothing(world, monitors, changes, code) -> None:
    with pytest.raises(ApplicationError) as refused:
        record(world, monitors, **changes)
    assert refused.value.code == code
    assert (
        not Meeting.objects.exists()
        and not TimelineEvent.objects.filter(type="meeting_recorded").exists()
    )


def test_a_monitor_of_another_pemda_is_refused(world, monitors) -> None:
    with pytest.raises(ApplicationError) as refused:
        record(world, monitors, attendee_ids=[monitors["andi"].pk, monitors["stranger"].pk])
    assert refused.value.code == svc.MeetingError.ATTENDEE
    assert not Meeting.objects.exists()


def test_a_bad_file_leaves_no_meeting(world, monitors, private_media) -> None:
    fake = SimpleUploadedFile("notulen.pdf", PNG_BYTES, "application/pdf")  # a PNG named .pdf
    with pytest.raises(ApplicationError) as refused:
        record(world, monitors, uploads=[pdf(), fake])
    assert refused.value.code == "file_content_mismatch"
    assert not Meeting.objects.exists() and not StoredFile.objects.exists()
    assert not any(private_media.rglob("*.pdf")) if private_media.exists() else True


def test_update_names_the_changes_and_nothing_changes_nothing(
    world, monitors, private_media
) -> None:
    meeting = record(world, monitors)
    same = svc.meeting_update(meeting=meeting, actor=world.users["upg"], today=TODAY)
    assert same.pk == meeting.pk
    assert not TimelineEvent.objects.filter(type="meeting_updated").exists()
    svc.meeting_update(
        meeting=meeting,
        actor=world.users["upg"],
        today=TODAY,
        minutes="Notulen yang sudah dibaca ulang.",
        place="Aula Inspektorat",  # unchanged
        attendee_ids=[monitors["andi"].pk],
        uploads=[pdf()],
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Notulen yang sudah dibaca ulang."
    assert list(meeting.attendees.all()) == [monitors["andi"]]
    updated = TimelineEvent.objects.get(type="meeting_updated")
    assert updated.data["changed"] == ["minutes", "attendees"]
    assert StoredFile.objects.filter(purpose=svc.MEETING_MINUTES).count() == 1
    with pytest.raises(ApplicationError):
        svc.meeting_update(
            meeting=meeting, actor=world.users["upg"], today=TODAY, held_on=D(2026, 12, 1)
        )
    meeting.refresh_from_db()
    assert meeting.held_on == D(2026, 11, 10)


def test_meeting_files_are_read_by_whoever_sees_meetings(world, monitors, private_media) -> None:
    meeting = record(world, monitors, uploads=[pdf()])
    stored = StoredFile.objects.get(subject_id=meeting.pk)
    for key in ("upg", "inspektur", "pemantau"):
        assert access_stored_file(world.users[key], stored.public_id) == stored
    for key in ("kepala_opd", "pelapor", "other_pemda_user"):
        with pytest.raises(Http404):
            access_stored_file(world.users[key], stored.public_id)
    download = Client()
    download.force_login(world.users["pemantau"])
    response = download.get(reverse("core:file_download", args=[stored.public_id]))
    assert response.status_code == 200


# --- pages ----------------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(NOW, tick=False)
def test_list_filters_counts_and_paginates(world, monitors, django_assert_max_num_queries) -> None:
    for i in range(30):
        meeting = Meeting.objects.create(
            pemda=world.pemda,
            held_on=D(2026, 1 + i % 10, 1 + i),
            place=f"Aula {i}",
            agenda="Rapat bulanan",
            minutes="Notulen",
        )
        meeting.attendees.set([monitors["andi"]])
    Meeting.objects.create(
        pemda=world.other_pemda, held_on=D(2026, 5, 5), place="Lain", agenda="x", minutes="y"
    )
    client = _client(world.users["inspektur"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("monitoring:meeting_list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert len(MEETING_LINK.findall(body)) == 25 and "Halaman 1 dari 2" in body
    assert "1 dari 2" in body  # Andi present out of Andi and Budi on duty (Eka inactive)
    assert "Lain" not in body and "Catat rapat" not in body  # the Inspektur reads only
    may = client.get(reverse("monitoring:meeting_list"), {"tahun": "2026", "bulan": "3"})
    assert len(MEETING_LINK.findall(may.content.decode())) == 3
    empty = client.get(reverse("monitoring:meeting_list"), {"q": "tidak ada"})
    assert "Tidak ada rapat yang cocok" in empty.content.decode()
    junk = client.get(
        reverse("monitoring:meeting_list"), {"tahun": "abc", "bulan": "99", "page": "x"}
    )
    assert junk.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_create_through_the_page(world, monitors, private_media) -> None:
    client = _client(world.users["upg"])
    form = client.get(reverse("monitoring:meeting_create"))
    body = form.content.decode()
    assert form.status_code == 200
    assert "Pilih semua" in body and "Angkinang" in body and "Kandangan" in body
    assert "Eka" not in body  # inactive monitors are not offered
    assert "Orang lain" not in body
    posted = client.post(
        reverse("monitoring:meeting_create"),
        {
            "held_on": "2026-11-10",
            "place": "Aula",
            "agenda": "Evaluasi",
            "minutes": "Disepakati kunjungan ulang.",
            "attendees": [monitors["andi"].pk, monitors["budi"].pk],
            "other_attendees": "",
            "attachments": [pdf()],
        },
    )
    meeting = Meeting.objects.get()
    assert posted.status_code == 302 and posted["Location"] == reverse(
        "monitoring:meeting_detail", args=[meeting.pk]
    )
    detail = client.get(posted["Location"]).content.decode()
    assert "daftar-hadir.pdf" in detail and "2 dari 2 pemantau" in detail
    assert "Rapat koordinasi dicatat" in detail  # the timeline


@time_machine.travel(NOW, tick=False)
def test_create_page_shows_clear_errors(world, monitors) -> None:
    client = _client(world.users["upg"])
    future = client.post(
        reverse("monitoring:meeting_create"),
        {"held_on": "2026-12-01", "place": "Aula", "agenda": "x", "minutes": ""},
    )
    body = future.content.decode()
    assert future.status_code == 200
    assert "Tanggal rapat tidak boleh sesudah hari ini." in body
    assert "Bidang ini tidak boleh kosong." in body  # the minutes
    stranger = client.post(
        reverse("monitoring:meeting_create"),
        {
            "held_on": "2026-11-01",
            "place": "Aula",
            "agenda": "x",
            "minutes": "y",
            "attendees": [monitors["stranger"].pk],
        },
    )
    assert stranger.status_code == 200 and not Meeting.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_edit_keeps_past_attendees_offered(world, monitors) -> None:
    meeting = record(world, monitors, attendee_ids=[monitors["andi"].pk, monitors["eka"].pk])
    client = _client(world.users["upg"])
    form = client.get(reverse("monitoring:meeting_edit", args=[meeting.pk])).content.decode()
    assert "Eka" in form and "tidak bertugas" in form
    posted = client.post(
        reverse("monitoring:meeting_edit", args=[meeting.pk]),
        {
            "held_on": "2026-11-10",
            "place": "Aula Inspektorat",
            "agenda": "Evaluasi kunjungan Oktober",
            "minutes": "Notulen diperbaiki.",
            "attendees": [monitors["andi"].pk, monitors["eka"].pk],
            "other_attendees": "Inspektur",
        },
    )
    assert posted.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Notulen diperbaiki."
    assert TimelineEvent.objects.get(type="meeting_updated").data["changed"] == ["minutes"]


@time_machine.travel(NOW, tick=False)
def test_who_may_open_the_meeting_pages(world, monitors) -> None:
    meeting = record(world, monitors)
    other = Meeting.objects.create(
        pemda=world.other_pemda, held_on=D(2026, 11, 1), place="Lain", agenda="x", minutes="y"
    )
    pemantau = _client(world.users["pemantau"])
    assert pemantau.get(reverse("monitoring:meeting_detail", args=[meeting.pk])).status_code == 200
    assert pemantau.get(reverse("monitoring:meeting_create")).status_code == 403
    assert pemantau.get(reverse("monitoring:meeting_edit", args=[meeting.pk])).status_code == 403
    upg = _client(world.users["upg"])
    assert upg.get(reverse("monitoring:meeting_detail", args=[other.pk])).status_code == 404
    assert upg.get(reverse("monitoring:meeting_edit", args=[other.pk])).status_code == 404
    kepala = _client(world.users["kepala_opd"])
    assert kepala.get(reverse("monitoring:meeting_list")).status_code == 403
