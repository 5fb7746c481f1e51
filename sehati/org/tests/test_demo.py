from __future__ import annotations

import pytest

from sehati.accounts.models import User
from sehati.org.demo import KECAMATAN, demo_build
from sehati.org.models import Employee, Kecamatan, Opd, Pemda, ServiceUnit
from sehati.org.nip import nip_is_valid


@pytest.mark.django_db
def test_demo_builds_once_and_is_idempotent(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    first = demo_build(employees=200, password="sandi-demo-uji")
    assert first.created
    counts = (
        Employee.objects.count(),
        Opd.objects.count(),
        ServiceUnit.objects.count(),
        User.objects.count(),
    )
    second = demo_build(employees=200)
    assert not second.created
    assert counts == (
        Employee.objects.count(),
        Opd.objects.count(),
        ServiceUnit.objects.count(),
        User.objects.count(),
    )
    pemda = Pemda.objects.get()
    assert pemda.name == "Kabupaten Hulu Sungai Selatan (demo)"
    assert sorted(Kecamatan.objects.values_list("name", flat=True)) == sorted(KECAMATAN)
    assert len(KECAMATAN) == 11
    assert Opd.objects.count() >= 30 and ServiceUnit.objects.count() >= 60
    assert all(nip_is_valid(n) for n in Employee.objects.values_list("nip", flat=True))
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {
        "asn.demo",
        "asn2.demo",
        "upgp.demo",
        "upg.demo",
        "kepala.demo",
        "pemantau.demo",
        "bupati.demo",
        "inspektur.demo",
        "tpp.demo",
        "admin.demo",
    }
    assert User.objects.get(username="asn.demo").check_password("sandi-demo-uji")
    logins = (tmp_path / "demo-logins.txt").read_text()
    assert "sandi-demo-uji" in logins and "upg.demo" in logins
    asn, asn2 = (User.objects.get(username=u) for u in ("asn.demo", "asn2.demo"))
    assert asn.employee.opd != asn2.employee.opd
    upgp = User.objects.get(username="upgp.demo")
    assert upgp.role_grants.get().opd == asn.employee.opd
