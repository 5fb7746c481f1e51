"""Every demo role logs in through the real login form (TOTP where the role needs it), lands on
its home page and sees its own panel; the login page speaks Indonesian and switches language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from sehati.accounts.models import User
from sehati.org.demo import DemoResult
from tests.e2e.support import DESKTOP, log_in, submit_login

pytestmark = pytest.mark.e2e

# username -> (needs TOTP, texts its home page must show)
HOMES: dict[str, tuple[bool, list[str]]] = {
    "asn.demo": (False, ["Data kepegawaian saya", "Dinas Kesehatan"]),
    "asn2.demo": (False, ["Data kepegawaian saya", "Dinas Kependudukan dan Pencatatan Sipil"]),
    "upgp.demo": (False, ["UPG pembantu — Dinas Kesehatan", "pegawai aktif"]),
    "upg.demo": (True, ["Ringkasan pemda", "OPD dengan pegawai terbanyak"]),
    "kepala.demo": (False, ["Kepala OPD — Dinas Kesehatan"]),
    "pemantau.demo": (False, ["Pemantau UP3 — Kandangan", "Unit layanan di wilayah pemantauan"]),
    "inspektur.demo": (True, ["Peristiwa terbaru", "Ringkasan pemda"]),
    "tpp.demo": (False, ["Operator TPP", "TPP per bulan"]),
    "admin.demo": (True, ["Peristiwa terbaru", "Ringkasan pemda"]),
}


def _assert_home(page: Page, username: str, texts: list[str]) -> None:
    user = User.objects.select_related("employee").get(username=username)
    main = page.locator("#main")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(main.locator("h1")).to_contain_text(f"Selamat datang, {user.get_full_name()}")
    for text in texts:
        expect(main).to_contain_text(text)
    if user.employee_id:
        expect(main).to_contain_text(user.employee.nip)
    expect(main).not_to_contain_text("belum memiliki peran")
    # The navbar offers to log out (behind the menu toggler on a phone).
    expect(
        page.locator("nav").get_by_role("button", name="Keluar", include_hidden=True)
    ).to_have_count(1)


@pytest.mark.parametrize("username", list(HOMES))
def test_role_logs_in_and_sees_its_home(
    page: Page, demo: DemoResult, screenshots: Path, username: str
) -> None:
    needs_totp, texts = HOMES[username]
    asked_totp = log_in(
        page, username, totp_for=username, totp_screenshot=screenshots / f"totp-{username}.png"
    )
    assert asked_totp == needs_totp
    _assert_home(page, username, texts)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    # However many sections the role has, the menu wraps rather than pushing "Keluar" off
    # the screen.
    box = page.get_by_role("button", name="Keluar").bounding_box()
    assert box is not None and box["x"] + box["width"] <= DESKTOP["width"], box
    nav = page.get_by_role("navigation", name="Navigasi utama")
    # Only the admin gets the Django admin ("Data referensi"); only inspektur/admin the audit.
    expect(nav.get_by_role("link", name="Data referensi")).to_have_count(
        1 if username == "admin.demo" else 0
    )
    expect(nav.get_by_role("link", name="Linimasa audit")).to_have_count(
        1 if username in ("inspektur.demo", "admin.demo") else 0
    )
    page.screenshot(path=str(screenshots / f"home-{username}.png"), full_page=True)


def test_asn_logs_in_with_nip(page: Page, demo: DemoResult) -> None:
    nip = User.objects.select_related("employee").get(username="asn.demo").employee.nip
    log_in(page, nip)
    _assert_home(page, "asn.demo", ["Data kepegawaian saya"])


def test_login_page_is_indonesian_and_switches_to_english(
    page: Page, demo: DemoResult, screenshots: Path
) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#main h1")).to_have_text("Masuk ke SEHATI")
    expect(page.get_by_label("NIP, nama pengguna, atau surel")).to_be_visible()
    page.screenshot(path=str(screenshots / "login.png"), full_page=True)

    page.locator("#lang-select").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    with translation.override("en"):
        english = translation.gettext("Masuk ke SEHATI")
    assert english != "Masuk ke SEHATI", "locale/en must translate the login heading"
    expect(page.locator("#main h1")).to_have_text(english)
    page.screenshot(path=str(screenshots / "login-en.png"), full_page=True)

    # And back to Indonesian (the switch is a cookie; nothing else changes).
    page.locator("#lang-select").select_option("id")
    page.locator("footer form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#main h1")).to_have_text("Masuk ke SEHATI")


def test_wrong_password_shows_an_indonesian_error(
    page: Page, demo: DemoResult, screenshots: Path
) -> None:
    submit_login(page, "asn.demo", "bukan-kata-sandinya")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#main .alert-danger")).to_contain_text(
        "Nama pengguna dan/atau kata sandi yang anda masukkan tidak benar."
    )
    expect(page.locator("#main input[name=login]")).to_have_value("asn.demo")
    page.screenshot(path=str(screenshots / "login-wrong-password.png"), full_page=True)


def test_pemantau_home_on_a_phone(phone_page: Page, demo: DemoResult, screenshots: Path) -> None:
    log_in(phone_page, "pemantau.demo")
    _assert_home(phone_page, "pemantau.demo", HOMES["pemantau.demo"][1])
    # On a phone the navigation collapses behind the toggler.
    toggler = phone_page.get_by_role("button", name="Buka menu")
    expect(toggler).to_be_visible()
    expect(phone_page.get_by_role("button", name="Keluar")).to_be_hidden()
    # Nothing wider than the screen: no sideways scrolling of the whole page.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"halaman lebih lebar dari layar ponsel: {width}px"
    phone_page.screenshot(path=str(screenshots / "home-pemantau.demo-phone.png"), full_page=True)
    toggler.click()
    expect(phone_page.get_by_role("button", name="Keluar")).to_be_visible()
