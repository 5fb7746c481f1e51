"""Appeals (*keberatan*) against a "proven not reported" decision (issue #6 points 2 and 4).

The employee files one on their own case (grounds, optionally a file), or the Inspektorat
records one they received on paper. One appeal waits at a time; the Inspektorat records its
outcome (upheld, cancelled, or changed to a new percent), which books the change through
`sanction_appeal_decide` as of the outcome date: months already processed by the payroll get a
correction line in the next open month. After an outcome the case may be appealed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import files_for, files_store
from sehati.core.forms import MAX_FILES_PER_POST
from sehati.core.models import StoredFile
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import SanctionAppeal, SanctionCase
from sehati.sanctions.notify import notify_appeal_outcome
from sehati.sanctions.services import APPEAL_OUTCOMES, sanction_appeal_decide

APPEAL_FILE = "sanction_appeal"
MAX_GROUNDS = 20_000


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock_appealable(case: SanctionCase) -> SanctionCase:
    locked = SanctionCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if (
        locked.status != SanctionCase.Status.DECIDED
        or locked.decision != SanctionCase.Decision.NOT_REPORTED
    ):
        raise ConflictError(
            _("Keberatan hanya dapat diajukan atas putusan terbukti tidak melapor."),
            code=SanctionError.APPEAL_NOT_ALLOWED,
        )
    if SanctionAppeal.objects.filter(case=locked, status=SanctionAppeal.Status.PENDING).exists():
        raise ConflictError(
            _("Masih ada keberatan yang menunggu putusan pada kasus ini."),
            code=SanctionError.APPEAL_PENDING,
        )
    return locked


def appeal_can_be_filed(case: SanctionCase) -> bool:
    """Whether a new appeal may be filed now (for showing the form)."""
    return (
        case.status == SanctionCase.Status.DECIDED
        and case.decision == SanctionCase.Decision.NOT_REPORTED
        and not case.appeals.filter(status=SanctionAppeal.Status.PENDING).exists()
    )


def sanction_appeal_file(
    *,
    case: SanctionCase,
    actor: Any,
    grounds: str,
    today: dt.date,
    filed_on: dt.date | None = None,
    on_behalf: bool = False,
    uploads: Sequence[UploadedFile] = (),
) -> SanctionAppeal:
    """File an appeal. The employee files on their own case (dated today); the Inspektorat
    records one on their behalf with the date it was received. With files, the appeal and its
    files are stored together or not at all (call outside an enclosing transaction)."""
    grounds = (grounds or "").strip()
    if not grounds:
        raise ApplicationError(_("Alasan keberatan wajib diisi."), code=SanctionError.INVALID)
    if len(grounds) > MAX_GROUNDS:
        raise ApplicationError(
            _("Alasan keberatan paling panjang 20.000 huruf."), code=SanctionError.INVALID
        )
    if not on_behalf and getattr(actor, "employee_id", None) != case.employee_id:
        raise ApplicationError(
            _("Keberatan hanya dapat diajukan oleh pegawai yang bersangkutan."),
            code=SanctionError.APPEAL_NOT_ALLOWED,
        )
    day = filed_on if (on_behalf and filed_on is not None) else today
    if day > today:
        raise ApplicationError(
            _("Tanggal keberatan tidak boleh sesudah hari ini."),
            code=SanctionError.DATE_IN_FUTURE,
        )
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise ApplicationError(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            code=SanctionError.TOO_MANY_FILES,
        )
    appeal = SanctionAppeal(
        pemda_id=case.pemda_id,
        case=case,
        filed_on=day,
        grounds=grounds,
        on_behalf=on_behalf,
        filed_by=_user(actor),
    )

    def write() -> None:
        locked = _lock_appealable(case)
        if locked.decided_on is not None and day < locked.decided_on:
            raise ApplicationError(
                _("Tanggal keberatan tidak boleh sebelum tanggal keputusan."),
                code=SanctionError.INVALID,
            )
        try:
            with transaction.atomic():
                appeal.save()
        except IntegrityError:  # another appeal was filed at the same moment
            raise ConflictError(
                _("Masih ada keberatan yang menunggu putusan pada kasus ini."),
                code=SanctionError.APPEAL_PENDING,
            ) from None
        timeline_record(
            subject=locked,
            type="sanction_appeal_filed",
            actor=actor,
            data={
                "appeal": appeal.pk,
                "filed_on": day.isoformat(),
                "on_behalf": on_behalf,
                "files": len(files),
            },
        )

    if files:
        files_store(
            pemda=case.pemda,
            actor=actor,
            uploads=files,
            subject=appeal,
            purpose=APPEAL_FILE,
            guard=write,
        )
    else:
        with transaction.atomic():
            write()
    return appeal


def appeal_pending(case: SanctionCase) -> SanctionAppeal | None:
    return case.appeals.filter(status=SanctionAppeal.Status.PENDING).first()


@transaction.atomic
def sanction_appeal_outcome_record(
    *,
    case: SanctionCase,
    actor: Any,
    outcome: str,
    decision_number: str,
    decided_on: dt.date,
    today: dt.date,
    percent: int | None = None,
) -> SanctionAppeal:
    """The Inspektorat's outcome of the pending appeal. Books the change as of `decided_on`
    (`sanction_appeal_decide`): cancelled withdraws the deduction, changed recomputes it with
    `percent`, upheld changes nothing; processed months get correction lines."""
    if outcome not in APPEAL_OUTCOMES:
        raise ApplicationError(_("Hasil keberatan tidak dikenal."), code=SanctionError.INVALID)
    decision_number = (decision_number or "").strip()
    if not decision_number or len(decision_number) > 200:
        raise ApplicationError(
            _("Nomor keputusan atas keberatan wajib diisi."), code=SanctionError.INVALID
        )
    if decided_on > today:
        raise ApplicationError(
            _("Tanggal keputusan tidak boleh sesudah hari ini."),
            code=SanctionError.DATE_IN_FUTURE,
        )
    SanctionCase.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
    appeal = (
        SanctionAppeal.objects.select_for_update()
        .filter(case_id=case.pk, status=SanctionAppeal.Status.PENDING)
        .first()
    )
    if appeal is None:
        raise ConflictError(
            _("Tidak ada keberatan yang menunggu putusan pada kasus ini."),
            code=SanctionError.NO_PENDING_APPEAL,
        )
    if decided_on < appeal.filed_on:
        raise ApplicationError(
            _("Tanggal keputusan tidak boleh sebelum tanggal keberatan diajukan."),
            code=SanctionError.INVALID,
        )
    sanction_appeal_decide(
        case=case,
        actor=actor,
        outcome=outcome,  # type: ignore[arg-type]  # checked against APPEAL_OUTCOMES above
        today=decided_on,
        percent=percent if outcome == "changed" else None,
        decision_number=decision_number,
    )
    appeal.status = SanctionAppeal.Status.DECIDED
    appeal.outcome = outcome
    appeal.new_percent = percent if outcome == "changed" else None
    appeal.decision_number = decision_number
    appeal.decided_on = decided_on
    appeal.decided_by = _user(actor)
    appeal.save(
        update_fields=[
            "status",
            "outcome",
            "new_percent",
            "decision_number",
            "decided_on",
            "decided_by",
            "updated_at",
        ]
    )
    notify_appeal_outcome(case, appeal.get_outcome_display(), decision_number)
    return appeal


def sanction_appeal_files_add(
    *, case: SanctionCase, actor: Any, uploads: Sequence[UploadedFile]
) -> list[StoredFile]:
    """The employee attaches files to their pending appeal (all or none, a "file_attached"
    event on the appeal). Call outside an enclosing transaction (`files_store`)."""
    files = list(uploads)
    if len(files) > MAX_FILES_PER_POST:
        raise ApplicationError(
            _("Paling banyak %(n)d berkas sekali unggah.") % {"n": MAX_FILES_PER_POST},
            code=SanctionError.TOO_MANY_FILES,
        )
    appeal = appeal_pending(case)
    if appeal is None:
        raise ConflictError(
            _("Tidak ada keberatan yang menunggu putusan pada kasus ini."),
            code=SanctionError.NO_PENDING_APPEAL,
        )

    def guard() -> None:
        locked = SanctionAppeal.objects.select_for_update().filter(pk=appeal.pk).first()
        if locked is None or locked.status != SanctionAppeal.Status.PENDING:
            raise ConflictError(
                _("Keberatan ini sudah diputus; lampiran tidak dapat ditambah."),
                code=SanctionError.NO_PENDING_APPEAL,
            )

    return files_store(
        pemda=case.pemda,
        actor=actor,
        uploads=files,
        subject=appeal,
        purpose=APPEAL_FILE,
        guard=guard,
    )


def appeal_files(appeal: SanctionAppeal) -> list[StoredFile]:
    return list(files_for(appeal, APPEAL_FILE))
