"""Organisation pages: scope, search, pagination, query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sehati.org.tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_upg_pembantu_sees_own_opd_and_its_sub_units_only(client, world) -> None:
    client.force_login(world.users["upg_pembantu"])
    page = client.get(reverse("org:employee_list")).content.decode()
    assert world.employees["colleague_dinkes"].nip in page
    assert world.employees["puskesmas_staff"].nip in page  # sub-unit of Dinkes
    assert world.employees["dukcapil_staff"].nip not in page
    assert world.employees["other_pemda_staff"].nip not in page


@pytest.mark.django_db
def test_pelapor_sees_only_self(client, world) -> None:
    client.force_login(world.users["pelapor"])
    response = client.get(reverse("org:employee_list"))
    assert list(response.context["page"]) == [world.employees["budi"]]


@pytest.mark.django_db
def test_employee_search_and_pagination(client, world, django_assert_max_num_queries) -> None:
    EmployeeFactory.create_batch(60, opd=world.dukcapil, pemda=world.pemda)
    target = world.employees["dukcapil_staff"]
    client.force_login(world.users["upg"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:employee_list"), {"q": target.nip[:12]})
    assert target in list(response.context["page"])
    with django_assert_max_num_queries(12):
        page2 = client.get(reverse("org:employee_list"), {"page": 2})
    assert page2.context["page"].number == 2
    assert len(page2.context["page"]) > 0


@pytest.mark.django_db
def test_employee_list_query_count_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries
) -> None:
    EmployeeFactory.create_batch(120, opd=world.dinkes, pemda=world.pemda)
    client.force_login(world.users["upg"])
    with django_assert_max_num_queries(12):
        client.get(reverse("org:employee_list"))


@pytest.mark.django_db
def test_opd_tree_lists_children_indented(client, world) -> None:
    client.force_login(world.users["pelapor"])
    response = client.get(reverse("org:opd_list"))
    rows = response.context["rows"]
    depths = {opd.code: depth for opd, depth, _n in rows}
    assert depths["DINKES"] == 0 and depths["PKM"] == 1
    assert all(opd.pemda_id == world.pemda.id for opd, _d, _n in rows)


@pytest.mark.django_db
def test_other_pemda_opd_is_404(client, world) -> None:
    client.force_login(world.users["upg"])
    assert client.get(reverse("org:opd_detail", args=[world.other_opd.id])).status_code == 404


@pytest.mark.django_db
def test_employee_detail_shows_mutasi_and_history(client, world) -> None:
    from sehati.org.models import Mutasi

    emp = world.employees["budi"]
    Mutasi.objects.create(
        pemda=world.pemda,
        employee=emp,
        from_opd=world.dukcapil,
        to_opd=world.dinkes,
        effective_on="2025-07-01",
        source=Mutasi.Source.MANUAL,
    )
    client.force_login(world.users["pelapor"])
    page = client.get(reverse("org:employee_detail", args=[emp.id])).content.decode()
    assert "Disdukcapil" in page and "Dinas Kesehatan" in page
    assert "dibuat" in page  # history row


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "text"),
    [
        ("pelapor", "Data kepegawaian saya"),
        ("upg_pembantu", "UPG pembantu"),
        ("kepala_opd", "Kepala OPD"),
        ("upg", "Ringkasan pemda"),
        ("inspektur", "Peristiwa terbaru"),
        ("operator_tpp", "Operator TPP"),
        ("admin_pemda", "Ringkasan pemda"),
        ("pemantau", "Pemantau UP3"),
    ],
)
def test_home_page_per_role(client, world, persona, text) -> None:
    client.force_login(world.users[persona])
    page = client.get(reverse("home")).content.decode()
    assert text in page


@pytest.mark.django_db
def test_anonymous_home_is_the_landing_page_in_indonesian(client, world) -> None:
    page = client.get(reverse("home")).content.decode()
    assert 'lang="id"' in page
    assert "Masuk" in page and "30 hari kerja" in page
