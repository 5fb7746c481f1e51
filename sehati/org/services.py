"""Organisation writes: the roster import (issue #2, point 5).

upload (`roster_import_create`) → automatic check in a job (`roster_import_validate`) → preview →
`roster_import_commit_schedule` → job `roster_import_commit`, which writes every employee, every
mutasi and the timeline event in ONE transaction: the whole file or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.org.errors import RosterError
from sehati.org.models import Employee, Mutasi, Pemda, RosterImport
from sehati.org.roster import (
    NEW_EMPLOYEE_DEFAULTS,
    CellError,
    RosterFileError,
    RosterOutcome,
    RowResult,
    roster_iter,
    roster_open,
    roster_sniff,
    roster_validate,
)
from sehati.org.selectors import roster_reference

logger = logging.getLogger(__name__)

# Rows written per bulk statement group during commit; bounds memory on 100,000-row files.
ROSTER_COMMIT_CHUNK = 2000
# Validation writes its progress every this many rows.
ROSTER_PROGRESS_EVERY = 1000
_HASH_CHUNK = 1 << 20


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def _enqueue_validate(import_id: int) -> None:
    from sehati.org.tasks import roster_import_validate_task

    roster_import_validate_task(import_id)


def _enqueue_commit(import_id: int, actor_id: int | None, today: dt.date) -> None:
    from sehati.org.tasks import roster_import_commit_task

    roster_import_commit_task(import_id, actor_id, today.isoformat())


def roster_import_create(*, pemda: Pemda, actor: Any, uploaded_file: UploadedFile) -> RosterImport:
    """Store an uploaded roster after checking size, extension and content; queue its check.

    Refused files leave nothing behind (no row, no stored file)."""
    name = (uploaded_file.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    limit = int(settings.ROSTER_MAX_UPLOAD_BYTES)
    if (uploaded_file.size or 0) > limit:
        raise ApplicationError(
            _("Berkas terlalu besar (%(size)s); batasnya %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size or 0), "limit": filesizeformat(limit)},
            code=RosterError.FILE_TOO_LARGE,
        )
    stream: IO[bytes] = uploaded_file  # File proxies read/seek/tell
    try:
        sniffed = roster_sniff(stream, name=name)
    except RosterFileError as exc:
        raise ApplicationError(exc.message, code=exc.code) from None
    sha256, size = _sha256(stream)
    if size > limit:
        raise ApplicationError(
            _("Berkas terlalu besar; batasnya %(limit)s.") % {"limit": filesizeformat(limit)},
            code=RosterError.FILE_TOO_LARGE,
        )
    roster_import = RosterImport(
        pemda=pemda,
        uploaded_by=actor,
        original_name=name,
        file_format=sniffed.file_format,
        encoding=sniffed.encoding,
        size_bytes=size,
        sha256=sha256,
        status=RosterImport.Status.UPLOADED,
    )
    roster_import.file.save(f"roster.{sniffed.file_format}", uploaded_file, save=False)
    try:
        with transaction.atomic():
            roster_import.save()
            timeline_record(
                subject=roster_import,
                type="roster_import_uploaded",
                actor=actor,
                data={"file": name, "sha256": sha256, "size_bytes": size},
            )
            transaction.on_commit(partial(_enqueue_validate, roster_import.pk))
    except BaseException:
        roster_import.file.delete(save=False)
        raise
    roster_import.refresh_from_db()
    return roster_import


def roster_import_validate(*, roster_import: RosterImport) -> RosterImport:
    """Check every row of an uploaded roster and store the errors or the preview.

    Runs outside a transaction so the progress it writes is visible to the page polling it."""
    now = timezone.now()
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.UPLOADED
    ).update(status=RosterImport.Status.VALIDATING, processed_rows=0, updated_at=now)
    if not claimed:
        raise ConflictError(_("Berkas ini sudah diperiksa."), code=RosterError.ALREADY_VALIDATED)
    roster_import.refresh_from_db()
    try:
        outcome, summary = _validate_file(roster_import)
    except Exception as exc:
        logger.exception("roster import %s: validation crashed", roster_import.pk)
        _roster_import_fail(
            roster_import,
            reason=_("Pemeriksaan gagal karena kesalahan sistem; unggah ulang berkasnya."),
            errors=[],
        )
        raise ApplicationError(
            _("Pemeriksaan gagal karena kesalahan sistem."), code=RosterError.VALIDATION_FAILED
        ) from exc
    with transaction.atomic():
        roster_import.status = (
            RosterImport.Status.VALID if outcome.ok else RosterImport.Status.INVALID
        )
        roster_import.errors = outcome.errors
        roster_import.error_count = outcome.error_count
        roster_import.total_rows = outcome.rows
        roster_import.processed_rows = outcome.rows
        roster_import.summary = summary
        roster_import.validated_at = timezone.now()
        roster_import.save()
        timeline_record(
            subject=roster_import,
            type="roster_import_validated" if outcome.ok else "roster_import_rejected",
            actor="sistem",
            data={
                "rows": outcome.rows,
                "errors": outcome.error_count,
                **{k: summary[k] for k in ("new", "updated", "transfers", "unchanged")},
            },
        )
    return roster_import


def _validate_file(roster_import: RosterImport) -> tuple[RosterOutcome, dict[str, Any]]:
    reference = roster_reference(pemda_id=roster_import.pemda_id)
    outcome = RosterOutcome(max_errors=RosterImport.MAX_STORED_ERRORS)
    roster = None
    with _open_stored(roster_import) as stream:
        try:
            roster = roster_open(
                stream, file_format=roster_import.file_format, encoding=roster_import.encoding
            )
        except RosterFileError as exc:
            outcome.add_error(CellError(0, "", exc.message))
        else:
            estimate = roster.estimated_rows or _estimate_csv_rows(roster_import)

            def progress(done: int) -> None:
                RosterImport.objects.filter(pk=roster_import.pk).update(
                    processed_rows=done, total_rows=max(estimate, done)
                )

            progress(0)
            outcome = roster_validate(
                roster,
                reference,
                progress=progress,
                max_errors=RosterImport.MAX_STORED_ERRORS,
            )
    return outcome, outcome.summary(roster, reference)


def _open_stored(roster_import: RosterImport) -> IO[bytes]:
    """An independent read handle on the stored file (FieldFile.open would share one)."""
    stream: IO[bytes] = roster_import.file.storage.open(roster_import.file.name, "rb")
    return stream


def _estimate_csv_rows(roster_import: RosterImport) -> int:
    """Line count of a CSV minus the header: the progress bar's 100 % (cheap: bytes only)."""
    if roster_import.file_format != RosterImport.Format.CSV:
        return 0
    lines = 0
    last = b"\n"
    with _open_stored(roster_import) as stream:
        while chunk := stream.read(_HASH_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - 1)


