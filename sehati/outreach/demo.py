"""Demo data of issue #7 (outreach), built by `sehati demo` after the rest (sehati/org/demo.py).

Socialisation events of the demo pemda, dated around `today`: held ASN events for some OPD and
for all (one of them last year), a held event for the public of a kecamatan and one for vendors,
one whose date has passed but is not yet marked held (the dashboard warns about it), one planned
for today (to try the QR check-in with the demo logins), one planned ahead and one cancelled.
Civil servants are drawn from the pemda's own employees; members of the public and vendors are
generated (Faker id_ID), never real people. Events go through the services (with their timeline);
the bulk of participants is written directly, as a demo has no one to scan codes. A second call
adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from faker import Faker

from sehati.accounts.models import User
from sehati.org.models import Employee, Kecamatan, Opd, Pemda
from sehati.org.selectors import opd_descendant_ids
from sehati.outreach.models import Event, Participant
from sehati.outreach.quiz_demo import demo_quiz_build
from sehati.outreach.services import (
    EventData,
    certificate_issue,
    code_new,
    event_cancel,
    event_create,
    event_mark_held,
)

A = Event.Audience
K = Participant.Kind
V = Participant.Via
SPEAKERS = (
    "Direktorat Gratifikasi dan Pelayanan Publik KPK (daring)\nInspektur Daerah",
    "Inspektur Pembantu Wilayah I\nKetua UPG",
    "Ketua UPG\nPerwakilan Ombudsman RI Perwakilan Provinsi",
)
ASN_STATUSES = (Employee.Status.PNS, Employee.Status.CPNS, Employee.Status.PPPK)


def _opds(pemda: Pemda, *codes: str) -> list[Opd]:
    return list(Opd.objects.filter(pemda=pemda, code__in=codes).order_by("name"))


def _staff(pemda: Pemda, opds: list[Opd]) -> list[Employee]:
    rows = Employee.objects.filter(pemda=pemda, is_active=True, status__in=ASN_STATUSES)
    if opds:
        ids = opd_descendant_ids(pemda_id=pemda.pk, roots={o.pk for o in opds})
        rows = rows.filter(opd_id__in=ids)
    return list(rows.select_related("opd").order_by("id"))


def _moment(pemda: Pemda, day: dt.date, at: dt.time, rng: random.Random) -> dt.datetime:
    start = dt.datetime.combine(day, at, tzinfo=ZoneInfo(pemda.time_zone or "Asia/Makassar"))
    return start + dt.timedelta(minutes=rng.randint(-20, 40))


def _event(
    *,
    pemda: Pemda,
    actor: User | None,
    title: str,
    audience: str,
    held_on: dt.date,
    opds: list[Opd] | None = None,
    kecamatans: list[Kecamatan] | None = None,
    place: str = "",
    online_url: str = "",
    speakers: str = "",
    target: int = 0,
    description: str = "",
) -> Event:
    return event_create(
        pemda=pemda,
        actor=actor,
        data=EventData(
            title=title,
            audience=audience,
            held_on=held_on,
            starts_at=dt.time(9, 0),
            place=place,
            online_url=online_url,
            speakers=speakers,
            target_count=target,
            description=description,
            opd_ids=tuple(o.pk for o in opds or ()),
            kecamatan_ids=tuple(k.pk for k in kecamatans or ()),
        ),
    )


def _asn(
    event: Event,
    people: list[Employee],
    *,
    rng: random.Random,
    share_present: float,
    present: bool,
) -> list[Participant]:
    at = event.starts_at or dt.time(9, 0)
    rows = []
    for e in people:
        came = present and rng.random() < share_present
        rows.append(
            Participant(
                pemda_id=event.pemda_id,
                event=event,
                kind=K.ASN,
                employee=e,
                opd_id=e.opd_id,
                name=e.name,
                organisation=e.opd.name,
                code=code_new(),
                registered_via=rng.choice((V.REGISTRATION, V.QR, V.QR)) if came else V.REGISTRATION,
                attended_at=_moment(event.pemda, event.held_on, at, rng) if came else None,
                attended_via=rng.choice((V.QR, V.QR, V.QR, V.LIST)) if came else "",
            )
        )
    return Participant.objects.bulk_create(rows, batch_size=500)


def _others(
    event: Event,
    n: int,
    *,
    kind: str,
    fake: Faker,
    rng: random.Random,
    kecamatans: list[Kecamatan],
    present: bool,
) -> None:
    at = event.starts_at or dt.time(9, 0)
    rows = []
    for _i in range(n):
        came = present and rng.random() < 0.9
        vendor = kind == K.VENDOR
        rows.append(
            Participant(
                pemda_id=event.pemda_id,
                event=event,
                kind=kind,
                kecamatan=None if vendor or not kecamatans else rng.choice(kecamatans),
                name=fake.name(),
                organisation=fake.company() if vendor else "",
                contact=fake.phone_number() if rng.random() < 0.6 else "",
                code=code_new(),
                registered_via=V.QR if came else V.REGISTRATION,
                attended_at=_moment(event.pemda, event.held_on, at, rng) if came else None,
                attended_via=V.QR if came else "",
            )
        )
    Participant.objects.bulk_create(rows, batch_size=500)


def demo_outreach_build(*, pemda: Pemda, today: dt.date, seed: int) -> None:
    """Generated, plausible outreach data for the demo pemda (Faker id_ID; never real people)."""
    if Event.objects.filter(pemda=pemda).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    upg = User.objects.filter(pemda=pemda, username="upg.demo").first()
    kecamatans = list(Kecamatan.objects.filter(pemda=pemda).order_by("name"))
    home = next(
        (k for k in kecamatans if k.name == "Kandangan"), kecamatans[0] if kecamatans else None
    )
    hall = "Aula Inspektorat (alamat demo)"

    def held(event: Event) -> Event:
        return event_mark_held(event=event, actor=upg, today=today, confirm=True)

    # ASN events for some OPD, for all OPD (online) and last year's.
    plans = [
        (210, "Sosialisasi pengendalian gratifikasi bagi ASN Dinas Kesehatan", ("DINKES",), 0.6),
        (
            125,
            "Pencegahan gratifikasi pada layanan perizinan dan administrasi kependudukan",
            ("DPMPTSP", "DUKCAPIL"),
            0.7,
        ),
        (400, "Sosialisasi pengendalian gratifikasi tahunan", (), 0.15),
    ]
    for days, title, codes, share in plans:
        opds = _opds(pemda, *codes)
        if codes and not opds:
            continue
        staff = _staff(pemda, opds)
        chosen = [e for e in staff if rng.random() < share][:200]
        event = _event(
            pemda=pemda,
            actor=upg,
            title=title,
            audience=A.ASN,
            held_on=today - dt.timedelta(days=days),
            opds=opds,
            place=hall,
            speakers=rng.choice(SPEAKERS),
            target=max(10, int(round(len(chosen) * 1.1, -1))),
            description="Aturan gratifikasi, batas nilai yang dikecualikan, cara melapor ke UPG "
            "dan KPK (data demo).",
        )
        _asn(event, chosen, rng=rng, share_present=0.85, present=True)
        held(event)
    everyone = _staff(pemda, [])
    online = _event(
        pemda=pemda,
        actor=upg,
        title="Webinar: menolak dan melaporkan gratifikasi",
        audience=A.ASN,
        held_on=today - dt.timedelta(days=40),
        online_url="https://meet.example.org/sehati-demo",
        speakers=SPEAKERS[0],
        target=120,
    )
    _asn(
        online,
        [e for e in everyone if rng.random() < 0.25][:150],
        rng=rng,
        share_present=0.8,
        present=True,
    )
    held(online)
    if home is not None:
        public = _event(
            pemda=pemda,
            actor=upg,
            title=f"Sosialisasi tolak pungli dan gratifikasi bagi masyarakat Kecamatan {home.name}",
            audience=A.PUBLIC,
            held_on=today - dt.timedelta(days=70),
            kecamatans=[home],
            place=f"Balai Desa, Kecamatan {home.name} (alamat demo)",
            speakers=SPEAKERS[1],
            target=40,
        )
        _others(public, 32, kind=K.PUBLIC, fake=fake, rng=rng, kecamatans=[home], present=True)
        held(public)
    vendors = _event(
        pemda=pemda,
        actor=upg,
        title="Sosialisasi gratifikasi bagi penyedia barang/jasa pemerintah",
        audience=A.VENDOR,
        held_on=today - dt.timedelta(days=25),
        place="Ruang Rapat Bagian Pengadaan Barang/Jasa (alamat demo)",
        speakers=SPEAKERS[2],
        target=20,
    )
    _others(vendors, 16, kind=K.VENDOR, fake=fake, rng=rng, kecamatans=[], present=True)
    held(vendors)
    for p in Participant.objects.filter(event=vendors, attended_at__isnull=False).order_by("id")[
        :5
    ]:
        certificate_issue(participant=p, actor=upg, today=today, now=timezone.now())
    # Held a few days ago, attendance in, not yet marked held: the dashboard's warning.
    puskesmas = _opds(pemda, "DINKES")
    late = _event(
        pemda=pemda,
        actor=upg,
        title="Sosialisasi gratifikasi bagi petugas loket puskesmas",
        audience=A.ASN,
        held_on=today - dt.timedelta(days=4),
        opds=puskesmas,
        place="Puskesmas Kandangan (alamat demo)",
        target=25,
    )
    _asn(late, _staff(pemda, puskesmas)[-20:], rng=rng, share_present=0.8, present=True)
    # Today (the demo logins can scan its QR code), and one ahead with a few sign-ups.
    current = _event(
        pemda=pemda,
        actor=upg,
        title="Sosialisasi gratifikasi menjelang akhir tahun",
        audience=A.ASN,
        held_on=today,
        place=hall,
        online_url="https://meet.example.org/sehati-demo-2",
        speakers=SPEAKERS[1],
        target=60,
        description="Hari raya dan akhir tahun: parsel, bingkisan, dan cara menolaknya.",
    )
    asn_demo = Employee.objects.filter(pemda=pemda, user__username="asn.demo").first()
    sign_ups = [e for e in everyone if rng.random() < 0.05 and e != asn_demo][:20]
    _asn(current, sign_ups, rng=rng, share_present=0, present=False)
    Participant.objects.filter(event=current).update(registered_via=V.REGISTRATION)
    if len(kecamatans) > 1:
        other = next(k for k in kecamatans if k != home)
        ahead = _event(
            pemda=pemda,
            actor=upg,
            title=f"Sosialisasi layanan bersih gratifikasi, Kecamatan {other.name}",
            audience=A.PUBLIC,
            held_on=today + dt.timedelta(days=21),
            kecamatans=[other],
            place=f"Kantor Camat {other.name} (alamat demo)",
            target=50,
        )
        _others(ahead, 6, kind=K.PUBLIC, fake=fake, rng=rng, kecamatans=[other], present=False)
    cancelled = _event(
        pemda=pemda,
        actor=upg,
        title="Sosialisasi gratifikasi bagi ASN kecamatan",
        audience=A.ASN,
        held_on=today + dt.timedelta(days=9),
        opds=list(Opd.objects.filter(pemda=pemda).filter(Q(code__startswith="KEC-"))[:3]),
        place=hall,
        target=30,
    )
    event_cancel(
        event=cancelled,
        actor=upg,
        reason="Narasumber berhalangan; dijadwalkan ulang tahun depan (data demo).",
        confirm=True,
    )
    demo_quiz_build(pemda=pemda, today=today, seed=seed + 1)  # the question bank and the tests
