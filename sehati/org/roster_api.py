"""Roster import operations: upload a SIMPEG/SIASN export, read its check, commit it."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, P, PathEx, Router, Schema, Status, UploadedFile

from sehati.accounts.policies import Action, access_roster_import, require
from sehati.api.base import COMMON_ERRORS
from sehati.core.clock import local_today
from sehati.org import services

router = Router(tags=["impor pegawai"])

# Largest id of PostgreSQL bigint / SQLite INTEGER: beyond it a path id is a 422, not a 500.
ImportId = PathEx[int, P(ge=1, le=2**63 - 1)]


class RosterErrorOut(Schema):
    row: int
    column: str
    message: str


class RosterImportOut(Schema):
    id: int
    status: str
    original_name: str
    file_format: str
    sha256: str
    total_rows: int
    processed_rows: int
    error_count: int
    errors: list[RosterErrorOut]
    summary: dict[str, Any]
    failure_reason: str
    created_at: dt.datetime
    validated_at: dt.datetime | None
    commit_requested_at: dt.datetime | None
    committed_at: dt.datetime | None


@router.post(
    "/roster-imports",
    response={201: RosterImportOut, **COMMON_ERRORS},
    summary="Unggah berkas data pegawai (CSV/XLSX) untuk diperiksa",
    description=(
        "Berkas diperiksa di latar belakang; baca statusnya dengan GET sampai `valid` atau "
        "`invalid`. Data pegawai tidak berubah sebelum `commit`."
    ),
)
def roster_import_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    user: Any = request.user
    require(user, Action.ROSTER_IMPORT)
    roster_import = services.roster_import_create(pemda=user.pemda, actor=user, uploaded_file=file)
    return Status(201, roster_import)


@router.get(
    "/roster-imports/{import_id}",
    response={200: RosterImportOut, **COMMON_ERRORS},
    summary="Status, kesalahan, dan pratinjau satu impor",
)
def roster_import_detail(request: HttpRequest, import_id: ImportId) -> Any:
    require(request.user, Action.ROSTER_IMPORT)
    return access_roster_import(request.user, import_id)


@router.post(
    "/roster-imports/{import_id}/commit",
    response={202: RosterImportOut, **COMMON_ERRORS},
    summary="Simpan impor yang valid ke data pegawai",
    description=(
        "Antrekan penyimpanan (202). Seluruh berkas disimpan dalam satu transaksi atau tidak sama "
        "sekali. 409 bila impor belum/tidak valid, sudah disimpan, atau sudah dalam antrean."
    ),
)
def roster_import_commit(request: HttpRequest, import_id: ImportId) -> Any:
    require(request.user, Action.ROSTER_IMPORT)
    roster_import = access_roster_import(request.user, import_id)
    roster_import = services.roster_import_commit_schedule(
        roster_import=roster_import,
        actor=request.user,
        today=local_today(roster_import.pemda.time_zone),
    )
    return Status(202, roster_import)
