"""One report from an ASN's draft to closed — KPK decision *milik negara*, object handed over —
logging in as each role it needs (issue #4 acceptance). Screenshots feed the user guides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.core.tests.samples import PNG_BYTES
from sehati.org.demo import DemoResult
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def _open_case(page: Page, register: str) -> None:
    page.goto("/kasus/")
    page.get_by_label("Cari").fill(register)
    page.get_by_role("button", name="Terapkan").click()
    page.get_by_role("link", name=register).click()
    expect(page.locator("#main h1")).to_contain_text(register)


def test_report_from_draft_to_handed_over(
    page: Page, demo: DemoResult, screenshots: Path, tmp_path: Path
) -> None:
    accept = lambda dialog: dialog.accept()  # noqa: E731 - every confirmation is accepted
    page.on("dialog", accept)

    # 1. The ASN drafts a report with two objects, attaches a photo and submits it.
    log_in(page, "asn.demo")
    page.goto("/laporan/baru/")
    page.locator("input[name=received_on]").fill(
        page.evaluate("new Date().toISOString().slice(0,10)")
    )
    page.get_by_label("Tempat").fill("Kantor Dinas Kesehatan")
    page.get_by_label("Nama pemberi").fill("PT Alkes Sentosa (fiktif)")
    page.locator("select[name=giver_relation]").select_option("vendor")
    page.locator("textarea[name=description]").fill("Parsel dan jam tangan dari rekanan")
    page.get_by_label("Kronologi").fill("Diantar kurir ke ruang kerja setelah rapat pengadaan.")
    page.locator("select[name=object_location]").select_option("deposited_upg")
    page.locator("[name=items-0-description]").fill("Jam tangan")
    page.locator("[name=items-0-form]").select_option("goods")
    page.locator("[name=items-0-value_idr]").fill("2.500.000")
    page.locator("[name=items-1-description]").fill("Parsel makanan")
    page.locator("[name=items-1-form]").select_option("food")
    page.locator("[name=items-1-value_idr]").fill("500.000")
    page.screenshot(path=str(screenshots / "asn-report-form.png"), full_page=True)
    page.get_by_role("button", name="Simpan konsep").click()
    errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert not errors, errors
    expect(page.locator(".alert-success")).to_contain_text("Konsep laporan tersimpan")
    expect(page.locator("#report-items")).to_contain_text("Jam tangan")
    expect(page.locator("#main")).to_contain_text("Rp3.000.000")
    photo = tmp_path / "foto-jam.png"
    photo.write_bytes(PNG_BYTES)
    page.locator("#evidence-file").set_input_files(str(photo))
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator("#bukti")).to_contain_text("foto-jam.png")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#receipt-code")).to_be_visible()
    register = re.search(r"GRT/\d{4}/\d{6}", page.locator("#main h1").inner_text())
    assert register is not None
    number = register.group(0)
    expect(page.locator("#case-status")).to_have_text("Diterima UPG")
    page.screenshot(path=str(screenshots / "asn-report-submitted.png"), full_page=True)
    _log_out(page)

    # 2. The UPG pembantu of the OPD verifies and analyses it.
    log_in(page, "upgp.demo")
    _open_case(page, number)
    page.get_by_role("button", name="Ambil untuk diverifikasi").first.click()
    expect(page.locator("#case-status")).to_have_text("Verifikasi")
    for radio in page.locator("#verify-form input[type=radio][value=ok]").all():
        radio.check()
    page.screenshot(path=str(screenshots / "upg-verification.png"), full_page=True)
    page.get_by_role("button", name="Simpan hasil verifikasi").click()
    expect(page.locator("#case-status")).to_have_text("Lengkap")
    page.locator("#analyse-form input[value='1']").check()
    page.get_by_label("Rekomendasi dan analisis").fill("Pemberian dari rekanan: wajib lapor.")
    page.get_by_role("button", name="Simpan analisis").click()
    expect(page.locator("#case-status")).to_have_text("Dianalisis")
    expect(page.locator("#forward-form")).to_have_count(0)  # KPK steps are the central UPG's
    _log_out(page)

    # 3. The central UPG takes the object into custody, forwards to KPK, records the SK and
    #    the hand-over.
    log_in(page, "upg.demo", totp_for="upg.demo")
    _open_case(page, number)
    page.locator("#titipan summary").filter(has_text="Catat barang").click()
    page.get_by_label("Uraian barang").fill("Jam tangan dan parsel")
    page.get_by_label("Diterima dari").fill("Pelapor")
    page.get_by_label("Tempat penyimpanan").fill("Lemari arsip UPG")
    page.get_by_label("Kondisi").fill("Baik, dalam kotak")
    page.get_by_role("button", name="Simpan dan buat tanda terima").click()
    expect(page.locator("#titipan")).to_contain_text("TTB/")
    page.get_by_label("Saluran").select_option("gol")
    page.get_by_label("Nomor/rujukan GOL atau nomor surat").fill("GOL-E2E-001")
    page.get_by_role("button", name="Catat diteruskan ke KPK").click()
    expect(page.locator("#case-status")).to_have_text("Diteruskan ke KPK")
    page.get_by_label("Status dalam SK").select_option("state")
    page.get_by_label("Nomor SK").fill("SK-77/GTF.00/2026")
    page.get_by_label("Tanggal SK").fill(page.get_by_label("Tanggal SK").get_attribute("max") or "")
    page.get_by_label("Penandatangan SK").select_option("direktur")
    page.get_by_role("button", name="Catat SK KPK").click()
    expect(page.locator("#case-status")).to_have_text("SK KPK diterima")
    page.locator("#titipan summary").filter(has_text="Serahkan").click()
    page.locator("#titipan select[name=released_to_kind]").select_option("djkn")
    page.locator("#titipan input[name=released_to]").fill("KPKNL Banjarmasin")
    page.get_by_role("button", name="Catat penyerahan").click()
    expect(page.locator("#titipan")).to_contain_text("tanda terima penyerahan")
    page.get_by_label("Tindak lanjut").select_option("handover")
    page.get_by_label("Nomor BAST").fill("BAST-12/KPKNL/2026")
    page.get_by_label("Diserahkan kepada (KPK/DJKN/KPKNL)").fill("KPKNL Banjarmasin")
    page.get_by_role("button", name="Catat tindak lanjut dan selesaikan").click()
    expect(page.locator("#case-status")).to_have_text("Selesai")
    timeline = page.locator("#timeline")
    for label in (
        "Konsep laporan dibuat",
        "Berkas dilampirkan",
        "Laporan dikirim",
        "Laporan diterima UPG",
        "Verifikasi dimulai",
        "Laporan dinyatakan lengkap",
        "Analisis UPG: wajib lapor",
        "Barang dititipkan di UPG",
        "Diteruskan ke KPK",
        "SK KPK dicatat",
        "Barang titipan diserahkan",
        "Tindak lanjut SK dicatat, kasus selesai",
    ):
        expect(timeline).to_contain_text(label)
    page.screenshot(path=str(screenshots / "upg-case-closed.png"), full_page=True)
    pdf = page.request.get(
        page.get_by_role("link", name="Formulir laporan KPK (PDF)").first.get_attribute("href")
        or ""
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    page.goto("/kasus/")
    page.screenshot(path=str(screenshots / "upg-queue.png"), full_page=True)
    _log_out(page)

    # 4. The reporter sees the outcome.
    log_in(page, "asn.demo")
    page.goto("/laporan/")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#case-status")).to_have_text("Selesai")
    expect(page.locator("#penanganan")).to_contain_text("Milik negara")
