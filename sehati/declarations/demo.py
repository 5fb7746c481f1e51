"""Demo declarations for `sehati demo`: a closed period (most answered, a few admitting gifts
not yet reported) and an open one still being answered. Gifts and givers are generated (Faker
id_ID), never real people. The demo ASN (asn.demo) is left to answer the open period.

Periods are opened and closed through the services; the bulk of the answers of employees
without an account are written directly (a demo has no one to log in as them). Called once,
from `sehati.org.demo.demo_build`, inside its transaction; a second call adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from faker import Faker

from sehati.accounts.models import User
from sehati.declarations.models import Declaration, DeclarationPeriod, DeclaredGift
from sehati.declarations.services import period_close, period_roster_sync
from sehati.org.models import Pemda

A = Declaration.Answer
GIFTS = (
    "Parsel buah dan kue",
    "Voucher belanja",
    "Bingkisan hari raya",
    "Uang terima kasih dalam amplop",
    "Tiket pertunjukan",
)


def _period(
    *, pemda: Pemda, actor: User | None, title: str, starts_on: dt.date, due_on: dt.date
) -> DeclarationPeriod:
    period = DeclarationPeriod.objects.create(
        pemda=pemda,
        title=title,
        description="Nyatakan apakah Anda menerima gratifikasi selama semester ini (data demo).",
        starts_on=starts_on,
        due_on=due_on,
        created_by=actor,
    )
    period_roster_sync(period=period)
    return period


def _answer_some(
    *,
    period: DeclarationPeriod,
    rng: random.Random,
    fake: Faker,
    share: float,
    unreported: int,
    skip_employee_ids: set[int],
    when: dt.datetime,
) -> None:
    rows = list(
        Declaration.objects.filter(period=period)
        .exclude(employee_id__in=skip_employee_ids)
        .order_by("id")
    )
    chosen = [d for d in rows if rng.random() < share]
    for n, d in enumerate(chosen):
        d.answer = A.UNREPORTED if n < unreported else A.NONE
        d.answered_at = when - dt.timedelta(hours=rng.randint(1, 24 * 20))
    Declaration.objects.bulk_update(chosen, ["answer", "answered_at"], batch_size=1000)
    gifts = []
    for d in chosen[:unreported]:
        received = period.starts_on + dt.timedelta(days=rng.randint(0, 60))
        gifts.append(
            DeclaredGift(
                pemda_id=period.pemda_id,
                declaration=d,
                description=rng.choice(GIFTS),
                received_on=min(received, when.date()),
                giver_name=fake.company(),
                value_idr=rng.choice((250_000, 500_000, 850_000, 1_500_000)),
            )
        )
    DeclaredGift.objects.bulk_create(gifts)


def demo_declarations_build(*, pemda: Pemda, today: dt.date, seed: int = 20260601) -> int:
    """Two periods; returns how many were made (0 when the pemda already has some)."""
    if DeclarationPeriod.objects.filter(pemda=pemda).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    upg = User.objects.filter(pemda=pemda, username="upg.demo").first()
    demo_asn = {
        employee_id
        for employee_id in User.objects.filter(
            pemda=pemda, username__in=["asn.demo", "asn2.demo"]
        ).values_list("employee_id", flat=True)
        if employee_id is not None
    }
    now = timezone.now()
    half = "I" if today.month > 6 else "II"
    year = today.year if today.month > 6 else today.year - 1
    closed = _period(
        pemda=pemda,
        actor=upg,
        title=f"Deklarasi gratifikasi semester {half} {year} (demo)",
        starts_on=today - dt.timedelta(days=200),
        due_on=today - dt.timedelta(days=170),
    )
    _answer_some(
        period=closed,
        rng=rng,
        fake=fake,
        share=0.9,
        unreported=3,
        skip_employee_ids=set(),
        when=now - dt.timedelta(days=175),
    )
    period_close(
        period=closed, actor=upg or "sehati demo", now=now - dt.timedelta(days=169), confirm=True
    )
    current = _period(
        pemda=pemda,
        actor=upg,
        title=f"Deklarasi gratifikasi semester {'II' if half == 'I' else 'I'} {today.year} (demo)",
        starts_on=today - dt.timedelta(days=7),
        due_on=today + dt.timedelta(days=14),
    )
    _answer_some(
        period=current,
        rng=rng,
        fake=fake,
        share=0.4,
        unreported=2,
        skip_employee_ids=demo_asn,
        when=now,
    )
    return 2
