"""The Django admin (Data referensi) as an admin pemda uses it."""

from __future__ import annotations

import pytest

from sehati.accounts.roles import admin_group
from sehati.org.models import Opd


@pytest.fixture
def admin_client(client, world):
    user = world.users["admin_pemda"]
    user.groups.add(admin_group())
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_duplicate_opd_code_is_a_form_error_not_a_500(admin_client, world) -> None:
    response = admin_client.post(
        "/admin/org/opd/add/",
        {"code": "DINKES", "name": "Dinkes Kedua", "short_name": "", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Kode OPD ini sudah dipakai di pemda ini." in response.content.decode()
    assert Opd.objects.filter(pemda=world.pemda, code="DINKES").count() == 1


@pytest.mark.django_db
def test_same_code_in_another_pemda_is_fine(admin_client, world) -> None:
    response = admin_client.post(
        "/admin/org/opd/add/",
        {"code": "BARU", "name": "Badan Baru", "short_name": "", "is_active": "on"},
    )
    assert response.status_code == 302
    created = Opd.objects.get(code="BARU")
    assert created.pemda == world.pemda


@pytest.mark.django_db
def test_role_grant_inline_offers_only_own_pemda_opd(admin_client, world) -> None:
    user = world.users["pelapor"]
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert world.dinkes.name in page
    assert world.other_opd.name not in page
