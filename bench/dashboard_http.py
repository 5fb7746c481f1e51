"""Benchmark: the UPG dashboard over HTTP with 1,000,000 reports in PostgreSQL (issue #8 point 4).

    .venv/bin/python bench/dashboard_http.py                    # 1,000,000 reports, 300 requests
    .venv/bin/python bench/dashboard_http.py --reports 100000   # a quick run
    .venv/bin/python bench/dashboard_http.py --reuse            # keep the loaded data

Needs PostgreSQL: DASHBOARD_BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/sehati_bench_dashboard), a database of the benchmark's own,
dropped, created and migrated at every run (unless --reuse and it holds the data).

1. Generates a pemda with 40 OPDs, 10,000 employees (fake names from Faker id_ID, numbers that
   are not NIPs of anyone) and a UPG user with TOTP, then loads the reports (`reports_giftreport`,
   submitted, 2019–2026, every kind) and their cases (`cases_case`, every status, some open past
   their deadline, decisions with appraisals) with psycopg COPY, and prints rows/s.
2. Builds the summary tables with `summary_refresh` (what the daily job runs) and prints the time.
3. Starts gunicorn (2 workers, DEBUG off, the benchmark's settings `bench.bench_settings`: the
   project's URLs plus one baseline page), gives the UPG user a session that has passed the TOTP
   step, warms up, then requests alternately, one request at a time over a kept-alive connection,
   (a) `/dasbor/upg/` (the UPG dashboard of the current year) and (b) `/bench/count/`, a minimal
   page that runs one `SELECT count(*)` over the reports; prints p50/p95/p99/max of each and the
   ratio a / b. Target: (a) p95 <= 100 ms on the 2-core machine.

Not part of the test suite (pytest does not collect bench/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sehati_bench_dashboard"
TODAY = dt.date(2026, 11, 24)
# One throwaway key for the benchmark process and its server (the session is signed with it).
SECRET = os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50))


def _admin_sql(url: str, *statements: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql.format(name=name))


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "HUEY_IMMEDIATE": "false",
        "PYTHONPATH": str(REPO),
    }


def _setup_django(url: str) -> None:
    os.environ.update(_env(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _people(n_opd: int, n_employees: int) -> dict[str, Any]:
    """The pemda, its OPDs and employees, and the UPG user (ORM: small)."""
    from faker import Faker

    from sehati.accounts.models import Role, RoleGrant, User
    from sehati.org.models import Employee, Opd, Pemda

    fake = Faker("id_ID")
    Faker.seed(8)
    pemda = Pemda.objects.create(
        code="bench", name="Kabupaten Bench", kind="kabupaten", province="Bench",
        time_zone="Asia/Makassar",
    )  # fmt: skip
    opds = Opd.objects.bulk_create(
        [Opd(pemda=pemda, code=f"OPD{i:02d}", name=f"Dinas Bench {i:02d}") for i in range(n_opd)]
    )
    employees = Employee.objects.bulk_create(
        [
            Employee(
                pemda=pemda,
                opd=opds[i % n_opd],
                # 18 digits that are not a NIP (the birth date part is 0000-00-00).
                nip=f"99990000{i:010d}",
                name=fake.name(),
                tpp_monthly_idr=4_000_000,
            )
            for i in range(n_employees)
        ],
        batch_size=2000,
    )
    user = User.objects.create_user(username="upg.bench", pemda=pemda, employee=employees[0])
    RoleGrant.objects.create(user=user, role=Role.UPG, pemda=pemda)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return {"pemda": pemda, "opds": opds, "employees": employees, "user": user}


def _copy(table: str, columns: list[str], rows: Any) -> tuple[int, float]:
    from django.db import connection

    started = time.perf_counter()
    n = 0
    with connection.cursor() as cur:
        raw = cur.cursor  # psycopg 3 cursor
        cols = ", ".join(columns)
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n, time.perf_counter() - started


def _load(world: dict[str, Any], n_reports: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from sehati.cases.models import Case
    from sehati.reports.models import GiftReport

    rng = random.Random(8)
    pemda, employees, user = world["pemda"], world["employees"], world["user"]
    emp = [(e.pk, e.opd_id) for e in employees]
    now = timezone.now()
    fields = [f for f in GiftReport._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    defaults = {
        f.column: (json.dumps(f.get_default()) if f.get_internal_type() == "JSONField" else f.get_default())
        for f in fields
    }  # fmt: skip
    kinds = ["receipt"] * 80 + ["refusal"] * 17 + ["solicitation"] * 3
    first = dt.date(2019, 1, 1).toordinal()
    span = TODAY.toordinal() - first

    def reports() -> Any:
        for i in range(n_reports):
            reporter, opd = emp[rng.randrange(len(emp))]
            submitted = dt.date.fromordinal(first + rng.randrange(span))
            received = submitted - dt.timedelta(days=rng.randrange(1, 40))
            kind = kinds[rng.randrange(100)]
            row = dict(defaults)
            row.update(
                created_at=now,
                updated_at=now,
                pemda_id=pemda.pk,
                reporter_id=reporter,
                reporter_opd_id=opd,
                created_by_id=user.pk,
                kind=kind,
                status="submitted",
                giver_name="Pemberi",
                giver_relation="vendor",
                received_on=received,
                place="Kantor",
                category="other",
                form="goods",
                value_idr=rng.choice((250_000, 500_000, 750_000, 1_500_000, 5_000_000)),
                description="-",
                chronology="-",
                object_location="not_received" if kind != "receipt" else "kept",
                submitted_at=now,
                submitted_on=submitted,
                register_number=f"{submitted.year}/{i:08d}",
                must_report=True,
                is_late=rng.random() < 0.06,
            )
            yield [row[c] for c in columns]

    n, seconds = _copy(GiftReport._meta.db_table, columns, reports())
    print(f"reports: {n:,} rows by COPY in {seconds:.1f} s ({n / seconds:,.0f} rows/s)")

    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, submitted_on FROM reports_giftreport WHERE pemda_id = %s ORDER BY id",
            [pemda.pk],
        )
        ids = cur.fetchall()
    cfields = [f for f in Case._meta.concrete_fields if f.column != "id"]
    ccolumns = [f.column for f in cfields]
    cdefaults = {
        f.column: (json.dumps(f.get_default()) if f.get_internal_type() == "JSONField" else f.get_default())
        for f in cfields
    }  # fmt: skip
    statuses = (
        ["closed"] * 80 + ["decided"] * 5 + ["forwarded"] * 3 + ["analysed"] * 2
        + ["complete"] * 2 + ["verification"] * 3 + ["received"] * 5
    )  # fmt: skip

    def cases() -> Any:
        for report_id, submitted in ids:
            status = statuses[rng.randrange(100)]
            row = dict(cdefaults)
            d = submitted
            row.update(
                created_at=now,
                updated_at=now,
                pemda_id=pemda.pk,
                report_id=report_id,
                status=status,
                received_on=d,
            )

            def step(days: int, d: dt.date = d) -> dt.date:
                return d + dt.timedelta(days=days)

            if status not in ("received", "verification"):
                row["completed_on"] = step(3)
            if status in ("analysed", "forwarded", "decided", "closed"):
                row["analysed_on"] = step(6)
            if status in ("forwarded", "decided", "closed"):
                row["forwarded_on"], row["forward_channel"] = step(9), "gol"
                row["forward_due"] = step(14)
            if status in ("decided", "closed"):
                decision = rng.choice(("state", "recipient", "state", "state_compensable"))
                row["decision"], row["sk_date"], row["sk_number"] = decision, step(40), "SK/B"
                row["appraised_value_idr"] = rng.choice((None, 200_000))
            if status == "closed":
                row["followup"], row["followup_on"] = "handover", step(50)
                row["close_reason"], row["closed_on"] = "handed_over", step(50)
            else:
                row["next_due_on"] = step(14) if rng.random() < 0.5 else TODAY + dt.timedelta(5)
            yield [row[c] for c in ccolumns]

    n, seconds = _copy(Case._meta.db_table, ccolumns, cases())
    print(f"cases:   {n:,} rows by COPY in {seconds:.1f} s ({n / seconds:,.0f} rows/s)")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def _session_cookie(user: Any) -> str:
    """A session as after a full login (password, then the TOTP code)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "sehati.accounts.backends.NipOrUsernameBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    store[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    store.create()
    return f"sessionid={store.session_key}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed(conn: http.client.HTTPConnection, path: str, cookie: str) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    took = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return took


