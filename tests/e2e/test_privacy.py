"""UU PDP duties in the browser (issue #9 point 3): the admin pemda opens "Data pribadi" from the
menu, sets a retention period, records a data-subject request for a civil servant and closes it
within its 3 x 24 hours, then opens the access report of that person. Screenshots feed
docs/admin-guide.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult
from sehati.org.models import Employee
from sehati.privacy.models import DataSubjectRequest, RetentionRule
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e


def test_admin_handles_retention_a_request_and_the_access_report(
    page: Page, demo: DemoResult, screenshots: Path
) -> None:
    employee = Employee.objects.filter(pemda=demo.pemda).order_by("pk").first()
    assert employee is not None
    log_in(page, "admin.demo", totp_for="admin.demo")
    page.get_by_role("link", name="Data pribadi", exact=True).click()
    expect(page.locator("#main h1")).to_have_text("Pelindungan data pribadi (UU PDP)")
    row = page.locator('#retention-table tr[data-type="tip"]')
    expect(row).to_contain_text("5 tahun")
    row.locator('input[name="tip-keep_years"]').fill("3")
    row.locator('select[name="tip-action"]').select_option("delete")
    row.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Jadwal retensi")
    expect(page.locator('#retention-table tr[data-type="tip"]')).to_contain_text("3 tahun")
    rule = RetentionRule.objects.get(pemda=demo.pemda, record_type="tip")
    assert (rule.keep_years, rule.action) == (3, "delete")
    page.screenshot(path=str(screenshots / "privacy-retention.png"), full_page=True)

    # A data-subject request: recorded, its deadline shown, closed with an answer.
    page.get_by_role("link", name="Permintaan subjek data").click()
    expect(page.locator("#dsr-empty")).to_be_visible()
    page.locator("#dsr-new").click()
    page.locator("#id_kind").select_option("access")
    page.locator("#id_subject_name").fill(employee.name)
    page.locator("#id_nip").fill(employee.nip)
    page.locator("#id_details").fill("Meminta salinan data pribadi saya di SEHATI.")
    page.locator("#dsr-submit").click()
    expect(page.locator("#dsr-deadline")).to_contain_text("sisa 7")
    dsr = DataSubjectRequest.objects.get(pemda=demo.pemda)
    assert dsr.due_at - dsr.received_at == dt.timedelta(hours=72)
    page.screenshot(path=str(screenshots / "privacy-request.png"), full_page=True)
    page.locator("#dsr-close").click()  # without the confirmation: refused, nothing closed
    expect(page.locator("#dsr-close-form")).to_contain_text("Centang konfirmasi")
    page.locator("#id_response").fill("Salinan data dikirim lewat surel dinas.")
    page.locator("#id_confirm").check()
    page.locator("#dsr-close").click()
    expect(page.locator("#dsr-status")).to_contain_text("Dipenuhi")

    # The access report of that person, reached from the request.
    page.get_by_role("link", name="laporan akses").click()
    expect(page.locator("#main")).to_contain_text(employee.nip)
    expect(page.locator("#access-table")).to_contain_text("Permintaan subjek data diterima")
    expect(page.locator("#access-table")).to_contain_text(employee.name)
    page.screenshot(path=str(screenshots / "privacy-access-report.png"), full_page=True)
