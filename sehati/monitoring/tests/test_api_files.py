"""UP3 operations that were web pages only, over the API (issue #5 point 8): a finding's files,
evidence from the UPG, the OPD's response documents, a monitor's account, files on a meeting,
and the monthly report as PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sehati.core.models import StoredFile, TimelineEvent
from sehati.core.tests.samples import PDF_BYTES, PNG_BYTES
from sehati.monitoring import findings as svc
from sehati.monitoring import visits as visits_svc
from sehati.monitoring.models import Finding, Meeting, Monitor
from sehati.monitoring.tests.test_findings import TODAY, open_finding, up3  # noqa: F401
from sehati.monitoring.tests.test_up3_api import api
from sehati.monitoring.tests.test_up3_report import NOW, build_month
from sehati.org.models import Kecamatan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
JSON = "application/json"


def png(name: str = "bukti.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, "image/png")


def pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")


def fake_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("palsu.png", b"MZ\x90\x00 bukan gambar", "image/png")


@pytest.fixture
def finding(world: Any, up3: dict[str, Any]) -> Finding:  # noqa: F811
    """A finding from the monitor's visit to a Puskesmas unit, sent to the head of Dinkes."""
    return open_finding(world, up3)


@time_machine.travel(dt.datetime(2026, 10, 7, 3, tzinfo=dt.UTC), tick=False)
def test_files_of_a_finding_evidence_response_and_visit_photos(world, up3, finding) -> None:  # noqa: F811
    from sehati.core.files import files_store

    files_store(
        pemda=world.pemda,
        actor=world.users["pemantau"],
        uploads=[png("foto-loket.png")],
        subject=up3["visit"],
        purpose=visits_svc.PHOTO,
    )
    upg = api(world.users["upg"])
    added = upg.post(f"/api/v1/findings/{finding.pk}/evidence", {"file": [png(), pdf()]})
    assert added.status_code == 201, added.content
    head = api(world.users["kepala_opd"])  # head of Dinkes; the unit is a Puskesmas under it
    sent = head.post(f"/api/v1/findings/{finding.pk}/response-files", {"file": pdf("sk.pdf")})
    assert sent.status_code == 201, sent.content

    listed = head.get(f"/api/v1/findings/{finding.pk}/files")
    assert listed.status_code == 200
    rows = listed.json()
    assert sorted((r["name"], r["purpose"]) for r in rows) == [
        ("bukti.png", "finding_evidence"),
        ("foto-loket.png", "visit_photo"),
        ("sk.pdf", "opd_response"),
        ("surat.pdf", "finding_evidence"),
    ]
    one = next(r for r in rows if r["name"] == "sk.pdf")
    assert one["content_type"] == "application/pdf" and one["size"] == len(PDF_BYTES)
    assert one["download"] == f"/api/v1/files/{one['id']}" and len(one["sha256"]) == 64
    for row in rows:  # every file listed can be downloaded by whoever sees the finding
        assert head.get(row["download"]).status_code == 200
    events = TimelineEvent.objects.filter(type="file_attached", data__purpose="finding_evidence")
    assert events.count() == 2


def test_the_head_of_another_opd_sees_404(world, up3, finding) -> None:  # noqa: F811
    other = api(up3["head_dukcapil"])
    assert other.get(f"/api/v1/findings/{finding.pk}/files").status_code == 404
    refused = other.post(f"/api/v1/findings/{finding.pk}/response-files", {"file": png()})
    assert refused.status_code == 404
    assert not StoredFile.objects.exists()
    pemantau = api(world.users["pemantau"])  # the monitor reads the files, adds none
    assert pemantau.get(f"/api/v1/findings/{finding.pk}/files").status_code == 200
    assert (
        pemantau.post(f"/api/v1/findings/{finding.pk}/evidence", {"file": png()}).status_code == 403
    )


def test_a_closed_finding_refuses_evidence(world, finding) -> None:
    svc.finding_verify(
        finding=finding,
        actor=world.users["upg"],
        decision="close",
        note="",
        outcome="Petugas ditegur.",
        today=TODAY,
    )
    response = api(world.users["upg"]).post(
        f"/api/v1/findings/{finding.pk}/evidence", {"file": png()}
    )
    assert response.status_code == 409 and response.json()["code"] == "finding_closed"
    assert not StoredFile.objects.exists()


def test_response_files_only_while_the_finding_waits_for_the_opd(world, finding) -> None:
    head = api(world.users["kepala_opd"])
    url = f"/api/v1/findings/{finding.pk}/response-files"
    assert head.post(url, {"file": png()}).status_code == 201
    answered = head.post(
        f"/api/v1/findings/{finding.pk}/response",
        {"body": "Petugas loket sudah ditegur."},
        content_type=JSON,
    )
    assert answered.status_code == 200
    late = head.post(url, {"file": png("lagi.png")})
    assert late.status_code == 409 and late.json()["code"] == "finding_wrong_state"
    assert StoredFile.objects.count() == 1