def _figures(name: str, times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=100, method="inclusive")
    out = {"p50": statistics.median(times), "p95": q[94], "p99": q[98], "max": max(times)}
    print(
        f"{name:<28} n={len(times)}  p50 {out['p50']:6.1f} ms  p95 {out['p95']:6.1f} ms  "
        f"p99 {out['p99']:6.1f} ms  max {out['max']:6.1f} ms"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="keep a database already loaded")
    args = parser.parse_args()
    url = os.environ.get("DASHBOARD_BENCH_DATABASE_URL", DEFAULT_URL)

    loaded = False
    if args.reuse:
        try:
            _setup_django(url)
            from sehati.org.models import Pemda

            loaded = Pemda.objects.filter(code="bench").exists()
        except Exception:  # no such database yet: build it
            loaded = False
    if not loaded:
        _admin_sql(url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')
        env = _env(url) | {"DJANGO_SETTINGS_MODULE": "config.settings.base"}
        for command in (["migrate", "--verbosity", "0"], ["createcachetable"]):
            subprocess.run(
                [str(REPO / ".venv/bin/python"), "manage.py", *command],
                cwd=REPO, env=env, check=True,
            )  # fmt: skip
        _setup_django(url)
        world = _people(40, 10_000)
        _load(world, args.reports)
    from sehati.accounts.models import User
    from sehati.dashboards.summary import summary_refresh
    from sehati.org.models import Pemda
    from sehati.reports.models import GiftReport

    pemda = Pemda.objects.get(code="bench")
    user = User.objects.get(username="upg.bench")
    started = time.perf_counter()
    n = summary_refresh(pemda=pemda, today=TODAY)
    print(f"summary: {n:,} reports summarised in {time.perf_counter() - started:.1f} s")
    print(f"reports in the database: {GiftReport.objects.count():,}")
    cookie = _session_cookie(user)

    port = _free_port()
    server = subprocess.Popen(
        [
            str(REPO / ".venv/bin/gunicorn"), "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning",
        ],
        cwd=REPO,
        env=_env(url) | {"DJANGO_SETTINGS_MODULE": "bench.bench_settings"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        dashboard, baseline = f"/dasbor/upg/?tahun={TODAY.year}", "/bench/count/"
        for _ in range(20):  # warm-up: both workers, both pages
            _timed(conn, dashboard, cookie)
            _timed(conn, baseline, cookie)
        a: list[float] = []
        b: list[float] = []
        for _ in range(args.requests):
            a.append(_timed(conn, dashboard, cookie))
            b.append(_timed(conn, baseline, cookie))
        conn.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"sequential requests, gunicorn 2 workers, {n:,} reports:")
    fa = _figures("(a) /dasbor/upg/", a)
    fb = _figures("(b) SELECT count(*) page", b)
    print(f"ratio a / b: p50 {fa['p50'] / fb['p50']:.2f}  p95 {fa['p95'] / fb['p95']:.2f}")
    verdict = "met" if fa["p95"] <= 100 else "NOT met"
    print(f"target p95 <= 100 ms for the dashboard: {verdict} ({fa['p95']:.1f} ms)")


if __name__ == "__main__":
    main()
