"""Visits by UP3 monitors (issue #5 point 3), the services: a resent form never duplicates, a
draft is continued and sent, every refusal writes nothing (a bad photo included)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from sehati.core.errors import ApplicationError
from sehati.core.models import StoredFile, TimelineEvent
from sehati.core.tests.samples import JPEG_BYTES, PDF_BYTES, PNG_BYTES
from sehati.monitoring import visits as svc
from sehati.monitoring.models import ChecklistItem, Finding, Monitor, ProneService, Visit
from sehati.org.models import ServiceUnit
from sehati.org.tests.factories import KecamatanFactory, ServiceUnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 6)


@dataclass
class Field:
    """A monitor on duty with a unit to visit and the UPG's checklist."""

    monitor: Monitor
    user: Any
    unit: ServiceUnit
    prone: ProneService
    standard: ChecklistItem  # good answer: ya
    levy: ChecklistItem  # good answer: tidak


def field_setup(world: Any) -> Field:
    unit = ServiceUnit.objects.get(pemda=world.pemda, name="Puskesmas Kandangan")
    monitor = Monitor.objects.create(
        pemda=world.pemda,
        user=world.users["pemantau"],
        name="Andi",
        kecamatan=unit.kecamatan,
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2027, 12, 31),
        decree_number="SK-UP3/1/2026",
        decree_date=dt.date(2025, 12, 20),
    )
    return Field(
        monitor=monitor,
        user=world.users["pemantau"],
        unit=unit,
        prone=ProneService.objects.create(
            pemda=world.pemda, service_unit=unit, area="kesehatan", name="Surat keterangan sehat"
        ),
        standard=ChecklistItem.objects.create(
            pemda=world.pemda,
            text="Standar pelayanan terpasang",
            good_answer="ya",
            finding_category="standar",
            position=1,
        ),
        levy=ChecklistItem.objects.create(
            pemda=world.pemda,
            text="Petugas meminta imbalan",
            good_answer="tidak",
            finding_category="pungli",
            position=2,
        ),
    )


@pytest.fixture
def field(world: Any) -> Field:
    return field_setup(world)


def png(name: str = "loket.png", content: bytes = PNG_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "image/png")


LEVY = svc.FindingDraft(
    category="pungli",
    severity="tinggi",
    description="Petugas loket meminta Rp20.000 untuk surat sehat.",
    person_description="petugas loket",
    gift_description="Rp20.000",
)


def save(f: Field, **kwargs: Any) -> svc.VisitSaved:
    args: dict[str, Any] = {
        "monitor": f.monitor,
        "actor": f.user,
        "client_uuid": uuid.UUID("11111111-2222-4333-8444-555555555555"),
        "service_unit_id": f.unit.pk,
        "visited_on": TODAY,
        "answers": {f.standard.pk: "tidak", f.levy.pk: "ya"},
        "narrative": "Loket ramai; tidak ada papan standar pelayanan.",
        "today": TODAY,
        "submit": True,
    }
    args.update(kwargs)
    return svc.visit_save(**args)


def test_a_sent_visit_snapshots_the_checklist_and_opens_its_findings(
    field: Field, private_media: Any
) -> None:
    saved = save(
        field,
        prone_service_id=field.prone.pk,
        latitude="-2.7712345",
        longitude="115.2654321",
        findings=[LEVY],
        photos=[png()],
    )
    visit = saved.visit
    assert saved.created and visit.status == Visit.Status.SUBMITTED and visit.submitted_at
    assert visit.answers == [
        {
            "item": field.standard.pk,
            "text": "Standar pelayanan terpasang",
            "answer": "tidak",
            "good": "ya",
            "category": "standar",
        },
        {
            "item": field.levy.pk,
            "text": "Petugas meminta imbalan",
            "answer": "ya",
            "good": "tidak",
            "category": "pungli",
        },
    ]
    assert str(visit.latitude) == "-2.771235" and str(visit.longitude) == "115.265432"
    finding = Finding.objects.get()
    assert (finding.visit, finding.source, finding.opd, finding.service_unit) == (
        visit,
        "kunjungan",
        field.unit.opd,
        field.unit,
    )
    assert finding.person_description == "petugas loket" and finding.observed_on == TODAY
    assert [p.original_name for p in svc.visit_photos(visit)] == ["loket.png"]
    types = set(TimelineEvent.objects.filter(subject_id=visit.pk).values_list("type", flat=True))
    assert {"visit_submitted", "file_attached"} <= types


