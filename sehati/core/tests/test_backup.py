"""`sehati backup` and `sehati restore` (issue #10 point 2 and its acceptance): a backup of an
installation with reports, cases, encrypted fields and evidence files is restored into an empty
installation (another database, another media folder, its own process); the restore's own check
and an independent count of every table's rows and every file's SHA-256 agree with the source.
Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL (pg_dump with an exported snapshot)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from sehati.core.backup import (
    FILES,
    MANIFEST,
    BackupError,
    backup_create,
    backup_restore,
    manifest_read,
)
from sehati.core.crypto import key_ring
from sehati.core.tests.installation import Target
from sehati.core.tests.samples import PDF_BYTES, PNG_BYTES
from sehati.notifications.models import Notice
from sehati.reports.services import report_create, report_evidence_attach, report_submit

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
DATA = {
    "kind": "receipt",
    "received_on": dt.date(2026, 10, 1),
    "category": "other",
    "form": "goods",
    "value_idr": 750_000,
    "giver_name": "PT Contoh",
    "giver_relation": "vendor",
    "description": "Parsel",
    "place": "Kantor",
    "chronology": "Diantar kurir ke kantor.",
}


def _installation_data(world: Any) -> None:
    budi = world.users["pelapor"]
    for confidential, upload in ((False, ("foto.png", PNG_BYTES)), (True, ("sk.pdf", PDF_BYTES))):
        report, _created = report_create(actor=budi, data={**DATA, "confidential": confidential})
        report_evidence_attach(report=report, actor=budi, upload=SimpleUploadedFile(*upload))
        report_submit(report=report, actor=budi, today=dt.date(2026, 10, 5))


def _source_counts() -> dict[str, int]:
    out = {}
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            out[table] = cur.fetchone()[0]
    return out


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def target(tmp_path: Path) -> Any:
    t = Target(tmp_path)
    yield t
    t.close()


def test_a_backup_restores_into_an_empty_installation_row_for_row_file_for_file(
    world, private_media, tmp_path, target
) -> None:
    _installation_data(world)
    source_counts = _source_counts()
    source_files = _hashes(private_media)
    assert len(source_files) == 2 and source_counts["reports_giftreport"] == 2

    result = backup_create(tmp_path / "cadangan")
    assert result.path.name.startswith("sehati-backup-") and (result.path / MANIFEST).is_file()
    manifest = manifest_read(result.path)
    assert manifest["tables"] == source_counts  # the manifest is the database at that moment
    assert {n: f["sha256"] for n, f in manifest["files"].items()} == source_files
    assert manifest["field_key_ids"] == [key_ring().current[0]]
    # The keys never travel with the backup.
    raw = b"".join(p.read_bytes() for p in result.path.rglob("*") if p.is_file())
    for _kid, key in key_ring().keys:
        assert base64.b64encode(key) not in raw and key not in raw

    done = target.run("restore", str(result.path))
    assert done.returncode == 0, done.stderr
    assert "Cocok dengan cadangan" in done.stdout
    assert target.counts() == source_counts
    assert _hashes(target.var / "media") == source_files
    # The restored installation works: its audit chain verifies, its reports decrypt.
    verify = target.run("audit", "verify")
    assert verify.returncode == 0 and "Rantai utuh" in verify.stdout, verify.stdout + verify.stderr
    read = target.run(
        "shell",
        "-c",
        "from sehati.reports.models import GiftReport;"
        "print(sorted((r.reporter.nip, r.confidential) for r in GiftReport.objects.all()))",
    )
    nip = world.employees["budi"].nip
    assert read.returncode == 0 and f"('{nip}', False), ('{nip}', True)" in read.stdout, read.stderr


def test_restore_refuses_a_target_that_is_not_empty_and_says_what_differs(
    world, private_media, tmp_path
) -> None:
    _installation_data(world)
    result = backup_create(tmp_path / "cadangan")
    with pytest.raises(BackupError, match="tidak kosong"):
        backup_restore(result.path)
    # A changed file and a changed table are named by the check against the manifest.
    first = next(iter(manifest_read(result.path)["files"]))
    (private_media / first).write_bytes(b"diubah")
    before = Notice.objects.count()
    Notice.objects.create(pemda=world.pemda, user=world.users["upg"], title="Sesudah cadangan")
    _out, err = _call("restore", str(result.path), "--check-only")
    assert f"{first}: SHA-256 berbeda" in err
    assert f"notifications_notice: {before + 1} baris, cadangan {before}" in err


def test_a_folder_without_a_manifest_is_refused(tmp_path) -> None:
    (tmp_path / FILES).mkdir()
    with pytest.raises(BackupError, match="bukan folder cadangan"):
        manifest_read(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps({"format": 99}))
    with pytest.raises(BackupError, match="tidak dikenal"):
        manifest_read(tmp_path)


def _call(*args: str) -> tuple[str, str]:
    from io import StringIO

    from django.core.management.base import CommandError

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db  # inside the test's transaction
def test_a_backup_is_not_taken_inside_a_transaction(tmp_path) -> None:
    with pytest.raises(BackupError, match="di luar transaksi"):
        backup_create(tmp_path / "cadangan")
    assert not (tmp_path / "cadangan").exists() or not any((tmp_path / "cadangan").iterdir())
