"""The case API drives the same state machine as the pages (issue #4 point 12)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from sehati.accounts.services import token_create
from sehati.cases.tests.factories import submitted_report

pytestmark = pytest.mark.django_db


def bearer(user) -> Client:
    _row, raw = token_create(user=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client: Client, url: str, body: dict) -> object:
    return client.post(url, body, content_type="application/json")


@time_machine.travel(dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC), tick=False)
def test_from_queue_to_closed_through_the_api(world) -> None:
    report = submitted_report(world.users["pelapor"], confidential=True)
    upg, pembantu, asn = (bearer(world.users[k]) for k in ("upg", "upg_pembantu", "pelapor"))
    queue = upg.get("/api/v1/cases", {"status": "open"}).json()
    assert queue["count"] == 1 and queue["items"][0]["reporter_name"] == "Dirahasiakan"
    case_id = queue["items"][0]["id"]
    assert asn.get(f"/api/v1/cases/{case_id}").status_code == 403
    checklist = {"checklist": {"reporter_identity": "ok", "value": "missing"}}
    assert post(pembantu, f"/api/v1/cases/{case_id}/verify", checklist).status_code == 422
    full = dict.fromkeys(
        [
            "reporter_identity",
            "position",
            "giver",
            "time_place",
            "object",
            "value",
            "chronology",
            "evidence",
            "official_docs",
            "location",
        ],
        "ok",
    )
    full["evidence"] = "missing"
    asked = post(
        pembantu,
        f"/api/v1/cases/{case_id}/verify",
        {"checklist": full, "missing_note": "Foto parsel"},
    )
    assert asked.status_code == 200 and asked.json()["status"] == "incomplete"
    assert any(d["code"] == "completeness" and d["active"] for d in asked.json()["deadlines"])
    reply = post(asn, f"/api/v1/reports/{report.pk}/messages", {"body": "Foto terlampir"})
    assert reply.status_code == 201 and reply.json()["from_reporter"] is True
    assert len(asn.get(f"/api/v1/reports/{report.pk}/messages").json()) == 2
    full["evidence"] = "ok"
    assert (
        post(pembantu, f"/api/v1/cases/{case_id}/verify", {"checklist": full}).json()["status"]
        == "complete"
    )
    analysed = post(
        pembantu,
        f"/api/v1/cases/{case_id}/analyse",
        {"recommendation": "Wajib lapor", "must_report": True},
    )
    assert analysed.json()["status"] == "analysed"
    forward = {"sent_on": "2026-11-23", "channel": "gol", "gol_reference": "GOL-9"}
    assert post(pembantu, f"/api/v1/cases/{case_id}/forward", forward).status_code == 403
    assert post(upg, f"/api/v1/cases/{case_id}/forward", forward).json()["status"] == "forwarded"
    again = post(upg, f"/api/v1/cases/{case_id}/forward", forward)
    assert again.status_code == 409 and again.json()["code"] == "case_wrong_state"
    decided = post(
        upg,
        f"/api/v1/cases/{case_id}/decision",
        {
            "decision": "state_compensable",
            "sk_number": "SK-9",
            "sk_date": "2026-11-23",
            "signatory_level": "direktur",
            "appraised_value_idr": 700000,
        },
    ).json()
    assert decided["status"] == "decided" and decided["handover_due"]
    missing_ntpn = post(
        upg,
        f"/api/v1/cases/{case_id}/followup",
        {"followup": "compensation", "done_on": "2026-11-23", "billing_code": "820261123"},
    )
    assert missing_ntpn.status_code == 422
    closed = post(
        upg,
        f"/api/v1/cases/{case_id}/followup",
        {
            "followup": "compensation",
            "done_on": "2026-11-23",
            "billing_code": "820261123",
            "ntpn": "0A1B2C3D4E5F6G7H",
            "paid_idr": 700000,
        },
    ).json()
    assert (closed["status"], closed["close_reason"]) == ("closed", "compensated")


@time_machine.travel(dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC), tick=False)
def test_custody_through_the_api(world) -> None:
    report = submitted_report(world.users["pelapor"])
    upg = bearer(world.users["upg"])
    item_id = report.items.get().pk
    created = post(
        upg,
        f"/api/v1/cases/{report.case.pk}/custody",
        {
            "report_item_id": item_id,
            "description": "Parsel",
            "received_from": "Budi",
            "received_on": "2026-11-23",
            "storage_location": "Lemari UPG",
            "condition": "Baik",
        },
    )
    assert created.status_code == 201 and created.json()["number"].startswith("TTB/2026/")
    custody_id = created.json()["id"]
    released = post(
        upg,
        f"/api/v1/custody/{custody_id}/release",
        {"released_to_kind": "kpk", "released_to": "KPK", "released_on": "2026-11-23"},
    )
    assert released.status_code == 200 and released.json()["status"] == "released"
    twice = post(
        upg,
        f"/api/v1/custody/{custody_id}/release",
        {"released_to_kind": "kpk", "released_to": "KPK", "released_on": "2026-11-23"},
    )
    assert twice.status_code == 409
    other = bearer(world.users["other_pemda_user"])
    assert other.get(f"/api/v1/cases/{report.case.pk}/custody").status_code in (403, 404)


def test_report_with_several_objects_through_the_api(world) -> None:
    asn = bearer(world.users["pelapor"])
    body = {
        "kind": "receipt",
        "received_on": "2026-10-01",
        "category": "other",
        "form": "goods",
        "value_idr": 1_250_000,
        "giver_name": "PT Contoh",
        "giver_relation": "vendor",
        "description": "Parsel dan voucher",
        "place": "Kantor",
        "chronology": "Diantar.",
        "items": [
            {"description": "Parsel", "form": "food", "value_idr": 750_000},
            {
                "description": "Voucher belanja",
                "form": "voucher",
                "quantity": 2,
                "value_idr": 500_000,
            },
        ],
    }
    created = post(asn, "/api/v1/reports", body)
    assert created.status_code == 201, created.content
    report = asn.get(f"/api/v1/reports/{created.json()['id']}").json()
    assert report["form"] == "voucher" and report["value_idr"] == 1_250_000
    assert [i["description"] for i in report["items"]] == ["Parsel", "Voucher belanja"]
    wrong = post(asn, "/api/v1/reports", {**body, "value_idr": 1_000_000})
    assert wrong.status_code == 422 and "jumlah nilai objek" in wrong.json()["message"]


def test_upg_files_a_paper_form_through_the_api(world) -> None:
    body = {
        "kind": "receipt",
        "received_on": "2026-10-01",
        "category": "other",
        "form": "goods",
        "value_idr": 300_000,
        "giver_name": "Toko",
        "giver_relation": "vendor",
        "description": "Kue",
        "place": "Kantor",
        "chronology": "Diantar.",
    }
    pembantu = bearer(world.users["upg_pembantu"])
    budi = world.employees["budi"]
    made = post(pembantu, "/api/v1/reports/on-behalf", {**body, "reporter_nip": budi.nip})
    assert made.status_code == 201, made.content
    outside = world.employees["dukcapil_staff"]
    assert (
        post(
            pembantu, "/api/v1/reports/on-behalf", {**body, "reporter_nip": outside.nip}
        ).status_code
        == 404
    )
    asn = bearer(world.users["pelapor"])
    assert (
        post(asn, "/api/v1/reports/on-behalf", {**body, "reporter_nip": budi.nip}).status_code
        == 403
    )