def test_a_bad_file_is_refused_and_nothing_is_written(world, finding) -> None:
    upg = api(world.users["upg"])
    response = upg.post(f"/api/v1/findings/{finding.pk}/evidence", {"file": [png(), fake_png()]})
    assert response.status_code == 422 and response.json()["code"] == "file_content_mismatch"
    head = api(world.users["kepala_opd"])
    exe = head.post(
        f"/api/v1/findings/{finding.pk}/response-files",
        {"file": SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")},
    )
    assert exe.status_code == 422
    many = upg.post(
        f"/api/v1/findings/{finding.pk}/evidence", {"file": [png(f"{i}.png") for i in range(11)]}
    )
    assert many.status_code == 422 and many.json()["code"] == "finding_too_many_files"
    missing = upg.post(f"/api/v1/findings/{finding.pk}/evidence", {})
    assert missing.status_code == 422
    assert not StoredFile.objects.exists()
    assert not TimelineEvent.objects.filter(type="file_attached").exists()


# --- a monitor's account ------------------------------------------------------------------------


def test_the_account_endpoint_returns_a_password_that_logs_in(world) -> None:
    monitor = Monitor.objects.create(
        pemda=world.pemda,
        name="Rina Pemantau",
        kecamatan=Kecamatan.objects.get(pemda=world.pemda, name="Kandangan"),
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2028, 12, 31),
        decree_number="SK-UJI-2",
        decree_date=dt.date(2025, 12, 20),
    )
    upg = api(world.users["upg"])
    url = f"/api/v1/monitors/{monitor.pk}/account"
    assert api(world.users["inspektur"]).post(url).status_code == 403
    made = upg.post(url)
    assert made.status_code == 201, made.content
    assert made["Cache-Control"] == "no-store"
    body = made.json()
    assert set(body) == {"username", "password"}
    signed_in = Client().post(
        reverse("account_login"), {"login": body["username"], "password": body["password"]}
    )
    assert signed_in.status_code == 302 and "/accounts/login/" not in signed_in["Location"]
    again = upg.post(url)
    assert again.status_code == 409 and again.json()["code"] == "monitor_has_account"
    other = Monitor.objects.create(
        pemda=world.other_pemda,
        name="Luar",
        kecamatan=Kecamatan.objects.filter(pemda=world.other_pemda).first()
        or Kecamatan.objects.create(pemda=world.other_pemda, name="Luar"),
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2028, 12, 31),
        decree_number="SK-LUAR",
        decree_date=dt.date(2025, 12, 20),
    )
    assert upg.post(f"/api/v1/monitors/{other.pk}/account").status_code == 404


# --- meetings and the monthly report ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_meeting_files(world) -> None:
    month = build_month(world)
    meeting = month.meetings["oktober"]
    upg = api(world.users["upg"])
    url = f"/api/v1/meetings/{meeting.pk}/files"
    bad = upg.post(url, {"file": [pdf("hadir.pdf"), fake_png()]})
    assert bad.status_code == 422
    assert not StoredFile.objects.filter(purpose="meeting_minutes").exists()
    added = upg.post(url, {"file": [pdf("hadir.pdf"), png("foto.png")]})
    assert added.status_code == 201, added.content
    assert sorted(f["name"] for f in added.json()["files"]) == ["foto.png", "hadir.pdf"]
    assert api(world.users["pemantau"]).post(url, {"file": png()}).status_code == 403
    stranger = Meeting.objects.filter(pemda=world.other_pemda).first()
    assert stranger is not None
    assert upg.post(f"/api/v1/meetings/{stranger.pk}/files", {"file": png()}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_monthly_pdf_and_xlsx(world) -> None:
    build_month(world)
    inspektur = api(world.users["inspektur"])
    got = inspektur.get("/api/v1/up3/monthly/2026/10/pdf")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content.startswith(b"%PDF")
    assert got["Content-Disposition"] == 'attachment; filename="laporan-up3-2026-10.pdf"'
    sheet = inspektur.get("/api/v1/up3/monthly/2026/10/xlsx")
    assert sheet.status_code == 200
    assert sheet["Content-Disposition"].startswith("attachment;")
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(sheet.content)).sheetnames
    assert api(world.users["pemantau"]).get("/api/v1/up3/monthly/2026/10/pdf").status_code == 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
@pytest.mark.parametrize(
    ("period", "code"),
    [("2026/12", "up3_month_future"), ("2026/13", "validation_error"), ("1999/1", None)],
)
def test_bad_months_of_the_documents(world, kind, period, code) -> None:
    response = api(world.users["upg"]).get(f"/api/v1/up3/monthly/{period}/{kind}")
    assert response.status_code == 422
    assert code is None or response.json()["code"] == code
