"""Demo action plans for `sehati demo` (issue #7 point 3), built after the scores register.

Six plans of the kind KPK recommends after a weak SPI (GRATIFICATION_LAW.md §5.6: more
transparency, simpler procedures, digitalised services), owned by the OPD that would carry them
out: one done with a scanned report as evidence, two in progress (one overdue, owned by the RSUD,
a sub-unit of the Dinas Kesehatan), two planned and one cancelled. They link to the demo's
socialisation events, UP3 findings and declaration periods when those exist, and answer the
regency's Ombudsman 2021 score (yellow zone) when the register holds it. Titles and notes are
written for the demo; no person is named. Recorded through the services, so statuses, evidence,
notices and timeline events are as in real use. A second call adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from sehati.accounts.models import Role, RoleGrant, User
from sehati.integrity.models import ActionPlan, IntegrityScore
from sehati.integrity.plans_services import (
    PlanData,
    plan_cancel,
    plan_create,
    plan_link_add,
    plan_progress_report,
)
from sehati.org.models import Opd, Pemda

S = ActionPlan.Status


def _user_with(pemda: Pemda, role: Role, opd: Opd | None = None) -> User | None:
    grants = RoleGrant.objects.filter(pemda=pemda, role=role.value, user__is_active=True)
    if opd is not None:
        grants = grants.filter(opd=opd)
    grant = grants.select_related("user").order_by("pk").first()
    return grant.user if grant is not None else None


def _latest(pemda: Pemda, app_label: str, model_name: str, order: str, **filters: Any) -> Any:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return model._default_manager.filter(pemda=pemda, **filters).order_by(order, "-pk").first()


def _evidence_pdf(*, title: str, lines: list[str]) -> SimpleUploadedFile:
    from sehati.documents.pdf import pdf_from_html

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        f"<html><body><h1 style='font-size:16pt'>{escape(title)}</h1>{body}"
        "<p><em>Dokumen contoh untuk data demo SEHATI.</em></p></body></html>"
    )
    data = pdf_from_html(html=html)
    return SimpleUploadedFile("berita-acara-pelaksanaan.pdf", data, "application/pdf")


def demo_plans_build(*, pemda: Pemda, today: dt.date, seed: int) -> None:
    """Six demo action plans (see the module's docstring). `seed` is unused: nothing is drawn
    at random, the plans tell one consistent story."""
    del seed
    if ActionPlan.objects.filter(pemda=pemda).exists():
        return
    opds = {o.code: o for o in Opd.objects.filter(pemda=pemda)}
    upg = _user_with(pemda, Role.UPG)
    actor: Any = upg or "demo"
    dinkes = opds.get("DINKES")
    head = _user_with(pemda, Role.KEPALA_OPD, dinkes) if dinkes else None
    first = next(iter(opds.values()), None)
    if first is None:
        return

    def opd(code: str) -> Opd:
        return opds.get(code) or first

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    def create(
        code: str, title: str, dimension: str, created: int, due: int, **extra: Any
    ) -> ActionPlan:
        return plan_create(
            pemda=pemda,
            actor=actor,
            data=PlanData(
                title=title,
                owner_opd_id=opd(code).pk,
                due_on=day(due),
                dimension=dimension,
                **extra,
            ),
            today=day(created),
        )

    def link(plan: ActionPlan, kind: str, target: Any) -> None:
        if target is not None:
            plan_link_add(plan=plan, actor=actor, kind=kind, target_id=target.pk)

    event = _latest(pemda, "outreach", "Event", "-held_on")
    finding = _latest(pemda, "monitoring", "Finding", "-observed_on")
    period = _latest(pemda, "declarations", "DeclarationPeriod", "-starts_on")
    ombudsman = IntegrityScore.objects.filter(
        pemda=pemda, kind=IntegrityScore.Kind.OMBUDSMAN, year=2021, opd__isnull=True
    ).first()

    standards = create(
        "DPMPTSP",
        "Maklumat dan standar pelayanan di semua loket layanan",
        "kepatuhan standar pelayanan publik",
        created=-150,
        due=-20,
        score_id=ombudsman.pk if ombudsman else None,
        description=(
            "Memasang maklumat pelayanan, standar waktu dan biaya (termasuk yang gratis) serta "
            "imbauan tidak memberi imbalan di setiap loket; menyediakan kotak dan nomor aduan."
        ),
    )
    link(standards, "finding", finding)
    plan_progress_report(
        plan=standards,
        actor=actor,
        note="Maklumat terpasang di 12 dari 20 loket; sisanya menunggu cetak.",
        percent=60,
        today=day(-60),
    )
    plan_progress_report(
        plan=standards,
        actor=actor,
        note="Semua loket sudah memasang maklumat dan standar pelayanan. Berita acara terlampir.",
        status=S.DONE,
        uploads=[
            _evidence_pdf(
                title="Berita acara pemasangan maklumat pelayanan",
                lines=[
                    "Maklumat pelayanan, standar waktu dan biaya layanan, serta imbauan "
                    "antigratifikasi telah dipasang di seluruh loket layanan.",
                    f"Tanggal pemeriksaan: {day(-25):%d-%m-%Y}.",
                ],
            )
        ],
        today=day(-25),
    )

    online = create(
        "DINKES",
        "Izin praktik tenaga kesehatan secara daring",
        "perizinan",
        created=-90,
        due=40,
        description=(
            "Permohonan, pemeriksaan berkas dan penerbitan izin praktik tanpa tatap muka, "
            "dengan status permohonan yang dapat dilacak pemohon."
        ),
    )
    link(online, "event", event)
    plan_progress_report(
        plan=online,
        actor=head or actor,
        note="Alur permohonan daring disusun bersama Diskominfo; formulir sudah diuji.",
        percent=35,
        today=day(-40),
    )
    plan_progress_report(
        plan=online,
        actor=head or actor,
        note="Uji coba untuk izin praktik bidan dan perawat; 48 permohonan masuk daring.",
        percent=60,
        today=day(-7),
    )

    vendors = create(
        "SETDA-PBJ",
        "Sosialisasi antigratifikasi untuk penyedia barang/jasa",
        "sosialisasi",
        created=-60,
        due=75,
        description="Sosialisasi larangan gratifikasi dan saluran pelaporannya kepada penyedia.",
    )
    link(vendors, "event", event)

    rsud = create(
        "RSUD",
        "Tindak lanjut temuan pungutan di loket pendaftaran RSUD",
        "pelayanan publik",
        created=-70,
        due=-10,
        description="Antrean daring dan pembayaran nontunai di loket pendaftaran.",
    )
    link(rsud, "finding", finding)
    plan_progress_report(
        plan=rsud,
        actor=head or actor,
        note="Antrean daring berjalan; pembayaran nontunai masih menunggu kerja sama bank.",
        percent=30,
        today=day(-30),
    )

    declarations = create(
        "BKPSDM",
        "Kepatuhan deklarasi gratifikasi semester: seluruh pegawai menjawab",
        "pengendalian gratifikasi",
        created=-20,
        due=30,
    )
    link(declarations, "declaration_period", period)

    boards = create(
        "DINKES",
        "Papan informasi biaya layanan di puskesmas",
        "transparansi biaya layanan",
        created=-120,
        due=60,
    )
    plan_cancel(
        plan=boards,
        actor=actor,
        reason="Digantikan oleh maklumat pelayanan yang dipasang di semua loket.",
        confirm=True,
        today=day(-24),
    )
