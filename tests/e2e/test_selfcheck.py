"""The public self-check in Chromium, in Indonesian, on desktop and phone (issue #3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e


def answer(page: Page, *, day: str, value: str) -> None:
    page.get_by_label("1. Kapan pemberian itu Anda terima").fill(day)
    page.get_by_label("Lainnya", exact=True).first.check()
    page.get_by_label("3. Dalam rangka apa pemberian itu?").select_option("ceremony")
    page.get_by_label("4. Apa bentuknya?").select_option("money")
    page.get_by_label("5. Berapa perkiraan nilainya (Rp)?").fill(value)
    page.get_by_role("button", name="Periksa").click()
    page.wait_for_load_state()


def test_selfcheck_answers_in_indonesian(page: Page, demo: DemoResult, screenshots: Path) -> None:
    page.goto("/")
    page.get_by_role("link", name="Cek: wajib lapor atau tidak?").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#main h1")).to_have_text("Apakah saya wajib melaporkan gratifikasi ini?")

    answer(page, day="2026-02-10", value="1.200.000")
    verdict = page.locator("#selfcheck-verdict")
    expect(verdict).to_have_text("Tidak wajib dilaporkan")
    expect(page.locator("#selfcheck-result")).to_contain_text(
        "huruf l PerKPK 2/2019 jo. PerKPK 1/2026"
    )
    expect(page.locator("#selfcheck-result")).to_contain_text("2 April 2026")
    page.screenshot(path=str(screenshots / "selfcheck-2026.png"), full_page=True)

    answer(page, day="2025-12-10", value="1.200.000")
    expect(verdict).to_have_text("Wajib dilaporkan")
    expect(page.locator("#selfcheck-result")).to_contain_text("seluruh nilai wajib dilaporkan")

    answer(page, day="2026-02-10", value="1,2 juta")
    expect(page.locator("#selfcheck-result")).to_contain_text("Periksa kembali isian")
    expect(page.locator("#main")).to_contain_text("Tulis nilai dalam rupiah bulat")


def test_selfcheck_on_a_phone(phone_page: Page, demo: DemoResult, screenshots: Path) -> None:
    phone_page.goto("/cek-gratifikasi/")
    answer(phone_page, day="2026-02-10", value="2000000")
    expect(phone_page.locator("#selfcheck-verdict")).to_have_text("Wajib dilaporkan")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"halaman melebar ke samping ({width}px)"
    phone_page.screenshot(path=str(screenshots / "selfcheck-phone.png"), full_page=True)


@pytest.mark.parametrize("username", ["admin.demo", "inspektur.demo"])
def test_widest_menus_fit_the_desktop(page: Page, demo: DemoResult, username: str) -> None:
    log_in(page, username, totp_for=username)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"menu {username} melebar ke samping ({width}px)"