def test_a_resent_form_never_duplicates(field: Field, private_media: Any) -> None:
    first = save(field, findings=[LEVY], photos=[png()])
    again = save(field, findings=[LEVY], photos=[png()], narrative="diubah")
    assert not again.created and again.visit.pk == first.visit.pk
    assert again.visit.narrative != "diubah"  # a sent visit is returned unchanged
    assert Visit.objects.count() == 1 and Finding.objects.count() == 1
    assert StoredFile.objects.count() == 1
    assert TimelineEvent.objects.filter(type="visit_submitted").count() == 1


def test_a_draft_keeps_photos_and_findings_and_is_continued_then_sent(
    field: Field, private_media: Any
) -> None:
    draft = save(
        field,
        answers={field.standard.pk: "ya"},
        narrative="",
        findings=[svc.FindingDraft(category="pungli", severity="", description="")],
        photos=[png()],
        submit=False,
    ).visit
    assert draft.status == Visit.Status.DRAFT and Finding.objects.count() == 0
    assert svc.visit_finding_drafts(draft) == [
        svc.FindingDraft(category="pungli", severity="", description="")
    ]
    assert svc.visit_answers_of(draft) == {field.standard.pk: "ya", field.levy.pk: ""}
    # The same photo again (a resent draft) is skipped; a second one is added.
    jpeg = SimpleUploadedFile("antrean.jpg", JPEG_BYTES, "image/jpeg")
    continued = save(field, findings=[LEVY], photos=[png(), jpeg], submit=False)
    assert not continued.created and continued.visit.pk == draft.pk
    assert len(svc.visit_photos(draft)) == 2
    sent = svc.visit_submit(
        visit=continued.visit, actor=field.user, monitor=field.monitor, today=TODAY
    )
    assert sent.status == Visit.Status.SUBMITTED
    assert Finding.objects.get().description == LEVY.description
    assert svc.visit_finding_drafts(sent) == []
    again = svc.visit_submit(visit=sent, actor=field.user, monitor=field.monitor, today=TODAY)
    assert again.pk == sent.pk and Finding.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answers": {}}, "Jawab semua butir"),
        ({"narrative": "  "}, "uraian kunjungan"),
        ({"visited_on": TODAY + dt.timedelta(days=1)}, "sesudah hari ini"),
        ({"visited_on": dt.date(2025, 12, 31)}, "sebelum masa tugas"),
        ({"latitude": "-2.7"}, "lintang dan bujur sekaligus"),
        ({"latitude": "91", "longitude": "115"}, "Lintang harus"),
        ({"latitude": "x", "longitude": "115"}, "bukan angka"),
        ({"answers": {999999: "ya"}}, "tidak dikenal"),
        ({"answers": {1: "mungkin"}}, None),
        ({"service_unit_id": 999999}, "unit layanan"),
        ({"findings": [svc.FindingDraft("pungli", "tinggi", "")]}, "kategori, tingkat"),
        ({"findings": [svc.FindingDraft("pungli", "tinggi", "uang")]}, "satu kalimat"),
        ({"findings": [svc.FindingDraft("hujan", "tinggi", "x" * 20)]}, "Kategori temuan"),
        ({"findings": [LEVY] * 4}, "Paling banyak 3 temuan"),
        ({"photos": [png(), SimpleUploadedFile("surat.pdf", PDF_BYTES)]}, "bukan foto"),
        ({"photos": [png(), SimpleUploadedFile("palsu.jpg", b"bukan gambar")]}, "bukan JPEG"),
        (
            {"photos": [png(f"{n}.png", PNG_BYTES + bytes([n])) for n in range(7)]},
            "Paling banyak 6 foto",
        ),
    ],
)
def test_a_refusal_writes_nothing(
    field: Field, private_media: Any, change: dict[str, Any], message: str | None
) -> None:
    if change.get("answers") == {1: "mungkin"}:
        change = {"answers": {field.standard.pk: "mungkin"}}
    with pytest.raises(ApplicationError) as refused:
        save(field, **{"findings": [LEVY], "photos": [png()], **change})
    if message:
        assert message in refused.value.message
    assert not Visit.objects.exists() and not Finding.objects.exists()
    assert not StoredFile.objects.exists() and not TimelineEvent.objects.exists()
    assert not private_media.exists() or not any(p.is_file() for p in private_media.rglob("*"))


