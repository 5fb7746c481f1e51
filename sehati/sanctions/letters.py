"""The summons and decision letters of a sanction case (issue #6 point 5).

Their wording is an editable `LetterTemplate` of the pemda (codes `sanksi-panggilan` and
`sanksi-putusan`), with the shipped wording below when the pemda has none. The text is filled by
`letter_fill` with the placeholders of that code (never by the Django template engine: the text
is written by users) and printed with the shared layout (`documents/base_print.html`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.core.audit import timeline_record
from sehati.core.errors import ConflictError
from sehati.core.templatetags.sehati import rupiah
from sehati.documents.letters import (
    SANCTION_DECISION_CODE,
    SANCTION_SUMMONS_CODE,
    letter_fill,
    placeholders_for,
)
from sehati.documents.models import LetterTemplate
from sehati.documents.pdf import pdf_render
from sehati.documents.services import letter_template_create, letter_template_update
from sehati.org.models import Pemda
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import SanctionCase, SanctionStep, TppDeduction

LETTER_CODES = (SANCTION_SUMMONS_CODE, SANCTION_DECISION_CODE)

DEFAULTS: dict[str, dict[str, Any]] = {
    SANCTION_SUMMONS_CODE: {
        "name": gettext_lazy("Surat panggilan pemeriksaan sanksi gratifikasi"),
        "subject": gettext_lazy("Panggilan klarifikasi"),
        "body": gettext_lazy(
            "Dengan hormat,\n\n"
            "Dalam rangka pemeriksaan atas dugaan penerimaan gratifikasi yang tidak dilaporkan "
            "(kasus sanksi nomor {nomor_kasus}), Inspektorat {nama_pemda} memanggil Saudara:\n\n"
            "Nama: {nama_pegawai}\nNIP: {nip}\nJabatan: {jabatan}\nUnit kerja: {opd}\n\n"
            "untuk hadir pada:\n\n"
            "Hari/tanggal: {hari_tanggal}\nJam: {jam}\nTempat: {tempat}\nKeperluan: {keperluan}\n\n"
            "Saudara dapat membawa dokumen yang berkaitan dengan pemberian tersebut. Apabila "
            "berhalangan, mohon memberi tahu Inspektorat sebelum waktu panggilan.\n\n"
            "Demikian untuk dilaksanakan."
        ),
    },
    SANCTION_DECISION_CODE: {
        "name": gettext_lazy("Surat keputusan kasus sanksi gratifikasi"),
        "subject": gettext_lazy("Keputusan atas kasus sanksi gratifikasi nomor {nomor_kasus}"),
        "body": gettext_lazy(
            "Berdasarkan hasil pemeriksaan Inspektorat {nama_pemda} atas kasus sanksi nomor "
            "{nomor_kasus} terhadap:\n\n"
            "Nama: {nama_pegawai}\nNIP: {nip}\nJabatan: {jabatan}\nUnit kerja: {opd}\n\n"
            "dengan uraian: {uraian_kasus}\n\n"
            "diputuskan: {putusan}.\n\n"
            "Dasar hukum: {dasar_hukum}.\n\n"
            "{akibat}\n\n"
            "Atas putusan ini pegawai yang bersangkutan dapat mengajukan keberatan melalui SEHATI "
            "atau secara tertulis kepada Inspektorat.\n\n"
            "Demikian keputusan ini untuk dilaksanakan sebagaimana mestinya."
        ),
    },
}


def letter_template_default_for(*, pemda: Pemda, code: str) -> LetterTemplate:
    """The shipped wording of a sanction letter, as an unsaved template of `pemda`."""
    default = DEFAULTS[code]
    return LetterTemplate(
        pemda=pemda,
        code=code,
        name=str(default["name"]),
        subject=str(default["subject"]),
        body=str(default["body"]),
        is_active=True,
    )


def sanction_letter_template(*, pemda: Pemda, code: str) -> LetterTemplate:
    """The pemda's active template for the letter, else the shipped wording (unsaved)."""
    found = LetterTemplate.objects.filter(pemda=pemda, code=code, is_active=True).first()
    return found if found is not None else letter_template_default_for(pemda=pemda, code=code)