def _roster_import_fail(
    roster_import: RosterImport, *, reason: str, errors: list[dict[str, Any]], count: int = 0
) -> None:
    with transaction.atomic():
        roster_import.status = RosterImport.Status.FAILED
        roster_import.failure_reason = reason[:500]
        if errors:
            roster_import.errors = errors
            roster_import.error_count = count or len(errors)
        roster_import.save()
        timeline_record(
            subject=roster_import,
            type="roster_import_failed",
            actor="sistem",
            data={"reason": reason[:500], "errors": count or len(errors)},
        )


def _refuse_commit(roster_import: RosterImport) -> ConflictError:
    """The conflict that explains why this import cannot be (re)committed now."""
    roster_import.refresh_from_db()
    status = roster_import.status
    if status == RosterImport.Status.DONE:
        return ConflictError(
            _("Impor ini sudah disimpan ke data pegawai."), code=RosterError.ALREADY_COMMITTED
        )
    if status == RosterImport.Status.COMMITTING or roster_import.is_pending_commit:
        return ConflictError(
            _("Impor ini sedang dalam proses penyimpanan."), code=RosterError.COMMIT_PENDING
        )
    return ConflictError(
        _("Hanya berkas yang sudah diperiksa dan valid yang dapat disimpan."),
        code=RosterError.NOT_VALID,
    )


