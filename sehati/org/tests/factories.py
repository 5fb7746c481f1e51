"""Factories for the organisation (Faker id_ID; invented NIPs that pass validation)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from sehati.org.models import (
    Desa,
    Employee,
    Kecamatan,
    Opd,
    Pemda,
    RosterImport,
    ServiceUnit,
)
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


ROSTER_HEADER = [
    "NIP",
    "NAMA",
    "NIK",
    "STATUS",
    "GOLONGAN",
    "JABATAN",
    "TINGKAT JABATAN",
    "KODE OPD",
    "TPP",
    "EMAIL",
]


def roster_row(nip: str | None = None, **overrides: str) -> dict[str, str]:
    """One valid roster row (CSV column -> text); KODE OPD must be set to an OPD of the pemda."""
    row = {
        "NIP": nip or fresh_nip(),
        "NAMA": "Pegawai Fiktif",
        "NIK": "",
        "STATUS": "PNS",
        "GOLONGAN": "III/a",
        "JABATAN": "Pengadministrasi Umum",
        "TINGKAT JABATAN": "Pelaksana",
        "KODE OPD": "",
        "TPP": "3.000.000",
        "EMAIL": "",
    }
    row.update(overrides)
    return row


def roster_csv(
    rows: list[dict[str, str]], *, header: list[str] | None = None, sep: str = ";"
) -> bytes:
    """CSV bytes (UTF-8 with BOM, as Excel writes) of the given rows."""
    columns = header or (list(rows[0]) if rows else ROSTER_HEADER)
    lines = [sep.join(columns)]
    lines += [sep.join(str(row.get(c, "")) for c in columns) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _factory_roster_content(o: object) -> bytes:
    pemda = o.pemda  # type: ignore[attr-defined]
    opd = Opd.objects.filter(pemda=pemda).order_by("id").first() or OpdFactory(pemda=pemda)
    return roster_csv([roster_row(**{"KODE OPD": opd.code, "NAMA": "Pegawai Contoh Pabrik"})])


class RosterImportFactory(factory.django.DjangoModelFactory):
    """A small valid CSV import waiting to be committed (status 'valid')."""

    class Meta:
        model = RosterImport
        exclude = ("content",)

    pemda = factory.SubFactory(PemdaFactory)
    uploaded_by = factory.SubFactory(
        "sehati.accounts.tests.factories.UserFactory", pemda=factory.SelfAttribute("..pemda")
    )
    content = factory.LazyAttribute(_factory_roster_content)
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="roster.csv"))
    original_name = "pegawai.csv"
    file_format = RosterImport.Format.CSV
    encoding = "utf-8-sig"
    size_bytes = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    status = RosterImport.Status.VALID
    total_rows = 1
    processed_rows = 1
    summary = factory.LazyFunction(
        lambda: {"rows": 1, "new": 1, "updated": 0, "transfers": 0, "unchanged": 0}
    )
    validated_at = factory.LazyFunction(timezone.now)
