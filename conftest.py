"""Shared fixtures: personas that read like people, in two pemda (tenant isolation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from sehati.accounts.models import Role, User
from sehati.accounts.tests.factories import UserFactory, grant, with_totp
from sehati.org.models import Employee, Opd, Pemda
from sehati.org.tests.factories import (
    EmployeeFactory,
    KecamatanFactory,
    OpdFactory,
    PemdaFactory,
    ServiceUnitFactory,
)


@dataclass
class World:
    pemda: Pemda
    other_pemda: Pemda
    dinkes: Opd
    puskesmas: Opd  # a sub-unit (child) of dinkes
    dukcapil: Opd
    other_opd: Opd  # an OPD of the other pemda
    users: dict[str, User] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def persona(self, role: Role) -> User | None:
        return self.users.get(role.value)


def build_world() -> World:
    pemda = PemdaFactory(code="uji", name="Kabupaten Uji")
    other = PemdaFactory(code="lain", name="Kabupaten Lain")
    dinkes = OpdFactory(pemda=pemda, code="DINKES", name="Dinas Kesehatan")
    puskesmas = OpdFactory(pemda=pemda, code="PKM", name="Puskesmas Kota", parent=dinkes)
    dukcapil = OpdFactory(pemda=pemda, code="DUKCAPIL", name="Disdukcapil")
    other_opd = OpdFactory(pemda=other, code="DINKES", name="Dinas Kesehatan Lain")
    kec = KecamatanFactory(pemda=pemda, name="Kandangan")
    ServiceUnitFactory(opd=dinkes, pemda=pemda, kecamatan=kec, name="Puskesmas Kandangan")
    w = World(
        pemda=pemda,
        other_pemda=other,
        dinkes=dinkes,
        puskesmas=puskesmas,
        dukcapil=dukcapil,
        other_opd=other_opd,
    )

    def person(key: str, opd: Opd, username: str, *roles: tuple[Role, Opd | None]) -> User:
        emp = EmployeeFactory(opd=opd, pemda=opd.pemda)
        w.employees[key] = emp
        user = UserFactory(username=username, pemda=opd.pemda, employee=emp)
        for role, role_opd in roles:
            grant(user, role, opd=role_opd)
        return user

    w.users["pelapor"] = person("budi", dinkes, "asn_budi")
    w.users["upg_pembantu"] = person("rina", dinkes, "upgp_rina", (Role.UPG_PEMBANTU, dinkes))
    w.users["kepala_opd"] = person("hasan", dinkes, "kepala_hasan", (Role.KEPALA_OPD, dinkes))
    w.users["upg"] = person("siti", dukcapil, "upg_siti", (Role.UPG, None))
    w.users["inspektur"] = person("rahmat", dukcapil, "inspektur_rahmat", (Role.INSPEKTUR, None))
    w.users["operator_tpp"] = person("yani", dukcapil, "tpp_yani", (Role.OPERATOR_TPP, None))
    w.users["admin_pemda"] = person("dewi", dukcapil, "admin_dewi", (Role.ADMIN, None))
    w.users["admin_pemda"].is_staff = True
    w.users["admin_pemda"].save()
    pemantau = UserFactory(username="pemantau_andi", pemda=pemda, display_name="Andi")
    grant(pemantau, Role.PEMANTAU, kecamatan=kec)
    w.users["pemantau"] = pemantau
    # The regent: an official, not a civil servant of the roster (issue #8).
    bupati = UserFactory(username="bupati_ahmad", pemda=pemda, display_name="Ahmad")
    grant(bupati, Role.KEPALA_DAERAH)
    w.users["kepala_daerah"] = bupati
    for key in ("upg", "inspektur", "admin_pemda"):
        with_totp(w.users[key])
    # People the personas may or may not see.
    w.employees["colleague_dinkes"] = EmployeeFactory(opd=dinkes, pemda=pemda)
    w.employees["puskesmas_staff"] = EmployeeFactory(opd=puskesmas, pemda=pemda)
    w.employees["dukcapil_staff"] = EmployeeFactory(opd=dukcapil, pemda=pemda)
    w.employees["other_pemda_staff"] = EmployeeFactory(opd=other_opd, pemda=other)
    other_admin = UserFactory(
        username="admin_lain", pemda=other, employee=w.employees["other_pemda_staff"]
    )
    w.users["other_pemda_user"] = other_admin
    return w


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def asn_budi(world: World) -> User:
    return world.users["pelapor"]


@pytest.fixture
def upg_siti(world: World) -> User:
    return world.users["upg"]


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    """The default (private) storage in a temporary directory, returned as a Path."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    """allauth's login rate limits live in the cache; no test may inherit another's state."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_is_a_full_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """In tests, `client.force_login(user)` stands for a completed login, TOTP step included.

    Tests of the login itself go through the real form (sehati/accounts/tests/test_auth.py)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from django.test import Client

    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": 0},
            {"method": "mfa", "at": 0, "type": "totp"},
        ]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    """After a run that walked the policy table: how many pages and API operations, for how
    many personas (issue #9 point 7)."""
    walked = [
        r
        for r in terminalreporter.stats.get("passed", [])
        if "test_policy_table.py::test_page_follows" in r.nodeid
        or "test_policy_table.py::test_api_operation_follows" in r.nodeid
    ]
    if not walked:
        return
    from tests.test_policy_table import PERSONAS, api_operations, page_names

    terminalreporter.write_line(
        f"Tabel kebijakan: {len(page_names())} halaman dan {len(api_operations())} operasi API "
        f"dijalani untuk {len(PERSONAS)} persona di dua pemda ({len(walked)} uji lulus)."
    )
