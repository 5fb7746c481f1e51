"""Factories for the organisation (Faker id_ID; invented NIPs that pass validation)."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from sehati.org.models import Desa, Employee, Kecamatan, Opd, Pemda, ServiceUnit
from sehati.org.nip import nip_compose

_seq = itertools.count(1)


def fresh_nip(n: int | None = None) -> str:
    """A valid NIP, unique per call within a test run."""
    i = next(_seq) if n is None else n
    return nip_compose(
        birth_date=dt.date(1970 + i % 25, 1 + i % 12, 1 + i % 28),
        appointed_year=1995 + i % 25,
        appointed_month=1 + (i // 7) % 12,
        gender="L" if i % 2 else "P",
        sequence=1 + i % 999,
    )


class PemdaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pemda
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"pemda-{n}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    kind = Pemda.Kind.KABUPATEN
    province = "Kalimantan Selatan"
    time_zone = Pemda.Zone.WITA


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan

    pemda = factory.SubFactory(PemdaFactory)
    code = factory.Sequence(lambda n: f"KEC-{n:03d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa

    kecamatan = factory.SubFactory(KecamatanFactory)
    pemda = factory.SelfAttribute("kecamatan.pemda")
    code = factory.Sequence(lambda n: f"DESA-{n:04d}")
    name = factory.Faker("last_name", locale="id_ID")


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    pemda = factory.SubFactory(PemdaFactory)
    code = factory.Sequence(lambda n: f"OPD-{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")


class ServiceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit

    opd = factory.SubFactory(OpdFactory)
    pemda = factory.SelfAttribute("opd.pemda")
    code = factory.Sequence(lambda n: f"U-{n:04d}")
    name = factory.Sequence(lambda n: f"Loket Layanan {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    opd = factory.SubFactory(OpdFactory)
    pemda = factory.SelfAttribute("opd.pemda")
    nip = factory.LazyFunction(fresh_nip)
    name = factory.Faker("name", locale="id_ID")
    status = Employee.Status.PNS
    golongan = "III/a"
    jabatan = "Pengadministrasi Umum"
    level = Employee.Level.PELAKSANA
    tpp_monthly_idr = 3_000_000
