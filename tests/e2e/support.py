"""Helpers of the browser tests: Chromium settings, demo password, logging in with TOTP."""

from __future__ import annotations

import time
from pathlib import Path

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "uji-e2e-Sehati-2025"
DEMO_EMPLOYEES = 60
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# var/screenshots (captured before any test points VAR_DIR elsewhere).
SCREENSHOTS = Path(django_settings.VAR_DIR) / "screenshots"
TIMEOUT_MS = 15_000


def totp_code(username: str) -> str:
    """The current TOTP code of a demo account, as `sehati demo_code` computes it. Waits for the
    next time step when this one is about to end, so the code is still valid when it arrives."""
    period = mfa_settings.TOTP_PERIOD
    if time.time() % period > period - 3:
        time.sleep(period - time.time() % period + 0.2)
    auth = Authenticator.objects.get(user__username=username, type=Authenticator.Type.TOTP)
    secret = get_adapter().decrypt(auth.data["secret"])
    counters = list(yield_hotp_counters_from_time())  # [now - tolerance … now + tolerance]
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def submit_login(page: Page, login: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#main input[name=login]").fill(login)
    page.locator("#main input[name=password]").fill(password)
    page.locator("#main form").get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def log_in(
    page: Page,
    login: str,
    password: str = DEMO_PASSWORD,
    *,
    totp_for: str = "",
    totp_screenshot: Path | None = None,
) -> bool:
    """Log in through the real form; enter the TOTP code of `totp_for` when allauth asks for
    one. Returns whether a TOTP code was asked."""
    submit_login(page, login, password)
    asked = "/accounts/2fa/authenticate" in page.url
    if asked:
        assert totp_for, f"{login} diminta kode TOTP"
        expect(page.locator("#main h1")).to_have_text("Autentikasi Dua Faktor")
        if totp_screenshot is not None:
            page.screenshot(path=str(totp_screenshot), full_page=True)
        page.locator("#main input[name=code]").fill(totp_code(totp_for))
        page.locator("#main form").get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"{login} tidak berhasil masuk: {page.url}"
    return asked
