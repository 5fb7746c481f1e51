"""The public self-check page and the rules API."""

from __future__ import annotations

import pytest
from django.urls import reverse

ANSWERS = {
    "received_on": "2026-02-10",
    "giver_relation": "other",
    "category": "ceremony",
    "form": "money",
    "value_idr": "1.200.000",
    "same_giver_year_total_idr": "",
    "conflict_of_interest": "tidak",
    "to_institution": "tidak",
}


@pytest.mark.django_db
def test_blank_form_for_anyone(client, world) -> None:
    page = client.get(reverse("reports:selfcheck")).content.decode()
    assert "Apakah saya wajib melaporkan gratifikasi ini?" in page
    assert "Jawaban akan tampil di sini" in page


@pytest.mark.django_db
def test_answer_with_article_and_deadlines(client, world) -> None:
    page = client.get(reverse("reports:selfcheck"), ANSWERS).content.decode()
    assert "Tidak wajib dilaporkan" in page
    assert "huruf l PerKPK 2/2019 jo. PerKPK 1/2026" in page
    assert "2 April 2026" in page  # receipt + 30 HK
    assert "Rp1.500.000" in page
    old = client.get(reverse("reports:selfcheck"), {**ANSWERS, "received_on": "2025-12-10"})
    assert "Wajib dilaporkan" in old.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value_idr", "1,5 juta", "rupiah bulat"),
        ("value_idr", "", "perkiraan nilai"),
        ("received_on", "2014-12-31", "sejak tahun 2015"),
        ("received_on", "kemarin", "tanggal"),
        ("category", "pesta", "pilihan"),
    ],
)
def test_bad_answers_get_clear_messages(client, world, field, value, message) -> None:
    response = client.get(reverse("reports:selfcheck"), {**ANSWERS, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Periksa kembali isian" in page
    assert message.lower() in page.lower()


@pytest.mark.django_db
def test_api_assess_is_public_and_validates(client, world) -> None:
    body = {
        "received_on": "2026-02-10",
        "category": "ceremony",
        "form": "money",
        "value_idr": 1200000,
        "giver_relation": "other",
    }
    response = client.post("/api/v1/rules/assess", body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["must_report"] is False and data["report_due"] == "2026-04-02"
    assert [d["code"] for d in data["deadlines"]] == [
        "receipt_to_upg_pembantu",
        "receipt_to_upg",
        "receipt_to_kpk",
    ]
    bad = client.post(
        "/api/v1/rules/assess", {**body, "value_idr": True}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


@pytest.mark.django_db
def test_api_due_and_calendar(client, world) -> None:
    due = client.get("/api/v1/rules/due", {"start": "2026-02-10", "days": 30})
    assert due.status_code == 200 and due.json()["due_on"] == "2026-04-02"
    days = client.get("/api/v1/rules/calendar/2026").json()
    assert len([d for d in days if d["kind"] == "libur nasional"]) == 17
    assert client.get("/api/v1/rules/calendar/1999").status_code == 422


@pytest.mark.django_db
def test_works_on_an_installation_without_any_pemda(client) -> None:
    """Found in review: request.pemda is a lazy object, and `is None` missed the empty case."""
    from sehati.org.models import Pemda

    assert not Pemda.objects.exists()
    page = client.get(reverse("reports:selfcheck"), ANSWERS)
    assert page.status_code == 200 and "Tidak wajib dilaporkan" in page.content.decode()
    body = {
        "received_on": "2026-02-10",
        "category": "ceremony",
        "form": "money",
        "value_idr": 1200000,
        "giver_relation": "other",
    }
    assert (
        client.post("/api/v1/rules/assess", body, content_type="application/json").status_code
        == 200
    )
    assert client.get("/api/v1/rules/due", {"start": "2026-02-10", "days": 3}).status_code == 200
    assert client.get("/api/v1/rules/calendar/2026").status_code == 200


@pytest.mark.django_db
def test_english_page_translates_the_choices(client, world) -> None:
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:selfcheck")).content.decode()
    assert 'lang="en"' in page
    assert "Hadiah atau amplop pada pernikahan" not in page
