"""The Inspektorat's work on a sanction case (issue #6 point 2, 5): opening a case with the
gift(s) it is about, the examination steps (summons, clarification with minutes, evidence,
notes), the preview of the deduction a "proven not reported" decision books, and the PP 94/2021
discipline penalty recorded alongside.

Steps are added only while the case is open (being examined). Every change writes a timeline
event on the case in the same transaction; evidence files are stored with the step that carries
them, all or nothing (`files_store` with a guard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import file_access_register, files_for, files_store
from sehati.core.forms import MAX_FILES_PER_POST
from sehati.core.models import StoredFile
from sehati.org.models import Employee, Pemda
from sehati.rules.discipline import penalty_fits_tier
from sehati.rules.tpp import (
    DeductionLine,
    Month,
    SanctionRule,
    SanctionRuleError,
    deduction_lines,
    sanction_rule_for,
)
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import (
    SanctionCase,
    SanctionDiscipline,
    SanctionGift,
    SanctionStep,
)
from sehati.sanctions.notify import notify_summons
from sehati.sanctions.services import sanction_case_open, sanction_rules_for

EVIDENCE = "sanction_evidence"
MAX_TEXT = 20_000
MAX_VALUE_IDR = 10**15


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, code=SanctionError.INVALID)


@dataclass(frozen=True)
class GiftData:
    """One gift the case is about, as parsed by a form or the API."""

    description: str
    received_on: dt.date | None = None
    giver: str = ""
    value_idr: int = 0
    report_id: int | None = None


def _gift_checked(*, case: SanctionCase, gift: GiftData, today: dt.date) -> SanctionGift:
    from sehati.reports.models import GiftReport, reporter_is

    description = (gift.description or "").strip()
    if not description:
        raise _invalid(_("Uraian pemberian wajib diisi."))
    if len(description) > 500 or len(gift.giver or "") > 200:
        raise _invalid(_("Uraian pemberian paling panjang 500 huruf, pemberi 200 huruf."))
    if isinstance(gift.value_idr, bool) or not 0 <= int(gift.value_idr) <= MAX_VALUE_IDR:
        raise _invalid(_("Perkiraan nilai harus bilangan bulat rupiah, tidak negatif."))
    if gift.received_on is not None and gift.received_on > today:
        raise _invalid(_("Tanggal diterima tidak boleh sesudah hari ini."))
    report = None
    if gift.report_id is not None:
        report = (
            GiftReport.objects.filter(
                reporter_is(case.employee_id), pk=gift.report_id, pemda_id=case.pemda_id
            )
            .exclude(status=GiftReport.Status.DRAFT)
            .first()
        )
        if report is None:
            raise _invalid(_("Laporan gratifikasi itu bukan laporan pegawai ini."))
    return SanctionGift(
        pemda_id=case.pemda_id,
        case=case,
        description=description,
        received_on=gift.received_on,
        giver=(gift.giver or "").strip(),
        value_idr=int(gift.value_idr),
        report=report,
    )


def _gift_event(gift: SanctionGift) -> dict[str, Any]:
    return {
        "gift": gift.pk,
        "description": gift.description[:200],
        "value_idr": gift.value_idr,
        # The id of a confidential report is not written in the (clear, hashed) event.
        "report": None if gift.report_sealed else gift.report_id,
        **({"report_confidential": True} if gift.report_sealed else {}),
    }


@transaction.atomic
def sanction_case_open_with_gifts(
    *,
    pemda: Pemda,
    actor: Any,
    employee: Employee,
    source: str,
    description: str,
    today: dt.date,
    source_reference: str = "",
    finding: Any = None,
    gifts: Sequence[GiftData] = (),
) -> SanctionCase:
    """Open a case (`sanction_case_open`) together with the gift(s) it is about, all or none."""
    if len(description) > MAX_TEXT or len(source_reference) > 200:
        raise _invalid(_("Uraian paling panjang 20.000 huruf, rujukan sumber 200 huruf."))
    case = sanction_case_open(
        pemda=pemda,
        actor=actor,
        employee=employee,
        source=source,
        description=description,
        source_reference=source_reference,
        finding=finding,
    )
    for gift in gifts:
        row = _gift_checked(case=case, gift=gift, today=today)
        row.save()
        timeline_record(
            subject=case, type="sanction_gift_added", actor=actor, data=_gift_event(row)
        )
    return case


def _lock_open(case: SanctionCase) -> SanctionCase:
    locked = (
        SanctionCase.objects.select_for_update(of=("self",))
        .select_related("employee__opd", "pemda")
        .get(pk=case.pk)
    )
    if locked.status != SanctionCase.Status.OPEN:
        raise ConflictError(
            _("Kasus ini sudah diputus; pemeriksaan tidak dapat ditambah."),
            code=SanctionError.CASE_CLOSED,
        )
    return locked


@transaction.atomic
def sanction_gift_add(
    *, case: SanctionCase, actor: Any, gift: GiftData, today: dt.date
) -> SanctionGift:
    """Add a gift to a case under examination."""
    case = _lock_open(case)
    row = _gift_checked(case=case, gift=gift, today=today)
    row.save()
    timeline_record(subject=case, type="sanction_gift_added", actor=actor, data=_gift_event(row))
    return row


@dataclass(frozen=True)
class StepData:
    """What a summons, a clarification or a note says."""

    kind: str
    occurred_on: dt.date
    at_time: dt.time | None = None
    place: str = ""
    purpose: str = ""
    letter_number: str = ""
    text: str = ""


def _step_checked(data: StepData, today: dt.date) -> StepData:
    kinds = {SanctionStep.Kind.SUMMONS, SanctionStep.Kind.CLARIFICATION, SanctionStep.Kind.NOTE}
    if data.kind not in kinds:
        raise _invalid(_("Jenis langkah tidak dikenal."))
    place, purpose = data.place.strip(), data.purpose.strip()
    text, number = data.text.strip(), data.letter_number.strip()
    if len(place) > 300 or len(purpose) > 500 or len(number) > 200 or len(text) > MAX_TEXT:
        raise _invalid(_("Isian terlalu panjang."))
    if data.kind == SanctionStep.Kind.SUMMONS:
        if not place or not purpose:
            raise _invalid(_("Panggilan memerlukan tempat dan keperluan."))
        if data.at_time is None:
            raise _invalid(_("Panggilan memerlukan jam."))
    else:
        if data.occurred_on > today:
            raise ApplicationError(
                _("Tanggal tidak boleh sesudah hari ini."), code=SanctionError.DATE_IN_FUTURE
            )
        if not text:
            raise _invalid(
                _("Notula klarifikasi wajib diisi.")
                if data.kind == SanctionStep.Kind.CLARIFICATION
                else _("Catatan wajib diisi.")
            )
    return StepData(
        kind=data.kind,
        occurred_on=data.occurred_on,
        at_time=data.at_time if data.kind != SanctionStep.Kind.NOTE else None,
        place=place,
        purpose=purpose,
        letter_number=number if data.kind == SanctionStep.Kind.SUMMONS else "",
        text=text,
    )


def _step_event(step: SanctionStep) -> dict[str, Any]:
    data: dict[str, Any] = {"step": step.pk, "kind": step.kind, "on": step.occurred_on.isoformat()}
    if step.kind == SanctionStep.Kind.SUMMONS:
        data |= {"place": step.place, "letter_number": step.letter_number}
    return data


@transaction.atomic
def sanction_step_add(
    *, case: SanctionCase, actor: Any, data: StepData, today: dt.date
) -> SanctionStep:
    """Record a summons (date, time, place, purpose; its letter is printed from the step), a
    clarification with its minutes, or a note. Only while the case is being examined."""
    clean = _step_checked(data, today)
    case = _lock_open(case)
    step = SanctionStep.objects.create(
        pemda_id=case.pemda_id,
        case=case,
        kind=clean.kind,
        occurred_on=clean.occurred_on,
        at_time=clean.at_time,
        place=clean.place,
        purpose=clean.purpose,
        letter_number=clean.letter_number,
        text=clean.text,
        created_by=_user(actor),
    )
    timeline_record(
        subject=case, type=f"sanction_step_{clean.kind}", actor=actor, data=_step_event(step)
    )
    if step.kind == SanctionStep.Kind.SUMMONS:
        notify_summons(case, step)
    return step


def sanction_evidence_add(
    *,
    case: SanctionCase,
    actor: Any,
    uploads: Sequence[UploadedFile],
    today: dt.date,
    note: str = "",
) -> SanctionStep:
    """Evidence: one step carrying the files (and an optional note), stored all or nothing
    while the case is being examined. Call outside an enclosing transaction (`files_store`)."""
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise ApplicationError(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            code=SanctionError.TOO_MANY_FILES,
        )
    note = note.strip()[:MAX_TEXT]
    step = SanctionStep(
        pemda_id=case.pemda_id,
        case=case,
        kind=SanctionStep.Kind.EVIDENCE,
        occurred_on=today,
        text=note,
        created_by=_user(actor),
    )

    def guard() -> None:
        _lock_open(case)
        step.save()
        timeline_record(
            subject=case,
            type="sanction_step_evidence",
            actor=actor,
            data={**_step_event(step), "files": len(files)},
        )

    files_store(
        pemda=case.pemda,
        actor=actor,
        uploads=files,
        subject=step,
        purpose=EVIDENCE,
        note=note[:500],
        guard=guard,
    )
    return step


def sanction_step_files(step: SanctionStep) -> list[StoredFile]:
    return list(files_for(step, EVIDENCE))


# --- the decision's deduction, before it is booked -------------------------------------------


@dataclass(frozen=True)
class DeductionPreview:
    """What a "proven not reported" decision on `decided_on` would book."""

    rule: SanctionRule
    tpp_idr: int
    lines: list[DeductionLine]

    @property
    def total_idr(self) -> int:
        return sum(line.deduction_idr for line in self.lines)

    @property
    def per_month_idr(self) -> int:
        return self.lines[0].deduction_idr if self.lines else 0


def sanction_deduction_preview(*, case: SanctionCase, decided_on: dt.date) -> DeductionPreview:
    """The pemda's rule in force on the decision date and the months it withholds, computed
    exactly as `sanction_decide` will (nothing is written)."""
    tpp = case.employee.tpp_monthly_idr
    try:
        rule = sanction_rule_for(sanction_rules_for(case.pemda), decided_on)
        lines = deduction_lines(
            tpp_idr=tpp,
            percent=rule.percent,
            months=rule.months,
            first_month=Month.of(decided_on),
        )
    except SanctionRuleError as exc:
        raise ApplicationError(
            _("Aturan sanksi TPP tidak dapat diterapkan: %(error)s") % {"error": exc},
            code=SanctionError.NO_RULE,
        ) from None
    return DeductionPreview(rule=rule, tpp_idr=tpp, lines=lines)


# --- PP 94/2021 discipline ---------------------------------------------------------------------


@dataclass(frozen=True)
class DisciplineData:
    tier: str
    penalty: str
    decision_number: str
    decided_on: dt.date
    decided_by: str
    legal_basis: str = ""


@transaction.atomic
def sanction_discipline_record(
    *, case: SanctionCase, actor: Any, data: DisciplineData, today: dt.date
) -> SanctionDiscipline:
    """Record (or correct) the PP 94/2021 penalty imposed on the employee alongside the case. The
    penalty must be one of its tier's (PP 94/2021 Pasal 8); SEHATI never chooses it."""
    if data.tier not in SanctionDiscipline.Tier.values:
        raise _invalid(_("Tingkat hukuman disiplin tidak dikenal."))
    if not penalty_fits_tier(tier=data.tier, penalty=data.penalty):
        raise ApplicationError(
            _("Jenis hukuman itu bukan hukuman disiplin tingkat %(tier)s (PP 94/2021 Pasal 8).")
            % {"tier": data.tier},
            code=SanctionError.PENALTY_TIER_MISMATCH,
        )
    number, by = data.decision_number.strip(), data.decided_by.strip()
    if not number or not by:
        raise _invalid(_("Nomor keputusan dan pejabat yang menghukum wajib diisi."))
    if len(number) > 200 or len(by) > 200 or len(data.legal_basis) > 500:
        raise _invalid(_("Isian terlalu panjang."))
    if data.decided_on > today:
        raise ApplicationError(
            _("Tanggal keputusan tidak boleh sesudah hari ini."), code=SanctionError.DATE_IN_FUTURE
        )
    case = (
        SanctionCase.objects.select_for_update(of=("self",)).select_related("pemda").get(pk=case.pk)
    )
    existing = SanctionDiscipline.objects.filter(case=case).first()
    row = existing or SanctionDiscipline(pemda_id=case.pemda_id, case=case)
    row.tier = data.tier
    row.penalty = data.penalty
    row.decision_number = number
    row.decided_on = data.decided_on
    row.decided_by = by
    row.legal_basis = data.legal_basis.strip() or "PP 94/2021 tentang Disiplin PNS"
    row.recorded_by = _user(actor)
    row.save()
    timeline_record(
        subject=case,
        type="sanction_discipline_updated" if existing else "sanction_discipline_recorded",
        actor=actor,
        data={
            "tier": row.tier,
            "penalty": row.penalty,
            "decision_number": number,
            "decided_on": data.decided_on.isoformat(),
        },
    )
    return row


# --- who may read the files ----------------------------------------------------------------------


def _step_file_access(user: Any, step: Any) -> bool:
    """Evidence is internal to the examination: only those who see the pemda's cases."""
    from sehati.accounts.policies import sanction_case_scope_for, sanction_case_wide

    return sanction_case_wide(user) and (
        sanction_case_scope_for(user).filter(pk=step.case_id).exists()
    )


def _appeal_file_access(user: Any, appeal: Any) -> bool:
    """An appeal's file: whoever sees the case (the employee their own)."""
    from sehati.accounts.policies import sanction_case_scope_for

    return sanction_case_scope_for(user).filter(pk=appeal.case_id).exists()


def files_register() -> None:
    file_access_register("sanctions.SanctionStep", _step_file_access)
    file_access_register("sanctions.SanctionAppeal", _appeal_file_access)
