"""Writes of the privacy module (issue #9 point 3): the retention schedule, legal holds, the
retention job and data-subject requests. Each write records its timeline event in the same
transaction (STYLE.md rule 4)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError
from sehati.org.models import Employee, Pemda
from sehati.privacy.errors import PrivacyError
from sehati.privacy.models import (
    DataSubjectRequest,
    LegalHold,
    RecordType,
    RetentionDone,
    RetentionRule,
    RetentionRun,
)
from sehati.privacy.retention import KINDS, RecordKind, years_before

# UU PDP: the controller answers access, correction and restriction requests within 3 x 24 hours.
DSR_HOURS = 72


# --- the schedule -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    kind: RecordKind
    keep_years: int
    action: str
    rule: RetentionRule | None

    @property
    def is_default(self) -> bool:
        return self.rule is None


def retention_schedule(pemda: Pemda) -> list[ScheduleRow]:
    """Every record type with the period and action in force for the pemda."""
    rules = {r.record_type: r for r in RetentionRule.objects.filter(pemda=pemda)}
    rows = []
    for key, kind in KINDS.items():
        rule = rules.get(key)
        rows.append(
            ScheduleRow(
                kind=kind,
                keep_years=rule.keep_years if rule else kind.default_years,
                action=rule.action if rule else kind.default_action,
                rule=rule,
            )
        )
    return rows


def _kind(record_type: str) -> RecordKind:
    kind = KINDS.get(record_type)
    if kind is None:
        raise ApplicationError(_("Jenis data tidak dikenal."), code=PrivacyError.RECORD_TYPE)
    return kind


def retention_rule_set(
    *, pemda: Pemda, actor: Any, record_type: str, keep_years: int, action: str
) -> RetentionRule:
    kind = _kind(record_type)
    if action not in kind.actions:
        raise ApplicationError(
            _("Tindakan itu tidak tersedia untuk %(k)s.") % {"k": kind.label},
            code=PrivacyError.ACTION,
        )
    if not 1 <= keep_years <= 100:
        raise ApplicationError(
            _("Masa simpan harus 1 sampai 100 tahun."), code=PrivacyError.KEEP_YEARS
        )
    with transaction.atomic():
        rule, _created = RetentionRule.objects.select_for_update().get_or_create(
            pemda=pemda,
            record_type=record_type,
            defaults={"keep_years": keep_years, "action": action, "updated_by": actor},
        )
        before = {"keep_years": rule.keep_years, "action": rule.action}
        rule.keep_years, rule.action, rule.updated_by = keep_years, action, actor
        rule.save()
        timeline_record(
            subject=rule,
            type="retention_rule_set",
            actor=actor,
            data={
                "record_type": record_type,
                "keep_years": keep_years,
                "action": action,
                "before": before if not _created else None,
            },
        )
    return rule


# --- legal holds ------------------------------------------------------------------------------


def _record_of(pemda: Pemda, record_type: str, object_id: int) -> Any:
    kind = _kind(record_type)
    model = kind.expired(pemda, dt.date.max).model
    record = model.objects.filter(pemda=pemda, pk=object_id).first()
    if record is None:
        raise ApplicationError(
            _("%(k)s nomor %(n)s tidak ada di pemda ini.") % {"k": kind.label, "n": object_id},
            code=PrivacyError.NOT_FOUND,
        )
    return record


def legal_hold_place(
    *, pemda: Pemda, actor: Any, record_type: str, object_id: int, reason: str
) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan penahanan."), code=PrivacyError.REASON)
    _record_of(pemda, record_type, object_id)
    with transaction.atomic():
        if LegalHold.objects.filter(
            pemda=pemda, record_type=record_type, object_id=object_id, released_at__isnull=True
        ).exists():
            raise ApplicationError(_("Data itu sudah ditahan."), code=PrivacyError.HOLD_ACTIVE)
        hold = LegalHold.objects.create(
            pemda=pemda,
            record_type=record_type,
            object_id=object_id,
            reason=reason,
            placed_by=actor,
        )
        timeline_record(
            subject=hold,
            type="legal_hold_placed",
            actor=actor,
            data={"record_type": record_type, "object_id": object_id, "reason": reason},
        )
    return hold


def legal_hold_release(*, hold: LegalHold, actor: Any, reason: str) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan pelepasan."), code=PrivacyError.REASON)
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise ApplicationError(
                _("Penahanan ini sudah dilepas."), code=PrivacyError.HOLD_RELEASED
            )
        hold.released_at = timezone.now()
        hold.released_by = actor
        hold.release_reason = reason
        hold.save()
        timeline_record(
            subject=hold,
            type="legal_hold_released",
            actor=actor,
            data={"record_type": hold.record_type, "object_id": hold.object_id, "reason": reason},
        )
    return hold


# --- the retention job ------------------------------------------------------------------------


@dataclass
class Expired:
    """What retention would take today for one record type."""

    row: ScheduleRow
    last_day: dt.date  # records that ended on or before this day have expired
    due: list[int]
    held: list[int]


def retention_expired(pemda: Pemda, today: dt.date) -> list[Expired]:
    """Per record type: the ids retention takes today, and the expired ids held back."""
    out = []
    for row in retention_schedule(pemda):
        last_day = years_before(today, row.keep_years)
        done = RetentionDone.objects.filter(pemda=pemda, record_type=row.kind.key).values(
            "object_id"
        )
        ids = list(
            row.kind.expired(pemda, last_day)
            .exclude(pk__in=done)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        held = set(
            LegalHold.objects.filter(
                pemda=pemda,
                record_type=row.kind.key,
                released_at__isnull=True,
                object_id__in=ids,
            ).values_list("object_id", flat=True)
        )
        out.append(
            Expired(
                row=row,
                last_day=last_day,
                due=[i for i in ids if i not in held],
                held=sorted(held),
            )
        )
    return out


def retention_run(*, pemda: Pemda, today: dt.date, actor: Any = None) -> RetentionRun:
    """Anonymise or delete every expired record not under a legal hold. One transaction per
    record, so a failure leaves the others done and is retried the next day; the run's counts
    are recorded at the end."""
    counts: dict[str, dict[str, int]] = {}
    for item in retention_expired(pemda, today):
        kind, action = item.row.kind, item.row.action
        tally = {"anonymised": 0, "deleted": 0, "held": len(item.held)}
        model = kind.expired(pemda, item.last_day).model
        for object_id in item.due:
            with transaction.atomic():
                record = model.objects.select_for_update().filter(pk=object_id).first()
                if record is None:
                    continue
                if LegalHold.objects.filter(
                    pemda=pemda,
                    record_type=kind.key,
                    object_id=object_id,
                    released_at__isnull=True,
                ).exists():  # placed since the list was read
                    tally["held"] += 1
                    continue
                if action == "delete" and kind.delete is not None:
                    kind.delete(record)
                    timeline_record(
                        subject=pemda,
                        type="retention_deleted",
                        actor=actor or "sistem",
                        data={"record_type": kind.key, "object_id": object_id},
                    )
                    tally["deleted"] += 1
                else:
                    kind.anonymise(record)
                    RetentionDone.objects.create(
                        pemda=pemda, record_type=kind.key, object_id=object_id
                    )
                    timeline_record(
                        subject=record,
                        type="retention_anonymised",
                        actor=actor or "sistem",
                        data={"record_type": kind.key, "keep_years": item.row.keep_years},
                    )
                    tally["anonymised"] += 1
        counts[kind.key] = tally
    with transaction.atomic():
        run = RetentionRun.objects.create(
            pemda=pemda,
            run_on=today,
            counts=counts,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        timeline_record(subject=run, type="retention_run", actor=actor or "sistem", data=counts)
    return run


# --- data-subject requests --------------------------------------------------------------------


def _dsr_number(pemda: Pemda, year: int) -> str:
    prefix = f"PDP-{year}-"
    last = (
        DataSubjectRequest.objects.filter(pemda=pemda, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{n:04d}"


def dsr_create(
    *,
    pemda: Pemda,
    actor: Any,
    kind: str,
    subject_name: str,
    details: str,
    received_at: dt.datetime,
    subject_contact: str = "",
    employee: Employee | None = None,
    now: dt.datetime | None = None,
) -> DataSubjectRequest:
    now = now or timezone.now()
    if timezone.is_naive(received_at):  # a time without offset is the pemda's local time
        received_at = timezone.make_aware(received_at, zoneinfo.ZoneInfo(pemda.time_zone))
    if kind not in DataSubjectRequest.Kind.values:
        raise ApplicationError(_("Jenis permintaan tidak dikenal."), code=PrivacyError.RECORD_TYPE)
    if received_at > now + dt.timedelta(minutes=5):
        raise ApplicationError(
            _("Waktu diterima tidak boleh di masa depan."), code=PrivacyError.RECEIVED_AT
        )
    if received_at < now - dt.timedelta(days=366):
        raise ApplicationError(
            _("Waktu diterima lebih dari setahun lalu; periksa kembali."),
            code=PrivacyError.RECEIVED_AT,
        )
    if employee is not None and employee.pemda_id != pemda.pk:
        raise ApplicationError(_("Pegawai tidak ditemukan."), code=PrivacyError.NOT_FOUND)
    with transaction.atomic():
        Pemda.objects.select_for_update(no_key=True).filter(pk=pemda.pk).first()
        dsr = DataSubjectRequest.objects.create(
            pemda=pemda,
            number=_dsr_number(pemda, timezone.localtime(received_at).year),
            kind=kind,
            subject_name=subject_name.strip(),
            subject_contact=subject_contact.strip(),
            employee=employee,
            details=details.strip(),
            received_at=received_at,
            due_at=received_at + dt.timedelta(hours=DSR_HOURS),
            created_by=actor,
        )
        timeline_record(
            subject=dsr,
            type="dsr_received",
            actor=actor,
            data={"number": dsr.number, "kind": kind, "due_at": dsr.due_at.isoformat()},
        )
    return dsr


def dsr_close(
    *, request: DataSubjectRequest, actor: Any, status: str, response: str
) -> DataSubjectRequest:
    response = response.strip()
    if status not in (DataSubjectRequest.Status.DONE, DataSubjectRequest.Status.REFUSED):
        raise ApplicationError(_("Pilih dipenuhi atau ditolak."), code=PrivacyError.ACTION)
    if not response:
        raise ApplicationError(
            _("Tuliskan jawaban kepada subjek data."), code=PrivacyError.RESPONSE
        )
    with transaction.atomic():
        dsr = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if dsr.status != DataSubjectRequest.Status.OPEN:
            raise ApplicationError(
                _("Permintaan ini sudah diselesaikan."), code=PrivacyError.CLOSED
            )
        dsr.status = status
        dsr.response = response
        dsr.closed_at = timezone.now()
        dsr.closed_by = actor
        dsr.save()
        timeline_record(
            subject=dsr,
            type="dsr_closed",
            actor=actor,
            data={
                "number": dsr.number,
                "status": status,
                "late": dsr.closed_at > dsr.due_at,
            },
        )
    return dsr


RECORD_TYPE_VALUES = tuple(RecordType.values)
