"""Periodic declarations in the browser (issue #6 acceptance): the UPG opens a period for one
OPD of three civil servants; one of them answers on a phone, admitting a gift not yet reported;
the UPG's roster then counts 3 obliged, 1 answered (1 admitted unreported) and 2 not answered.
Screenshots feed the ASN's and the UPG's user guides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.accounts.models import User
from sehati.core.clock import local_today
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.demo import DemoResult
from sehati.org.models import Opd
from sehati.org.tests.factories import EmployeeFactory
from sehati.reports.models import GiftReport
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e
TITLE = "Deklarasi semester II (uji)"


def _small_opd(demo: DemoResult) -> Opd:
    """A new OPD with the demo ASN and two colleagues: three civil servants to declare."""
    pemda = demo.pemda
    opd = Opd.objects.create(pemda=pemda, code="UJI-DEKL", name="Bagian Uji Deklarasi")
    asn = User.objects.get(username="asn.demo").employee
    assert asn is not None
    asn.opd = opd
    asn.save()
    for _n in range(2):
        EmployeeFactory(pemda=pemda, opd=opd)
    return opd


def test_asn_answers_and_roster_counts(
    page: Page, phone_page: Page, demo: DemoResult, screenshots: Path
) -> None:
    opd = _small_opd(demo)
    today = local_today(demo.pemda.time_zone)

    # 1. The UPG opens a period for that OPD only.
    log_in(page, "upg.demo", totp_for="upg.demo")
    page.locator("#nav-main").get_by_role("link", name="Deklarasi", exact=True).click()
    expect(page.locator("#main h1")).to_have_text("Deklarasi gratifikasi berkala")
    page.get_by_role("link", name="Buka periode").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_due_on", (today + dt.timedelta(days=14)).isoformat())
    page.locator("label", has_text="OPD tertentu").click()
    page.locator(f"#opd-{opd.pk}").check()
    page.get_by_role("button", name="Buka periode").click()
    expect(page.locator("#main h1")).to_contain_text(TITLE)
    period = DeclarationPeriod.objects.get(title=TITLE)
    assert Declaration.objects.filter(period=period).count() == 3

    # 2. The ASN answers on a phone: received a gift and not yet reported it.
    phone = phone_page
    log_in(phone, "asn.demo")
    phone.locator(".navbar-toggler").click()
    phone.locator("#nav-main").get_by_role("link", name="Deklarasi saya").click()
    card = phone.locator(".card", has_text=TITLE)
    card.get_by_role("link", name="Isi deklarasi").click()
    gifts_part = phone.locator("[data-answer-part=unreported]")
    expect(gifts_part).to_be_hidden()
    phone.locator("label[for=answer-unreported]").click()
    expect(gifts_part).to_be_visible()
    expect(phone.locator("[data-answer-part=reported]")).to_be_hidden()
    phone.fill("#id_gift-0-description", "Parsel buah dari rekanan")
    phone.fill("#id_gift-0-received_on", (today - dt.timedelta(days=3)).isoformat())
    phone.fill("#id_gift-0-giver_name", "CV Maju Jaya")
    phone.fill("#id_gift-0-value_idr", "850000")
    phone.screenshot(path=str(screenshots / "declaration-answer-phone.png"), full_page=True)
    phone.get_by_role("button", name="Simpan deklarasi").click()
    expect(phone.locator("#declaration-status")).to_contain_text("Menerima dan belum melapor")
    expect(phone.get_by_role("link", name="Lengkapi dan kirim konsep laporannya")).to_be_visible()
    asn = User.objects.get(username="asn.demo").employee
    assert GiftReport.objects.filter(reporter=asn, status="draft", value_idr=850_000).exists()

    # 3. The UPG's roster for the OPD: 3 obliged, 1 answered (admitted), 2 not answered.
    page.reload()
    row = page.locator(f"#roster-table tr[data-opd='{opd.pk}']")
    expect(row.locator("[data-col=obliged]")).to_have_text("3")
    expect(row.locator("[data-col=answered]")).to_contain_text("1")
    expect(row.locator("[data-col=unreported]")).to_have_text("1")
    expect(row.locator("[data-col=pending]")).to_contain_text("2")
    expect(page.locator("#people-table tbody tr")).to_have_count(3)
    page.screenshot(path=str(screenshots / "declaration-roster-upg.png"), full_page=True)
