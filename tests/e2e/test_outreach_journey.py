"""Socialisation in the browser (issue #7 point 1): on the day of an event, the UPG opens the
pre-test from the event's page; a civil servant checks in on a phone through the event's QR
link (the same address the QR code encodes), takes the pre-test, and after the UPG opens the
post-test takes that too; the event's page then shows the knowledge gain. Screenshots feed the
UPG's user guide (the phone's test page, the desktop results)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sehati.org.demo import DemoResult
from sehati.outreach.models import Event, Quiz, QuizAttempt
from tests.e2e.support import log_in

pytestmark = pytest.mark.e2e
TITLE = "Sosialisasi gratifikasi menjelang akhir tahun"  # the demo's event of today


def _answer(phone: Page, quiz: Quiz, *, right: int) -> None:
    """Tick the right option for the first `right` questions shown and a wrong one after."""
    items = {i.question_id: i.question.correct for i in quiz.items.select_related("question")}
    fieldsets = phone.locator("#test-form fieldset")
    for n in range(fieldsets.count()):
        radio = fieldsets.nth(n).locator("input[type=radio]").first
        qid = int(radio.get_attribute("name").removeprefix("q"))
        good = items[qid]
        choice = good if n < right else ("A" if good != "A" else "B")
        phone.locator(f"#test-form label[for=id_q{qid}_{'ABCD'.index(choice)}]").click()


def test_participant_checks_in_takes_both_tests_and_the_event_shows_the_gain(
    page: Page, phone_page: Page, demo: DemoResult, screenshots: Path
) -> None:
    event = Event.objects.get(pemda=demo.pemda, title=TITLE)
    pre = Quiz.objects.get(event=event, kind="pre")
    post = Quiz.objects.get(event=event, kind="post")
    page.on("dialog", lambda dialog: dialog.accept())  # every confirmation is accepted
    phone = phone_page
    phone.on("dialog", lambda dialog: dialog.accept())

    # 1. The UPG opens the pre-test on the event's page and reads its check-in link.
    log_in(page, "upg.demo", totp_for="upg.demo")
    page.goto(f"/sosialisasi/kegiatan/{event.pk}/")
    expect(page.locator("#event-tests")).to_be_visible()
    page.locator("#quiz-open-pre").click()
    expect(page.locator("#tests-table tr[data-kind=pre] [data-col=status]")).to_have_text("dibuka")
    checkin_url = page.locator("#checkin-link").get_attribute("href")
    assert checkin_url and "/sosialisasi/hadir/" in checkin_url

    # 2. A civil servant checks in on a phone by the QR link and takes the pre-test.
    log_in(phone, "asn.demo")
    phone.goto(checkin_url)
    phone.locator("#join-submit").click()
    expect(phone.locator("#attendance-status")).to_contain_text("Hadir")
    phone.locator("#test-link-pre").click()
    expect(phone.locator("#main h1")).to_have_text("Tes awal")
    expect(phone.locator("#test-form fieldset")).to_have_count(pre.question_count)
    _answer(phone, pre, right=4)
    phone.screenshot(path=str(screenshots / "outreach-test-phone.png"), full_page=True)
    phone.locator("#test-submit").click()
    expect(phone.locator("#score-value")).to_have_text("40")
    expect(phone.locator("#review-later")).to_be_visible()  # no answers before the post-test

    # 3. The UPG opens the post-test (the pre-test closes); the participant takes it.
    page.reload()
    page.locator("#quiz-open-post").click()
    expect(page.locator("#tests-table tr[data-kind=post] [data-col=status]")).to_have_text("dibuka")
    expect(page.locator("#tests-table tr[data-kind=pre] [data-col=status]")).to_have_text("ditutup")
    phone.locator("#back-home").click()
    phone.locator("#test-link-post").click()
    expect(phone.locator("#main h1")).to_have_text("Tes akhir")
    _answer(phone, post, right=post.question_count)
    phone.locator("#test-submit").click()
    expect(phone.locator("#score-value")).to_have_text("100")
    expect(phone.locator("#test-review li[data-correct=yes]")).to_have_count(post.question_count)
    assert QuizAttempt.objects.filter(quiz__event=event).count() == 2

    # 4. The event's page shows the knowledge gain (one participant: 100 − 40).
    page.reload()
    gain = page.locator("#knowledge-gain")
    expect(gain).to_be_visible()
    expect(gain).to_contain_text(re.compile(r"\+60[,.]0 poin"))
    expect(gain).to_contain_text("n = 1")
    page.locator("#tests-results-link").click()
    expect(page.locator("#main h1")).to_have_text("Hasil tes awal dan tes akhir")
    expect(page.locator("#people-results tbody tr")).to_have_count(1)
    expect(page.locator("#quiz-means-table")).to_be_visible()
    page.screenshot(path=str(screenshots / "outreach-test-results-desktop.png"), full_page=True)
