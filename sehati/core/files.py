"""Stored files: evidence photos, scans and PDF attached to any subject (issue #4, point 3).

Every upload is checked before anything is written: an allowed extension, content whose sniffed
type (`filetype`, magic bytes) belongs to that extension, not empty, not above
`SEHATI_UPLOAD_MAX_BYTES`. The SHA-256 is kept; the blob goes to the private default storage
under a random name (ARCHITECTURE.md "files": never under a public URL). A file is read only
through `access_stored_file`, which asks the access check its subject's app registered: whoever
may see the subject may download the file; anyone else gets the same 404 as for a missing file.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.clamav import ScanUnavailable, clamav_address, clamav_scan
from sehati.core.errors import ApplicationError, FileError
from sehati.core.file_inspect import content_problem
from sehati.core.models import StoredFile

logger = logging.getLogger(__name__)

_HEAD_BYTES = 8192  # what filetype reads to decide
_CHUNK_BYTES = 1 << 20
_MIB = 1024 * 1024
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file: the extensions that name it and the sniffed types that prove it."""

    label: str
    extensions: tuple[str, ...]
    mimes: frozenset[str]
    inline: bool  # shown in the browser rather than downloaded (raster images only)


# Photos, scans and PDF; nothing executable, no HTML or SVG (script carriers), no office files
# (macros). HEIC is what phones send; filetype detects it, browsers do not render it.
ALLOWED_KINDS: tuple[FileKind, ...] = (
    FileKind("JPEG", ("jpg", "jpeg"), frozenset({"image/jpeg"}), inline=True),
    FileKind("PNG", ("png",), frozenset({"image/png", "image/apng"}), inline=True),
    FileKind("WebP", ("webp",), frozenset({"image/webp"}), inline=True),
    FileKind("HEIC", ("heic",), frozenset({"image/heic"}), inline=False),
    FileKind("PDF", ("pdf",), frozenset({"application/pdf"}), inline=False),
)
_KIND_BY_EXTENSION = {ext: kind for kind in ALLOWED_KINDS for ext in kind.extensions}
ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(_KIND_BY_EXTENSION)
# For <input type="file" accept="…">.
UPLOAD_ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)


def _uploader(subject: Any, actor: Any) -> Any:
    """The account recorded as uploader: none for the reporter's files on their report (the
    report names its reporter, sealed when confidential: issue #9 point 1)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    hidden = getattr(subject, "timeline_actor_hidden", None)
    if callable(hidden) and hidden(actor):
        return None
    return actor


def upload_max_bytes() -> int:
    return int(settings.SEHATI_UPLOAD_MAX_BYTES)


def megabytes(size: int) -> str:
    """`10485760` -> "10", `1572864` -> "1,5" (in the active language's number format)."""
    value = size / _MIB
    if value == int(value):
        return number_format(int(value))
    return number_format(round(value, 1), decimal_pos=1)


def upload_help_text() -> str:
    """The rule in words, for forms and pages."""
    return _("JPG, PNG, WebP, HEIC, atau PDF; paling besar %(limit)s MB per berkas.") % {
        "limit": megabytes(upload_max_bytes())
    }


def file_name_clean(raw: str | None) -> str:
    """The name a person gave the file, safe to show and to put in a download header: no folders,
    no control or bidirectional-override characters (which can disguise "exe" as "pdf"), no
    leading/trailing dots or spaces, at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip(" .") or "berkas"
    if not ext:
        return stem[:MAX_NAME_LENGTH]
    ext = ext[:16]
    return f"{stem[: MAX_NAME_LENGTH - len(ext) - 1]}.{ext}"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check (nothing stored yet)."""

    upload: UploadedFile
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _refuse(message: str, code: FileError, name: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"name": name})


