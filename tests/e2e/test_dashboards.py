"""Dashboards and transparency in the browser (issue #8): the regent opens the pemda dashboard
from the menu (charts drawn, each with its table, no names); the UPG opens its dashboard and
follows a number to the case list; a member of the public reads the transparency page on a phone.
Screenshots feed docs/user-guide/dasbor.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult
from sehati.reports.models import GiftReport
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e


def test_regent_upg_and_public_read_their_numbers(
    page: Page, phone_page: Page, demo: DemoResult, screenshots: Path
) -> None:
    submitted = GiftReport.objects.filter(pemda=demo.pemda, status="submitted")
    names = {r.reporter.name for r in submitted.select_related("reporter")}

    # The regent: one dashboard, reached from the menu.
    log_in(page, "bupati.demo")
    page.get_by_role("link", name="Dasbor", exact=True).click()
    expect(page.locator("#main h1")).to_have_text("Dasbor pemda")
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    expect(page.locator("figure.sehati-chart table").first).to_be_attached()
    text = page.locator("#main").inner_text()
    assert not any(name in text for name in names)
    page.screenshot(path=str(screenshots / "dashboard-pemda.png"), full_page=True)

    # The UPG: its dashboard, then the overdue number leads to the case list.
    page.context.clear_cookies()
    log_in(page, "upg.demo", totp_for="upg.demo")
    page.goto("/dasbor/upg/")
    expect(page.locator("#main h1")).to_have_text("Dasbor UPG")
    year = page.locator("#board-period")
    expect(year).to_contain_text("Setahun")
    page.screenshot(path=str(screenshots / "dashboard-upg.png"), full_page=True)
    page.locator('[data-stat="overdue"] a').click()
    expect(page).to_have_url(re.compile(r"/kasus/\?.*due=overdue"))

    # The public, on a phone: the transparency page from the landing page, no cell under five.
    phone = phone_page
    phone.goto("/")
    phone.locator("#transparency-link").click()
    expect(phone.locator("#main h1")).to_have_text("Transparansi pengendalian gratifikasi")
    for cell in phone.locator("#transparency-table td").all_inner_texts():
        digits = cell.replace("Rp", "").replace(".", "").strip()
        assert cell.strip() == "<5" or (digits.isdigit() and int(digits) >= 5), cell
    expect(phone.locator("#embed-code")).to_contain_text("/transparansi/widget/")
    phone.screenshot(path=str(screenshots / "transparency-phone.png"), full_page=True)
