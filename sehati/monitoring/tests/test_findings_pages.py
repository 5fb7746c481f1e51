"""UP3 findings pages and API (issue #5 point 4): each recipient sees only what is theirs, the
monitor's name stays hidden from the head of the OPD, the UPG records a finding from a tip with
evidence, the follow-up steps through the pages and the API, and the list's query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sehati.accounts.services import token_create
from sehati.core.files import files_for
from sehati.monitoring import findings as svc
from sehati.monitoring import services as tips
from sehati.monitoring.models import Finding, Tip
from sehati.monitoring.tests import test_findings as base
from sehati.org.tests.factories import ServiceUnitFactory

pytestmark = pytest.mark.django_db
TODAY, open_finding = base.TODAY, base.open_finding
up3 = base.up3  # the fixture: a Puskesmas unit, the pemantau's visit, a head of Dukcapil
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _on_the_day(time_machine: Any) -> None:
    """Pages and the API take today from the clock: the day the findings are opened (WITA)."""
    time_machine.move_to(dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='uji')[1]}")


@pytest.fixture
def two(world, up3) -> dict[str, Finding]:
    """A Puskesmas finding from the pemantau's visit and a Dukcapil finding from the UPG."""
    dukcapil_unit = ServiceUnitFactory(opd=world.dukcapil, pemda=world.pemda)
    return {
        "puskesmas": open_finding(world, up3),
        "dukcapil": open_finding(
            world,
            up3,
            source="lainnya",
            visit=None,
            service_unit=dukcapil_unit,
            actor=world.users["upg"],
            category="standar",
        ),
    }


