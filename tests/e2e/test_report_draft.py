"""An ASN goes from the self-check to a submitted report (first slice of issue #4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e


def test_asn_reports_from_the_self_check(page: Page, demo: DemoResult, screenshots: Path) -> None:
    log_in(page, "asn.demo")
    page.goto("/cek-gratifikasi/")
    page.get_by_label("1. Kapan pemberian itu Anda terima").fill("2026-11-02")
    page.get_by_label("Rekanan, penyedia, atau calon penyedia").check()
    page.get_by_label("3. Dalam rangka apa pemberian itu?").select_option("other")
    page.get_by_label("4. Apa bentuknya?").select_option("food")
    page.get_by_label("5. Berapa perkiraan nilainya (Rp)?").fill("750.000")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("#selfcheck-verdict")).to_have_text("Wajib dilaporkan")

    page.get_by_role("link", name="Buat laporan dari jawaban ini").click()
    expect(page.locator("#main h1")).to_have_text("Buat laporan gratifikasi")
    expect(page.get_by_label("Perkiraan nilai (Rp) 1")).to_have_value("750.000")
    expect(page.get_by_label("Bentuk 1")).to_have_value("food")
    page.get_by_label("Nama/uraian objek 1").fill("Parsel makanan")
    page.get_by_label("Tempat").fill("Kantor Dinas Kesehatan")
    page.get_by_label("Nama pemberi").fill("CV Sumber Rejeki (fiktif)")
    page.locator("textarea[name=description]").fill("Parsel makanan")
    page.get_by_label("Kronologi").fill(
        "Parsel diantar kurir ke meja saya setelah rapat pengadaan."
    )
    page.get_by_role("button", name="Simpan konsep").click()
    expect(page.locator(".alert-success")).to_contain_text("Konsep laporan tersimpan")

    page.once("dialog", lambda dialog: dialog.accept())  # the confirmation before submitting
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#receipt-code")).to_have_text(
        re.compile(r"^([A-Z2-9]{5}-){3}[A-Z2-9]{5}$")
    )
    expect(page.locator("#main h1")).to_contain_text("GRT/")
    expect(page.locator("#main")).to_contain_text("Wajib dilaporkan")
    page.screenshot(path=str(screenshots / "report-submitted.png"), full_page=True)
    page.reload()
    expect(page.locator("#receipt-code")).to_have_count(0)
