"""The pemda's TPP sanction rules (issue #6; DECISIONS.md #13): the list with the SEHATI
default when the pemda has none, recording and changing rules with Indonesian validation, and
a rule used by a decision that can only be ended, never changed backwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.models import TimelineEvent
from sehati.org.tests.factories import EmployeeFactory
from sehati.sanctions.models import SanctionCase, SanctionRuleRecord
from sehati.sanctions.rules_admin import (
    RuleData,
    RuleError,
    demo_sanction_rules_build,
    sanction_rule_create,
    sanction_rule_update,
)
from sehati.sanctions.services import sanction_case_open, sanction_decide, sanction_rules_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def client_of(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def form(**over: Any) -> dict[str, Any]:
    return {
        "code": "perbup-uji-2026",
        "percent": "30",
        "months": "2",
        "legal_basis": "Perbup Uji 1/2026 Pasal 5",
        "valid_from": "2026-01-01",
        "valid_until": "",
        **over,
    }


def decide(world: Any, day: dt.date, number: str = "700/12/INSP/2026") -> SanctionCase:
    case = sanction_case_open(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=EmployeeFactory(opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=4_000_000),
        source=SanctionCase.Source.MANUAL,
        description="Tidak melapor gratifikasi.",
    )
    return sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number=number,
        decided_on=day,
        today=day,
    )


def rule(world: Any, **over: Any) -> SanctionRuleRecord:
    values: dict[str, Any] = {
        "code": "perbup-uji-2026",
        "percent": 30,
        "months": 2,
        "legal_basis": "Perbup Uji 1/2026",
        "valid_from": D(2026, 1, 1),
        **over,
    }
    return sanction_rule_create(
        pemda=world.pemda, actor=world.users["inspektur"], data=RuleData(**values)
    )


def test_list_explains_the_default(world: Any) -> None:
    page = client_of(world, "inspektur").get("/sanksi/aturan/").content.decode()
    assert "belum mencatat aturan sanksi sendiri" in page
    assert "50% TPP selama 1 bulan" in page
    assert "Perbup HSS 68/2020 Pasal 17D" in page
    assert "?bawaan=1" in page
    # The UPG and the operator TPP read the rules; only the Inspektorat and the admin change them.
    for persona in ("upg", "operator_tpp", "admin_pemda"):
        assert client_of(world, persona).get("/sanksi/aturan/").status_code == 200
    assert (
        "Catat aturan"
        not in client_of(world, "operator_tpp").get("/sanksi/aturan/").content.decode()
    )
    assert client_of(world, "operator_tpp").get("/sanksi/aturan/baru/").status_code == 403
    assert client_of(world, "pelapor").get("/sanksi/aturan/").status_code == 403


def test_nav_item_only_for_whoever_has_no_other_way(world: Any) -> None:
    assert 'href="/sanksi/aturan/"' in client_of(world, "admin_pemda").get("/").content.decode()
    operator_home = client_of(world, "operator_tpp").get("/").content.decode()
    assert 'href="/sanksi/aturan/"' not in operator_home  # a tab of the payroll pages
    assert (
        'href="/sanksi/aturan/"' in client_of(world, "operator_tpp").get("/tpp/").content.decode()
    )


def test_create_through_the_page(world: Any) -> None:
    client = client_of(world, "admin_pemda")
    response = client.post("/sanksi/aturan/baru/", form(), follow=True)
    page = response.content.decode()
    assert "Aturan sanksi perbup-uji-2026 dicatat" in page
    assert "Berlaku hari ini" in page
    record = SanctionRuleRecord.objects.get(pemda=world.pemda)
    assert (record.percent, record.months, record.valid_until) == (30, 2, None)
    event = TimelineEvent.objects.get(type="sanction_rule_created")
    assert event.data["percent"] == 30
    assert sanction_rules_for(world.pemda)[0].code == "perbup-uji-2026"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"percent": "0"}, "lebih besar dari atau sama dengan 1"),
        ({"percent": "101"}, "lebih kecil dari atau sama dengan 100"),
        ({"months": "13"}, "lebih kecil dari atau sama dengan 12"),
        ({"valid_until": "2025-12-31"}, "tidak boleh sebelum tanggal berlaku sejak"),
        ({"code": "kode dengan spasi"}, "tanpa spasi"),
        ({"legal_basis": "   "}, "tidak boleh kosong"),
    ],
)
def test_create_refuses_bad_values(world: Any, over: dict[str, str], message: str) -> None:
    page = client_of(world, "inspektur").post("/sanksi/aturan/baru/", form(**over)).content.decode()
    assert message in page
    assert not SanctionRuleRecord.objects.exists()


def test_code_is_unique(world: Any) -> None:
    rule(world)
    page = client_of(world, "inspektur").post(
        "/sanksi/aturan/baru/", form(code="PERBUP-UJI-2026", valid_from="2027-01-01")
    )
    assert "sudah dipakai" in page.content.decode()
    assert SanctionRuleRecord.objects.count() == 1


def test_unused_rule_can_be_changed(world: Any) -> None:
    r = rule(world)
    client = client_of(world, "inspektur")
    assert client.get(f"/sanksi/aturan/{r.pk}/ubah/").status_code == 200
    response = client.post(
        f"/sanksi/aturan/{r.pk}/ubah/",
        form(percent="40", legal_basis="Perbup Uji 1/2026"),
        follow=True,
    )
    assert "disimpan" in response.content.decode()
    r.refresh_from_db()
    assert r.percent == 40
    event = TimelineEvent.objects.get(type="sanction_rule_updated")
    assert event.data["changed"] == {"percent": [30, 40]}
    history = client.get(f"/sanksi/aturan/{r.pk}/ubah/").content.decode()
    assert "Aturan sanksi TPP diubah" in history


def test_used_rule_can_only_be_ended(world: Any) -> None:
    r = rule(world)
    decide(world, D(2026, 3, 16))
    client = client_of(world, "inspektur")
    page = client.get(f"/sanksi/aturan/{r.pk}/ubah/").content.decode()
    assert "sudah dipakai untuk 1 putusan" in page
    assert page.count("disabled") >= 5
    # Disabled fields keep their value whatever is posted; the end date is accepted.
    client.post(f"/sanksi/aturan/{r.pk}/ubah/", form(percent="90", valid_until="2026-03-31"))
    r.refresh_from_db()
    assert (r.percent, r.valid_until) == (30, D(2026, 3, 31))
    # The service refuses the same changes from any interface, with the reason.
    with pytest.raises(ConflictError, match="tidak dapat diubah lagi") as exc:
        sanction_rule_update(rule=r, actor=world.users["inspektur"], changes={"percent": 90})
    assert exc.value.code == RuleError.APPLIED
    with pytest.raises(ConflictError) as before_decision:
        sanction_rule_update(
            rule=r, actor=world.users["inspektur"], changes={"valid_until": D(2026, 3, 15)}
        )
    assert before_decision.value.code == RuleError.RETROACTIVE
    r.refresh_from_db()
    assert (r.percent, r.valid_until) == (30, D(2026, 3, 31))


def test_new_rule_may_not_take_over_a_decision(world: Any) -> None:
    rule(world)
    decide(world, D(2026, 3, 16), number="700/99/INSP/2026")
    client = client_of(world, "inspektur")
    page = client.post(
        "/sanksi/aturan/baru/", form(code="perbup-uji-baru", percent="60", valid_from="2026-02-01")
    ).content.decode()
    assert "tidak berlaku surut" in page
    assert "700/99/INSP/2026" in page
    assert SanctionRuleRecord.objects.count() == 1
    client.post(
        "/sanksi/aturan/baru/", form(code="perbup-uji-baru", percent="60", valid_from="2026-04-01")
    )
    assert SanctionRuleRecord.objects.count() == 2
    listing = client.get("/sanksi/aturan/").content.decode()
    assert "1 putusan" in listing
    assert "perbup-uji-baru" in listing


def test_first_own_rule_keeps_decisions_made_under_the_default(world: Any) -> None:
    decide(world, D(2026, 3, 16))
    with pytest.raises(ConflictError):
        rule(world)  # 30 % from 2026-01-01 would take over the March decision
    prefilled = client_of(world, "inspektur").get("/sanksi/aturan/baru/?bawaan=1").content.decode()
    assert "perbup-hss-68-2020-17d" in prefilled
    demo_sanction_rules_build(pemda=world.pemda)  # the default's own terms: accepted
    (record,) = SanctionRuleRecord.objects.filter(pemda=world.pemda)
    assert (record.percent, record.months) == (50, 1)
    rule(world, valid_from=D(2026, 4, 1))  # and a new rule from after the decision
    assert SanctionRuleRecord.objects.count() == 2


def test_rule_service_validates(world: Any) -> None:
    with pytest.raises(ApplicationError, match="1 sampai 100"):
        rule(world, percent=0)
    with pytest.raises(ApplicationError, match="1 sampai 12"):
        rule(world, months=13)


def test_rule_of_another_pemda_is_404(world: Any) -> None:
    other = SanctionRuleRecord.objects.create(
        pemda=world.other_pemda,
        code="lain",
        percent=50,
        months=1,
        legal_basis="Perbup lain",
        valid_from=D(2021, 1, 1),
    )
    assert client_of(world, "inspektur").get(f"/sanksi/aturan/{other.pk}/ubah/").status_code == 404
    assert (
        "Perbup lain" not in client_of(world, "inspektur").get("/sanksi/aturan/").content.decode()
    )
