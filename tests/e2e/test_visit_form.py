"""A UP3 monitor files a visit on a phone (390x844) with a weak connection (issue #5 point 3):
the answers survive a reload, sending offline is refused kindly and keeps everything, a large
photo is scaled down before upload, and the confirmed visit clears the browser's copy."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from conftest import build_world
from sehati.core.models import StoredFile
from sehati.monitoring.models import Finding, Visit
from sehati.monitoring.tests.test_visits import field_setup
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e
PASSWORD = "uji-e2e-Pemantau-2026"


@pytest.fixture
def field(transactional_db: Any, private_media: Any) -> Any:
    world = build_world()
    f = field_setup(world)
    f.user.set_password(PASSWORD)
    f.user.save()
    return f


def big_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), (30, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_visit_survives_a_reload_and_a_lost_connection(
    phone_page: Page, field: Any, screenshots: Path
) -> None:
    page = phone_page
    log_in(page, field.user.username, PASSWORD)
    page.goto("/up3/kunjungan/baru/")
    form_uuid = page.locator("input[name=client_uuid]").input_value()
    page.select_option("#id_service_unit", str(field.unit.pk))
    page.locator(f"label[for=id_item_{field.standard.pk}_tidak]").click()
    page.locator(f"label[for=id_item_{field.levy.pk}_ya]").click()
    page.fill("#id_narrative", "Papan standar pelayanan tidak ada; petugas meminta uang.")
    # A non-compliant answer suggests a finding of its category.
    expect(page.locator("#visit-suggest")).to_be_visible()
    page.locator("#visit-suggest-list button").first.click()
    expect(page.locator("#id_f1_category")).to_have_value("standar")
    page.fill("#id_f1_description", "Standar pelayanan tidak dipasang di ruang tunggu.")
    page.select_option("#id_f1_severity", "sedang")

    page.reload()  # nothing is lost
    expect(page.locator("#visit-restored")).to_be_visible()
    expect(page.locator("#id_narrative")).to_have_value(
        "Papan standar pelayanan tidak ada; petugas meminta uang."
    )
    expect(page.locator(f"#id_item_{field.levy.pk}_ya")).to_be_checked()
    expect(page.locator("#id_f1_description")).to_have_value(
        "Standar pelayanan tidak dipasang di ruang tunggu."
    )
    assert page.locator("input[name=client_uuid]").input_value() == form_uuid

    page.set_input_files(
        "#id_photos", files=[{"name": "loket.png", "mimeType": "image/png", "buffer": big_png()}]
    )
    # Polled with evaluate: wait_for_function compiles its predicate with eval, which the
    # Content-Security-Policy refuses.
    for _ in range(100):
        if page.evaluate("document.getElementById('id_photos').files[0]?.type") == "image/jpeg":
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("foto tidak diperkecil menjadi JPEG di peramban")
    page.screenshot(path=str(screenshots / "up3-visit-form-phone.png"), full_page=True)

    page.context.set_offline(True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator("#visit-send-error")).to_contain_text("Tidak ada sambungan")
    expect(page.locator("#visit-offline")).to_be_visible()
    assert not Visit.objects.exists()

    page.context.set_offline(False)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator("#visit-status")).to_have_text("Terkirim")
    visit = Visit.objects.get()
    assert str(visit.client_uuid) == form_uuid and Finding.objects.count() == 1
    photo = StoredFile.objects.get()
    assert photo.content_type == "image/jpeg" and photo.original_name == "loket.jpg"
    stored = page.evaluate(f"window.localStorage.getItem('sehati:visit:{form_uuid}')")
    assert stored is None  # the server confirmed: the browser's copy is gone
    page.screenshot(path=str(screenshots / "up3-visit-sent-phone.png"), full_page=True)
    page.goto("/up3/kunjungan/baru/")
    expect(page.locator("#visit-restored")).to_be_hidden()
    assert page.locator("input[name=client_uuid]").input_value() != form_uuid
