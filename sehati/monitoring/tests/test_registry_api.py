"""The UP3 registry over the API (issue #5 points 1-3, 8): monitors, titik rawan and the
checklist, with the policy table's scopes and the services' codes (409/422, never a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sehati.accounts.services import token_create
from sehati.monitoring import registry as reg
from sehati.monitoring.models import ChecklistItem, Monitor, ProneService
from sehati.org.models import Kecamatan, ServiceUnit
from sehati.org.tests.factories import KecamatanFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _api(world, persona: str) -> Client:
    raw = token_create(user=world.users[persona], name="uji")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _kandangan(world) -> Kecamatan:
    return Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")


BODY = {
    "name": "Intan Permata",
    "term_start": "2026-02-01",
    "term_end": "2029-01-31",
    "decree_number": "118.45/031/KUM/2026",
    "decree_date": "2026-01-20",
    "email": "intan@contoh.invalid",
}


def test_monitors_create_read_patch(world) -> None:
    upg = _api(world, "upg")
    made = upg.post(
        "/api/v1/monitors", {**BODY, "kecamatan_id": _kandangan(world).pk}, content_type=JSON
    )
    assert made.status_code == 201, made.content
    out = made.json()
    assert out["kecamatan_name"] == "Kandangan" and out["has_account"] is False
    assert out["username"] is None
    monitor_id = out["id"]
    listed = upg.get("/api/v1/monitors", {"q": "intan"}).json()
    assert listed["count"] == 1 and listed["items"][0]["visits_this_month"] == 0
    unchanged = upg.patch(f"/api/v1/monitors/{monitor_id}", {}, content_type=JSON)
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "Intan Permata"
    off = upg.patch(
        f"/api/v1/monitors/{monitor_id}",
        {"is_active": False, "phone": "0813 1111 2222"},
        content_type=JSON,
    )
    assert off.json()["is_active"] is False and off.json()["on_duty"] is False
    bad = upg.patch(f"/api/v1/monitors/{monitor_id}", {"term_end": "2025-01-01"}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["code"] == "registry_invalid"
    assert bad.json()["detail"] == {"field": "term_end"}
    twin = upg.post(
        "/api/v1/monitors", {**BODY, "kecamatan_id": _kandangan(world).pk}, content_type=JSON
    )
    assert twin.status_code == 409 and twin.json()["code"] == "monitor_duplicate"
    foreign = KecamatanFactory(pemda=world.other_pemda)
    refused = upg.post("/api/v1/monitors", {**BODY, "kecamatan_id": foreign.pk}, content_type=JSON)
    assert refused.status_code == 422 and refused.json()["detail"] == {"field": "kecamatan"}


def test_monitor_scopes(world) -> None:
    own = reg.monitor_register(
        pemda=world.pemda,
        actor=None,
        today=dt.date(2026, 10, 6),
        name="Andi",
        kecamatan_id=_kandangan(world).pk,
        term_start=dt.date(2026, 2, 1),
        term_end=dt.date(2029, 1, 31),
        decree_number="SK-1",
        decree_date=dt.date(2026, 1, 20),
        user=world.users["pemantau"],
    )
    other = reg.monitor_register(
        pemda=world.pemda,
        actor=None,
        today=dt.date(2026, 10, 6),
        name="Rekan",
        kecamatan_id=_kandangan(world).pk,
        term_start=dt.date(2026, 2, 1),
        term_end=dt.date(2029, 1, 31),
        decree_number="SK-2",
        decree_date=dt.date(2026, 1, 20),
    )
    monitor_api = _api(world, "pemantau")
    mine = monitor_api.get("/api/v1/monitors").json()
    assert [m["id"] for m in mine["items"]] == [own.pk]
    assert mine["items"][0]["username"] == "pemantau_andi"
    assert monitor_api.get(f"/api/v1/monitors/{other.pk}").status_code == 404
    assert monitor_api.patch(f"/api/v1/monitors/{own.pk}", {}, content_type=JSON).status_code == 403
    assert _api(world, "inspektur").get(f"/api/v1/monitors/{other.pk}").status_code == 200
    assert _api(world, "kepala_opd").get("/api/v1/monitors").status_code == 403
    assert _api(world, "upg").get("/api/v1/monitors/99999999999999999999").status_code == 422


def test_prone_services_over_the_api(world) -> None:
    upg = _api(world, "upg")
    unit = ServiceUnit.objects.get(pemda=world.pemda, name="Puskesmas Kandangan")
    body = {"service_unit_id": unit.pk, "area": "kesehatan", "name": "Surat keterangan sehat"}
    made = upg.post("/api/v1/prone-services", body, content_type=JSON)
    assert made.status_code == 201, made.content
    out = made.json()
    assert out["opd_name"] == "Dinas Kesehatan" and out["kecamatan_name"] == "Kandangan"
    assert out["area_label"] == "Kesehatan"
    again = upg.post("/api/v1/prone-services", body, content_type=JSON)
    assert again.status_code == 409 and again.json()["code"] == "prone_service_duplicate"
    assert (
        upg.post("/api/v1/prone-services", {**body, "area": "x"}, content_type=JSON).status_code
        == 422
    )
    upg.post(
        "/api/v1/prone-services",
        {"service_unit_id": unit.pk, "area": "lainnya", "name": "Parkir"},
        content_type=JSON,
    )
    kepala = _api(world, "kepala_opd")
    every = kepala.get("/api/v1/prone-services").json()
    assert every["count"] == 2
    health = kepala.get("/api/v1/prone-services", {"area": "kesehatan"}).json()
    assert [p["name"] for p in health["items"]] == ["Surat keterangan sehat"]
    assert kepala.get("/api/v1/prone-services", {"opd_id": world.dukcapil.pk}).json()["count"] == 0
    by_kec = kepala.get("/api/v1/prone-services", {"kecamatan_id": unit.kecamatan_id}).json()
    assert by_kec["count"] == 2
    paged = kepala.get("/api/v1/prone-services", {"limit": 1}).json()
    assert paged["count"] == 2 and len(paged["items"]) == 1
    prone_id = out["id"]
    assert (
        kepala.patch(f"/api/v1/prone-services/{prone_id}", {}, content_type=JSON).status_code == 403
    )
    assert upg.patch(f"/api/v1/prone-services/{prone_id}", {}, content_type=JSON).status_code == 200
    off = upg.patch(f"/api/v1/prone-services/{prone_id}", {"is_active": False}, content_type=JSON)
    assert off.json()["is_active"] is False
    assert kepala.get("/api/v1/prone-services").json()["count"] == 1
    assert kepala.get("/api/v1/prone-services", {"include_inactive": True}).json()["count"] == 2
    dup = upg.patch(f"/api/v1/prone-services/{prone_id}", {"name": "parkir"}, content_type=JSON)
    assert dup.status_code == 409
    assert ProneService.objects.get(pk=prone_id).name == "Surat keterangan sehat"


def test_checklist_over_the_api(world) -> None:
    reg.checklist_defaults_ensure(pemda=world.pemda)
    monitor_api = _api(world, "pemantau")
    items = monitor_api.get("/api/v1/checklist").json()
    assert len(items) == 8 and items[5]["good_answer"] == "tidak"
    assert items[5]["finding_category"] == "gratifikasi"
    assert (
        monitor_api.post("/api/v1/checklist", {"text": "X"}, content_type=JSON).status_code == 403
    )
    upg = _api(world, "upg")
    made = upg.post(
        "/api/v1/checklist",
        {"text": "Ada calo", "good_answer": "tidak", "finding_category": "pungli"},
        content_type=JSON,
    )
    assert made.status_code == 201 and made.json()["position"] == 9
    item_id = made.json()["id"]
    assert upg.post("/api/v1/checklist", {"text": "ada calo"}, content_type=JSON).status_code == 409
    assert (
        upg.post(
            "/api/v1/checklist", {"text": "Y", "finding_category": "zz"}, content_type=JSON
        ).status_code
        == 422
    )
    assert upg.patch(f"/api/v1/checklist/{item_id}", {}, content_type=JSON).status_code == 200
    moved = upg.patch(
        f"/api/v1/checklist/{item_id}", {"position": 0, "finding_category": ""}, content_type=JSON
    )
    assert moved.json()["position"] == 0 and moved.json()["finding_category"] == ""
    assert monitor_api.get("/api/v1/checklist").json()[0]["text"] == "Ada calo"
    upg.patch(f"/api/v1/checklist/{item_id}", {"is_active": False}, content_type=JSON)
    assert len(monitor_api.get("/api/v1/checklist").json()) == 8
    foreign = ChecklistItem.objects.create(pemda=world.other_pemda, text="Lain")
    assert upg.patch(f"/api/v1/checklist/{foreign.pk}", {}, content_type=JSON).status_code == 404
    assert Monitor.objects.count() == 0