def sanction_letter_template_save(
    *, pemda: Pemda, actor: Any, code: str, subject: str, body: str
) -> LetterTemplate:
    """Create or change the pemda's wording of one sanction letter (placeholders checked per
    code by the documents services; a timeline event on the template)."""
    if code not in LETTER_CODES:
        raise ValueError(code)
    existing = LetterTemplate.objects.filter(pemda=pemda, code=code).first()
    data = {"subject": subject, "body": body, "is_active": True}
    if existing is not None:
        return letter_template_update(template=existing, actor=actor, data=data)
    default = letter_template_default_for(pemda=pemda, code=code)
    return letter_template_create(
        pemda=pemda, actor=actor, data={"code": code, "name": default.name, **data}
    )


# --- values ------------------------------------------------------------------------------------


def _date(day: dt.date | None, fmt: str = "j F Y") -> str:
    if day is None:
        return ""
    with translation.override("id"):
        return str(formats.date_format(day, fmt))


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())


def _decider_label(case: SanctionCase) -> str:
    """Who recorded the decision (the signatory printed under the decision letter)."""
    from sehati.core.audit import timeline_for

    event = timeline_for(case).filter(type="sanction_decided").order_by("-id").first()
    return event.actor_label if event is not None else ""


def _common(case: SanctionCase, signer: str) -> dict[str, str]:
    employee = case.employee
    return {
        "nomor_kasus": str(case.pk),
        "nama_pemda": case.pemda.name,
        "nama_pegawai": employee.name,
        "nip": employee.nip,
        "jabatan": employee.jabatan or "-",
        "opd": employee.opd.name,
        "uraian_kasus": case.description,
        "penandatangan": signer,
    }


def _local_date(pemda: Pemda, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, ZoneInfo(pemda.time_zone or "Asia/Makassar")).date()


def summons_values(*, case: SanctionCase, step: SanctionStep) -> dict[str, str]:
    """The summons letter's placeholders; signed by whoever recorded the summons."""
    time = step.at_time.strftime("%H.%M") if step.at_time else ""
    return {
        **_common(case, _name(step.created_by)),
        "nomor_surat": step.letter_number or "-",
        "tanggal": _date(_local_date(case.pemda, step.created_at)),
        "hari_tanggal": _date(step.occurred_on, "l, j F Y"),
        "jam": time,
        "tempat": step.place,
        "keperluan": step.purpose,
    }


def decision_values(*, case: SanctionCase, lines: list[TppDeduction]) -> dict[str, str]:
    """The decision letter's placeholders; signed by whoever recorded the decision."""
    deductions = [r for r in lines if r.kind == TppDeduction.Kind.DEDUCTION]
    percent = deductions[0].percent if deductions else 0
    total = sum(r.deduction_idr for r in deductions)
    months = ", ".join(r.month for r in deductions)
    tpp = deductions[0].tpp_idr if deductions else case.employee.tpp_monthly_idr
    if case.decision == SanctionCase.Decision.NOT_REPORTED and deductions:
        consequence = _(
            "Tambahan Penghasilan Pegawai (TPP) yang bersangkutan dipotong %(percent)s%% selama "
            "%(months)s bulan (%(list)s), seluruhnya %(total)s."
        ) % {"percent": percent, "months": len(deductions), "list": months, "total": rupiah(total)}
    else:
        consequence = _("Putusan ini tidak mengakibatkan potongan TPP.")
    with translation.override("id"):
        decision_label = str(case.get_decision_display())
    return {
        **_common(case, _decider_label(case)),
        "nomor_keputusan": case.decision_number,
        "tanggal_keputusan": _date(case.decided_on),
        "putusan": decision_label,
        "dasar_hukum": case.legal_basis or "-",
        "tpp": rupiah(tpp),
        "persen": str(percent),
        "lama_bulan": str(len(deductions)),
        "jumlah_potongan": rupiah(total),
        "bulan_potongan": months or "-",
        "akibat": consequence,
    }


# --- PDFs --------------------------------------------------------------------------------------


def _print_context(pemda: Pemda, **extra: Any) -> dict[str, Any]:
    return {
        "pemda": pemda,
        "generated_at": timezone.localtime(
            timezone.now(), ZoneInfo(pemda.time_zone or "Asia/Makassar")
        ),
        "zone_label": pemda.zone_label,
        **extra,
    }


def _record(case: SanctionCase, actor: Any, letter: str, number: str) -> None:
    with transaction.atomic():
        timeline_record(
            subject=case,
            type="sanction_letter_printed",
            actor=actor,
            data={"letter": letter, "number": number},
        )


