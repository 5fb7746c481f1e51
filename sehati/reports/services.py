"""Writes of gift reports: drafts, submission with the stored assessment, evidence files."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.accounts.models import User
from sehati.core.audit import timeline_record
from sehati.core.counters import counter_next
from sehati.core.crypto import blind_indexes
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import files_store
from sehati.core.models import StoredFile
from sehati.org.models import Employee
from sehati.reports.errors import ReportError
from sehati.reports.files import EVIDENCE
from sehati.reports.models import REPORTER_INDEX, GiftReport, RegisterCounter, ReportItem
from sehati.reports.selfcheck import assessment_as_dict, selfcheck_run
from sehati.rules.assess import Gift, gift_form_of_items, gift_value_of_items
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
    "distributed_to",
    "distributed_on",
)
ITEM_FIELDS = ("description", "form", "quantity", "value_idr")
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


def _items_of(data: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The objects in `data` (None when the caller did not send any), validated; the report's
    value and form then follow from them (see `gift_form_of_items`)."""
    raw = data.get("items")
    if raw is None:
        return None
    items = [{k: item.get(k) for k in ITEM_FIELDS} for item in raw]
    if not items:
        raise ApplicationError(
            _("Laporan harus memuat paling sedikit satu objek."), code=ReportError.INVALID
        )
    if len(items) > MAX_ITEMS:
        raise ApplicationError(
            _("Satu laporan memuat paling banyak %(n)s objek.") % {"n": MAX_ITEMS},
            code=ReportError.INVALID,
        )
    for item in items:
        item["quantity"] = item.get("quantity") or 1
        item["description"] = str(item.get("description") or "").strip()[:300]
        if not item["description"]:
            raise ApplicationError(_("Setiap objek perlu uraian."), code=ReportError.INVALID)
        try:
            Form(item["form"])
        except ValueError:
            raise ApplicationError(
                _("Bentuk objek tidak dikenal."), code=ReportError.INVALID
            ) from None
    return items


