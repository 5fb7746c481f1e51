"""Writes of gift reports: drafts, submission with the stored assessment."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.accounts.models import User
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.reports.errors import ReportError
from sehati.reports.models import GiftReport, RegisterCounter
from sehati.reports.selfcheck import assessment_as_dict, selfcheck_run
from sehati.rules.assess import Gift
from sehati.rules.rulesets import Category, Form, Relation

# Fields a reporter fills in (everything else is set by the services).
REPORT_FIELDS = (
    "kind",
    "reporter_nik",
    "reporter_address",
    "reporter_phone",
    "confidential",
    "giver_name",
    "giver_occupation",
    "giver_agency",
    "giver_address",
    "giver_relation",
    "giver_reason",
    "received_on",
    "place",
    "category",
    "form",
    "value_idr",
    "same_giver_year_total_idr",
    "conflict_of_interest",
    "to_institution",
    "description",
    "chronology",
    "object_location",
    "compensation_requested",
)
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over a phone
RECEIPT_LENGTH = 20  # 31**20 ≈ 2**99, above the 80 bits issue #4 asks


def receipt_code_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, RECEIPT_LENGTH, 5))


def receipt_code_hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()


def _gift_of(report: GiftReport) -> Gift:
    return Gift(
        received_on=report.received_on,
        category=Category(report.category),
        form=Form(report.form),
        value_idr=report.value_idr,
        giver_relation=Relation(report.giver_relation),
        same_giver_year_total_idr=report.same_giver_year_total_idr,
        conflict_of_interest=report.conflict_of_interest,
        to_institution=report.to_institution,
    )


def report_create(
    *, actor: User, data: dict[str, Any], idempotency_key: str | None = None
) -> tuple[GiftReport, bool]:
    """Create a draft for the actor's own employee record. With an idempotency key, the same key
    again returns the first report and creates nothing (also under concurrent requests)."""
    employee = actor.employee
    if employee is None or actor.pemda_id is None:
        raise ApplicationError(
            _("Hanya ASN yang terdaftar sebagai pegawai dapat membuat laporan."),
            code=ReportError.NOT_AN_EMPLOYEE,
        )
    if idempotency_key:
        existing = GiftReport.objects.filter(
            created_by=actor, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing, False
    values = {k: v for k, v in data.items() if k in REPORT_FIELDS}
    report = GiftReport(
        pemda_id=actor.pemda_id,
        reporter=employee,
        reporter_opd_id=employee.opd_id,
        reporter_jabatan=employee.jabatan,
        created_by=actor,
        idempotency_key=idempotency_key or "",
        **values,
    )
    try:
        with transaction.atomic():
            report.save()
            timeline_record(
                subject=report, type="report_draft_created", actor=actor, data={"kind": report.kind}
            )
    except IntegrityError:
        if not idempotency_key:
            raise
        # Another request with the same key won the race: answer with its report.
        existing = GiftReport.objects.filter(
            created_by=actor, idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return existing, False
    return report, True


@dataclass(frozen=True)
class Submitted:
    report: GiftReport
    receipt_code: str  # shown once; only its hash is stored


def _next_register_number(*, report: GiftReport, today: dt.date) -> str:
    RegisterCounter.objects.get_or_create(pemda_id=report.pemda_id, year=today.year)
    counter = RegisterCounter.objects.select_for_update().get(
        pemda_id=report.pemda_id, year=today.year
    )
    counter.last += 1
    counter.save(update_fields=["last", "updated_at"])
    return f"GRT/{today.year}/{counter.last:06d}"


def report_submit(*, report: GiftReport, actor: User, today: dt.date) -> Submitted:
    """Submit a draft: assess it under the rules of its receipt date (stored with the report),
    give it a register number and a receipt code, and flag it late when past receipt + 30 HK.

    A gift that need not be reported can still be submitted: reporting is never blocked."""
    with transaction.atomic():
        locked = GiftReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != GiftReport.Status.DRAFT:
            raise ConflictError(_("Laporan ini sudah dikirim."), code=ReportError.NOT_DRAFT)
        result = selfcheck_run(pemda=locked.pemda, gift=_gift_of(locked))
        assessment = result.assessment
        code = receipt_code_new()
        locked.status = GiftReport.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_on = today
        locked.register_number = _next_register_number(report=locked, today=today)
        locked.receipt_code_hash = receipt_code_hash(code)
        locked.must_report = assessment.must_report
        locked.exemption = assessment.exemption.value if assessment.exemption else ""
        locked.rule_set = assessment.rule_set
        locked.legal_basis = assessment.legal_basis[:500]
        locked.report_due = assessment.report_due
        locked.is_late = assessment.report_due is not None and today > assessment.report_due
        locked.assessment = {
            **assessment_as_dict(assessment),
            "deadlines": [
                {
                    "code": d.code.value,
                    "due_on": d.due_on.isoformat(),
                    "working_days": d.working_days,
                    "legal_basis": d.legal_basis,
                    "capped": d.capped,
                }
                for d in result.deadlines
            ],
        }
        locked.save()
        timeline_record(
            subject=locked,
            type="report_submitted",
            actor=actor,
            data={
                "register_number": locked.register_number,
                "must_report": locked.must_report,
                "rule_set": locked.rule_set,
                "late": locked.is_late,
            },
        )
    return Submitted(report=locked, receipt_code=code)


def report_update_draft(*, report: GiftReport, actor: User, data: dict[str, Any]) -> GiftReport:
    """Change a draft (a submitted report is the legal record: it is never edited)."""
    with transaction.atomic():
        locked = GiftReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != GiftReport.Status.DRAFT:
            raise ConflictError(
                _("Laporan yang sudah dikirim tidak dapat diubah."), code=ReportError.NOT_DRAFT
            )
        changed = []
        for key, value in data.items():
            if key in REPORT_FIELDS and getattr(locked, key) != value:
                setattr(locked, key, value)
                changed.append(key)
        if changed:
            locked.save()
            timeline_record(
                subject=locked,
                type="report_draft_updated",
                actor=actor,
                data={"fields": sorted(changed)},
            )
    return locked