def _virus_scan(upload: UploadedFile, name: str) -> None:
    """ClamAV, when SEHATI_CLAMAV is set (sehati/core/clamav.py); fail-closed."""
    if not clamav_address():
        return
    upload.seek(0)
    try:
        result = clamav_scan(upload.chunks(_CHUNK_BYTES))
    except ScanUnavailable:
        logger.exception("virus scan unavailable; upload %s refused", name)
        raise _refuse(
            _(
                "Berkas “%(name)s” belum dapat diperiksa pemindai virus. Berkas tidak disimpan; "
                "coba lagi beberapa saat lagi."
            )
            % {"name": name},
            FileError.SCAN_UNAVAILABLE,
            name,
        ) from None
    if not result.clean:
        logger.warning("upload %s refused: ClamAV found %s", name, result.signature)
        raise _refuse(
            _("Berkas “%(name)s” ditolak: pemindai virus menemukan %(sig)s. Berkas tidak disimpan.")
            % {"name": name, "sig": result.signature},
            FileError.INFECTED,
            name,
        )


def file_check(*, upload: UploadedFile) -> CheckedUpload:
    """Check one upload (extension, size, content) and hash it; raise ApplicationError with a
    message naming the file. Writes nothing."""
    name = file_name_clean(upload.name)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = _KIND_BY_EXTENSION.get(extension)
    if kind is None:
        raise _refuse(
            _(
                "Jenis berkas “%(name)s” tidak diterima: gunakan JPG, PNG, WebP, HEIC, atau PDF. "
                "Berkas tidak disimpan."
            )
            % {"name": name},
            FileError.TYPE_NOT_ALLOWED,
            name,
        )
    limit = upload_max_bytes()
    too_large = _(
        "Berkas “%(name)s” terlalu besar (%(size)s MB); batasnya %(limit)s MB. Berkas tidak disimpan."
    )
    declared = upload.size or 0
    if declared > limit:
        raise _refuse(
            too_large % {"name": name, "size": megabytes(declared), "limit": megabytes(limit)},
            FileError.TOO_LARGE,
            name,
        )
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    if not head:
        raise _refuse(
            _("Berkas “%(name)s” kosong. Berkas tidak disimpan.") % {"name": name},
            FileError.EMPTY,
            name,
        )
    sniffed = filetype.guess(head)
    if sniffed is None or sniffed.mime not in kind.mimes:
        raise _refuse(
            _(
                "Berkas “%(name)s” bukan %(kind)s: isinya tidak sesuai dengan ekstensinya. "
                "Berkas tidak disimpan."
            )
            % {"name": name, "kind": kind.label},
            FileError.CONTENT_MISMATCH,
            name,
        )
    # Hash and measure what is really there (the declared size is the client's word).
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks(_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        if size > limit:
            raise _refuse(
                too_large % {"name": name, "size": megabytes(size), "limit": megabytes(limit)},
                FileError.TOO_LARGE,
                name,
            )
    upload.seek(0)
    problem = content_problem(upload.read(), mime=sniffed.mime)
    if problem:
        raise _refuse(
            _("Berkas “%(name)s” ditolak: %(problem)s. Berkas tidak disimpan.")
            % {"name": name, "problem": problem},
            FileError.CONTENT_UNSAFE,
            name,
        )
    _virus_scan(upload, name)
    upload.seek(0)
    return CheckedUpload(
        upload=upload,
        name=name,
        extension=extension,
        content_type=sniffed.mime,
        size=size,
        sha256=digest.hexdigest(),
    )


def files_store(
    *,
    pemda: Any,
    actor: Any,
    uploads: Sequence[UploadedFile],
    subject: models.Model,
    purpose: str,
    note: str = "",
    guard: Callable[[], None] | None = None,
) -> list[StoredFile]:
    """Store several uploads on `subject`, all or none.

    Every upload is checked before anything is written (the first refusal is raised). Then, in one
    transaction: `guard()` (the caller's lock-and-check of the subject's state; raise to refuse),
    each blob, its row, and a "file_attached" timeline event on the subject. If anything fails,
    the blobs already written are deleted: no row without a blob, no blob without a row.

    Call it outside an enclosing transaction: a rollback of the caller's transaction after this
    returns would leave unreferenced blobs behind. The subject's key is read only after
    `guard()` has run, so a guard may save a new subject: the subject, its files and their
    events are then written together or not at all (UP3 visits and meetings rely on this)."""
    if not uploads:
        raise ApplicationError(_("Pilih berkas yang akan diunggah."), code=FileError.MISSING)
    subject_pemda_id = getattr(subject, "pemda_id", None)
    if subject_pemda_id is not None and subject_pemda_id != pemda.pk:
        raise ValueError("a file belongs to its subject's pemda")
    checked = [file_check(upload=upload) for upload in uploads]
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    written: list[StoredFile] = []
    try:
        with transaction.atomic():
            if guard is not None:
                guard()
            for item in checked:
                stored = StoredFile(
                    pemda=pemda,
                    subject_type=subject_type,
                    subject_id=subject.pk,
                    purpose=purpose,
                    original_name=item.name,
                    content_type=item.content_type,
                    extension=item.extension,
                    size=item.size,
                    sha256=item.sha256,
                    uploaded_by=_uploader(subject, actor),
                    note=note[:500],
                )
                stored.file.save(item.name, item.upload, save=False)
                written.append(stored)
                stored.save()
                timeline_record(
                    subject=subject,
                    type="file_attached",
                    actor=actor,
                    pemda=pemda,
                    data={
                        "name": item.name,
                        "sha256": item.sha256,
                        "purpose": purpose,
                        "size": item.size,
                        "file_id": str(stored.public_id),
                    },
                )
    except BaseException:
        for stored in written:
            try:
                stored.file.delete(save=False)
            except OSError:  # pragma: no cover - reported, the original error matters more
                logger.exception("could not delete blob %s after a failed store", stored.file.name)
        raise
    return written


def file_store(
    *,
    pemda: Any,
    actor: Any,
    upload: UploadedFile,
    subject: models.Model,
    purpose: str,
    note: str = "",
    guard: Callable[[], None] | None = None,
) -> StoredFile:
    """Store one upload on `subject` (see `files_store`)."""
    return files_store(
        pemda=pemda,
        actor=actor,
        uploads=[upload],
        subject=subject,
        purpose=purpose,
        note=note,
        guard=guard,
    )[0]


def files_for(subject: models.Model, purpose: str | None = None) -> models.QuerySet[StoredFile]:
    """The files attached to `subject` (optionally of one purpose), oldest first."""
    files = StoredFile.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=subject.pk,
    )
    if purpose is not None:
        files = files.filter(purpose=purpose)
    return files.order_by("created_at", "id")


