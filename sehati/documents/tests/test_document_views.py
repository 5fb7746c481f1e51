"""The document pages: who gets which file, with which headers, and what the timeline keeps."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from sehati.accounts.models import Role
from sehati.accounts.tests.factories import grant, with_totp
from sehati.cases.services import custody_receive
from sehati.core.audit import timeline_for
from sehati.documents.models import LetterTemplate
from sehati.documents.tests.conftest import make_report, pdf_text
from sehati.reports.models import GiftReport


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _other_pemda_upg(world: World):  # type: ignore[no-untyped-def]
    """The other pemda's user, made its UPG: the case routes then answer 404, not 403."""
    user = world.users["other_pemda_user"]
    grant(user, Role.UPG)
    with_totp(user)
    return user


def _assert_pdf(response, filename: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"
    return pdf_text(response.content)


def test_reporter_downloads_his_receipt(world: World, budi_report: GiftReport) -> None:
    url = reverse("documents:report_receipt", kwargs={"report_id": budi_report.pk})
    text = _assert_pdf(_client(world.users["pelapor"]).get(url), "tanda-terima-GRT-2026-000001.pdf")
    assert budi_report.register_number in text and world.employees["budi"].name in text
    event = timeline_for(budi_report).first()
    assert event.type == "document_generated"
    # The reporter acting on their own report: no account on the event (issue #9 point 1).
    assert event.data == {"document": "report_receipt", "by_reporter": True}
    assert event.actor is None


def test_receipt_is_not_for_others_nor_for_drafts(world: World, budi_report: GiftReport) -> None:
    url = reverse("documents:report_receipt", kwargs={"report_id": budi_report.pk})
    # Heads of OPD see no reports; an ASN of another OPD and another pemda's user see only
    # their own: all get the 404 of a missing report.
    for persona in ("kepala_opd", "operator_tpp", "other_pemda_user"):
        assert _client(world.users[persona]).get(url).status_code == 404, persona
    draft = make_report(world.users["pelapor"], submit=False)
    draft_url = reverse("documents:report_receipt", kwargs={"report_id": draft.pk})
    assert _client(world.users["pelapor"]).get(draft_url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: to the login


def test_kpk_form_for_the_upg_masks_a_confidential_reporter(
    world: World, secret_report: GiftReport
) -> None:
    url = reverse("documents:case_kpk_form", kwargs={"case_id": secret_report.case.pk})
    text = _assert_pdf(_client(world.users["upg"]).get(url), "formulir-kpk-GRT-2026-000001.pdf")
    assert "Dirahasiakan" in text and world.employees["budi"].name not in text
    assert not timeline_for(secret_report).filter(type="identity_viewed").exists()
    assert (
        timeline_for(secret_report)
        .filter(type="document_generated", data__document="kpk_form")
        .exists()
    )
    # Another pemda's UPG: the same 404 as a missing case.
    assert _client(_other_pemda_upg(world)).get(url).status_code == 404


def test_kpk_form_for_the_head_of_upg_shows_and_logs_the_identity(
    world: World, secret_report: GiftReport
) -> None:
    siti = world.users["upg"]
    world.pemda.upg_head = siti
    world.pemda.save()
    url = reverse("documents:case_kpk_form", kwargs={"case_id": secret_report.case.pk})
    text = pdf_text(_client(siti).get(url).content)
    assert world.employees["budi"].name in text
    viewed = timeline_for(secret_report).filter(type="identity_viewed")
    assert viewed.count() == 1 and viewed.get().actor == siti


def test_custody_receipt_sides(world: World, budi_report: GiftReport) -> None:
    item = custody_receive(
        case=budi_report.case,
        actor=world.users["upg"],
        description="Parsel buah",
        quantity=1,
        received_from="Budi",
        received_on=dt.date(2026, 10, 6),
        storage_location="Lemari UPG",
        condition="Baik",
        today=dt.date(2026, 10, 6),
    )
    client = _client(world.users["upg"])

    def url(side: str) -> str:
        return reverse("documents:custody_receipt", kwargs={"item_id": item.pk, "side": side})

    text = _assert_pdf(
        client.get(url("terima")), f"tanda-terima-terima-{item.number.replace('/', '-')}.pdf"
    )
    assert item.number in text
    assert client.get(url("serah")).status_code == 404  # still held
    assert client.get(url("lain")).status_code == 404
    assert _client(_other_pemda_upg(world)).get(url("terima")).status_code == 404


def test_gol_export_without_selection_goes_back_with_a_message(world: World) -> None:
    client = _client(world.users["upg"])
    response = client.post(reverse("documents:gol_export"), {"case": ["x", "0"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_list")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Pilih paling sedikit satu laporan terlebih dahulu."]


def test_gol_export_keeps_to_the_users_scope(world: World, budi_report: GiftReport) -> None:
    foreign = make_report(world.users["other_pemda_user"])
    client = _client(world.users["upg"])
    response = client.post(
        reverse("documents:gol_export"), {"case": [budi_report.case.pk, foreign.case.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="gol-unggah-massal-')
    assert response["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(response.content))["Laporan"].iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == {budi_report.register_number}  # the other pemda's is dropped
    assert timeline_for(budi_report).filter(data__document="gol_workbook").exists()
    assert not timeline_for(foreign).filter(type="document_generated").exists()
    # A civil servant without KPK duties may not export at all.
    assert (
        _client(world.users["pelapor"])
        .post(reverse("documents:gol_export"), {"case": [budi_report.case.pk]})
        .status_code
        == 403
    )


def test_cover_letter_needs_a_number_and_a_date(world: World, budi_report: GiftReport) -> None:
    client = _client(world.users["upg"])
    url = reverse("documents:cover_letter")
    bad = client.post(url, {"case": [budi_report.case.pk], "letter_number": "", "letter_date": "x"})
    assert bad.status_code == 302 and bad["Location"] == reverse("cases:case_list")
    assert len(list(get_messages(bad.wsgi_request))) == 2
    good = client.post(
        url,
        {
            "case": [budi_report.case.pk],
            "letter_number": "700/12/UPG/2026",
            "letter_date": "2026-10-07",
        },
    )
    text = _assert_pdf(good, "surat-pengantar-700-12-UPG-2026.pdf")
    assert "700/12/UPG/2026" in text and budi_report.register_number in text


def test_letter_templates_pages(world: World) -> None:
    siti = world.users["upg"]
    client = _client(siti)
    list_url = reverse("documents:letter_template_list")
    page = client.get(list_url)
    assert page.status_code == 200 and "naskah bawaan" in page.content.decode()
    created = client.post(list_url)
    template = LetterTemplate.objects.get(pemda=world.pemda)
    edit_url = reverse("documents:letter_template_edit", kwargs={"template_id": template.pk})
    assert created["Location"] == edit_url
    assert "{jumlah_laporan}" in client.get(edit_url).content.decode()

    data = {"code": template.code, "name": "Pengantar", "subject": "S", "body": "{rahasia}"}
    refused = client.post(edit_url, data)
    assert (
        refused.status_code == 200 and "Isian tidak dikenal: {rahasia}" in refused.content.decode()
    )
    saved = client.post(edit_url, {**data, "body": "Tanggal {tanggal}", "is_active": "on"})
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.body == "Tanggal {tanggal}"
    assert timeline_for(template).filter(type="letter_template_updated").exists()

    other = LetterTemplate.objects.create(
        pemda=world.other_pemda, code="pengantar-kpk", name="Lain", subject="S", body="B"
    )
    other_url = reverse("documents:letter_template_edit", kwargs={"template_id": other.pk})
    assert client.get(other_url).status_code == 404
    assert _client(world.users["pelapor"]).get(edit_url).status_code == 403


@pytest.mark.parametrize("persona", ["pelapor", "kepala_opd"])
def test_letter_templates_are_not_for_civil_servants(world: World, persona: str) -> None:
    response = _client(world.users[persona]).get(reverse("documents:letter_template_list"))
    assert response.status_code == 403


def test_sanction_letters_stay_off_the_upg_cover_letter_pages(world: World) -> None:
    """The summons and decision templates are the Inspektorat's (issue #6): the UPG's
    cover-letter pages neither list nor open them, and no cover letter may take their codes."""
    summons = LetterTemplate.objects.create(
        pemda=world.pemda, code="sanksi-panggilan", name="Panggilan", subject="S", body="B"
    )
    cover = LetterTemplate.objects.create(
        pemda=world.pemda, code="pengantar-kpk", name="Pengantar", subject="S", body="B"
    )
    client = _client(world.users["upg"])
    listed = client.get(reverse("documents:letter_template_list")).content.decode()
    assert "Pengantar" in listed and "Panggilan" not in listed
    summons_url = reverse("documents:letter_template_edit", kwargs={"template_id": summons.pk})
    assert client.get(summons_url).status_code == 404
    cover_url = reverse("documents:letter_template_edit", kwargs={"template_id": cover.pk})
    data = {"code": "sanksi-putusan", "name": "Pengantar", "subject": "S", "body": "B"}
    refused = client.post(cover_url, data)
    assert refused.status_code == 200
    assert "Kode ini dipakai surat sanksi Inspektorat." in refused.content.decode()
    cover.refresh_from_db()
    assert cover.code == "pengantar-kpk"
