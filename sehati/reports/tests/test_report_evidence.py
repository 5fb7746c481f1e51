"""Evidence files on gift reports (issue #4, point 3): the page, the download, the API.

Whoever may see the report may download its evidence; anyone else gets 404. Drafts (and their
files) stay private to their author."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sehati.accounts.services import token_create
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError
from sehati.core.models import StoredFile
from sehati.core.tests.samples import PDF_BYTES, PE_BYTES, PNG_BYTES
from sehati.reports.errors import ReportError
from sehati.reports.services import report_create, report_evidence_attach, report_submit

pytestmark = pytest.mark.django_db

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


def make_report(user: Any, *, submit: bool = True) -> Any:
    report, _created = report_create(actor=user, data=DATA)
    if submit:
        report = report_submit(report=report, actor=user, today=dt.date(2026, 10, 5)).report
    return report


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, "image/png")


def pdf(name: str = "kuitansi.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(user: Any) -> Client:
    _row, raw = token_create(user=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- the service ----------------------------------------------------------------------------


def test_reporter_attaches_to_draft_and_submitted_report(world, private_media) -> None:
    budi = world.users["pelapor"]
    for report in (make_report(budi, submit=False), make_report(budi)):
        stored = report_evidence_attach(report=report, actor=budi, upload=png(), note="foto")
        assert stored.purpose == "evidence" and stored.pemda == world.pemda
        assert "file_attached" in [e.type for e in timeline_for(report)]


def test_only_the_reporter_attaches(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    with pytest.raises(ApplicationError) as refused:
        report_evidence_attach(report=report, actor=world.users["upg"], upload=png())
    assert refused.value.code == ReportError.NOT_OWNER
    assert StoredFile.objects.count() == 0
    assert not [p for p in private_media.rglob("*") if p.is_file()]


# --- the download page ----------------------------------------------------------------------


def test_download_follows_who_may_see_the_report(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    stored = report_evidence_attach(
        report=report, actor=world.users["pelapor"], upload=pdf("Kuitansi toko.pdf")
    )
    url = reverse("core:file_download", args=[stored.public_id])
    assert url == f"/berkas/{stored.public_id}/"

    response = signed_in(world.users["pelapor"]).get(url)
    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Kuitansi toko.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]

    # The UPG of the pemda and the UPG pembantu of the reporter's OPD see the report, so the file.
    for key in ("upg", "upg_pembantu", "inspektur"):
        assert signed_in(world.users[key]).get(url).status_code == 200, key
    # A colleague in another OPD, the head of the OPD (reporters are protected), other pemda.
    for key in ("operator_tpp", "kepala_opd", "pemantau", "other_pemda_user"):
        assert signed_in(world.users[key]).get(url).status_code == 404, key
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    missing = reverse("core:file_download", args=["00000000-0000-0000-0000-000000000000"])
    assert signed_in(world.users["upg"]).get(missing).status_code == 404
    # The storage is never served directly, not even to the owner (no MEDIA_URL route).
    direct = f"{settings.MEDIA_URL}{stored.file.name}"
    assert signed_in(world.users["pelapor"]).get(direct).status_code == 404


def test_images_may_be_shown_inline(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    stored = report_evidence_attach(report=report, actor=world.users["pelapor"], upload=png())
    response = signed_in(world.users["upg"]).get(
        reverse("core:file_download", args=[stored.public_id])
    )
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert body(response) == PNG_BYTES


def test_draft_evidence_is_visible_to_its_author_only(world, private_media) -> None:
    draft = make_report(world.users["pelapor"], submit=False)
    stored = report_evidence_attach(report=draft, actor=world.users["pelapor"], upload=png())
    url = reverse("core:file_download", args=[stored.public_id])
    assert signed_in(world.users["pelapor"]).get(url).status_code == 200
    for key in ("upg", "upg_pembantu", "inspektur"):
        assert signed_in(world.users[key]).get(url).status_code == 404, key


# --- the report page ------------------------------------------------------------------------


def test_owner_uploads_several_files_from_the_report_page(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    client = signed_in(world.users["pelapor"])
    detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Bukti pendukung" in detail and "Belum ada bukti pendukung" in detail
    assert 'enctype="multipart/form-data"' in detail and "10 MB" in detail
    assert 'accept=".jpg,.jpeg,.png,.webp,.heic,.pdf"' in detail

    response = client.post(
        reverse("reports:report_evidence_add", args=[report.pk]),
        {"file": [png(), pdf()], "note": "dari kurir"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 berkas bukti tersimpan." in page
    files = list(StoredFile.objects.order_by("id"))
    assert [f.original_name for f in files] == ["foto.png", "kuitansi.pdf"]
    assert all(f.note == "dari kurir" for f in files)
    sha = hashlib.sha256(PDF_BYTES).hexdigest()
    assert f'title="{sha}"' in page and sha[:12] in page
    assert reverse("core:file_download", args=[files[1].public_id]) in page
    assert "Berkas dilampirkan: kuitansi.pdf" in page  # the timeline in words


def test_one_bad_file_refuses_the_whole_post(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    response = signed_in(world.users["pelapor"]).post(
        reverse("reports:report_evidence_add", args=[report.pk]),
        {"file": [png(), pdf("x.pdf", PE_BYTES)]},
        follow=True,
    )
    page = response.content.decode()
    assert "Berkas “x.pdf” bukan PDF: isinya tidak sesuai dengan ekstensinya." in page
    assert StoredFile.objects.count() == 0
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_post_without_a_file_says_so(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    response = signed_in(world.users["pelapor"]).post(
        reverse("reports:report_evidence_add", args=[report.pk]), {}, follow=True
    )
    assert "Pilih berkas yang akan diunggah." in response.content.decode()


def test_others_cannot_upload_and_see_no_form(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    url = reverse("reports:report_evidence_add", args=[report.pk])
    for key in ("upg", "upg_pembantu", "operator_tpp", "other_pemda_user"):
        assert signed_in(world.users[key]).post(url, {"file": png()}).status_code == 404, key
    assert StoredFile.objects.count() == 0
    page = signed_in(world.users["upg"]).get(reverse("reports:report_detail", args=[report.pk]))
    assert "Bukti pendukung" in page.content.decode()
    assert url not in page.content.decode()


def test_report_page_query_budget_with_files(
    world, private_media, django_assert_max_num_queries
) -> None:
    report = make_report(world.users["pelapor"])
    for _ in range(5):
        report_evidence_attach(report=report, actor=world.users["pelapor"], upload=png())
    client = signed_in(world.users["upg"])
    # The page (with the case panel, deadlines and messages) has a fixed budget, whatever the
    # number of files.
    with django_assert_max_num_queries(22):
        page = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert page.content.decode().count("/berkas/") == 5


# --- the API --------------------------------------------------------------------------------


def test_api_upload_list_and_download(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    asn = bearer(world.users["pelapor"])
    created = asn.post(
        f"/api/v1/reports/{report.pk}/files", {"file": pdf(), "note": "kuitansi toko"}
    )
    assert created.status_code == 201, created.content
    meta = created.json()
    assert set(meta) == {
        "id",
        "name",
        "content_type",
        "size",
        "sha256",
        "purpose",
        "note",
        "created_at",
    }
    assert meta["name"] == "kuitansi.pdf" and meta["content_type"] == "application/pdf"
    assert meta["size"] == len(PDF_BYTES)
    assert meta["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert meta["id"] == str(StoredFile.objects.get().public_id)

    for client in (asn, bearer(world.users["upg"])):
        listed = client.get(f"/api/v1/reports/{report.pk}/files")
        assert listed.status_code == 200 and [f["id"] for f in listed.json()] == [meta["id"]]
        download = client.get(f"/api/v1/files/{meta['id']}")
        assert download.status_code == 200 and body(download) == PDF_BYTES
        assert download["Cache-Control"] == "private, no-store"

    outsider = bearer(world.users["other_pemda_user"])
    assert outsider.get(f"/api/v1/files/{meta['id']}").status_code == 404
    assert outsider.get(f"/api/v1/reports/{report.pk}/files").status_code == 404
    assert bearer(world.users["operator_tpp"]).get(f"/api/v1/files/{meta['id']}").status_code == 404
    assert asn.get("/api/v1/files/bukan-uuid").status_code == 422


def test_api_refused_file_is_422_with_the_code_and_stores_nothing(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    response = bearer(world.users["pelapor"]).post(
        f"/api/v1/reports/{report.pk}/files", {"file": pdf("x.pdf", PE_BYTES)}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "file_content_mismatch"
    assert "bukan PDF" in response.json()["message"]
    assert StoredFile.objects.count() == 0
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_api_upload_by_another_asn_is_404(world, private_media) -> None:
    report = make_report(world.users["pelapor"])
    for key in ("upg_pembantu", "upg", "other_pemda_user"):
        response = bearer(world.users[key]).post(
            f"/api/v1/reports/{report.pk}/files", {"file": png()}
        )
        assert response.status_code == 404, key
    assert StoredFile.objects.count() == 0
