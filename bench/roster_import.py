"""Benchmark: roster import (issue #2, point 5) — validate + commit of 10,000 and 100,000 rows.

    .venv/bin/python bench/roster_import.py                 # 10,000 and 100,000 rows
    .venv/bin/python bench/roster_import.py --rows 20000    # other sizes

Each size runs in its own child process on a fresh temporary SQLite database (DATABASE_URL and
SEHATI_VAR_DIR point into a temporary directory, so var/ is untouched), so the peak memory
printed belongs to that size alone. The synthetic file is realistic for a regency: half the
rows are employees already in the database (10 % of them transferred to another OPD, 10 % with
a new jabatan, the rest unchanged), half are new. NIPs are invented with nip_compose.

Baseline, measured in the same child: reading the same CSV with the csv module and nothing else.
`ratio` = (validate + commit) / baseline. Target: 10,000 rows in under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS_10K = 5.0
OPD_COUNT = 40


def synthetic_nip(i: int) -> str:
    from sehati.org.nip import nip_compose

    birth = dt.date(1965, 1, 1) + dt.timedelta(days=(i // 999) % 12_000)
    return nip_compose(
        birth_date=birth,
        appointed_year=birth.year + 20 + i % 5,
        appointed_month=1 + i % 12,
        gender="L" if i % 2 else "P",
        sequence=1 + i % 999,
    )


def child(rows: int, workdir: Path) -> dict[str, float | int | str]:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SEHATI_VAR_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["HUEY_IMMEDIATE"] = "false"  # the benchmark calls the services itself
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command

    from sehati.accounts.models import User
    from sehati.org.models import Employee, Mutasi, Opd, Pemda, RosterImport
    from sehati.org.services import (
        roster_import_commit,
        roster_import_create,
        roster_import_validate,
    )

    call_command("migrate", verbosity=0)
    pemda = Pemda.objects.create(
        code="bench",
        name="Kabupaten Bench",
        kind="kabupaten",
        province="Uji",
        time_zone="Asia/Makassar",
    )
    opds = Opd.objects.bulk_create(
        Opd(pemda=pemda, code=f"OPD{n:02d}", name=f"Dinas Bench {n}") for n in range(OPD_COUNT)
    )
    operator = User.objects.create(username="operator_bench", pemda=pemda)
    existing = rows // 2
    Employee.objects.bulk_create(
        (
            Employee(
                pemda=pemda,
                nip=synthetic_nip(i),
                name=f"Pegawai Bench {i}",
                status="pns",
                golongan="III/a",
                jabatan="Pengadministrasi Umum",
                level="pelaksana",
                opd=opds[i % OPD_COUNT],
                tpp_monthly_idr=3_000_000,
            )
            for i in range(existing)
        ),
        batch_size=2000,
    )

    path = workdir / f"roster-{rows}.csv"
    header = ["NIP", "NAMA", "STATUS", "GOLONGAN", "JABATAN", "TINGKAT JABATAN", "KODE OPD", "TPP"]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        for i in range(rows):
            opd = i % OPD_COUNT
            jabatan = "Pengadministrasi Umum"
            if i < existing and i % 10 == 1:
                opd = (opd + 1) % OPD_COUNT  # transfer → mutasi
            elif i < existing and i % 10 == 2:
                jabatan = "Analis Kepegawaian"  # update
            writer.writerow(
                [
                    synthetic_nip(i),
                    f"Pegawai Bench {i}",
                    "PNS",
                    "III/a",
                    jabatan,
                    "Pelaksana",
                    f"OPD{opd:02d}",
                    "3.000.000",
                ]
            )

    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        parsed = sum(1 for _ in csv.reader(fh, delimiter=";")) - 1
    baseline = time.perf_counter() - started
    assert parsed == rows

    started = time.perf_counter()
    with path.open("rb") as fh:
        roster_import = roster_import_create(
            pemda=pemda, actor=operator, uploaded_file=File(fh, name=path.name)
        )
    upload = time.perf_counter() - started

    started = time.perf_counter()
    roster_import = roster_import_validate(roster_import=roster_import)
    validate = time.perf_counter() - started
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors[:3]

    started = time.perf_counter()
    roster_import = roster_import_commit(
        roster_import=roster_import, actor=operator, today=dt.date(2025, 1, 2)
    )
    commit = time.perf_counter() - started
    counts = roster_import.summary["committed"]
    assert Employee.objects.count() == rows
    assert Mutasi.objects.count() == counts["transfers"]

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "rows": rows,
        "baseline_s": baseline,
        "upload_s": upload,
        "validate_s": validate,
        "commit_s": commit,
        "peak_rss_mib": peak_kib / 1024,
        "file_mib": path.stat().st_size / 2**20,
        "counts": json.dumps(counts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.workdir))))
        return

    print(
        f"{'rows':>8} {'validate s':>10} {'commit s':>9} {'total s':>8} {'rows/s':>8} "
        f"{'baseline s':>10} {'ratio':>7} {'peak RSS MiB':>12} {'file MiB':>8}"
    )
    results = []
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="sehati-bench-") as tmp:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(rows), "--workdir", tmp],
                check=True,
                capture_output=True,
                text=True,
            )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        total = r["validate_s"] + r["commit_s"]
        results.append((rows, total))
        print(
            f"{rows:>8} {r['validate_s']:>10.2f} {r['commit_s']:>9.2f} {total:>8.2f} "
            f"{rows / total:>8.0f} {r['baseline_s']:>10.3f} {total / r['baseline_s']:>7.0f} "
            f"{r['peak_rss_mib']:>12.0f} {r['file_mib']:>8.1f}"
        )
        print(
            f"{'':>8} upload (sniff + SHA-256 + store) {r['upload_s']:.2f} s; written: {r['counts']}"
        )
    for rows, total in results:
        if rows == 10_000:
            verdict = "OK" if total < TARGET_SECONDS_10K else "MISSED"
            print(f"target: 10,000 rows in < {TARGET_SECONDS_10K:.0f} s — {total:.2f} s {verdict}")


if __name__ == "__main__":
    main()
