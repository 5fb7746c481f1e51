"""Browser tests: Playwright (from pip) driving Debian's /usr/bin/chromium against live_server.

No browser is ever downloaded: the session-scoped `browser` fixture below launches
/usr/bin/chromium itself through `executable_path`, and it overrides pytest-playwright's fixture
of the same name, so the plugin's `page`/`context` fixtures (if anyone uses them) get this
browser too. The plugin stays loaded (it only adds options and the `[chromium]` test-id
suffix); `-p no:playwright` works as well, since nothing here needs it.

Run: `DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m e2e tests/e2e` (scripts/test.sh does).
Playwright's sync API runs an event loop in the main thread, so Django's ORM calls the tests
make there (building the demo, reading TOTP secrets) need DJANGO_ALLOW_ASYNC_UNSAFE; the
`browser` fixture sets it for the e2e session only when the caller did not.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, sync_playwright

from sehati.org.demo import DemoResult, demo_build
from tests.e2e.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_EMPLOYEES,
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    TIMEOUT_MS,
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} tidak ada: pasang paket Debian `chromium` (scripts/system-deps.sh)"
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    try:
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser: Browser, live_server: Any, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="id-ID", timezone_id="Asia/Makassar"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Every journey runs under the Content-Security-Policy (no inline script or style): a page
    # that trips it fails the test that opened it.
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        yield page
        assert blocked == [], f"Content-Security-Policy menolak: {blocked}"
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh desktop browser context (no cookies) on the live server."""
    yield from _new_page(browser, live_server, DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    yield from _new_page(browser, live_server, PHONE)


@pytest.fixture
def demo(transactional_db: Any, settings: Any, tmp_path: Path) -> DemoResult:
    """The demo pemda in the test DB; its login list goes to tmp, not the real var/."""
    settings.VAR_DIR = tmp_path
    cache.clear()  # allauth remembers used TOTP codes per user id; ids restart after a flush
    return demo_build(employees=DEMO_EMPLOYEES, password=DEMO_PASSWORD)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