def roster_import_commit_schedule(
    *, roster_import: RosterImport, actor: Any, today: dt.date
) -> RosterImport:
    """Ask for a valid import to be saved; the job runs `roster_import_commit`. Refused (409)
    unless the import is valid and not already queued."""
    with transaction.atomic():
        now = timezone.now()
        queued = RosterImport.objects.filter(
            pk=roster_import.pk,
            status=RosterImport.Status.VALID,
            commit_requested_at__isnull=True,
        ).update(commit_requested_at=now, committed_by=actor, updated_at=now)
        if not queued:
            raise _refuse_commit(roster_import)
        roster_import.refresh_from_db()
        timeline_record(subject=roster_import, type="roster_import_commit_requested", actor=actor)
        transaction.on_commit(
            partial(_enqueue_commit, roster_import.pk, getattr(actor, "pk", None), today)
        )
    roster_import.refresh_from_db()
    return roster_import


class _CommitInvalid(Exception):
    def __init__(self, errors: list[dict[str, Any]], count: int) -> None:
        super().__init__(f"{count} errors")
        self.errors = errors
        self.count = count


def roster_import_commit(
    *, roster_import: RosterImport, actor: Any, today: dt.date
) -> RosterImport:
    """Write a valid roster into the employee table: upsert by NIP, a mutasi (effective `today`,
    source impor) for every OPD change, history rows for every employee, one timeline event.

    The file is read and checked again inside ONE transaction; any error rolls everything back
    and marks the import failed. Absent employees are left alone (no deactivation)."""
    now = timezone.now()
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.VALID
    ).update(
        status=RosterImport.Status.COMMITTING,
        committed_by=actor,
        commit_requested_at=now,
        updated_at=now,
    )
    if not claimed:
        raise _refuse_commit(roster_import)
    roster_import.refresh_from_db()
    try:
        with transaction.atomic():
            counts = _roster_write(roster_import, actor=actor, today=today)
            roster_import.status = RosterImport.Status.DONE
            roster_import.committed_at = timezone.now()
            roster_import.summary = {**roster_import.summary, "committed": counts}
            roster_import.save()
            timeline_record(
                subject=roster_import, type="roster_import_committed", actor=actor, data=counts
            )
    except _CommitInvalid as exc:
        _roster_import_fail(
            roster_import,
            reason=_(
                "Data berubah sejak pemeriksaan sehingga berkas tidak lagi valid; "
                "tidak ada data pegawai yang diubah. Unggah ulang berkasnya."
            ),
            errors=exc.errors,
            count=exc.count,
        )
        raise ApplicationError(
            _("Berkas tidak lagi valid; tidak ada data yang disimpan."),
            code=RosterError.COMMIT_FAILED,
        ) from None
    except RosterFileError as exc:
        _roster_import_fail(roster_import, reason=exc.message, errors=[])
        raise ApplicationError(exc.message, code=exc.code) from None
    except Exception as exc:
        logger.exception("roster import %s: commit crashed", roster_import.pk)
        _roster_import_fail(
            roster_import,
            reason=_(
                "Penyimpanan gagal karena kesalahan sistem; tidak ada data pegawai yang diubah."
            ),
            errors=[],
        )
        raise ApplicationError(
            _("Penyimpanan gagal; tidak ada data yang disimpan."), code=RosterError.COMMIT_FAILED
        ) from exc
    return roster_import


def _chunks(results: Iterable[RowResult], size: int) -> Iterator[list[RowResult]]:
    iterator = iter(results)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _roster_write(roster_import: RosterImport, *, actor: Any, today: dt.date) -> dict[str, int]:
    with _open_stored(roster_import) as stream:
        sha256, _size = _sha256(stream)
        if sha256 != roster_import.sha256:
            raise RosterFileError(
                _("Berkas tersimpan berubah sejak diunggah; unggah ulang."),
                code=RosterError.FILE_CHANGED,
            )
        reference = roster_reference(pemda_id=roster_import.pemda_id)
        roster = roster_open(
            stream, file_format=roster_import.file_format, encoding=roster_import.encoding
        )
        invalid = RosterOutcome(max_errors=RosterImport.MAX_STORED_ERRORS)
        for error in roster.header_errors:
            invalid.add_error(error)
        counts = {"new": 0, "updated": 0, "transfers": 0, "unchanged": 0}
        reason = _("Impor data pegawai #%(id)s") % {"id": roster_import.pk}
        user = actor if getattr(actor, "is_authenticated", False) else None
        if not roster.header_errors:
            for chunk in _chunks(roster_iter(roster, reference), ROSTER_COMMIT_CHUNK):
                for result in chunk:
                    for error in result.errors:
                        invalid.add_error(error)
                if invalid.error_count:
                    continue  # keep reading to report every error; nothing more is written
                _write_chunk(
                    chunk,
                    roster_import=roster_import,
                    user=user,
                    reason=reason,
                    today=today,
                    counts=counts,
                )
    if invalid.error_count:
        raise _CommitInvalid(invalid.errors, invalid.error_count)
    return counts


