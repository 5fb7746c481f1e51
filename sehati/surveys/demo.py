"""Demo data of issue #7 (surveys), built by `sehati demo` after the rest (sehati/org/demo.py).

Two surveys of the pemda's own (never SPI questions): a closed staff survey on anti-gratification
culture, answered in every OPD at a generated rate — two OPD stay under the minimum group size,
so the results page shows its suppression — and an open public survey with one link per chosen
service unit (one of them a counter tablet). Surveys are built, opened and closed through the
services; the answers are generated with a seeded NumPy generator (each group with its own
level) and written in bulk, with a participation row per answering civil servant. Called once,
inside the demo's transaction; a second call adds nothing."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from sehati.accounts.models import User
from sehati.org.models import Employee, Pemda, ServiceUnit
from sehati.org.selectors import opd_descendant_ids
from sehati.surveys import services as svc
from sehati.surveys.models import RespondentGroup, StaffParticipation, Survey

D, I = svc.DimensionData, svc.ItemData  # noqa: E741 - short names for the questionnaire table

STAFF_QUESTIONNAIRE = [
    D(
        name="Budaya antigratifikasi",
        weight=2,
        items=[
            I(text="Pegawai di unit saya menolak pemberian dari pengguna layanan atau rekanan."),
            I(text="Di unit saya masih ada kebiasaan menerima 'uang terima kasih'.", reversed=True),
            I(text="Pimpinan unit saya memberi contoh menolak gratifikasi."),
            I(text="Saya tahu cara melaporkan gratifikasi yang tidak dapat saya tolak."),
        ],
    ),
    D(
        name="Pelaporan dan perlindungan",
        weight="1.5",
        items=[
            I(text="Saya yakin identitas pelapor gratifikasi dirahasiakan."),
            I(
                text="Saya khawatir dikucilkan bila melaporkan pemberian yang diterima rekan kerja.",
                reversed=True,
            ),
            I(
                text="Bila rekanan menawarkan hadiah, apa yang paling mungkin terjadi di unit Anda?",
                kind="choice",
                options=[
                    ("Diterima tanpa dilaporkan", 0),
                    ("Diterima lalu dilaporkan ke UPG", 3),
                    ("Ditolak dengan sopan", 5),
                ],
            ),
        ],
    ),
    D(
        name="Pengelolaan pegawai",
        weight=1,
        items=[
            I(text="Mutasi dan promosi di instansi saya didasarkan pada kinerja."),
            I(text="Ada pegawai yang memberi imbalan untuk mendapat jabatan.", reversed=True),
        ],
    ),
    D(
        name="Anggaran dan pengadaan",
        weight=1,
        items=[
            I(text="Pemenang pengadaan barang/jasa di unit saya ditentukan secara terbuka."),
            I(text="Ada permintaan 'fee' dalam pengadaan di unit saya.", reversed=True),
            I(text="Perjalanan dinas dipertanggungjawabkan sesuai kenyataan."),
        ],
    ),
]
PUBLIC_QUESTIONNAIRE = [
    D(
        name="Pelayanan tanpa pungutan",
        weight=2,
        items=[
            I(text="Petugas melayani tanpa meminta imbalan di luar biaya resmi.", scale_max=4),
            I(text="Biaya dan waktu layanan diumumkan dengan jelas.", scale_max=4),
            I(
                text="Saya merasa perlu memberi uang atau hadiah agar urusan lebih cepat.",
                scale_max=4,
                reversed=True,
            ),
        ],
    ),
    D(
        name="Saluran pengaduan",
        weight=1,
        items=[
            I(text="Saya tahu ke mana mengadu bila diminta pungutan.", scale_max=4),
            I(
                text="Bila diminta pungutan liar, apa yang akan Anda lakukan?",
                kind="choice",
                options=[("Membayar saja", 0), ("Menolak", 3), ("Menolak dan mengadu", 5)],
            ),
        ],
    ),
]


def _codes(rng: np.random.Generator, survey: Survey, level: float, n: int) -> list[bytes]:
    """`n` packed answers around a group `level` (0..1, higher = better practice)."""
    items = svc.items_ordered(survey=survey)
    latent = np.clip(rng.normal(level, 0.12, size=n), 0, 1)
    out = np.zeros((n, len(items)), dtype=np.uint8)
    for j, item in enumerate(items):
        x = np.clip(latent + rng.normal(0, 0.15, size=n), 0, 1)
        if item.kind == "choice":  # options listed from worst to best
            out[:, j] = 1 + np.digitize(x, [0.35, 0.7])
        else:
            k = item.scale_max - item.scale_min + 1
            point = np.rint(x * (k - 1)).astype(np.uint8)
            out[:, j] = (k - point) if item.reversed else (point + 1)
    return [row.tobytes() for row in out]


def _build(
    pemda: Pemda,
    upg: User | str,
    title: str,
    audience: str,
    questionnaire: list[svc.DimensionData],
    opens_on: dt.date,
    closes_on: dt.date,
) -> Survey:
    survey = svc.survey_create(
        pemda=pemda,
        actor=upg,
        title=title,
        audience=audience,
        description=(
            "Survei internal pemda untuk menemukan hal yang perlu diperbaiki; bukan SPI KPK. "
            "Jawaban anonim dan hanya dilaporkan per kelompok paling sedikit 10 responden "
            "(data demo)."
        ),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    svc.questionnaire_replace(survey=survey, actor=upg, dimensions=questionnaire)
    survey.refresh_from_db()
    return survey


def demo_surveys_build(*, pemda: Pemda, today: dt.date, seed: int) -> int:
    """Generated, plausible surveys data for the demo pemda (never real people). Returns how
    many surveys were made (0 when the pemda already has some)."""
    if Survey.objects.filter(pemda=pemda).exists():
        return 0
    rng = np.random.default_rng(seed)
    upg: User | str = User.objects.filter(pemda=pemda, username="upg.demo").first() or "sehati demo"
    now = timezone.now()

    staff = _build(
        pemda,
        upg,
        "Survei integritas internal pegawai 2026 (demo)",
        Survey.Audience.STAFF,
        STAFF_QUESTIONNAIRE,
        today - dt.timedelta(days=90),
        today - dt.timedelta(days=60),
    )
    staff = svc.survey_open(
        survey=staff,
        actor=upg,
        today=today - dt.timedelta(days=90),
        now=now - dt.timedelta(days=90),
    )
    groups = list(staff.groups.filter(kind=RespondentGroup.Kind.STAFF).order_by("id"))
    small = set(rng.choice(len(groups), size=min(2, len(groups)), replace=False).tolist())
    rows: list[tuple[int, bytes]] = []
    participants: list[StaffParticipation] = []
    for position, group in enumerate(groups):
        if group.opd_id is None:  # pragma: no cover - a staff group always names its OPD
            continue
        members = list(
            Employee.objects.filter(
                pemda=pemda,
                is_active=True,
                opd_id__in=opd_descendant_ids(pemda_id=pemda.pk, roots={group.opd_id}),
            ).values_list("id", flat=True)
        )
        if not members:
            continue
        share = rng.uniform(0.35, 0.8)
        n = int(rng.integers(3, 9)) if position in small else round(len(members) * share)
        n = min(n, len(members))
        level = float(rng.uniform(0.45, 0.85))
        rows += [(group.pk, c) for c in _codes(rng, staff, level, n)]
        chosen = rng.choice(members, size=n, replace=False)
        participants += [StaffParticipation(survey=staff, employee_id=int(e)) for e in chosen]
    order = rng.permutation(len(rows))  # no order by group or time in the table
    svc.responses_bulk_insert(survey=staff, rows=[rows[i] for i in order])
    StaffParticipation.objects.bulk_create(participants, batch_size=2000)
    svc.survey_close(survey=staff, actor=upg, now=now - dt.timedelta(days=60), confirm=True)

    public = _build(
        pemda,
        upg,
        "Survei persepsi integritas layanan publik (demo)",
        Survey.Audience.PUBLIC,
        PUBLIC_QUESTIONNAIRE,
        today - dt.timedelta(days=14),
        today + dt.timedelta(days=30),
    )
    units = list(ServiceUnit.objects.filter(pemda=pemda, is_active=True).order_by("id"))
    picked = (
        [units[int(i)] for i in rng.choice(len(units), size=min(3, len(units)), replace=False)]
        if units
        else []
    )
    for position, unit in enumerate(picked):
        svc.group_public_add(
            survey=public,
            actor=upg,
            label=unit.name,
            service_unit_id=unit.pk,
            shared_device=position == 0,
        )
    public = svc.survey_open(survey=public, actor=upg, today=today - dt.timedelta(days=14), now=now)
    rows = []
    for group in public.groups.order_by("id"):
        n = int(rng.integers(6, 60))
        rows += [(group.pk, c) for c in _codes(rng, public, float(rng.uniform(0.5, 0.9)), n)]
    order = rng.permutation(len(rows))
    svc.responses_bulk_insert(survey=public, rows=[rows[i] for i in order])
    return 2
