"""A monitor's home page leads straight to the visit form, also for one unit of their
kecamatan (issue #5 point 3: the form is where a monitor works)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from sehati.org.tests.factories import ServiceUnitFactory


@pytest.mark.django_db
def test_monitor_home_links_to_the_visit_form(world: World, client: Client) -> None:
    pemantau = world.users["pemantau"]
    kecamatan_id = pemantau.role_grants.get().kecamatan_id
    unit = ServiceUnitFactory(pemda=world.pemda, opd=world.dinkes, kecamatan_id=kecamatan_id)
    client.force_login(pemantau)
    page = client.get(reverse("home")).content.decode()
    form = reverse("monitoring:visit_create")
    assert f'href="{form}"' in page
    assert f'href="{form}?unit={unit.pk}"' in page
