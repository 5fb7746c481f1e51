"""Demo UP3 registry for `sehati demo`: 15 monitors over the demo pemda's kecamatan (generated
names, never real people; decree numbers marked DEMO) and titik rawan on about 15 service units.

Everything goes through the registry services, so timelines are what real use produces. Called
once, from `sehati.org.demo.demo_build`, inside its transaction; a second call adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from faker import Faker

from sehati.accounts.models import User
from sehati.monitoring import registry as reg
from sehati.monitoring.models import Monitor, ProneService
from sehati.org.models import Kecamatan, Pemda, ServiceUnit

MONITORS = 15
A = ProneService.Area
# (unit name, or the start of one; area; service; risk note). Units missing from a smaller demo
# are skipped.
PRONE: list[tuple[str, str, str, str]] = [
    (
        "Mal Pelayanan Publik",
        A.LICENSING,
        "Perizinan berusaha (NIB dan izin usaha)",
        "Pemohon ditawari jasa 'pengurusan cepat' oleh orang di sekitar loket.",
    ),
    ("Loket Perizinan Berusaha", A.LICENSING, "Izin usaha mikro dan kecil", ""),
    (
        "Layanan Persetujuan Bangunan Gedung",
        A.LICENSING,
        "Persetujuan Bangunan Gedung (PBG)",
        "Nilai retribusi besar; peninjauan lapangan tanpa pendamping.",
    ),
    (
        "Kantor Disdukcapil — Loket KTP-el",
        A.CIVIL_REGISTRY,
        "Perekaman dan pencetakan KTP-el",
        "Aduan masyarakat tentang 'uang blangko' pada tahun sebelumnya.",
    ),
    ("Loket Akta Kelahiran", A.CIVIL_REGISTRY, "Akta kelahiran", ""),
    ("Layanan Adminduk Kecamatan Daha Utara", A.CIVIL_REGISTRY, "Kartu keluarga", ""),
    ("Layanan Adminduk Kecamatan Loksado", A.CIVIL_REGISTRY, "Surat pindah datang", ""),
    ("RSUD — Loket Pendaftaran", A.HEALTH, "Pendaftaran pasien rawat jalan", ""),
    (
        "Puskesmas Kandangan",
        A.HEALTH,
        "Surat keterangan sehat",
        "Dibutuhkan untuk melamar kerja; tarif sering tidak terpasang.",
    ),
    ("Puskesmas Angkinang", A.HEALTH, "Surat keterangan sehat", ""),
    ("Puskesmas Daha Selatan", A.HEALTH, "Rujukan BPJS", ""),
    ("Layanan Legalisir Ijazah", A.EDUCATION, "Legalisir ijazah", ""),
    (
        "SMP Negeri",
        A.EDUCATION,
        "Penerimaan peserta didik baru",
        "Pungutan 'uang seragam' dan 'sumbangan gedung' dilaporkan di tahun ajaran lalu.",
    ),
    ("Loket Pajak Daerah", A.REVENUE, "Pajak daerah dan retribusi", ""),
    ("Unit Pengujian Kendaraan Bermotor", A.LICENSING, "Uji KIR kendaraan", ""),
    ("Layanan Bantuan Sosial", A.SOCIAL, "Pendataan penerima bantuan sosial", ""),
]


def demo_registry_build(*, pemda: Pemda, today: dt.date, seed: int = 20260105) -> int:
    """Monitors, the demo pemantau's link and titik rawan; returns how many monitors were
    made (0 when the pemda already has monitors)."""
    if Monitor.objects.filter(pemda=pemda).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    upg = User.objects.filter(pemda=pemda, username="upg.demo").first()
    actor = upg or "sehati demo"
    kecamatan = list(Kecamatan.objects.filter(pemda=pemda).order_by("code", "id"))
    if not kecamatan:
        return 0
    # The term started on the first of a month about eight months ago and runs three years.
    start = (today - dt.timedelta(days=240)).replace(day=1)
    end = start.replace(year=start.year + 3) - dt.timedelta(days=1)
    decree_date = start - dt.timedelta(days=12)
    decree = f"118.45/{{n:03d}}/KUM-DEMO/{decree_date.year}"
    demo_user = User.objects.filter(pemda=pemda, username="pemantau.demo").first()
    made = 0
    for i in range(MONITORS):
        kec = kecamatan[i % len(kecamatan)]
        linked = (
            demo_user if (demo_user and kec.name == "Kandangan" and i < len(kecamatan)) else None
        )
        name = linked.get_full_name() if linked else fake.name()
        reg.monitor_register(
            pemda=pemda,
            actor=actor,
            today=today,
            name=name,
            kecamatan_id=kec.pk,
            term_start=start,
            term_end=end,
            decree_number=decree.format(n=20 + i),
            decree_date=decree_date,
            phone=f"0812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            email=linked.email if linked else f"pemantau{i + 1:02d}@demo.sehati.invalid",
            is_coordinator=i == 0,
            user=linked,
        )
        made += 1
    _demo_prone(pemda=pemda, actor=actor)
    return made


def _demo_prone(*, pemda: Pemda, actor: object) -> None:
    units = list(ServiceUnit.objects.filter(pemda=pemda, is_active=True).order_by("code", "id"))
    for unit_name, area, service, note in PRONE:
        unit = next((u for u in units if u.name == unit_name), None) or next(
            (u for u in units if u.name.startswith(unit_name)), None
        )
        if unit is None or ProneService.objects.filter(service_unit=unit, name=service).exists():
            continue
        reg.prone_service_mark(
            pemda=pemda,
            actor=actor,
            service_unit_id=unit.pk,
            area=area,
            name=service,
            risk_note=note,
        )


# Findings the demo monitors report (category, severity, description, person, gift/levy).
DEMO_FINDINGS: list[tuple[str, str, str, str, str]] = [
    (
        "pungli",
        "tinggi",
        "Petugas meminta uang 'pelicin' agar berkas selesai hari itu juga.",
        "petugas loket",
        "Rp50.000",
    ),
    ("standar", "sedang", "Papan standar pelayanan tidak terpasang di ruang tunggu.", "", ""),
    (
        "biaya",
        "sedang",
        "Tarif layanan tidak diumumkan; pemohon tidak tahu biaya resminya.",
        "",
        "",
    ),
    (
        "himbauan",
        "rendah",
        "Tidak ada himbauan anti-gratifikasi di loket maupun ruang tunggu.",
        "",
        "",
    ),
    (
        "gratifikasi",
        "tinggi",
        "Pemohon terlihat memberi bingkisan kepada petugas setelah dilayani.",
        "petugas verifikasi berkas",
        "bingkisan makanan",
    ),
]


def demo_field_build(*, pemda: Pemda, today: dt.date, seed: int = 20260106) -> int:
    """Visits of the last two months by the demo monitors (through the visit services, so
    findings are numbered, routed and notified as in real use), with some findings answered by
    the OPD and some closed by the UPG; the rest wait, and the older ones are overdue. Returns
    how many visits were made (0 when the pemda already has visits)."""
    from sehati.monitoring.findings import finding_respond, finding_verify
    from sehati.monitoring.models import ChecklistItem, Finding, Visit
    from sehati.monitoring.visits import FindingDraft, visit_save

    if Visit.objects.filter(pemda=pemda).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    items = list(ChecklistItem.objects.filter(pemda=pemda, is_active=True))
    units = list(ServiceUnit.objects.filter(pemda=pemda, is_active=True).order_by("code", "id"))
    upg = User.objects.filter(pemda=pemda, username="upg.demo").first()
    if not items or not units:
        return 0
    made = 0
    for monitor in Monitor.objects.filter(pemda=pemda, is_active=True).order_by("id"):
        near = [u for u in units if u.kecamatan_id == monitor.kecamatan_id] or units
        for n in range(rng.randint(1, 3)):
            day = today - dt.timedelta(days=rng.randint(3, 55))
            while day.weekday() >= 5:  # visits happen on service days
                day -= dt.timedelta(days=1)
            if day < monitor.term_start:
                continue
            finding = (
                DEMO_FINDINGS[rng.randrange(len(DEMO_FINDINGS))] if rng.random() < 0.4 else None
            )
            answers = {}
            for item in items:
                bad = finding is not None and item.finding_category == finding[0]
                good = item.good_answer
                answers[item.pk] = ("tidak" if good == "ya" else "ya") if bad else good
            unit = near[(monitor.pk + n) % len(near)]
            visit_save(
                monitor=monitor,
                actor=monitor.user or f"{monitor.name} (demo)",
                client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                service_unit_id=unit.pk,
                visited_on=day,
                answers=answers,
                narrative=(
                    "Pelayanan berjalan; antrean tertib." if finding is None else finding[2]
                ),
                today=day,
                findings=[FindingDraft(*finding)] if finding else [],
                submit=True,
            )
            made += 1
    _demo_meetings(pemda=pemda, today=today, rng=rng, actor=upg or "sehati demo")
    # Some findings already answered by the OPD; some of those closed by the UPG.
    for opened in Finding.objects.filter(pemda=pemda).order_by("sent_on", "id"):
        if rng.random() < 0.5 or opened.sent_on > today - dt.timedelta(days=7):
            continue
        answered = min(today, opened.sent_on + dt.timedelta(days=rng.randint(2, 9)))
        answered_finding = finding_respond(
            finding=opened,
            actor="kepala OPD (demo)",
            body="Petugas sudah dipanggil dan diberi pembinaan; informasi layanan dipasang.",
            today=answered,
        )
        if upg is not None and rng.random() < 0.6:
            finding_verify(
                finding=answered_finding,
                actor=upg,
                decision="close",
                note="",
                outcome="Tindak lanjut OPD diperiksa UPG dan dinilai memadai.",
                today=min(today, answered + dt.timedelta(days=2)),
            )
    return made


def _demo_meetings(*, pemda: Pemda, today: dt.date, rng: random.Random, actor: object) -> None:
    """The monthly coordination meeting of the last two months (on the first Monday after the
    5th), with most monitors present."""
    from sehati.monitoring.meetings import meeting_record

    monitors = list(Monitor.objects.filter(pemda=pemda, is_active=True).order_by("id"))
    first = today.replace(day=1)
    for back in (2, 1):
        month_start = (first - dt.timedelta(days=28 * back)).replace(day=6)
        held = month_start + dt.timedelta(days=(7 - month_start.weekday()) % 7)
        if held > today or not monitors:
            continue
        present = [m.pk for m in monitors if rng.random() < 0.85]
        meeting_record(
            pemda=pemda,
            actor=actor,
            held_on=held,
            place="Aula Inspektorat",
            agenda="Evaluasi kunjungan bulan lalu; tindak lanjut temuan oleh OPD; jadwal kunjungan.",
            minutes=(
                "Koordinator memaparkan rekap kunjungan. UPG menyampaikan temuan yang belum "
                "ditindaklanjuti OPD. Disepakati kunjungan ulang ke titik rawan yang temuannya "
                "berulang."
            ),
            attendee_ids=present,
            other_attendees="Sekretaris UPG (Inspektorat)",
            today=today,
        )
