"""Stored files (issue #4, point 3): content sniffing, size limit, SHA-256, all-or-nothing
storage, and the access registry. The subject here is an employee; reports are tested in
sehati/reports/tests/test_report_evidence.py."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from sehati.core import files as files_module
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, FileError
from sehati.core.files import (
    access_stored_file,
    file_access_register,
    file_name_clean,
    file_store,
    files_for,
    files_store,
)
from sehati.core.models import StoredFile
from sehati.core.tests.samples import (
    ELF_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PE_BYTES,
    PNG_BYTES,
    SVG_BYTES,
    WEBP_BYTES,
)

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def blobs(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def store(world: Any, name: str, content: bytes, **kwargs: Any) -> StoredFile:
    return file_store(
        pemda=world.pemda,
        actor=world.users["pelapor"],
        upload=upload(name, content),
        subject=world.employees["budi"],
        purpose="evidence",
        **kwargs,
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("foto.jpg", JPEG_BYTES, "image/jpeg"),
        ("FOTO.JPEG", JPEG_BYTES, "image/jpeg"),
        ("layar.png", PNG_BYTES, "image/png"),
        ("foto.webp", WEBP_BYTES, "image/webp"),
        ("kuitansi.pdf", PDF_BYTES, "application/pdf"),
    ],
)
def test_valid_files_are_stored_with_hash_size_and_a_private_random_path(
    world, private_media, name, content, mime
) -> None:
    stored = store(world, name, content, note="dari kurir")
    assert stored.content_type == mime
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == name and stored.extension == name.rsplit(".")[1].lower()
    assert stored.pemda == world.pemda and stored.uploaded_by == world.users["pelapor"]
    year = timezone.localdate().year
    ext = stored.extension
    assert re.fullmatch(rf"files/{world.pemda.id}/{year}/[0-9a-f]{{32}}\.{ext}", stored.file.name)
    assert stored.public_id.hex not in stored.file.name  # the URL id and the disk name differ
    [blob] = blobs(private_media)
    assert blob.read_bytes() == content
    [event] = timeline_for(world.employees["budi"])
    assert event.type == "file_attached" and event.actor == world.users["pelapor"]
    assert event.data["name"] == name and event.data["sha256"] == stored.sha256
    assert event.data["purpose"] == "evidence"


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        # The acceptance case: an executable renamed .pdf.
        ("laporan.pdf", PE_BYTES, FileError.CONTENT_MISMATCH, "bukan PDF"),
        ("laporan.pdf", ELF_BYTES, FileError.CONTENT_MISMATCH, "bukan PDF"),
        ("foto.pdf", PNG_BYTES, FileError.CONTENT_MISMATCH, "bukan PDF"),
        ("foto.jpg", PDF_BYTES, FileError.CONTENT_MISMATCH, "bukan JPEG"),
        ("foto.png", HTML_BYTES, FileError.CONTENT_MISMATCH, "bukan PNG"),
        ("program.exe", PE_BYTES, FileError.TYPE_NOT_ALLOWED, "tidak diterima"),
        ("halaman.html", HTML_BYTES, FileError.TYPE_NOT_ALLOWED, "tidak diterima"),
        ("gambar.svg", SVG_BYTES, FileError.TYPE_NOT_ALLOWED, "tidak diterima"),
        ("laporan.pdf.exe", PE_BYTES, FileError.TYPE_NOT_ALLOWED, "tidak diterima"),
        ("tanpa-ekstensi", PDF_BYTES, FileError.TYPE_NOT_ALLOWED, "tidak diterima"),
        ("kosong.pdf", b"", FileError.EMPTY, "kosong"),
    ],
)
def test_refused_files_leave_nothing_behind(
    world, private_media, name, content, code, words
) -> None:
    with pytest.raises(ApplicationError) as refused:
        store(world, name, content)
    assert refused.value.code == code
    assert f"“{name}”" in refused.value.message and words in refused.value.message
    assert "Berkas tidak disimpan." in refused.value.message
    assert StoredFile.objects.count() == 0
    assert blobs(private_media) == []
    assert not timeline_for(world.employees["budi"]).exists()


def test_executable_renamed_pdf_has_the_clear_message(world, private_media) -> None:
    with pytest.raises(ApplicationError) as refused:
        store(world, "x.pdf", PE_BYTES)
    assert refused.value.message == (
        "Berkas “x.pdf” bukan PDF: isinya tidak sesuai dengan ekstensinya. Berkas tidak disimpan."
    )
    assert refused.value.extra == {"name": "x.pdf"}


def test_over_the_size_limit_is_refused_with_the_limit_in_mb(
    world, private_media, settings
) -> None:
    settings.SEHATI_UPLOAD_MAX_BYTES = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ApplicationError) as refused:
        store(world, "besar.pdf", big)
    assert refused.value.code == FileError.TOO_LARGE
    assert "batasnya 1 MB" in refused.value.message
    assert StoredFile.objects.count() == 0 and blobs(private_media) == []
    # Exactly at the limit is accepted.
    assert store(world, "pas.pdf", big[: 1024 * 1024]).size == 1024 * 1024


def test_the_real_size_counts_not_the_declared_one(world, private_media, settings) -> None:
    settings.SEHATI_UPLOAD_MAX_BYTES = 1000
    lying = upload("bohong.pdf", PDF_BYTES + b"0" * 2000)
    lying.size = 10
    with pytest.raises(ApplicationError) as refused:
        file_store(
            pemda=world.pemda,
            actor=None,
            upload=lying,
            subject=world.employees["budi"],
            purpose="evidence",
        )
    assert refused.value.code == FileError.TOO_LARGE
    assert blobs(private_media) == []


def test_several_files_are_stored_all_or_none(world, private_media) -> None:
    good, bad = upload("a.png", PNG_BYTES), upload("b.pdf", PE_BYTES)
    with pytest.raises(ApplicationError):
        files_store(
            pemda=world.pemda,
            actor=world.users["pelapor"],
            uploads=[good, bad],
            subject=world.employees["budi"],
            purpose="evidence",
        )
    assert StoredFile.objects.count() == 0 and blobs(private_media) == []
    stored = files_store(
        pemda=world.pemda,
        actor=world.users["pelapor"],
        uploads=[upload("a.png", PNG_BYTES), upload("c.pdf", PDF_BYTES)],
        subject=world.employees["budi"],
        purpose="evidence",
    )
    assert [f.original_name for f in stored] == ["a.png", "c.pdf"]
    assert len(blobs(private_media)) == 2


def test_a_failed_database_write_deletes_the_blobs(world, private_media, monkeypatch) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(files_module, "timeline_record", broken)
    with pytest.raises(RuntimeError):
        store(world, "foto.png", PNG_BYTES)
    assert StoredFile.objects.count() == 0 and blobs(private_media) == []


def test_a_refusing_guard_stores_nothing(world, private_media) -> None:
    def guard() -> None:
        raise ApplicationError("tertutup", code="closed")

    with pytest.raises(ApplicationError):
        store(world, "foto.png", PNG_BYTES, guard=guard)
    assert StoredFile.objects.count() == 0 and blobs(private_media) == []


def test_no_file_is_refused(world) -> None:
    with pytest.raises(ApplicationError) as refused:
        files_store(
            pemda=world.pemda,
            actor=None,
            uploads=[],
            subject=world.employees["budi"],
            purpose="evidence",
        )
    assert refused.value.code == FileError.MISSING


def test_a_subject_of_another_pemda_is_a_programming_error(world, private_media) -> None:
    with pytest.raises(ValueError, match="pemda"):
        file_store(
            pemda=world.pemda,
            actor=None,
            upload=upload("a.png", PNG_BYTES),
            subject=world.employees["other_pemda_staff"],
            purpose="evidence",
        )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("foto.jpg", "foto.jpg"),
        ("C:\\Users\\budi\\Desktop\\foto.jpg", "foto.jpg"),
        ("../../etc/kuitansi.pdf", "kuitansi.pdf"),
        ("  nota   toko .pdf ", "nota toko.pdf"),
        ("gpj\u202eexe.pdf", "gpjexe.pdf"),  # right-to-left override shows "fdp.exe…"
        ("a\x00b\r\n.png", "ab.png"),
        (".pdf", "pdf"),
        ("", "berkas"),
        ("x" * 300 + ".jpeg", "x" * 195 + ".jpeg"),
    ],
)
def test_file_names_are_cleaned(raw, clean) -> None:
    assert file_name_clean(raw) == clean
    assert len(file_name_clean(raw)) <= 200


def test_files_for_lists_one_subject_oldest_first(world, private_media) -> None:
    first = store(world, "a.png", PNG_BYTES)
    second = file_store(
        pemda=world.pemda,
        actor=None,
        upload=upload("sk.pdf", PDF_BYTES),
        subject=world.employees["budi"],
        purpose="sk",
    )
    file_store(
        pemda=world.pemda,
        actor=None,
        upload=upload("lain.pdf", PDF_BYTES),
        subject=world.employees["colleague_dinkes"],
        purpose="evidence",
    )
    assert list(files_for(world.employees["budi"])) == [first, second]
    assert list(files_for(world.employees["budi"], "sk")) == [second]


# --- access ---------------------------------------------------------------------------------


@pytest.fixture
def employee_files_visible_to_self(monkeypatch) -> None:
    checks: dict[str, Any] = {}
    monkeypatch.setattr(files_module, "_ACCESS_CHECKS", checks)
    file_access_register("org.Employee", lambda user, employee: user.employee_id == employee.pk)


def test_access_follows_the_registered_check(
    world, private_media, employee_files_visible_to_self
) -> None:
    stored = store(world, "a.png", PNG_BYTES)
    assert access_stored_file(world.users["pelapor"], stored.public_id) == stored
    assert access_stored_file(world.users["pelapor"], str(stored.public_id)) == stored
    for user in (world.users["upg"], world.users["other_pemda_user"]):
        with pytest.raises(Http404):
            access_stored_file(user, stored.public_id)


def test_missing_unregistered_and_anonymous_are_404(world, private_media, monkeypatch) -> None:
    from django.contrib.auth.models import AnonymousUser

    monkeypatch.setattr(files_module, "_ACCESS_CHECKS", {})
    stored = store(world, "a.png", PNG_BYTES)
    for public_id in (stored.public_id, "00000000-0000-0000-0000-000000000000", "bukan-uuid"):
        with pytest.raises(Http404):
            access_stored_file(world.users["pelapor"], public_id)
    with pytest.raises(Http404):
        access_stored_file(AnonymousUser(), stored.public_id)