def test_a_bad_photo_on_a_draft_changes_nothing(field: Field, private_media: Any) -> None:
    draft = save(field, narrative="awal", photos=[png()], submit=False).visit
    events = TimelineEvent.objects.count()
    with pytest.raises(ApplicationError):
        save(
            field,
            narrative="diubah",
            findings=[LEVY],
            photos=[SimpleUploadedFile("surat.pdf", PDF_BYTES)],
            submit=True,
        )
    draft.refresh_from_db()
    assert draft.status == Visit.Status.DRAFT and draft.narrative == "awal"
    assert TimelineEvent.objects.count() == events and StoredFile.objects.count() == 1
    assert not Finding.objects.exists()


def test_a_monitor_out_of_term_or_inactive_is_refused(field: Field) -> None:
    with pytest.raises(ApplicationError) as late:
        save(field, today=dt.date(2028, 1, 2), visited_on=dt.date(2028, 1, 2))
    assert late.value.code == svc.VisitError.NOT_ON_DUTY
    field.monitor.is_active = False
    field.monitor.save()
    with pytest.raises(ApplicationError):
        save(field)
    assert not Visit.objects.exists()


def test_unit_and_titik_rawan_must_fit(world: Any, field: Field) -> None:
    other_unit = ServiceUnitFactory(pemda=world.pemda, opd=world.dukcapil)
    elsewhere = ProneService.objects.create(
        pemda=world.pemda, service_unit=other_unit, area="adminduk", name="KTP"
    )
    with pytest.raises(ApplicationError, match="bukan layanan unit ini"):
        save(field, prone_service_id=elsewhere.pk)
    foreign = ServiceUnitFactory(pemda=world.other_pemda, opd=world.other_opd)
    with pytest.raises(ApplicationError, match="unit layanan"):
        save(field, service_unit_id=foreign.pk)
    other_unit.is_active = False
    other_unit.save()
    with pytest.raises(ApplicationError, match="unit layanan"):
        save(field, service_unit_id=other_unit.pk)


def test_another_monitors_uuid_is_not_found(world: Any, field: Field) -> None:
    draft = save(field, submit=False).visit
    colleague = Monitor.objects.create(
        pemda=world.pemda,
        name="Rudi",
        kecamatan=field.monitor.kecamatan,
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2027, 12, 31),
        decree_number="SK-UP3/2/2026",
        decree_date=dt.date(2025, 12, 20),
    )
    with pytest.raises(Http404):
        save(field, monitor=colleague, client_uuid=draft.client_uuid)
    with pytest.raises(Http404):
        svc.visit_submit(visit=draft, actor=field.user, monitor=colleague, today=TODAY)
    assert Visit.objects.get().monitor == field.monitor


def test_photos_added_later_skip_copies_and_stop_once_sent(
    field: Field, private_media: Any
) -> None:
    draft = save(field, submit=False).visit
    assert (
        len(
            svc.visit_photos_add(
                visit=draft, actor=field.user, monitor=field.monitor, uploads=[png()]
            )
        )
        == 1
    )
    assert (
        svc.visit_photos_add(visit=draft, actor=field.user, monitor=field.monitor, uploads=[png()])
        == []
    )
    with pytest.raises(ApplicationError, match="bukan foto"):
        svc.visit_photos_add(
            visit=draft,
            actor=field.user,
            monitor=field.monitor,
            uploads=[SimpleUploadedFile("surat.pdf", PDF_BYTES)],
        )
    sent = svc.visit_submit(visit=draft, actor=field.user, monitor=field.monitor, today=TODAY)
    assert (
        svc.visit_photos_add(visit=sent, actor=field.user, monitor=field.monitor, uploads=[png()])
        == []
    )
    jpeg = SimpleUploadedFile("baru.jpg", JPEG_BYTES, "image/jpeg")
    with pytest.raises(ApplicationError) as closed:
        svc.visit_photos_add(visit=sent, actor=field.user, monitor=field.monitor, uploads=[jpeg])
    assert closed.value.code == svc.VisitError.ALREADY_SUBMITTED
    assert StoredFile.objects.count() == 1


