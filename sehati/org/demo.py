"""The demo pemda: Kabupaten Hulu Sungai Selatan (demo) with generated people.

Kecamatan names are the 11 real kecamatan of HSS; everything about people is generated with
Faker id_ID and invented NIPs that pass validation. Nothing here is real personal data.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from faker import Faker
from simple_history.utils import bulk_create_with_history

from sehati.accounts.models import Role, User
from sehati.accounts.roles import role_grant_create
from sehati.core.audit import timeline_record
from sehati.org.models import Desa, Employee, Kecamatan, Opd, Pemda, ServiceUnit
from sehati.org.nip import nip_compose

DEMO_CODE = "hss-demo"
KECAMATAN = [
    "Padang Batung",
    "Loksado",
    "Telaga Langsat",
    "Angkinang",
    "Kandangan",
    "Sungai Raya",
    "Simpur",
    "Kalumpang",
    "Daha Selatan",
    "Daha Barat",
    "Daha Utara",
]
# (code, name, short name, parent code)
OPD = [
    ("SETDA", "Sekretariat Daerah", "Setda", None),
    ("SETDA-HUK", "Bagian Hukum", "Bag. Hukum", "SETDA"),
    ("SETDA-PBJ", "Bagian Pengadaan Barang dan Jasa", "Bag. PBJ", "SETDA"),
    ("SETDA-ORG", "Bagian Organisasi", "Bag. Organisasi", "SETDA"),
    ("SETWAN", "Sekretariat DPRD", "Setwan", None),
    ("INSP", "Inspektorat", "Inspektorat", None),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "Bappelitbangda",
        None,
    ),
    ("BPKPD", "Badan Pengelolaan Keuangan dan Pendapatan Daerah", "BPKPD", None),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", None),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", None),
    ("DINKES", "Dinas Kesehatan", "Dinkes", None),
    ("RSUD", "Rumah Sakit Umum Daerah", "RSUD", "DINKES"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", None),
    ("PERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim", None),
    ("SATPOL", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", "Satpol PP", None),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "BPBD", None),
    ("DINSOS", "Dinas Sosial", "Dinsos", None),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", None),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", None),
    ("DISHUB", "Dinas Perhubungan", "Dishub", None),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", None),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", None),
    ("DKUMP", "Dinas Koperasi, Usaha Mikro dan Perdagangan", "DKUMP", None),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", None),
    ("DISTAN", "Dinas Pertanian", "Distan", None),
    ("DISPAR", "Dinas Pemuda, Olahraga dan Pariwisata", "Disporapar", None),
    ("ARSIP", "Dinas Perpustakaan dan Kearsipan", "Dispersip", None),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", None),
    ("KESBANG", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", None),
    ("KEC-KDG", "Kecamatan Kandangan", "Kec. Kandangan", None),
    ("KEC-DSL", "Kecamatan Daha Selatan", "Kec. Daha Selatan", None),
]
GOLONGAN_BY_LEVEL = {
    Employee.Level.JPT: ["IV/b", "IV/c", "IV/d"],
    Employee.Level.ADMINISTRATOR: ["III/d", "IV/a", "IV/b"],
    Employee.Level.PENGAWAS: ["III/b", "III/c", "III/d"],
}
GOLONGAN = [
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
]
JABATAN = {
    Employee.Level.PELAKSANA: [
        "Pengadministrasi Umum",
        "Pengelola Data",
        "Operator Layanan",
        "Pengelola Keuangan",
        "Pengadministrasi Kepegawaian",
    ],
    Employee.Level.FUNGSIONAL: [
        "Analis Kebijakan Ahli Muda",
        "Pranata Komputer Ahli Pertama",
        "Arsiparis Ahli Pertama",
    ],
    Employee.Level.PENGAWAS: [
        "Kepala Subbagian Umum",
        "Kepala Seksi Pelayanan",
        "Kepala Subbagian Keuangan",
    ],
    Employee.Level.ADMINISTRATOR: [
        "Sekretaris",
        "Kepala Bidang Pelayanan",
        "Kepala Bidang Program",
    ],
    Employee.Level.JPT: ["Kepala Dinas"],
}
# Functional posts that belong to particular OPD (a teacher is not posted to the Inspektorat).
FUNGSIONAL_BY_OPD = {
    "DISDIK": ["Guru Ahli Pertama", "Guru Ahli Muda", "Pengawas Sekolah Ahli Muda"],
    "DINKES": ["Perawat Terampil", "Bidan Mahir", "Epidemiolog Kesehatan Ahli Pertama"],
    "RSUD": ["Dokter Ahli Pertama", "Perawat Ahli Pertama", "Apoteker Ahli Pertama"],
    "INSP": ["Auditor Ahli Pertama", "Auditor Ahli Muda", "P2UPD Ahli Pertama"],
    "PUPR": ["Teknik Jalan dan Jembatan Ahli Pertama"],
    "BPKPD": ["Analis Keuangan Pusat dan Daerah Ahli Pertama"],
}
TPP_BY_LEVEL = {
    Employee.Level.PELAKSANA: (2_000_000, 3_500_000),
    Employee.Level.FUNGSIONAL: (2_500_000, 5_000_000),
    Employee.Level.PENGAWAS: (4_000_000, 6_500_000),
    Employee.Level.ADMINISTRATOR: (7_000_000, 10_000_000),
    Employee.Level.JPT: (12_000_000, 18_000_000),
}
UNIT_KINDS = [
    ("DINKES", "Puskesmas {k}"),
    ("DISDIK", "SMP Negeri {n} {k}"),
    ("DUKCAPIL", "Layanan Adminduk Kecamatan {k}"),
]


@dataclass
class DemoResult:
    created: bool
    pemda: Pemda
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role label, totp
    password: str = ""


def _logins_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _valid_nip(rng: random.Random, used: set[str]) -> str:
    while True:
        birth = dt.date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
        year = rng.randint(max(birth.year + 20, 1990), min(birth.year + 35, 2024))
        nip = nip_compose(
            birth_date=birth,
            appointed_year=year,
            appointed_month=rng.randint(1, 12),
            gender=rng.choice("LP"),
            sequence=rng.randint(1, 999),
        )
        if nip not in used:
            used.add(nip)
            return nip


@transaction.atomic
def demo_build(
    *, employees: int = 3000, seed: int = 20230105, password: str | None = None
) -> DemoResult:
    """Build the demo pemda once; a second call changes nothing and returns created=False."""
    existing = Pemda.objects.filter(code=DEMO_CODE).first()
    if existing is not None:
        return DemoResult(created=False, pemda=existing)

    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    pemda = Pemda.objects.create(
        code=DEMO_CODE,
        name="Kabupaten Hulu Sungai Selatan (demo)",
        kind=Pemda.Kind.KABUPATEN,
        province="Kalimantan Selatan",
        time_zone=Pemda.Zone.WITA,
        is_demo=True,
        letterhead_title="PEMERINTAH KABUPATEN HULU SUNGAI SELATAN (DEMO)",
        address="Jl. Contoh No. 1, Kandangan (alamat demo)",
        gratification_regulation="Perbup HSS 18/2017 jo. 66/2020 tentang Pengendalian Gratifikasi",
        tpp_regulation="Perbup HSS 68/2020 (Pasal 17D)",
        upg_decree="Keputusan Bupati tentang Pembentukan UPG (demo)",
    )
    kecamatan = [
        Kecamatan.objects.create(pemda=pemda, code=f"KEC-{i:02d}", name=name)
        for i, name in enumerate(KECAMATAN, start=1)
    ]
    desa_rows = []
    for k in kecamatan:
        for j in range(1, 5):
            kind = Desa.Kind.KELURAHAN if (k.name == "Kandangan" and j <= 2) else Desa.Kind.DESA
            desa_rows.append(
                Desa(
                    pemda=pemda,
                    kecamatan=k,
                    code=f"{k.code}-{j:02d}",
                    name=f"{fake.last_name()} {rng.choice(['Hulu', 'Hilir', 'Baru', 'Tengah', 'Jaya'])}",
                    kind=kind,
                )
            )
    Desa.objects.bulk_create(desa_rows)

    opds: dict[str, Opd] = {}
    for code, name, short, parent in OPD:
        opds[code] = Opd.objects.create(
            pemda=pemda,
            code=code,
            name=name,
            short_name=short,
            parent=opds.get(parent) if parent else None,
        )

    units: list[ServiceUnit] = []
    n = 0
    for opd_code, pattern in UNIT_KINDS:
        for k in kecamatan:
            n += 1
            units.append(
                ServiceUnit(
                    pemda=pemda,
                    opd=opds[opd_code],
                    code=f"U{n:03d}",
                    name=pattern.format(k=k.name, n=rng.randint(1, 3)),
                    address=f"{fake.street_address()}, {k.name}",
                    kecamatan=k,
                )
            )
    kandangan = kecamatan[KECAMATAN.index("Kandangan")]
    for opd_code, name in [
        ("DPMPTSP", "Mal Pelayanan Publik"),
        ("DPMPTSP", "Loket Perizinan Berusaha"),
        ("DUKCAPIL", "Kantor Disdukcapil — Loket KTP-el"),
        ("DUKCAPIL", "Loket Akta Kelahiran"),
        ("RSUD", "RSUD — Instalasi Rawat Jalan"),
        ("RSUD", "RSUD — Instalasi Gawat Darurat"),
        ("RSUD", "RSUD — Loket Pendaftaran"),
        ("DISHUB", "Unit Pengujian Kendaraan Bermotor"),
        ("DISHUB", "Terminal Kandangan"),
        ("BPKPD", "Loket Pajak Daerah"),
        ("BPKPD", "Loket PBB-P2"),
        ("DINSOS", "Layanan Bantuan Sosial"),
        ("PUPR", "Layanan Persetujuan Bangunan Gedung"),
        ("DLH", "Layanan Persetujuan Lingkungan"),
        ("DKUMP", "Pasar Kandangan"),
        ("SATPOL", "Pos Pemadam Kebakaran"),
        ("DISDIK", "Layanan Legalisir Ijazah"),
        ("BKPSDM", "Layanan Kepegawaian"),
        ("DISTAN", "Balai Penyuluhan Pertanian Kandangan"),
        ("DPMD", "Layanan Administrasi Desa"),
        ("KEC-KDG", "Pelayanan Kecamatan Kandangan"),
        ("KEC-DSL", "Pelayanan Kecamatan Daha Selatan"),
        ("ARSIP", "Perpustakaan Daerah"),
        ("DPPKB", "Layanan KB"),
        ("DISPAR", "Gedung Olahraga"),
        ("KOMINFO", "Layanan Pengaduan Publik"),
        ("DINKES", "Laboratorium Kesehatan Daerah"),
    ]:
        n += 1
        units.append(
            ServiceUnit(
                pemda=pemda,
                opd=opds[opd_code],
                code=f"U{n:03d}",
                name=name,
                address=f"{fake.street_address()}, Kandangan",
                kecamatan=kandangan,
            )
        )
    units = ServiceUnit.objects.bulk_create(units)
    units_by_opd: dict[int, list[ServiceUnit]] = {}
    for unit in units:
        units_by_opd.setdefault(unit.opd_id, []).append(unit)

    # Employees, weighted to the big service OPD as in a real regency.
    weights = {"DISDIK": 30, "DINKES": 14, "RSUD": 10, "PUPR": 3, "DUKCAPIL": 3, "BPKPD": 3}
    opd_list = list(opds.values())
    opd_weights = [weights.get(o.code, 1) for o in opd_list]
    used: set[str] = set()
    rows: list[Employee] = []
    heads: set[int] = set()
    for _ in range(employees):
        opd = rng.choices(opd_list, weights=opd_weights)[0]
        if opd.id not in heads and opd.parent_id is None:
            level = Employee.Level.JPT
            heads.add(opd.id)
        else:
            level = rng.choices(
                [
                    Employee.Level.PELAKSANA,
                    Employee.Level.FUNGSIONAL,
                    Employee.Level.PENGAWAS,
                    Employee.Level.ADMINISTRATOR,
                ],
                weights=[40, 45, 10, 5],
            )[0]
        status = rng.choices(
            [Employee.Status.PNS, Employee.Status.PPPK, Employee.Status.CPNS], weights=[75, 22, 3]
        )[0]
        if level in GOLONGAN_BY_LEVEL:  # structural posts are held by PNS of matching rank
            status = Employee.Status.PNS
        low, high = TPP_BY_LEVEL[level]
        tpp = rng.randrange(low, high, 50_000)
        gender = rng.choice("LP")
        name = fake.name_male() if gender == "L" else fake.name_female()
        jabatan = rng.choice(
            FUNGSIONAL_BY_OPD.get(opd.code, JABATAN[level])
            if level == Employee.Level.FUNGSIONAL
            else JABATAN[level]
        )
        if level == Employee.Level.JPT:
            jabatan = "Inspektur" if opd.code == "INSP" else f"Kepala {opd.short_name or opd.name}"
        rows.append(
            Employee(
                pemda=pemda,
                nip=_valid_nip(rng, used),
                name=name,
                status=status,
                golongan=""
                if status == Employee.Status.PPPK
                else rng.choice(GOLONGAN_BY_LEVEL.get(level, GOLONGAN)),
                jabatan=jabatan,
                level=level,
                opd=opd,
                unit=rng.choice(units_by_opd[opd.id])
                if opd.id in units_by_opd and rng.random() < 0.6
                else None,
                tpp_monthly_idr=tpp,
            )
        )
    bulk_create_with_history(rows, Employee, batch_size=1000)
    result = DemoResult(created=True, pemda=pemda)
    result.password = password or secrets.token_urlsafe(12)
    _demo_users(pemda=pemda, opds=opds, kecamatan=kandangan, result=result, rng=rng, used=used)
    from sehati.cases.demo import demo_cases_build  # cases build on org
    from sehati.core.clock import local_today

    demo_cases_build(pemda=pemda, today=local_today(pemda.time_zone))
    from sehati.monitoring.demo import (  # UP3 builds on org and accounts
        demo_field_build,
        demo_registry_build,
    )
    from sehati.monitoring.registry import checklist_defaults_ensure

    checklist_defaults_ensure(pemda=pemda)
    demo_registry_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 5)
    demo_field_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 6)
    from sehati.declarations.demo import demo_declarations_build  # periodic declarations

    demo_declarations_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 7)
    from sehati.sanctions.rules_admin import demo_sanction_rules_build  # TPP rules (issue #6)

    demo_sanction_rules_build(pemda=pemda)
    from sehati.sanctions.demo_cases import demo_sanction_cases_build  # sanction cases

    demo_sanction_cases_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 8)
    from sehati.outreach.demo import demo_outreach_build  # socialisation (issue #7)

    demo_outreach_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 9)
    from sehati.integrity.demo import demo_integrity_build  # scores and action plans (issue #7)

    demo_integrity_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 10)
    from sehati.surveys.demo import demo_surveys_build  # internal surveys (issue #7)

    demo_surveys_build(pemda=pemda, today=local_today(pemda.time_zone), seed=seed + 11)
    timeline_record(
        subject=pemda,
        type="demo_built",
        actor="sehati demo",
        data={"employees": employees, "opd": len(opds), "units": len(units)},
    )
    _logins_file().write_text(_logins_text(result))
    _logins_file().chmod(0o600)
    return result


def _default_jabatan(opd_code: str, level: str) -> str:
    if level == Employee.Level.FUNGSIONAL and opd_code in FUNGSIONAL_BY_OPD:
        return FUNGSIONAL_BY_OPD[opd_code][0]
    return JABATAN[Employee.Level(level)][0]


def _demo_users(
    *,
    pemda: Pemda,
    opds: dict[str, Opd],
    kecamatan: Kecamatan,
    result: DemoResult,
    rng: random.Random,
    used: set[str],
) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**6))

    def employee_in(code: str, level: str | None = None) -> Employee:
        qs = Employee.objects.filter(pemda=pemda, opd=opds[code], user__isnull=True)
        if level:
            qs = qs.filter(level=level)
        found = qs.order_by("id").first()
        if found is None:  # a small demo (tests) may lack someone the logins need
            found = Employee.objects.create(
                pemda=pemda,
                opd=opds[code],
                nip=_valid_nip(rng, used),
                name=fake.name(),
                status=Employee.Status.PNS,
                golongan=rng.choice(
                    GOLONGAN_BY_LEVEL.get(Employee.Level(level or "pelaksana"), ["III/b"])
                ),
                level=level or Employee.Level.PELAKSANA,
                jabatan=_default_jabatan(code, level or Employee.Level.PELAKSANA),
                tpp_monthly_idr=4_000_000,
            )
        return found

    plan: list[
        tuple[str, str, Employee | None, list[tuple[Role, Opd | None, Kecamatan | None]]]
    ] = [
        (
            "asn.demo",
            "ASN (pelapor), Dinas Kesehatan",
            employee_in("DINKES", Employee.Level.PELAKSANA),
            [],
        ),
        (
            "asn2.demo",
            "ASN (pelapor), Disdukcapil",
            employee_in("DUKCAPIL", Employee.Level.PELAKSANA),
            [],
        ),
        (
            "upgp.demo",
            "UPG pembantu, Dinas Kesehatan",
            employee_in("DINKES", Employee.Level.PENGAWAS),
            [(Role.UPG_PEMBANTU, opds["DINKES"], None)],
        ),
        (
            "upg.demo",
            "UPG (Inspektorat)",
            employee_in("INSP", Employee.Level.FUNGSIONAL),
            [(Role.UPG, None, None)],
        ),
        (
            "kepala.demo",
            "Kepala Dinas Kesehatan",
            employee_in("DINKES", Employee.Level.JPT),
            [(Role.KEPALA_OPD, opds["DINKES"], None)],
        ),
        ("pemantau.demo", "Pemantau UP3, Kec. Kandangan", None, [(Role.PEMANTAU, None, kecamatan)]),
        (
            "inspektur.demo",
            "Inspektur",
            employee_in("INSP", Employee.Level.JPT),
            [(Role.INSPEKTUR, None, None)],
        ),
        (
            "tpp.demo",
            "Operator TPP (BKPSDM)",
            employee_in("BKPSDM", Employee.Level.PELAKSANA),
            [(Role.OPERATOR_TPP, None, None)],
        ),
        ("bupati.demo", "Kepala daerah (bupati)", None, [(Role.KEPALA_DAERAH, None, None)]),
        (
            "admin.demo",
            "Admin pemda",
            employee_in("KOMINFO", Employee.Level.PELAKSANA),
            [(Role.ADMIN, None, None)],
        ),
    ]
    for username, label, employee, grants in plan:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@demo.sehati.invalid",
            password=result.password,
            pemda=pemda,
            employee=employee,
            display_name="" if employee else fake.name(),
        )
        for role, opd, kec in grants:
            role_grant_create(
                user=user, role=role, opd=opd, kecamatan=kec, actor="sehati demo", decree="SK demo"
            )
        totp = ""
        if any(role in (Role.UPG, Role.INSPEKTUR, Role.ADMIN) for role, _o, _k in grants):
            totp = generate_totp_secret()
            TOTP.activate(user, totp)
            RecoveryCodes.activate(user)
        result.logins.append((username, label, totp))


def _logins_text(result: DemoResult) -> str:
    lines = [
        "Login demo SEHATI (http://127.0.0.1:8000/accounts/login/)",
        f"Kata sandi semua akun demo: {result.password}",
        "Akun UPG, inspektur dan admin memakai TOTP: tambahkan rahasia di aplikasi authenticator,",
        "atau jalankan `sehati demo_code <username>` untuk kode saat ini.",
        "",
    ]
    for username, label, totp in result.logins:
        extra = f"  TOTP: {totp}" if totp else ""
        lines.append(f"  {username:<16} {label}{extra}")
    return "\n".join(lines) + "\n"


def demo_logins_text() -> str:
    path = _logins_file()
    if path.exists():
        return path.read_text()
    return (
        "Data demo sudah ada; kata sandi dicetak saat pertama kali dibuat "
        f"(berkas {path} tidak ditemukan).\n"
    )