def summons_step_for(case: SanctionCase, step_id: int | None = None) -> SanctionStep:
    """The summons to print: the one asked for, else the latest (ConflictError when none)."""
    steps = case.steps.filter(kind=SanctionStep.Kind.SUMMONS)
    if step_id is not None:
        steps = steps.filter(pk=step_id)
    step = steps.order_by("-occurred_on", "-id").first()
    if step is None:
        raise ConflictError(
            _("Kasus ini belum mempunyai panggilan."), code=SanctionError.NO_SUMMONS
        )
    return step


def summons_letter_pdf(*, case: SanctionCase, step: SanctionStep, actor: Any) -> bytes:
    """The summons letter of one summons step."""
    code = SANCTION_SUMMONS_CODE
    template = sanction_letter_template(pemda=case.pemda, code=code)
    values = summons_values(case=case, step=step)
    subject = letter_fill(template.subject, values, code)
    pdf = pdf_render(
        template="sanctions/letter_print.html",
        context=_print_context(
            case.pemda,
            title=subject,
            letter_number=values["nomor_surat"],
            letter_date=values["tanggal"],
            subject=subject,
            body=letter_fill(template.body, values, code),
            employee=case.employee,
            rows=[],
            signer=values["penandatangan"],
        ),
    )
    _record(case, actor, "summons", step.letter_number)
    return pdf


def decision_letter_pdf(*, case: SanctionCase, actor: Any) -> bytes:
    """The decision letter of a decided case, with the deduction lines booked."""
    if case.status != SanctionCase.Status.DECIDED:
        raise ConflictError(_("Kasus ini belum diputus."), code=SanctionError.NOT_DECIDED)
    code = SANCTION_DECISION_CODE
    template = sanction_letter_template(pemda=case.pemda, code=code)
    lines = list(case.deductions.order_by("month", "id"))
    values = decision_values(case=case, lines=lines)
    subject = letter_fill(template.subject, values, code)
    pdf = pdf_render(
        template="sanctions/letter_print.html",
        context=_print_context(
            case.pemda,
            title=subject,
            letter_number=values["nomor_keputusan"],
            letter_date=values["tanggal_keputusan"],
            subject=subject,
            body=letter_fill(template.body, values, code),
            employee=case.employee,
            rows=lines,
            signer=values["penandatangan"],
        ),
    )
    _record(case, actor, "decision", case.decision_number)
    return pdf


def letter_preview(*, pemda: Pemda, template: LetterTemplate) -> dict[str, str]:
    """A template filled with sample values, for the edit page."""
    sample = {
        "nomor_kasus": "12",
        "nama_pemda": pemda.name,
        "nama_pegawai": "Ahmad Contoh",
        "nip": "198001012006041001",
        "jabatan": "Analis Kebijakan",
        "opd": "Dinas Kesehatan",
        "uraian_kasus": _("Menerima uang dari pemohon layanan dan tidak melaporkannya."),
        "penandatangan": "Inspektur",
        "nomor_surat": "700/15/INSP/2026",
        "tanggal": _date(dt.date(2026, 4, 1)),
        "hari_tanggal": _date(dt.date(2026, 4, 6), "l, j F Y"),
        "jam": "09.00",
        "tempat": _("Ruang rapat Inspektorat"),
        "keperluan": _("Klarifikasi atas temuan UP3"),
        "nomor_keputusan": "700/21/INSP/2026",
        "tanggal_keputusan": _date(dt.date(2026, 4, 20)),
        "putusan": _("Terbukti tidak melapor"),
        "dasar_hukum": "Perbup HSS 68/2020 Pasal 17D",
        "tpp": rupiah(4_000_000),
        "persen": "50",
        "lama_bulan": "1",
        "jumlah_potongan": rupiah(2_000_000),
        "bulan_potongan": "2026-04",
        "akibat": _(
            "Tambahan Penghasilan Pegawai (TPP) yang bersangkutan dipotong 50 persen selama 1 bulan "
            "(2026-04), seluruhnya Rp2.000.000."
        ),
    }
    return {
        "subject": letter_fill(template.subject, sample, template.code),
        "body": letter_fill(template.body, sample, template.code),
        "known": ", ".join(sorted(placeholders_for(template.code))),
    }