# --- who may read a file --------------------------------------------------------------------

FileAccessCheck = Callable[[Any, Any], bool]
_ACCESS_CHECKS: dict[str, FileAccessCheck] = {}


def file_access_register(model_label: str, check: FileAccessCheck) -> None:
    """Declare who may read files attached to objects of `model_label` ("reports.GiftReport"):
    `check(user, subject)` is true when the user may see the subject. Call from AppConfig.ready()."""
    _ACCESS_CHECKS[model_label] = check


def access_stored_file(user: Any, public_id: uuid.UUID | str) -> StoredFile:
    """One file the user may read: of the user's pemda, on a subject whose registered check lets
    the user see it. Missing, another pemda, a subject without a check, or denied: the same 404."""
    if user is None or not user.is_authenticated or user.pemda_id is None:
        raise Http404
    try:
        stored = StoredFile.objects.select_related("subject_type").get(
            public_id=public_id, pemda_id=user.pemda_id
        )
    except (StoredFile.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    model = stored.subject_type.model_class()
    check = _ACCESS_CHECKS.get(model._meta.label) if model is not None else None
    if model is None or check is None:
        raise Http404
    subject = model._default_manager.filter(pk=stored.subject_id).first()
    if subject is None or not check(user, subject):
        raise Http404
    return stored


# --- serving --------------------------------------------------------------------------------


def stored_file_response(stored: StoredFile) -> FileResponse:
    """The file's bytes for a browser or a client: downloaded (raster images may be shown), never
    sniffed, never cached by shared caches, and unable to run anything if opened directly."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        logger.error("stored file %s has no blob at %s", stored.public_id, stored.file.name)
        raise Http404 from None
    kind = _KIND_BY_EXTENSION.get(stored.extension)
    inline = bool(kind and kind.inline and stored.is_image)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