def test_each_recipient_sees_only_their_findings(world, up3, two) -> None:
    mine, other = two["puskesmas"], two["dukcapil"]
    head = login(world.users["kepala_opd"])
    page = head.get(reverse("monitoring:finding_list")).content.decode()
    assert mine.number in page and other.number not in page
    assert head.get(reverse("monitoring:finding_detail", args=[other.pk])).status_code == 404
    assert head.get(reverse("monitoring:finding_detail", args=[mine.pk])).status_code == 200
    dukcapil_head = login(up3["head_dukcapil"])
    page = dukcapil_head.get(reverse("monitoring:finding_list")).content.decode()
    assert other.number in page and mine.number not in page
    monitor_page = login(world.users["pemantau"]).get(reverse("monitoring:finding_list"))
    assert mine.number in monitor_page.content.decode()
    assert other.number not in monitor_page.content.decode()
    upg_page = login(world.users["upg"]).get(reverse("monitoring:finding_list")).content.decode()
    assert mine.number in upg_page and other.number in upg_page
    # The API answers the same.
    client = api(world.users["kepala_opd"])
    listed = client.get("/api/v1/findings").json()
    assert [f["number"] for f in listed["items"]] == [mine.number]
    assert client.get(f"/api/v1/findings/{other.pk}").status_code == 404
    assert (
        client.post(
            f"/api/v1/findings/{other.pk}/response",
            {"body": "Sudah kami tindak lanjuti."},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert api(world.users["inspektur"]).get("/api/v1/findings").json()["count"] == 2


def test_the_head_of_opd_does_not_learn_who_the_monitor_is(world, up3, two) -> None:
    finding = two["puskesmas"]
    url = reverse("monitoring:finding_detail", args=[finding.pk])
    head_page = login(world.users["kepala_opd"]).get(url).content.decode()
    assert "Pemantau UP3 Kec. Kandangan" in head_page
    assert "Andi" not in head_page and "pemantau_andi" not in head_page
    upg_page = login(world.users["upg"]).get(url).content.decode()
    assert "Andi Pemantau" in upg_page
    head_json = api(world.users["kepala_opd"]).get(f"/api/v1/findings/{finding.pk}").json()
    assert head_json["reported_by_label"] == "Pemantau UP3 Kec. Kandangan"
    svc.finding_kpk_mark(finding=finding, actor=world.users["upg"], note="Pola.", today=TODAY)
    head_json = api(world.users["kepala_opd"]).get(f"/api/v1/findings/{finding.pk}").json()
    assert head_json["kpk_marked_on"] is None and head_json["kpk_note"] == ""
    upg_json = api(world.users["upg"]).get(f"/api/v1/findings/{finding.pk}").json()
    assert upg_json["kpk_note"] == "Pola." and upg_json["reported_by_label"] == "Andi Pemantau"


def test_the_upg_makes_a_finding_of_a_tip_with_evidence(world, up3, private_media) -> None:
    unit = up3["unit"]
    tip = tips.tip_submit(
        pemda=world.pemda,
        description="Di loket Puskesmas diminta uang Rp20.000 untuk surat sehat.",
        service_unit_id=unit.pk,
        happened_on=dt.date(2026, 10, 5),
        today=TODAY,
    ).tip
    upg = login(world.users["upg"])
    tip_page = upg.get(reverse("monitoring:tip_detail", args=[tip.pk])).content.decode()
    create_url = reverse("monitoring:finding_create")
    assert f"{create_url}?tip={tip.pk}" in tip_page
    form = upg.get(f"{create_url}?tip={tip.pk}")
    assert form.status_code == 200 and "surat sehat" in form.content.decode()
    assert upg.get(f"{create_url}?tip=999999").status_code == 404
    bad = upg.post(
        create_url,
        {
            "source": "aduan",
            "tip": tip.pk,
            "category": "pungli",
            "severity": "tinggi",
            "observed_on": "2026-10-05",
            "description": "pendek",
        },
    )
    assert bad.status_code == 200 and not Finding.objects.exists()
    done = upg.post(
        create_url,
        {
            "source": "lainnya",
            "tip": tip.pk,
            "category": "pungli",
            "severity": "tinggi",
            "service_unit": unit.pk,
            "observed_on": "2026-10-05",
            "description": tip.description,
            "evidence": [SimpleUploadedFile("bukti.png", PNG, "image/png")],
        },
    )
    finding = Finding.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/up3/temuan/{finding.pk}/")
    assert finding.source == Finding.Source.TIP and finding.tip == tip
    assert finding.opd == world.puskesmas and finding.reported_by == world.users["upg"]
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.FOLLOWED_UP
    (evidence,) = files_for(finding, svc.EVIDENCE)
    download = reverse("core:file_download", args=[evidence.public_id])
    assert login(world.users["kepala_opd"]).get(download).status_code == 200
    assert login(up3["head_dukcapil"]).get(download).status_code == 404
    # Only the UPG records findings.
    assert login(world.users["kepala_opd"]).get(create_url).status_code == 403


def test_the_follow_up_through_the_pages(world, up3, two, private_media) -> None:
    finding = two["puskesmas"]
    url = reverse("monitoring:finding_detail", args=[finding.pk])
    head = login(world.users["kepala_opd"])
    page = head.get(url).content.decode()
    assert reverse("monitoring:finding_respond", args=[finding.pk]) in page
    assert reverse("monitoring:finding_verify", args=[finding.pk]) not in page
    assert "sisa 10 hari kerja" in page
    assert head.get(reverse("monitoring:finding_respond", args=[finding.pk])).status_code == 405
    short = head.post(reverse("monitoring:finding_respond", args=[finding.pk]), {"body": "ok"})
    assert short.status_code == 200 and Finding.objects.get(pk=finding.pk).status == "sent"
    answered = head.post(
        reverse("monitoring:finding_respond", args=[finding.pk]),
        {
            "body": "Petugas ditegur; tarif resmi dipasang.",
            "attachments": [SimpleUploadedFile("teguran.png", PNG, "image/png")],
        },
    )
    assert answered.status_code == 302
    assert files_for(finding, svc.OPD_RESPONSE).count() == 1
    upg = login(world.users["upg"])
    no_outcome = upg.post(
        reverse("monitoring:finding_verify", args=[finding.pk]), {"decision": "close"}
    )
    assert no_outcome.status_code == 200
    assert "Tuliskan hasil tindak lanjut" in no_outcome.content.decode()
    upg.post(
        reverse("monitoring:finding_employee", args=[finding.pk]),
        {"nip": world.employees["puskesmas_staff"].nip},
    )
    unknown = upg.post(
        reverse("monitoring:finding_employee", args=[finding.pk]),
        {"nip": world.employees["other_pemda_staff"].nip},
    )
    assert "Tidak ada pegawai dengan NIP itu" in unknown.content.decode()
    upg.post(reverse("monitoring:finding_kpk", args=[finding.pk]), {"note": "Untuk KPK."})
    closed = upg.post(
        reverse("monitoring:finding_verify", args=[finding.pk]),
        {"decision": "close", "outcome": "Tarif resmi kini terpasang."},
    )
    assert closed.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.employee == world.employees["puskesmas_staff"]
    assert finding.kpk_marked_on == TODAY and finding.closed_on == TODAY
    monitor_page = login(world.users["pemantau"]).get(url).content.decode()
    assert "Tarif resmi kini terpasang." in monitor_page
    assert "Petugas ditegur; tarif resmi dipasang." in monitor_page
    head_page = head.get(url).content.decode()
    assert "Untuk KPK." not in head_page and "Tarif resmi kini terpasang." in head_page
    # The head of the OPD may not verify; the monitor may not answer.
    assert head.post(reverse("monitoring:finding_verify", args=[finding.pk])).status_code == 403
    assert (
        login(world.users["pemantau"])
        .post(reverse("monitoring:finding_respond", args=[finding.pk]), {"body": "x" * 20})
        .status_code
        == 403
    )


def test_the_follow_up_through_the_api(world, up3, two) -> None:
    finding = two["puskesmas"]
    head, upg = api(world.users["kepala_opd"]), api(world.users["upg"])
    base = f"/api/v1/findings/{finding.pk}"
    answered = head.post(
        f"{base}/response", {"body": "Petugas ditegur lisan."}, content_type="application/json"
    )
    assert answered.status_code == 200 and answered.json()["status"] == "responded"
    returned = upg.post(
        f"{base}/verify",
        {"decision": "return", "note": "Lampirkan surat teguran."},
        content_type="application/json",
    )
    assert returned.json()["rounds"] == 2
    assert [n["kind"] for n in returned.json()["notes"]] == ["opd_response", "upg_return"]
    head.post(
        f"{base}/response", {"body": "Surat teguran sudah dibuat."}, content_type="application/json"
    )
    no_outcome = upg.post(f"{base}/verify", {"decision": "close"}, content_type="application/json")
    assert no_outcome.status_code == 422
    assert no_outcome.json()["code"] == "finding_outcome_required"
    closed = upg.post(
        f"{base}/verify",
        {"decision": "close", "outcome": "Selesai ditindak."},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed"
    again = upg.post(f"{base}/escalate", {"reason": "lambat"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "finding_closed"
    linked = upg.post(
        f"{base}/employee",
        {"employee_id": world.employees["other_pemda_staff"].pk},
        content_type="application/json",
    )
    assert linked.status_code == 422
    kpk = upg.post(f"{base}/kpk", {"note": "Pola berulang."}, content_type="application/json")
    assert kpk.status_code == 200 and kpk.json()["kpk_marked_on"] is not None
    assert (
        head.post(f"{base}/kpk", {"note": "x"}, content_type="application/json").status_code == 403
    )


def test_the_upg_records_a_finding_through_the_api(world, up3) -> None:
    upg = api(world.users["upg"])
    body = {
        "category": "standar",
        "severity": "rendah",
        "description": "Standar pelayanan tidak terpasang di loket.",
        "observed_on": "2026-10-05",
        "opd_id": world.dukcapil.pk,
    }
    made = upg.post("/api/v1/findings", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["opd_id"] == world.dukcapil.pk and made.json()["status"] == "sent"
    wrong = upg.post(
        "/api/v1/findings", {**body, "opd_id": world.other_opd.pk}, content_type="application/json"
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "finding_invalid"
    denied = api(world.users["kepala_opd"]).post(
        "/api/v1/findings", body, content_type="application/json"
    )
    assert denied.status_code == 403
    filtered = upg.get("/api/v1/findings?category=standar&severity=rendah").json()
    assert filtered["count"] == 1
    assert upg.get("/api/v1/findings?category=nope").status_code == 422


def test_list_filters_and_overdue_badge(world, up3, two) -> None:
    upg = login(world.users["upg"])
    url = reverse("monitoring:finding_list")
    page = upg.get(url, {"category": "standar"}).content.decode()
    assert two["dukcapil"].number in page and two["puskesmas"].number not in page
    page = upg.get(url, {"opd": world.puskesmas.pk}).content.decode()
    assert two["puskesmas"].number in page and two["dukcapil"].number not in page
    page = upg.get(url, {"q": "TMU/2026/0002"}).content.decode()
    assert two["dukcapil"].number in page and two["puskesmas"].number not in page
    page = upg.get(url, {"overdue": "on"}).content.decode()
    assert "Tidak ada temuan yang cocok." in page
    Finding.objects.filter(pk=two["puskesmas"].pk).update(followup_due=dt.date(2020, 1, 6))
    page = upg.get(url, {"overdue": "on"}).content.decode()
    assert two["puskesmas"].number in page and "lewat tenggat" in page
    assert upg.get(url, {"status": "bogus", "opd": "x", "page": "abc"}).status_code == 200
    # The head of an OPD has no OPD or KPK filter.
    head_page = login(world.users["kepala_opd"]).get(url).content.decode()
    assert 'name="opd"' not in head_page and 'name="kpk"' not in head_page


@pytest.mark.parametrize("persona", ["upg", "kepala_opd"])
def test_the_list_query_count_does_not_grow(
    world, up3, persona, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        open_finding(world, up3)
    client = login(world.users[persona])
    with django_assert_max_num_queries(13):
        page = client.get(reverse("monitoring:finding_list"))
    assert page.status_code == 200 and "TMU/2026/0030" in page.content.decode()
    token = api(world.users[persona])
    with django_assert_max_num_queries(7):
        listed = token.get("/api/v1/findings?limit=50")
    assert listed.json()["count"] == 30
