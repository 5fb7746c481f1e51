"""Public tips (issue #5 point 5): filed without login, followed with a receipt code that is shown
once and stored as a hash, wrong codes reveal nothing and are throttled, no client trace kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sehati.accounts.services import token_create
from sehati.monitoring import services as svc
from sehati.monitoring.models import Tip
from sehati.reports.services import receipt_code_hash

pytestmark = pytest.mark.django_db
BODY = {"description": "Petugas loket meminta Rp50.000 agar KTP cepat jadi."}


def test_tip_through_the_api_and_lookup(world) -> None:
    public = Client(REMOTE_ADDR="10.1.2.3")
    filed = public.post("/api/v1/tips", BODY, content_type="application/json")
    assert filed.status_code == 201, filed.content
    code = filed.json()["receipt_code"]
    assert len(code.replace("-", "")) == 20 and filed.json()["status"] == "new"
    tip = Tip.objects.get()
    assert tip.receipt_code_hash == receipt_code_hash(code)
    stored = " ".join(str(v) for v in Tip.objects.values().get().values())
    assert code not in stored and "10.1.2.3" not in stored  # no code, no client trace
    upg = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.users['upg'], name='t')[1]}")
    asked = upg.post(
        f"/api/v1/tips/{tip.pk}/messages",
        {"body": "Di kantor mana dan jam berapa?", "ask": True},
        content_type="application/json",
    )
    assert asked.status_code == 201
    seen = public.post(
        "/api/v1/tips/lookup", {"receipt_code": code}, content_type="application/json"
    )
    assert seen.status_code == 200
    assert seen.json()["status"] == "need_info"
    assert seen.json()["messages"][0]["body"] == "Di kantor mana dan jam berapa?"


def test_a_wrong_code_reveals_nothing_and_repeats_are_throttled(world) -> None:
    svc.tip_submit(pemda=world.pemda, description=BODY["description"], today=dt.date(2026, 10, 6))
    client = Client(REMOTE_ADDR="10.9.9.9")
    answers = [
        client.post(
            "/api/v1/tips/lookup", {"receipt_code": f"SALAH-{i}"}, content_type="application/json"
        )
        for i in range(6)
    ]
    assert [a.status_code for a in answers] == [404] * 5 + [429]
    assert answers[0].json()["code"] == "not_found" and "Tip" not in answers[0].content.decode()
    other_client = Client(REMOTE_ADDR="10.9.9.8")
    assert (
        other_client.post(
            "/api/v1/tips/lookup", {"receipt_code": "SALAH"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_submission_is_rate_limited_per_client(world) -> None:
    client = Client(REMOTE_ADDR="10.7.7.7")
    codes = [
        client.post("/api/v1/tips", BODY, content_type="application/json").status_code
        for _ in range(6)
    ]
    assert codes == [201] * 5 + [429]
    assert Tip.objects.count() == 5


def test_public_pages_file_and_follow_a_tip(client, world) -> None:
    unit = world.dinkes.units.first()
    page = client.get(reverse("monitoring:tip_create"))
    assert page.status_code == 200 and unit.name in page.content.decode()
    bad = client.post(
        reverse("monitoring:tip_create"), {"description": "uang", "happened_on": "2099-01-01"}
    )
    assert bad.status_code == 200 and Tip.objects.count() == 0
    done = client.post(
        reverse("monitoring:tip_create"), {**BODY, "service_unit": unit.pk}, follow=True
    )
    text = done.content.decode()
    assert "Kode aduan Anda" in text
    code = text.split('id="tip-code">')[1].split("<")[0]
    assert "Kode aduan Anda" not in client.get(reverse("monitoring:tip_create")).content.decode()
    seen = client.post(reverse("monitoring:tip_lookup"), {"receipt_code": code})
    assert seen.status_code == 200 and "Baru" in seen.content.decode()
    wrong = client.post(reverse("monitoring:tip_lookup"), {"receipt_code": "AAAAA-BBBBB"})
    assert wrong.status_code == 404 and "Kode tidak dikenal" in wrong.content.decode()
    client.post(reverse("monitoring:tip_lookup"), {"receipt_code": code, "body": "Loket 3, pagi."})
    assert Tip.objects.get().messages.get().from_tipster


def test_upg_handles_and_closes_a_tip_and_others_cannot_see_it(client, world) -> None:
    filed = svc.tip_submit(
        pemda=world.pemda, description=BODY["description"], today=dt.date(2026, 10, 6)
    )
    tip = filed.tip
    client.force_login(world.users["upg"])
    assert f"#{tip.pk}" in client.get(reverse("monitoring:tip_list")).content.decode()
    refused = client.post(reverse("monitoring:tip_status", args=[tip.pk]), {"status": "closed"})
    assert "Tuliskan hasil" in refused.content.decode()
    client.post(
        reverse("monitoring:tip_status", args=[tip.pk]),
        {"status": "closed", "outcome": "Petugas diperiksa Inspektorat; pungutan dihentikan."},
    )
    tip.refresh_from_db()
    assert tip.status == "closed"
    looked = svc.tip_find(pemda=world.pemda, receipt_code=filed.receipt_code)
    assert looked is not None and "dihentikan" in looked.outcome
    for persona in ("pelapor", "kepala_opd", "upg_pembantu"):
        client.force_login(world.users[persona])
        assert client.get(reverse("monitoring:tip_detail", args=[tip.pk])).status_code == 403
    other = svc.tip_submit(
        pemda=world.other_pemda, description=BODY["description"], today=dt.date(2026, 10, 6)
    ).tip
    client.force_login(world.users["upg"])
    assert client.get(reverse("monitoring:tip_detail", args=[other.pk])).status_code == 404


def test_behind_a_proxy_clients_are_told_apart_by_the_configured_header(world, settings) -> None:
    settings.SEHATI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    results = []
    for n in range(6):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=f"10.0.0.{n}")
        results.append(
            client.post("/api/v1/tips", BODY, content_type="application/json").status_code
        )
    assert results == [201] * 6  # six people behind one proxy: none throttled
    same = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.0.0.0")
    for _ in range(4):
        same.post("/api/v1/tips", BODY, content_type="application/json")
    assert same.post("/api/v1/tips", BODY, content_type="application/json").status_code == 429