def _derived_gift(items: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [(Form(i["form"]), int(i["value_idr"])) for i in items]
    return {"form": gift_form_of_items(pairs).value, "value_idr": gift_value_of_items(pairs)}


def _items_save(report: GiftReport, items: list[dict[str, Any]]) -> None:
    report.items.all().delete()
    ReportItem.objects.bulk_create(
        ReportItem(pemda_id=report.pemda_id, report=report, position=n, **item)
        for n, item in enumerate(items, start=1)
    )


def _items_default(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One object from the report's own description, form and value (an API client that sends
    no `items`)."""
    return [
        {
            "description": str(data.get("description") or "").strip()[:300] or "-",
            "form": data["form"],
            "quantity": 1,
            "value_idr": data["value_idr"],
        }
    ]


MAX_ITEMS = 50


def report_is_filer(*, report: GiftReport, actor: Any) -> bool:
    """The reporter, or the UPG officer who filed the report for them from a paper form."""
    if actor.employee_id is not None and report.reporter_id == actor.employee_id:
        return True
    return bool(report.created_by_id == actor.pk)


def _report_by_key(actor: User, key: str) -> GiftReport | None:
    """The report `actor` created with this idempotency key; on a confidential report of their
    own the filer is sealed, and the reporter's blind index finds it."""
    mine = Q(created_by=actor)
    if actor.employee_id is not None:
        mine |= Q(reporter_ref__in=blind_indexes(str(actor.employee_id), purpose=REPORTER_INDEX))
    return GiftReport.objects.filter(mine, idempotency_key=key).first()


def report_create(
    *,
    actor: User,
    data: dict[str, Any],
    idempotency_key: str | None = None,
    reporter: Employee | None = None,
) -> tuple[GiftReport, bool]:
    """Create a draft for the actor's own employee record — or, for a UPG officer filing a paper
    form, for `reporter` (the caller has checked the officer's scope over that employee). With
    an idempotency key, the same key again returns the first report and creates nothing (also
    under concurrent requests)."""
    employee = reporter or actor.employee
    if reporter is not None and reporter.pemda_id != actor.pemda_id:
        raise ApplicationError(_("Pegawai bukan dari pemda ini."), code=ReportError.INVALID)
    if employee is None or actor.pemda_id is None:
        raise ApplicationError(
            _("Hanya ASN yang terdaftar sebagai pegawai dapat membuat laporan."),
            code=ReportError.NOT_AN_EMPLOYEE,
        )
    if idempotency_key:
        existing = _report_by_key(actor, idempotency_key)
        if existing is not None:
            return existing, False
    items = _items_of(data)
    values = {k: v for k, v in data.items() if k in REPORT_FIELDS}
    if items is not None:
        derived = _derived_gift(items)
        if "value_idr" in data and data["value_idr"] != derived["value_idr"]:
            raise ApplicationError(
                _("Nilai laporan harus sama dengan jumlah nilai objek (%(total)s).")
                % {"total": derived["value_idr"]},
                code=ReportError.INVALID,
            )
        values.update(derived)
    else:
        items = _items_default(values)
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
            _items_save(report, items)
            timeline_record(
                subject=report,
                type="report_draft_created",
                actor=actor,
                data={"kind": report.kind, "on_behalf": reporter is not None},
            )
    except IntegrityError:
        if not idempotency_key:
            raise
        # Another request with the same key won the race: answer with its report.
        existing = _report_by_key(actor, idempotency_key)
        if existing is None:
            raise
        return existing, False
    return report, True


@dataclass(frozen=True)
class Submitted:
    report: GiftReport
    receipt_code: str  # shown once; only its hash is stored


def _next_register_number(*, report: GiftReport, today: dt.date) -> str:
    number = counter_next(RegisterCounter, pemda_id=report.pemda_id, year=today.year)
    return f"GRT/{today.year}/{number:06d}"


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
        # A UP3/Inspektorat finding about this reporter's gift came first (DECISIONS.md #10):
        # flagged "setelah temuan"; only KPK decides what follows.
        from sehati.monitoring.findings import finding_for_report  # findings build on reports

        finding = finding_for_report(report=locked)
        if finding is not None:
            locked.after_finding = True
            locked.finding_reference = finding.number
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
        from sehati.cases.services import case_open  # cases build on reports

        timeline_record(
            subject=locked,
            type="report_submitted",
            actor=actor,
            data={
                "register_number": locked.register_number,
                "must_report": locked.must_report,
                "rule_set": locked.rule_set,
                "late": locked.is_late,
                "after_finding": locked.after_finding,
            },
        )
        # Routing is SEHATI's doing, not the reporter's: the event is the system's.
        case_open(report=locked, actor="SEHATI", today=today)
        if locked.confidential:
            report_timeline_relabel(report=locked)
    return Submitted(report=locked, receipt_code=code)


def report_update_draft(*, report: GiftReport, actor: User, data: dict[str, Any]) -> GiftReport:
    """Change a draft (a submitted report is the legal record: it is never edited)."""
    with transaction.atomic():
        locked = GiftReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != GiftReport.Status.DRAFT:
            raise ConflictError(
                _("Laporan yang sudah dikirim tidak dapat diubah."), code=ReportError.NOT_DRAFT
            )
        items = _items_of(data)
        values = {k: v for k, v in data.items() if k in REPORT_FIELDS}
        if items is not None:
            values.update(_derived_gift(items))
        changed = []
        for key, value in values.items():
            if getattr(locked, key) != value:
                setattr(locked, key, value)
                changed.append(key)
        if items is not None:
            old = list(locked.items.values(*ITEM_FIELDS))
            if old != items:
                _items_save(locked, items)
                changed.append("items")
        elif {"form", "value_idr", "description"} & set(changed) and locked.items.count() <= 1:
            # A client that never sent objects keeps its one object in step with the report.
            _items_save(locked, _items_default(vars(locked)))
        if changed:
            locked.save()
            if "confidential" in changed and locked.confidential:
                report_timeline_relabel(report=locked)
            timeline_record(
                subject=locked,
                type="report_draft_updated",
                actor=actor,
                data={"fields": sorted(changed)},
            )
    return locked


# --- evidence (issue #4, point 3) -------------------------------------------------------------

# States in which the reporter may still add evidence: while drafting, and after submission when
# the UPG asks for more (completeness check).
EVIDENCE_OPEN_STATUSES = frozenset({GiftReport.Status.DRAFT, GiftReport.Status.SUBMITTED})


def report_evidence_attach_many(
    *, report: GiftReport, actor: User, uploads: Sequence[UploadedFile], note: str = ""
) -> list[StoredFile]:
    """Attach evidence files (photos, scans, PDF) to the actor's own report, all or none.

    Every file is checked (type by content, size) before anything is stored; the report is locked
    and its state checked in the same transaction as the rows and the timeline events."""

    def guard() -> None:
        locked = GiftReport.objects.select_for_update().get(pk=report.pk)
        if not report_is_filer(report=locked, actor=actor):
            raise ApplicationError(
                _("Hanya pelapor yang dapat melampirkan bukti pada laporannya."),
                code=ReportError.NOT_OWNER,
            )
        if locked.status not in EVIDENCE_OPEN_STATUSES:
            raise ConflictError(
                _("Bukti tidak dapat ditambahkan pada laporan dengan status ini."),
                code=ReportError.EVIDENCE_CLOSED,
            )

    return files_store(
        pemda=report.pemda,
        actor=actor,
        uploads=uploads,
        subject=report,
        purpose=EVIDENCE,
        note=note,
        guard=guard,
    )


def report_evidence_attach(
    *, report: GiftReport, actor: User, upload: UploadedFile, note: str = ""
) -> StoredFile:
    """Attach one evidence file to the actor's own report (see `report_evidence_attach_many`)."""
    return report_evidence_attach_many(report=report, actor=actor, uploads=[upload], note=note)[0]


def report_timeline_relabel(*, report: GiftReport) -> int:
    """Once a report is confidential, the reporter's earlier events on it no longer carry their
    name. Their events carry no account since issue #9 (`GiftReport.timeline_actor_hidden`);
    on older ones the account link is cleared too (the hashed actor id stays: the chain)."""
    from django.contrib.contenttypes.models import ContentType

    from sehati.core.models import TimelineEvent
    from sehati.reports.models import CONFIDENTIAL_ACTOR

    report_history_unlink(report=report)
    return TimelineEvent.objects.filter(
        Q(data__by_reporter=True) | Q(actor__employee_id=report.reporter_id),
        subject_type=ContentType.objects.get_for_model(GiftReport),
        subject_id=report.pk,
    ).update(actor_label=str(CONFIDENTIAL_ACTOR), actor=None)


def report_history_unlink(*, report: GiftReport) -> int:
    """Once a report is confidential, its earlier versions (saved while it was a draft that was
    not) lose the reporter, the reporter's own account as filer, and the reporter as the user
    who saved them (issue #9 point 1). History is not the audit chain: it may be rewritten."""
    from sehati.declarations.models import DeclaredGift  # declarations build on reports

    # A draft started from a declared gift stops being that gift's draft: the declaration
    # names its employee.
    DeclaredGift.objects.filter(report_id=report.pk).update(report=None)
    history = GiftReport.history.model.objects.filter(id=report.pk)
    n: int = history.exclude(reporter_id=None).update(reporter_id=None)
    if report.reporter_id is None:
        return n
    users = list(User.objects.filter(employee_id=report.reporter_id).values_list("pk", flat=True))
    if users:
        n += history.filter(created_by_id__in=users).update(created_by_id=None)
        n += history.filter(history_user_id__in=users).update(history_user_id=None)
    return n