def _write_chunk(
    chunk: list[RowResult],
    *,
    roster_import: RosterImport,
    user: Any,
    reason: str,
    today: dt.date,
    counts: dict[str, int],
) -> None:
    pemda_id = roster_import.pemda_id
    new: list[Employee] = []
    changed: dict[int, tuple[RowResult, dict[str, Any]]] = {}
    for result in chunk:
        row = result.checked
        if row is None:
            continue
        if result.kind == "new":
            new.append(
                Employee(pemda_id=pemda_id, nip=row.nip, **{**NEW_EMPLOYEE_DEFAULTS, **row.values})
            )
            counts["new"] += 1
        elif result.kind == "unchanged":
            counts["unchanged"] += 1
        elif result.existing is not None:
            changed[result.existing.id] = (result, row.values)
            counts["transfers" if result.kind == "transfer" else "updated"] += 1
    if new:
        bulk_create_with_history(
            new,
            Employee,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    if not changed:
        return
    now = timezone.now()
    employees = Employee.objects.in_bulk(list(changed))
    groups: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    mutasi: list[Mutasi] = []
    for employee_id, (result, values) in changed.items():
        employee = employees[employee_id]
        new_values = {name: values[name] for name in result.changes}
        for name, value in new_values.items():
            setattr(employee, name, value)
        employee.updated_at = now
        groups[tuple(sorted(new_values.items()))].append(employee_id)
        if result.kind == "transfer":
            old_opd, new_opd = result.changes["opd_id"]
            mutasi.append(
                Mutasi(
                    pemda_id=pemda_id,
                    employee_id=employee_id,
                    from_opd_id=old_opd,
                    to_opd_id=new_opd,
                    effective_on=today,
                    source=Mutasi.Source.IMPORT,
                    note=_("%(reason)s, baris %(row)s") % {"reason": reason, "row": result.row},
                )
            )
    # Rows getting the same new values (a unit moved to another OPD, one new jabatan) share one
    # UPDATE. simple_history's bulk_update_with_history goes through Django's bulk_update, which
    # builds a CASE per field and row and was 3x slower here; the history rows are the same.
    for key, ids in groups.items():
        for start in range(0, len(ids), 500):
            Employee.objects.filter(pk__in=ids[start : start + 500]).update(
                **dict(key), updated_at=now
            )
    get_history_manager_for_model(Employee).bulk_history_create(
        list(employees.values()),
        batch_size=500,
        update=True,
        default_user=user,
        default_change_reason=reason,
    )
    if mutasi:
        Mutasi.objects.bulk_create(mutasi, batch_size=500)


def roster_import_fail_stale(*, now: dt.datetime, older_than: dt.timedelta) -> int:
    """Mark imports whose job stopped mid-way (the worker died) as failed, so that nobody waits
    on a spinner forever. The commit runs in one transaction, so such an import wrote nothing."""
    stale = RosterImport.objects.filter(
        status__in=[RosterImport.Status.VALIDATING, RosterImport.Status.COMMITTING],
        updated_at__lt=now - older_than,
    )
    count = 0
    for roster_import in stale:
        _roster_import_fail(
            roster_import,
            reason=_(
                "Pekerjaan latar terhenti sebelum selesai; tidak ada data pegawai yang diubah. "
                "Unggah ulang berkasnya."
            ),
            errors=[],
        )
        count += 1
    return count
