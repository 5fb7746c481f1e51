"""The UP3 loop on a phone (issue #5 acceptance): a monitor files a visit with a photo and a
finding; the finding reaches the head of the OPD, who responds; the UPG closes it; the monitor
sees the outcome. Screenshots feed the monitors' and the UPG's user guides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.core.tests.samples import PNG_BYTES
from sehati.monitoring.models import ChecklistItem, Finding
from sehati.org.demo import DemoResult
from sehati.org.models import Opd, ServiceUnit
from sehati.org.selectors import opd_descendant_ids
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e
OUTCOME = "Petugas loket ditegur tertulis; tarif resmi dipasang di loket."


def _dinkes_unit_in_kandangan(demo: DemoResult) -> ServiceUnit:
    pemda = demo.pemda
    dinkes = Opd.objects.get(pemda=pemda, code="DINKES")
    ids = opd_descendant_ids(pemda_id=pemda.pk, roots={dinkes.pk})
    unit = (
        ServiceUnit.objects.filter(
            pemda=pemda, opd_id__in=ids, kecamatan__name="Kandangan", is_active=True
        )
        .order_by("name")
        .first()
    )
    assert unit is not None, "the demo has a Dinkes service point in Kandangan"
    return unit


def test_monitor_visit_to_closed_finding_on_a_phone(
    phone_page: Page, demo: DemoResult, screenshots: Path, tmp_path: Path
) -> None:
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())  # every confirmation is accepted
    unit = _dinkes_unit_in_kandangan(demo)
    items = list(ChecklistItem.objects.filter(pemda=demo.pemda, is_active=True))
    assert items, "the demo pemda has the default checklist"

    # 1. The monitor of Kandangan files a visit with a photo and one finding.
    log_in(page, "pemantau.demo")
    page.locator(".navbar-toggler").click()  # the phone's collapsed menu
    page.locator("#nav-main").get_by_role("link", name="UP3").click()
    expect(page.locator("#main h1")).to_contain_text("Kunjungan")
    page.goto("/up3/kunjungan/baru/")
    page.select_option("#id_service_unit", str(unit.pk))
    for item in items:
        levy = item.finding_category == Finding.Category.LEVY
        bad = ChecklistItem.Answer.NO if item.good_answer == "ya" else ChecklistItem.Answer.YES
        answer = bad if levy else item.good_answer
        page.locator(f"label[for=id_item_{item.pk}_{answer}]").click()
    page.fill(
        "#id_narrative",
        "Antrean tertib, tetapi petugas loket meminta Rp50.000 di luar tarif agar surat cepat.",
    )
    photo = tmp_path / "loket.png"
    photo.write_bytes(PNG_BYTES)
    page.set_input_files("#id_photos", str(photo))
    page.get_by_label("Ada temuan?").check()
    page.select_option("#id_f1_category", Finding.Category.LEVY.value)
    page.select_option("#id_f1_severity", Finding.Severity.HIGH.value)
    page.fill("#id_f1_description", "Petugas loket meminta Rp50.000 di luar tarif resmi.")
    page.fill("#id_f1_person", "Petugas loket pendaftaran")
    page.fill("#id_f1_gift", "Uang Rp50.000")
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator("#visit-status")).to_have_text("Terkirim")
    number = re.search(r"TMU/\d{4}/\d{4}", page.locator(".visit-finding-row").inner_text())
    assert number is not None
    finding = Finding.objects.get(pemda=demo.pemda, number=number.group(0))
    assert finding.opd_id == unit.opd_id and finding.status == Finding.Status.SENT
    page.screenshot(path=str(screenshots / "up3-visit-detail-phone.png"), full_page=True)
    page.context.clear_cookies()

    # 2. The head of Dinkes sees it (without the monitor's name) and responds.
    log_in(page, "kepala.demo")
    page.goto("/up3/temuan/")
    page.get_by_role("link", name=finding.number).click()
    expect(page.locator("#finding-status")).to_have_text("Menunggu tindak lanjut OPD")
    expect(page.locator("#main")).to_contain_text("Pemantau UP3")
    assert finding.visit is not None and finding.visit.monitor.name not in page.content()
    page.get_by_label("Tindak lanjut OPD").fill(
        "Petugas sudah dipanggil dan ditegur tertulis; papan tarif resmi dipasang di loket."
    )
    page.screenshot(path=str(screenshots / "up3-kepala-opd-respond-phone.png"), full_page=True)
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.locator("#finding-status")).to_have_text("Ditanggapi OPD, diverifikasi UPG")
    page.context.clear_cookies()

    # 3. The UPG verifies the response and closes the finding with the outcome.
    log_in(page, "upg.demo", totp_for="upg.demo")
    page.goto(f"/up3/temuan/{finding.pk}/")
    page.get_by_label("Selesai: tindak lanjut memadai").check()
    page.get_by_label("Hasil tindak lanjut (dibaca pemantau)").fill(OUTCOME)
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("#finding-status")).to_have_text("Selesai")
    page.screenshot(path=str(screenshots / "up3-upg-finding-closed-phone.png"), full_page=True)
    page.context.clear_cookies()

    # 4. The monitor sees the outcome on their visit.
    log_in(page, "pemantau.demo")
    page.goto("/up3/kunjungan/")
    expect(page.locator("#main")).to_contain_text(unit.name)
    page.locator(f"a[href='/up3/kunjungan/{finding.visit_id}/']").click()
    expect(page.locator(".visit-finding-row")).to_contain_text("Selesai")
    expect(page.locator(".visit-finding-row")).to_contain_text(OUTCOME)
    page.screenshot(path=str(screenshots / "up3-monitor-outcome-phone.png"), full_page=True)
