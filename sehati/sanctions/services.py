"""Sanction cases, their decisions and appeals, and the monthly TPP payroll list (issue #6).

The amounts come from the pure rules (sehati/rules/tpp.py). A month the payroll has processed
never changes: a later change becomes a correction line in the first open month after the
latest processed one (`ledger_corrections`). Months not yet processed are simply rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.org.models import Employee, Pemda
from sehati.rules.tpp import (
    DeductionLine,
    Month,
    SanctionRule,
    SanctionRuleError,
    deduction_lines,
    hss_default_rules,
    ledger_corrections,
    sanction_rule_for,
)
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import PayrollMonth, SanctionCase, SanctionRuleRecord, TppDeduction
from sehati.sanctions.notify import notify_decision

AppealOutcome = Literal["upheld", "cancelled", "changed"]
APPEAL_OUTCOMES: tuple[str, ...] = ("upheld", "cancelled", "changed")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def sanction_rules_for(pemda: Pemda) -> tuple[SanctionRule, ...]:
    """The pemda's own sanction rules, or the SEHATI regency's default when it has none."""
    records = SanctionRuleRecord.objects.filter(pemda=pemda).order_by("valid_from", "code")
    rules = tuple(
        SanctionRule(
            code=r.code,
            percent=r.percent,
            months=r.months,
            legal_basis=r.legal_basis,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
        )
        for r in records
    )
    return rules or hss_default_rules()


def processed_months(pemda: Pemda) -> set[Month]:
    return {
        Month.parse(m)
        for m in PayrollMonth.objects.filter(pemda=pemda).values_list("month", flat=True)
    }


def open_month_for(*, processed: set[Month], today: dt.date) -> Month:
    """Where a change is booked: the first month after the latest processed one, and not
    before the current month."""
    month = Month.of(today)
    if processed and month <= max(processed):
        month = max(processed).next()
    return month


@transaction.atomic
def sanction_case_open(
    *,
    pemda: Pemda,
    actor: Any,
    employee: Employee,
    source: str,
    description: str,
    source_reference: str = "",
    finding: Any = None,
) -> SanctionCase:
    """Open a case about `employee`. `finding` (a monitoring.Finding of the same pemda) names
    the UP3 finding the case comes from."""
    if employee.pemda_id != pemda.pk:
        raise ApplicationError(
            _("Pegawai tidak ditemukan di pemda ini."), code=SanctionError.INVALID
        )
    if finding is not None and finding.pemda_id != pemda.pk:
        raise ApplicationError(
            _("Temuan tidak ditemukan di pemda ini."), code=SanctionError.INVALID
        )
    if source not in SanctionCase.Source.values:
        raise ApplicationError(_("Sumber kasus tidak dikenal."), code=SanctionError.INVALID)
    description = description.strip()
    if not description:
        raise ApplicationError(_("Uraian kasus wajib diisi."), code=SanctionError.INVALID)
    case = SanctionCase.objects.create(
        pemda=pemda,
        employee=employee,
        source=source,
        source_reference=source_reference.strip(),
        description=description,
        created_by=_user(actor),
        finding=finding,
    )
    data: dict[str, Any] = {
        "employee": employee.pk,
        "source": source,
        "source_reference": case.source_reference,
    }
    if finding is not None:
        data["finding"] = finding.pk
    timeline_record(subject=case, type="sanction_case_opened", actor=actor, data=data)
    return case


def _booked_lines(rows: Sequence[TppDeduction]) -> list[DeductionLine]:
    return [
        DeductionLine(
            month=Month.parse(row.month),
            tpp_idr=row.tpp_idr,
            percent=row.percent,
            deduction_idr=row.deduction_idr,
            corrects=Month.parse(row.corrects_month) if row.corrects_month else None,
        )
        for row in rows
    ]


def _book(
    *,
    case: SanctionCase,
    wanted: Sequence[DeductionLine],
    today: dt.date,
    decision_number: str,
    legal_basis: str,
) -> list[TppDeduction]:
    """Make the case's ledger say `wanted`: rows in open months are replaced; processed months
    get correction lines in the open month. Returns the rows written."""
    processed = processed_months(case.pemda)
    open_month = open_month_for(processed=processed, today=today)
    rows = list(TppDeduction.objects.filter(case=case).order_by("id"))
    fixed = [r for r in rows if Month.parse(r.month) in processed]
    TppDeduction.objects.filter(pk__in=[r.pk for r in rows if r not in fixed]).delete()
    corrections = ledger_corrections(
        booked=_booked_lines(fixed), wanted=wanted, processed=processed, open_month=open_month
    )
    new_lines = [line for line in wanted if line.month not in processed] + corrections
    employee = case.employee
    written = [
        TppDeduction(
            pemda=case.pemda,
            case=case,
            employee=employee,
            nip=employee.nip,
            name=employee.name,
            opd_name=employee.opd.name,
            month=str(line.month),
            tpp_idr=line.tpp_idr,
            percent=line.percent,
            deduction_idr=line.deduction_idr,
            kind=line.kind,
            corrects_month=str(line.corrects) if line.corrects else "",
            decision_number=decision_number,
            legal_basis=legal_basis,
        )
        for line in new_lines
    ]
    return TppDeduction.objects.bulk_create(written)


def _locked(case: SanctionCase) -> SanctionCase:
    return (
        SanctionCase.objects.select_for_update(of=("self",))
        .select_related("employee__opd", "pemda")
        .get(pk=case.pk)
    )


@transaction.atomic
def sanction_decide(
    *,
    case: SanctionCase,
    actor: Any,
    decision: str,
    decision_number: str,
    decided_on: dt.date,
    today: dt.date,
    legal_basis: str = "",
) -> SanctionCase:
    """Record the decision. "Proven not reported" withholds TPP by the pemda's rule in force on
    the decision date, from the month of the decision."""
    case = _locked(case)
    if case.status == SanctionCase.Status.DECIDED:
        raise ConflictError(_("Kasus ini sudah diputus."), code=SanctionError.ALREADY_DECIDED)
    if decision not in SanctionCase.Decision.values or not decision:
        raise ApplicationError(_("Putusan tidak dikenal."), code=SanctionError.INVALID)
    decision_number = decision_number.strip()
    if not decision_number:
        raise ApplicationError(_("Nomor keputusan wajib diisi."), code=SanctionError.INVALID)
    if decided_on > today:
        raise ApplicationError(
            _("Tanggal keputusan tidak boleh sesudah hari ini."), code=SanctionError.DATE_IN_FUTURE
        )
    data: dict[str, Any] = {
        "decision": decision,
        "decision_number": decision_number,
        "decided_on": decided_on.isoformat(),
    }
    if decision == SanctionCase.Decision.NOT_REPORTED:
        try:
            rule = sanction_rule_for(sanction_rules_for(case.pemda), decided_on)
            wanted = deduction_lines(
                tpp_idr=case.employee.tpp_monthly_idr,
                percent=rule.percent,
                months=rule.months,
                first_month=Month.of(decided_on),
            )
        except SanctionRuleError as exc:
            raise ApplicationError(
                _("Aturan sanksi TPP tidak dapat diterapkan: %(error)s") % {"error": exc},
                code=SanctionError.NO_RULE,
            ) from None
        legal_basis = legal_basis.strip() or rule.legal_basis
        rows = _book(
            case=case,
            wanted=wanted,
            today=today,
            decision_number=decision_number,
            legal_basis=legal_basis,
        )
        data |= {
            "rule": rule.code,
            "percent": rule.percent,
            "months": rule.months,
            "lines": [(r.month, r.kind, r.deduction_idr) for r in rows],
        }
    case.status = SanctionCase.Status.DECIDED
    case.decision = decision
    case.decision_number = decision_number
    case.decided_on = decided_on
    case.legal_basis = legal_basis.strip()
    case.save(
        update_fields=[
            "status",
            "decision",
            "decision_number",
            "decided_on",
            "legal_basis",
            "updated_at",
        ]
    )
    timeline_record(subject=case, type="sanction_decided", actor=actor, data=data)
    notify_decision(case)
    return case


@transaction.atomic
def sanction_appeal_decide(
    *,
    case: SanctionCase,
    actor: Any,
    outcome: AppealOutcome,
    today: dt.date,
    percent: int | None = None,
    decision_number: str = "",
) -> SanctionCase:
    """Record the outcome of an appeal (keberatan) against a "proven not reported" decision:
    upheld changes nothing, cancelled withdraws every month, changed recomputes the same months
    with a new percent. Processed months get correction lines; open months are rewritten."""
    case = _locked(case)
    if case.status != SanctionCase.Status.DECIDED:
        raise ConflictError(_("Kasus ini belum diputus."), code=SanctionError.NOT_DECIDED)
    if case.decision != SanctionCase.Decision.NOT_REPORTED:
        raise ConflictError(
            _("Hanya putusan terbukti tidak melapor yang memotong TPP."),
            code=SanctionError.NO_DEDUCTION,
        )
    if outcome not in APPEAL_OUTCOMES:
        raise ApplicationError(_("Hasil keberatan tidak dikenal."), code=SanctionError.INVALID)
    if outcome == "changed" and (percent is None or not 1 <= percent <= 100):
        raise ApplicationError(
            _("Persen potongan baru harus 1 sampai 100."), code=SanctionError.INVALID
        )
    if case.decided_on is not None and today < case.decided_on:
        raise ApplicationError(
            _("Tanggal keberatan tidak boleh sebelum tanggal keputusan."),
            code=SanctionError.INVALID,
        )
    data: dict[str, Any] = {"outcome": outcome, "decision_number": decision_number.strip()}
    if outcome != "upheld":
        rows = list(TppDeduction.objects.filter(case=case))
        months = sorted({(r.corrects_month or r.month) for r in rows})
        wanted: list[DeductionLine] = []
        if outcome == "changed" and months and percent is not None:
            wanted = deduction_lines(
                tpp_idr=rows[0].tpp_idr,
                percent=percent,
                months=len(months),
                first_month=Month.parse(months[0]),
            )
        written = _book(
            case=case,
            wanted=wanted,
            today=today,
            decision_number=decision_number.strip() or case.decision_number,
            legal_basis=case.legal_basis,
        )
        data |= {
            "percent": percent,
            "lines": [(r.month, r.kind, r.corrects_month, r.deduction_idr) for r in written],
        }
    timeline_record(subject=case, type="sanction_appeal_decided", actor=actor, data=data)
    return case


@transaction.atomic
def payroll_month_process(*, pemda: Pemda, actor: Any, month: Month) -> PayrollMonth:
    """The operator TPP has processed the month's list: it never changes again."""
    if PayrollMonth.objects.select_for_update().filter(pemda=pemda, month=str(month)).exists():
        raise ConflictError(
            _("Bulan %(month)s sudah ditandai diproses.") % {"month": month},
            code=SanctionError.MONTH_ALREADY_PROCESSED,
        )
    row = PayrollMonth.objects.create(pemda=pemda, month=str(month), processed_by=_user(actor))
    timeline_record(
        subject=row,
        type="payroll_month_processed",
        actor=actor,
        data={
            "month": str(month),
            "lines": TppDeduction.objects.filter(pemda=pemda, month=str(month)).count(),
        },
    )
    return row
