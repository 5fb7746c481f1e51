"""Crash and outage test (issue #10 point 3): reports submitted through the API while a gunicorn
worker, the gunicorn master and PostgreSQL are killed with SIGKILL.

    .venv/bin/python bench/chaos_submit.py                 # about 90 seconds
    .venv/bin/python bench/chaos_submit.py --seconds 120 --clients 12

Needs PostgreSQL on this machine, which it **kills and restarts** (run it on a test machine, never
beside a production database, and not while `make test` runs): CHAOS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/sehati_chaos) is dropped, created and migrated at every run;
the server is restarted with `pg_ctlcluster`.

1. A pemda with 20 civil servants, each with an API token.
2. gunicorn with deploy/gunicorn.conf.py (2 workers, 4 threads) on a local port.
3. Client threads submit reports (`POST /api/v1/reports`), each with its own Idempotency-Key.
   A client retries the same key, after Retry-After or half a second, on a refused or dropped
   connection, a timeout, 502 or 503, until the report is acknowledged (200 or 201 with its id).
4. Meanwhile: SIGKILL of one gunicorn worker; later SIGKILL of the gunicorn master (restarted a
   second later, as systemd's Restart=always would); later SIGKILL of PostgreSQL's postmaster,
   restarted 3 s later; the seconds until /healthz answers 200 again are measured.
5. Then every acknowledged submission must be in the database, once: prints the acknowledged,
   lost and duplicated submissions, the answers by status (no 500 may appear) and the recovery
   time (target <= 30 s). Exit status 1 when a target is missed.

Not part of the test suite (pytest does not collect bench/).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sehati_chaos"
SECRET = secrets.token_urlsafe(50)
PAYLOAD = {
    "kind": "receipt",
    "received_on": (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)).isoformat(),
    "category": "other",
    "form": "goods",
    "value_idr": 750_000,
    "giver_name": "PT Uji Gangguan",
    "giver_relation": "vendor",
    "description": "Parsel",
    "place": "Kantor",
    "chronology": "Diantar kurir ke kantor.",
}


START = time.monotonic()


def log(message: str) -> None:
    # Seconds since the start: django.setup() changes the process's time zone mid-run.
    print(f"[{time.monotonic() - START:6.1f} s] {message}", flush=True)


def _admin_sql(url: str, *statements: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql.format(name=name))


def _env(url: str, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "SEHATI_VAR_DIR": str(var),
        "SEHATI_FIELD_KEY_FILE": str(var / "field-keys"),
        "HUEY_IMMEDIATE": "false",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(REPO),
    }


def _people(n: int) -> list[str]:
    """A pemda, an OPD, `n` employees with accounts and API tokens; returns the raw tokens."""
    from sehati.accounts.models import User
    from sehati.accounts.services import token_create
    from sehati.org.models import Employee, Opd, Pemda

    pemda = Pemda.objects.create(
        code="chaos", name="Kabupaten Uji Gangguan", kind="kabupaten", province="Uji",
        time_zone="Asia/Makassar",
    )  # fmt: skip
    opd = Opd.objects.create(pemda=pemda, code="DINAS", name="Dinas Uji")
    tokens = []
    for i in range(n):
        # 18 digits that are not a NIP (the birth date part is 0000-00-00).
        emp = Employee.objects.create(
            pemda=pemda, opd=opd, nip=f"99990000{i:010d}", name=f"Pegawai Uji {i:02d}"
        )
        user = User.objects.create_user(username=f"asn{i:02d}", pemda=pemda, employee=emp)
        tokens.append(token_create(user=user, name="uji gangguan")[1])
    return tokens


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn as systemd would run it, restartable."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "2"}
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(REPO / ".venv/bin/gunicorn"), "config.wsgi:application", "-c",
             str(REPO / "deploy/gunicorn.conf.py")],
            cwd=REPO, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def workers(self) -> list[int]:
        assert self.proc is not None
        out = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def _wait_healthy(port: int, limit: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if _healthy(port):
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def _pg_cluster() -> tuple[str, Path]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return version, Path(f"/var/lib/postgresql/{version}/main/postmaster.pid")


def _pg_kill() -> int:
    _version, pidfile = _pg_cluster()
    pid = int(pidfile.read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    return pid


def _pg_start() -> None:
    version, _pidfile = _pg_cluster()
    for _ in range(60):  # the killed postmaster's children take a moment to leave
        done = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode == 0 or "already running" in done.stderr:
            return
        time.sleep(0.5)
    raise SystemExit(f"PostgreSQL tidak dapat dimulai ulang: {done.stderr}")


class Clients:
    """Threads that submit reports and retry each one with its Idempotency-Key."""

    def __init__(self, port: int, tokens: list[str], n: int) -> None:
        self.port = port
        self.tokens = tokens
        self.n = n
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[str, int] = {}  # key -> report id
        self.unacknowledged: list[str] = []  # gave up (the run ended first)
        self.statuses: collections.Counter[str] = collections.Counter()
        self.retries = 0
        self.no_retry_after = 0  # 503 answers without Retry-After

    def _post(self, token: str, key: str) -> tuple[str, Any, str]:
        body = json.dumps(PAYLOAD)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            conn.request(
                "POST",
                "/api/v1/reports",
                body=body,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                },
            )
            answer = conn.getresponse()
            raw = answer.read()
            retry_after = answer.getheader("Retry-After") or ""
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            return f"connection:{exc.__class__.__name__}", None, ""
        data = json.loads(raw) if raw.startswith(b"{") else None
        return str(answer.status), data, retry_after

    def _one(self, token: str) -> None:
        key = f"chaos-{uuid.uuid4()}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, data, retry_after = self._post(token, key)
            with self.lock:
                self.statuses[status] += 1
            if status in ("200", "201") and data and "id" in data:
                with self.lock:
                    self.acknowledged[key] = int(data["id"])
                return
            if status.startswith("connection") or status in ("502", "503", "504"):
                with self.lock:
                    self.retries += 1
                    self.no_retry_after += status == "503" and not retry_after
                time.sleep(min(float(retry_after or 0.5), 2.0))
                continue
            # Anything else (a 4xx, a 500) is an answer: counted, not retried.
            return
        with self.lock:
            self.unacknowledged.append(key)

    def _run(self, i: int) -> None:
        token = self.tokens[i % len(self.tokens)]
        while not self.stop.is_set():
            self._one(token)

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(self.n)
        ]
        for t in threads:
            t.start()
        return threads


def _verify(url: str, acknowledged: dict[str, int]) -> tuple[int, int, int]:
    """(lost, duplicated keys, reports in the database)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, array_agg(id) FROM reports_giftreport "
            "WHERE idempotency_key LIKE 'chaos-%%' GROUP BY idempotency_key"
        ).fetchall()
    by_key = dict(rows)
    lost = sum(1 for key, rid in acknowledged.items() if rid not in by_key.get(key, []))
    duplicated = sum(1 for ids in by_key.values() if len(ids) > 1)
    return lost, duplicated, sum(len(ids) for ids in by_key.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=60, help="Lama beban (detik)")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    url = os.environ.get("CHAOS_DATABASE_URL", DEFAULT_URL)
    var = Path(tempfile.mkdtemp(prefix="sehati-chaos-"))
    env = _env(url, var)

    log(f"basis data {url}: dibuat ulang dan dimigrasi")
    _admin_sql(url, "DROP DATABASE IF EXISTS {name} WITH (FORCE)", "CREATE DATABASE {name}")
    sehati = str(REPO / ".venv/bin/sehati")
    subprocess.run([sehati, "migrate", "-v0"], env=env, check=True)
    subprocess.run([sehati, "createcachetable"], env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    tokens = _people(20)
    from django.db import connections

    connections.close_all()

    port = _free_port()
    server = Server(env, port)
    server.start()
    if _wait_healthy(port, 60) is None:
        raise SystemExit("gunicorn tidak menjawab /healthz")
    clients = Clients(port, tokens, args.clients)
    threads = clients.start()
    span = args.seconds
    events: list[str] = []
    recovery: float | None = None
    try:
        time.sleep(span * 0.15)
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
        events.append(f"SIGKILL pekerja gunicorn {victim}")
        log(events[-1])
        time.sleep(span * 0.2)
        assert server.proc is not None
        master = server.proc.pid
        os.kill(master, signal.SIGKILL)
        events.append(f"SIGKILL master gunicorn {master}")
        log(events[-1])
        time.sleep(1.0)  # systemd: Restart=always, RestartSec=… (the orphaned workers exit)
        server.start()
        log("gunicorn dimulai ulang")
        time.sleep(span * 0.2)
        pid = _pg_kill()
        events.append(f"SIGKILL postmaster PostgreSQL {pid}")
        log(events[-1])
        time.sleep(3.0)
        _pg_start()
        log("PostgreSQL dimulai ulang")
        recovery = _wait_healthy(port, 120)
        log(
            f"/healthz 200 lagi setelah {recovery:.1f} s"
            if recovery is not None
            else "/healthz tidak pulih"
        )
        time.sleep(span * 0.3)
    finally:
        clients.stop.set()
        for t in threads:
            t.join(timeout=150)
        server.stop()

    lost, duplicated, stored = _verify(url, clients.acknowledged)
    errors_500 = clients.statuses.get("500", 0)
    print()
    print("Uji gangguan: laporan lewat API selama proses dan basis data dimatikan paksa")
    for e in events:
        print(f"  {e}")
    print(f"  pengiriman diakui:          {len(clients.acknowledged):>6}")
    print(f"  laporan di basis data:      {stored:>6}")
    print(f"  hilang:                     {lost:>6}")
    print(f"  ganda:                      {duplicated:>6}")
    print(f"  belum diakui saat berhenti: {len(clients.unacknowledged):>6}")
    print(f"  percobaan ulang:            {clients.retries:>6}")
    print("  jawaban: " + ", ".join(f"{k}={v}" for k, v in sorted(clients.statuses.items())))
    print(f"  jawaban 500:                {errors_500:>6}")
    print(f"  503 tanpa Retry-After:      {clients.no_retry_after:>6}")
    rec = f"{recovery:.1f} s" if recovery is not None else "tidak pulih"
    print(f"  pulih setelah PostgreSQL dimulai ulang: {rec} (target <= 30 s)")
    failed = (
        lost or duplicated or errors_500 or clients.no_retry_after
        or recovery is None or recovery > 30
    )  # fmt: skip
    print("HASIL: " + ("GAGAL" if failed else "LULUS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