def test_a_retired_checklist_item_is_not_answered_and_a_new_one_must_be(field: Field) -> None:
    draft = save(field, submit=False).visit
    field.levy.is_active = False
    field.levy.save()
    queue = ChecklistItem.objects.create(
        pemda=field.monitor.pemda, text="Ada sistem antrean", position=3
    )
    with pytest.raises(ApplicationError, match="Ada sistem antrean"):
        svc.visit_submit(visit=draft, actor=field.user, monitor=field.monitor, today=TODAY)
    sent = save(field, answers={field.standard.pk: "ya", queue.pk: "ya"}).visit
    assert [row["item"] for row in sent.answers] == [field.standard.pk, queue.pk]


def test_visit_photos_follow_the_visit_and_its_findings(
    world: Any, field: Field, private_media: Any
) -> None:
    from sehati.core.files import access_stored_file

    draft = save(field, photos=[png()], findings=[LEVY], submit=False).visit
    photo = svc.visit_photos(draft)[0]
    assert access_stored_file(field.user, photo.public_id) == photo
    for outsider in ("upg", "kepala_opd", "pelapor"):
        with pytest.raises(Http404):  # a draft is its monitor's alone
            access_stored_file(world.users[outsider], photo.public_id)
    save(field, findings=[LEVY], submit=True)
    for reader in ("upg", "inspektur", "kepala_opd"):  # kepala: a finding about Dinkes
        assert access_stored_file(world.users[reader], photo.public_id) == photo
    with pytest.raises(Http404):
        access_stored_file(world.users["pelapor"], photo.public_id)


def test_units_are_grouped_with_the_monitors_kecamatan_first(world: Any, field: Field) -> None:
    other_kec = KecamatanFactory(pemda=world.pemda, name="Angkinang")
    ServiceUnitFactory(pemda=world.pemda, opd=world.dukcapil, kecamatan=other_kec, name="Loket A")
    ServiceUnitFactory(pemda=world.pemda, opd=world.dukcapil, kecamatan=None, name="Loket B")
    groups = svc.visit_units_grouped(
        pemda=world.pemda, prefer_kecamatan_id=field.monitor.kecamatan_id
    )
    assert [label for label, _units in groups] == ["Kandangan", "Angkinang", "Tanpa kecamatan"]


def test_the_visit_list_filters(world: Any, field: Field) -> None:
    save(field)
    save(field, client_uuid=uuid.uuid4(), narrative="Antrean panjang", submit=False)
    upg = world.users["upg"]
    assert svc.visit_list_for(upg).count() == 1  # the UPG sees sent visits only
    assert svc.visit_list_for(field.user).count() == 2
    assert svc.visit_list_for(field.user, status="draft").count() == 1
    assert svc.visit_list_for(field.user, q="antrean").count() == 1
    assert svc.visit_list_for(upg, kecamatan_id=field.monitor.kecamatan_id).count() == 1
    assert svc.visit_list_for(upg, unit_id=field.unit.pk + 1000).count() == 0
    assert svc.visit_list_for(upg, date_from=TODAY + dt.timedelta(days=1)).count() == 0
    assert svc.visit_list_for(upg, monitor_id=field.monitor.pk).get().finding_count == 0


def test_two_copies_of_a_new_form_racing_make_one_visit(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    real = svc._visit_save_once
    calls: list[int] = []

    def racing(**kwargs: Any) -> svc.VisitSaved:
        if not calls:  # the other copy creates the visit first; this insert then fails
            calls.append(1)
            real(**{**kwargs, "submit": False})
            raise IntegrityError("visit_client_once")
        return real(**kwargs)

    monkeypatch.setattr(svc, "_visit_save_once", racing)
    saved = save(field, findings=[LEVY])
    assert not saved.created and saved.visit.status == Visit.Status.SUBMITTED
    assert Visit.objects.count() == 1 and Finding.objects.count() == 1
