"""Demo sanction cases for `sehati demo` (issue #6 points 2, 4, 5): one under examination (from
a UP3 finding when there is one), one "proven not reported" about the demo ASN `asn2.demo` with
a pending appeal (so that login shows "Sanksi saya"), one not proven, and one whose appeal
lowered the deduction, with a PP 94/2021 discipline penalty. Generated people only (Faker
id_ID), through the services, so timelines and deduction lines are what real use produces.

Called once from `sehati.org.demo.demo_build`, inside its transaction; a second call adds
nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from faker import Faker

from sehati.accounts.models import User
from sehati.org.models import Employee, Pemda
from sehati.sanctions.appeals import sanction_appeal_file, sanction_appeal_outcome_record
from sehati.sanctions.examination import (
    DisciplineData,
    GiftData,
    StepData,
    sanction_case_open_with_gifts,
    sanction_discipline_record,
    sanction_step_add,
)
from sehati.sanctions.models import SanctionCase
from sehati.sanctions.services import sanction_decide

GIFTS = [
    ("Uang tunai dalam amplop dari pemohon layanan", 500_000),
    ("Parsel dan voucer belanja dari rekanan pengadaan", 1_750_000),
    ("Telepon genggam dari pemohon izin usaha", 3_200_000),
    ("Tiket perjalanan keluarga dari penyedia jasa", 4_500_000),
]


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def demo_sanction_cases_build(*, pemda: Pemda, today: dt.date, seed: int = 20260608) -> int:
    """Returns how many cases were opened (0 when the pemda already has some)."""
    from sehati.monitoring.models import Finding

    if SanctionCase.objects.filter(pemda=pemda).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    inspektur: Any = User.objects.filter(pemda=pemda, username="inspektur.demo").first()
    upg: Any = User.objects.filter(pemda=pemda, username="upg.demo").first()
    asn2 = User.objects.filter(pemda=pemda, username="asn2.demo").first()
    inspektur = inspektur or "sehati demo"
    upg = upg or "sehati demo"
    pool = list(
        Employee.objects.filter(pemda=pemda, is_active=True, tpp_monthly_idr__gt=0)
        .exclude(user__isnull=False)
        .order_by("id")[:400]
    )
    if len(pool) < 3:
        return 0
    picked = rng.sample(pool, 3)
    own = asn2.employee if asn2 is not None and asn2.employee is not None else pool[-1]
    finding = Finding.objects.filter(pemda=pemda).order_by("id").first()

    def gift(n: int, received_on: dt.date) -> GiftData:
        text, value = GIFTS[n % len(GIFTS)]
        return GiftData(
            description=text, received_on=received_on, giver=fake.name(), value_idr=value
        )

    def open_case(employee: Employee, n: int, received_on: dt.date, **kw: Any) -> SanctionCase:
        return sanction_case_open_with_gifts(
            pemda=pemda,
            actor=kw.pop("actor", inspektur),
            employee=employee,
            description=kw.pop(
                "description",
                "Diduga menerima pemberian terkait jabatan dan tidak melaporkannya dalam 30 hari "
                "kerja.",
            ),
            gifts=[gift(n, received_on)],
            today=today,
            **kw,
        )

    def summons(case: SanctionCase, on: dt.date, number: str) -> None:
        sanction_step_add(
            case=case,
            actor=inspektur,
            data=StepData(
                kind="summons",
                occurred_on=on,
                at_time=dt.time(9, 0),
                place="Ruang rapat Inspektorat, Kandangan",
                purpose="Klarifikasi atas dugaan gratifikasi yang tidak dilaporkan",
                letter_number=number,
            ),
            today=today,
        )

    def clarify(case: SanctionCase, on: dt.date, text: str) -> None:
        sanction_step_add(
            case=case,
            actor=inspektur,
            data=StepData(kind="clarification", occurred_on=on, text=text),
            today=today,
        )

    # 1. Under examination, from a UP3 finding (or by hand): a summons next week.
    first = open_case(
        picked[0],
        0,
        today - dt.timedelta(days=20),
        actor=upg,
        source=SanctionCase.Source.UP3_FINDING if finding else SanctionCase.Source.MANUAL,
        source_reference=finding.number if finding else "",
        finding=finding,
    )
    summons(first, _workday(today + dt.timedelta(days=7)), "700/101/INSP/DEMO")

    # 2. Proven not reported about the demo ASN, appealed and waiting.
    decided_on = _workday(today - dt.timedelta(days=6))
    second = open_case(
        own, 1, today - dt.timedelta(days=75), source=SanctionCase.Source.AUDIT_FINDING
    )
    summons(second, _workday(today - dt.timedelta(days=20)), "700/88/INSP/DEMO")
    clarify(
        second,
        _workday(today - dt.timedelta(days=20)),
        "Pegawai mengakui menerima parsel dan voucer, belum melapor karena mengira tidak wajib.",
    )
    sanction_decide(
        case=second,
        actor=inspektur,
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/95/INSP/DEMO",
        decided_on=decided_on,
        today=today,
    )
    if asn2 is not None and asn2.employee_id == own.pk:
        sanction_appeal_file(
            case=second,
            actor=asn2,
            grounds="Saya baru mengetahui kewajiban melapor; voucer belum dipakai dan siap "
            "diserahkan kepada UPG.",
            today=today,
        )

    # 3. Not proven.
    third = open_case(
        picked[1], 2, today - dt.timedelta(days=60), source=SanctionCase.Source.KPK_LETTER
    )
    clarify(
        third,
        _workday(today - dt.timedelta(days=30)),
        "Pemberian ternyata ditolak dan telah dilaporkan sebagai penolakan.",
    )
    sanction_decide(
        case=third,
        actor=inspektur,
        decision=SanctionCase.Decision.NOT_PROVEN,
        decision_number="700/90/INSP/DEMO",
        decided_on=_workday(today - dt.timedelta(days=25)),
        today=today,
    )

    # 4. Proven not reported; the appeal lowered the deduction; a written reprimand alongside.
    fourth = open_case(
        picked[2], 3, today - dt.timedelta(days=90), source=SanctionCase.Source.DECLARATION
    )
    first_decision = _workday(today - dt.timedelta(days=40))
    sanction_decide(
        case=fourth,
        actor=inspektur,
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/70/INSP/DEMO",
        decided_on=first_decision,
        today=today,
    )
    sanction_appeal_file(
        case=fourth,
        actor=inspektur,
        grounds="Keberatan tertulis pegawai: pemberian dikembalikan sebelum pemeriksaan.",
        filed_on=first_decision + dt.timedelta(days=3),
        on_behalf=True,
        today=today,
    )
    sanction_appeal_outcome_record(
        case=fourth,
        actor=inspektur,
        outcome="changed",
        percent=25,
        decision_number="700/80/INSP/DEMO",
        decided_on=_workday(today - dt.timedelta(days=15)),
        today=today,
    )
    sanction_discipline_record(
        case=fourth,
        actor=inspektur,
        data=DisciplineData(
            tier="ringan",
            penalty="teguran_tertulis",
            decision_number="800/12/BKPSDM/DEMO",
            decided_on=_workday(today - dt.timedelta(days=14)),
            decided_by="Sekretaris Daerah (demo)",
        ),
        today=today,
    )
    return 4
