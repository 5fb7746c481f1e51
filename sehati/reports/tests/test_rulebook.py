"""Rule sets added by an admin without code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sehati.reports.models import RuleSetRecord
from sehati.reports.selectors import rulebook_for
from sehati.rules.assess import Gift, assess
from sehati.rules.defaults import perkpk_2019_jo_2026
from sehati.rules.rulesets import Category, Form, Relation, ruleset_to_dict


def amendment_data(limit: int) -> dict:
    data = ruleset_to_dict(perkpk_2019_jo_2026())
    for e in data["exemptions"]:
        if e["category"] == "ceremony":
            e["limit_per_giver_idr"] = limit
    return {k: data[k] for k in ("exemptions", "deadlines", "notes_id")}


@pytest.mark.django_db
def test_a_later_rule_set_applies_from_its_date_and_closes_the_earlier(world) -> None:
    record = RuleSetRecord(
        pemda=world.pemda,
        code="perkpk-x-2027",
        name="PerKPK X/2027 (uji)",
        legal_basis="Peraturan KPK X/2027",
        valid_from=dt.date(2027, 3, 1),
        data=amendment_data(2_000_000),
    )
    record.full_clean()
    record.save()
    book = rulebook_for(world.pemda)
    assert [r.code for r in book.rulesets][-1] == "perkpk-x-2027"
    assert book.for_date(dt.date(2027, 2, 28)).code == "perkpk-2-2019-jo-1-2026"
    gift = Gift(dt.date(2027, 3, 1), Category.CEREMONY, Form.MONEY, 1_800_000, Relation.OTHER)
    assert not assess(gift, book).must_report
    assert assess(gift, rulebook_for(world.other_pemda)).must_report  # only this pemda's book


@pytest.mark.django_db
def test_invalid_rule_data_is_a_validation_error_naming_the_field(world) -> None:
    data = amendment_data(-1)
    record = RuleSetRecord(
        pemda=world.pemda,
        code="rusak",
        name="Rusak",
        legal_basis="-",
        valid_from=dt.date(2027, 1, 1),
        data=data,
    )
    with pytest.raises(ValidationError, match="limit_per_giver_idr"):
        record.full_clean()
    record.data = {"exemptions": []}
    with pytest.raises(ValidationError, match="deadlines"):
        record.full_clean()


@pytest.mark.django_db
def test_rule_data_missing_internal_deadlines_or_malformed_is_refused(world) -> None:
    """Found in review: a rule set without receipt_to_upg was accepted, then broke the self-check."""
    data = amendment_data(1_500_000)
    data["deadlines"] = [d for d in data["deadlines"] if d["code"] != "receipt_to_upg"]
    record = RuleSetRecord(
        pemda=world.pemda,
        code="kurang",
        name="Kurang",
        legal_basis="-",
        valid_from=dt.date(2027, 1, 1),
        data=data,
    )
    with pytest.raises(ValidationError, match="receipt_to_upg"):
        record.full_clean()
    record.data = {"exemptions": ["bukan objek"], "deadlines": []}
    with pytest.raises(ValidationError, match="Bentuk data"):
        record.full_clean()


@pytest.mark.django_db
def test_admin_add_form_starts_from_the_rule_set_in_force_and_saves_unedited(client, world) -> None:
    from sehati.accounts.roles import admin_group

    user = world.users["admin_pemda"]
    user.groups.add(admin_group())
    client.force_login(user)
    page = client.get("/admin/reports/rulesetrecord/add/")
    assert page.status_code == 200
    initial = page.context["adminform"].form.initial["data"]
    assert isinstance(initial, dict) and initial["exemptions"]
    import json

    response = client.post(
        "/admin/reports/rulesetrecord/add/",
        {
            "code": "amandemen-2027",
            "name": "Amandemen 2027 (uji)",
            "legal_basis": "PerKPK uji",
            "valid_from": "2027-01-01",
            "data": json.dumps(initial),
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert RuleSetRecord.objects.get(code="amandemen-2027").pemda == world.pemda
