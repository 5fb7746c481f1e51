"""The read replica (issue #10 point 1): with `DATABASE_URL_REPLICA` set, the views that opt in
(dashboards, exports, survey computation) read the replica, everything else and every write uses
the primary, and a transaction on the primary keeps its reads there.

The replica here is a second installation restored from a backup of the first: a copy that does
not follow the primary, so a read shows which database it came from. Runs on SQLite and, in the
PostgreSQL pass, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from sehati.accounts.services import token_create
from sehati.core.backup import backup_create
from sehati.core.replica import (
    REPLICA,
    ReplicaRouter,
    primary_reads,
    reading_replica,
    reads_from_replica,
    replica_reads,
)
from sehati.core.tests.installation import Target
from sehati.dashboards.summary import summary_refresh
from sehati.reports.services import report_create, report_submit

DATA = {
    "kind": "receipt",
    "received_on": "2026-10-01",
    "category": "other",
    "form": "goods",
    "value_idr": 750_000,
    "giver_name": "PT Contoh",
    "giver_relation": "vendor",
    "description": "Parsel",
    "place": "Kantor",
    "chronology": "Diantar kurir ke kantor.",
}

# Runs in the primary installation's own process, with the replica configured: submits a report
# through the API (a write), then reads the UPG dashboard (opted in), the report list (not) and
# the ORM under each routing rule. Prints one JSON line.
PROBE = """
import json
from django.db import connections, transaction
from django.test import Client
from sehati.core.replica import primary_reads, replica_reads
from sehati.reports.models import GiftReport

asn = Client(HTTP_AUTHORIZATION="Bearer %(asn)s", SERVER_NAME="localhost")
upg = Client(HTTP_AUTHORIZATION="Bearer %(upg)s", SERVER_NAME="localhost")
made = asn.post("/api/v1/reports", data=%(data)r, content_type="application/json")
sent = asn.post(f"/api/v1/reports/{made.json()['id']}/submit")
year = GiftReport.objects.get(pk=made.json()["id"]).submitted_at.year
board = upg.get(f"/api/v1/dashboards/upg?tahun={year}")
listed = upg.get("/api/v1/cases")
submitted = GiftReport.objects.exclude(submitted_at=None)
out = {
    "aliases": sorted(connections.settings),
    "created": made.status_code, "submitted": sent.status_code, "year": year,
    "board": board.status_code, "board_reports": board.json().get("reports"),
    "list": listed.status_code, "list_count": listed.json().get("count"),
    "plain": submitted.count(),
}
with replica_reads():
    out["replica"] = submitted.count()
    with transaction.atomic():
        out["replica_in_transaction"] = submitted.count()
    with primary_reads():
        out["replica_then_primary"] = submitted.count()
print("PROBE " + json.dumps(out))
"""


@pytest.mark.django_db(transaction=True)
def test_opted_in_reads_come_from_the_replica_and_writes_go_to_the_primary(
    world: Any, tmp_path: Path
) -> None:
    budi = world.users["pelapor"]
    for _ in range(2):
        report, _created = report_create(
            actor=budi, data={**DATA, "received_on": dt.date(2026, 10, 1)}
        )
        report_submit(report=report, actor=budi, today=dt.date(2026, 10, 5))
    summary_refresh(pemda=world.pemda, today=dt.date(2026, 10, 5))
    _row, asn_token = token_create(user=budi, name="uji replika")
    _row, upg_token = token_create(user=world.users["upg"], name="uji replika")
    copy = backup_create(tmp_path / "cadangan").path

    primary, replica = Target(tmp_path, "primer"), Target(tmp_path, "replika")
    try:
        for target in (primary, replica):
            done = target.run("restore", str(copy))
            assert done.returncode == 0, done.stderr
            # The test settings cache in memory, so the copy has no cache table yet.
            assert target.run("createcachetable").returncode == 0
        before = replica.counts()
        probe = PROBE % {"asn": asn_token, "upg": upg_token, "data": json.dumps(DATA)}
        ran = primary.run("shell", "-c", probe, env={"DATABASE_URL_REPLICA": replica.url})
        assert ran.returncode == 0, ran.stderr
        out = json.loads(ran.stdout.split("PROBE ", 1)[1])

        assert out["aliases"] == ["default", REPLICA]
        assert (out["created"], out["submitted"], out["board"], out["list"]) == (201, 200, 200, 200)
        in_year = 2 if out["year"] == 2026 else 0  # the copied reports were submitted in 2026
        # The dashboard reads the replica, which has not seen the new report; the report list
        # and plain ORM reads use the primary, which has.
        assert out["board_reports"] == in_year
        assert out["list_count"] == out["plain"] == 3
        assert out["replica"] == 2
        assert out["replica_in_transaction"] == 3  # a transaction reads its own writes
        assert out["replica_then_primary"] == 3
        # Every write went to the primary: the replica is row for row the copy it was.
        assert replica.counts() == before
        after = primary.counts()
        assert after["reports_giftreport"] == before["reports_giftreport"] + 1
    finally:
        primary.close()
        replica.close()


def test_the_router_without_a_replica_reads_and_writes_the_primary(settings: Any) -> None:
    router = ReplicaRouter()
    assert REPLICA not in settings.DATABASES  # the test settings have no replica
    with replica_reads():
        assert not reading_replica()
        assert router.db_for_read(object) == "default"
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("default", "reports") and not router.allow_migrate(REPLICA, "x")


@pytest.mark.django_db(transaction=True)
def test_the_routing_rules_with_a_replica_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sehati.core.replica.replica_configured", lambda: True)
    router = ReplicaRouter()

    @reads_from_replica
    def opted_in() -> str | None:
        return router.db_for_read(object)

    assert router.db_for_read(object) == "default"  # nothing opts in by default
    assert opted_in() == REPLICA
    with replica_reads():
        assert router.db_for_read(object) == REPLICA
        with primary_reads():
            assert router.db_for_read(object) == "default"
        with transaction.atomic():
            assert router.db_for_read(object) == "default"
        assert router.db_for_write(object) == "default"
    assert router.db_for_read(object) == "default"  # the block ended
