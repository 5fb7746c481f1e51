"""A member of the public files a tip on a phone, without logging in, and follows it with the
receipt code (issue #5 point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult

pytestmark = pytest.mark.e2e


def test_public_tip_on_a_phone(phone_page: Page, demo: DemoResult, screenshots: Path) -> None:
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Adukan pungutan atau gratifikasi").click()
    page.get_by_label("Apa yang terjadi?").fill(
        "Petugas loket meminta uang tambahan agar akta kelahiran cepat selesai."
    )
    page.get_by_label("Tempat (bila bukan unit di atas)").fill("Loket Disdukcapil")
    page.screenshot(path=str(screenshots / "public-tip-form-phone.png"), full_page=True)
    page.get_by_role("button", name="Kirim aduan").click()
    code = page.locator("#tip-code").inner_text()
    assert len(code.replace("-", "")) == 20
    page.screenshot(path=str(screenshots / "public-tip-code-phone.png"), full_page=True)
    page.get_by_role("link", name="Lihat perkembangan aduan").click()
    page.get_by_label("Kode aduan").fill("SALAH-SALAH")
    page.get_by_role("button", name="Lihat").click()
    expect(page.locator("#main")).to_contain_text("Kode tidak dikenal")
    page.get_by_label("Kode aduan").fill(code)
    page.get_by_role("button", name="Lihat").click()
    expect(page.locator("#tip-status")).to_have_text("Baru")
