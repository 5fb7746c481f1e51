"""Roster import API: upload (201), read (200), commit (202, 409 when not valid), scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sehati.accounts.services import token_create
from sehati.org.models import Employee, RosterImport
from sehati.org.tests.factories import RosterImportFactory, fresh_nip, roster_csv, roster_row

BASE = "/api/v1/roster-imports"


def bearer(world, persona: str = "operator_tpp") -> dict[str, str]:
    _row, raw = token_create(user=world.users[persona], name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def upload(client, headers, content: bytes, name: str = "pegawai.csv"):
    return client.post(BASE, {"file": SimpleUploadedFile(name, content)}, **headers)


def test_upload_validate_and_commit(client, world, django_capture_on_commit_callbacks) -> None:
    headers = bearer(world)
    nip = fresh_nip()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, headers, roster_csv([roster_row(nip, **{"KODE OPD": "DINKES"})]))
    assert response.status_code == 201, response.content
    body = response.json()
    # The check runs in a job after the upload's transaction commits (inline here, once the
    # captured on-commit callbacks run); a client polls GET until the status is final.
    assert body["status"] == "uploaded"
    detail = client.get(f"{BASE}/{body['id']}", **headers)
    assert detail.status_code == 200
    body = detail.json()
    assert body["status"] == "valid"
    assert (body["total_rows"], body["processed_rows"], body["errors"]) == (1, 1, [])
    assert body["summary"]["new"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(f"{BASE}/{body['id']}/commit", **headers)
    assert committed.status_code == 202, committed.content
    assert committed.json()["commit_requested_at"] is not None
    assert client.get(f"{BASE}/{body['id']}", **headers).json()["status"] == "done"
    assert Employee.objects.filter(nip=nip, pemda=world.pemda).exists()

    again = client.post(f"{BASE}/{body['id']}/commit", **headers)
    assert again.status_code == 409
    assert again.json()["code"] == "roster_import_already_committed"


def test_one_bad_row_lists_row_and_column_and_commit_is_409(
    client, world, django_capture_on_commit_callbacks
) -> None:
    headers = bearer(world, "admin_pemda")
    rows = [roster_row(**{"KODE OPD": "DINKES"}), roster_row(**{"KODE OPD": "DINKES"})]
    rows[1]["NIP"] = "12345"
    before = Employee.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        created = upload(client, headers, roster_csv(rows)).json()
    body = client.get(f"{BASE}/{created['id']}", **headers).json()
    assert body["status"] == "invalid"
    assert body["errors"] == [
        {"row": 3, "column": "NIP", "message": "NIP harus 18 digit, bukan 5."}
    ]
    response = client.post(f"{BASE}/{body['id']}/commit", **headers)
    assert response.status_code == 409
    assert response.json()["code"] == "roster_import_not_valid"
    assert Employee.objects.count() == before


def test_wrong_content_is_422_with_code(client, world) -> None:
    response = upload(client, bearer(world), b"hanya teks", "data.xlsx")
    assert response.status_code == 422
    assert response.json()["code"] == "roster_file_content_mismatch"
    assert RosterImport.objects.count() == 0


def test_oversize_is_422(client, world, settings) -> None:
    settings.ROSTER_MAX_UPLOAD_BYTES = 10
    response = upload(client, bearer(world), roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    assert response.status_code == 422
    assert response.json()["code"] == "roster_file_too_large"


def test_missing_file_is_422(client, world) -> None:
    response = client.post(BASE, {}, **bearer(world))
    assert response.status_code == 422


def test_other_pemda_import_is_404(client, world) -> None:
    other = RosterImportFactory(pemda=world.other_pemda)
    headers = bearer(world, "admin_pemda")
    assert client.get(f"{BASE}/{other.id}", **headers).status_code == 404
    assert client.post(f"{BASE}/{other.id}/commit", **headers).status_code == 404
    other.refresh_from_db()
    assert other.can_commit


@pytest.mark.parametrize("import_id", ["0", "-1", str(2**63), str(2**80), "abc"])
def test_out_of_range_ids_are_422_or_404_not_500(client, world, import_id) -> None:
    response = client.get(f"{BASE}/{import_id}", **bearer(world))
    assert response.status_code in (404, 422)


def test_pelapor_is_403(client, world) -> None:
    roster_import = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"])
    headers = bearer(world, "pelapor")
    assert upload(client, headers, b"NIP\n").status_code == 403
    assert client.get(f"{BASE}/{roster_import.id}", **headers).status_code == 403
    assert client.post(f"{BASE}/{roster_import.id}/commit", **headers).status_code == 403


def test_anonymous_is_401(client, world) -> None:
    assert client.get(f"{BASE}/1").status_code == 401
