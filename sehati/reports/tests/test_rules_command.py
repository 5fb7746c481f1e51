"""The `sehati rules` command-line contract (issue #3): other programs rely on it."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sehati.org.models import CalendarOverride

ROOT = Path(__file__).resolve().parents[3]
# Without --pemda the command looks up the installation's pemda (none in these tests but one).
pytestmark = pytest.mark.django_db
WEDDING_2026 = {
    "received_on": "2026-02-10",
    "category": "ceremony",
    "form": "money",
    "value_idr": 1200000,
    "giver_relation": "other",
}


def run_assess(monkeypatch, lines: list[str], *args: str) -> tuple[list[dict], int]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    out = io.StringIO()
    code = 0
    try:
        call_command("rules", "assess", *args, stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def test_acceptance_example_as_a_real_process() -> None:
    """The exact command of the acceptance list, through the console entry point."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    results = []
    for day in ("2026-02-10", "2025-12-10"):
        line = json.dumps({**WEDDING_2026, "received_on": day})
        proc = subprocess.run(
            [sys.executable, "-m", "sehati.cli", "rules", "assess"],
            input=line,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        results.append(json.loads(proc.stdout))
    assert results[0]["must_report"] is False
    assert results[0]["rule_set"] == "perkpk-2-2019-jo-1-2026"
    assert results[0]["exemption"] == "ceremony"
    assert results[1]["must_report"] is True
    assert results[1]["rule_set"] == "perkpk-2-2019"


def test_output_fields_and_order(monkeypatch) -> None:
    gifts = [
        WEDDING_2026,
        {**WEDDING_2026, "value_idr": 1500001},
        {**WEDDING_2026, "category": "food_served", "form": "food"},
    ]
    results, code = run_assess(monkeypatch, [json.dumps(g) for g in gifts])
    assert code == 0
    assert [r["must_report"] for r in results] == [False, True, False]
    for r in results:
        assert {
            "must_report",
            "exemption",
            "rule_set",
            "legal_basis",
            "report_due",
            "reasons",
        } <= set(r)
        assert r["report_due"] == "2026-04-02"
        assert all(isinstance(x, str) and x for x in r["reasons"])


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (
            '{"received_on": "2026-13-01", "category": "ceremony", "form": "money", "value_idr": 1, "giver_relation": "other"}',
            "received_on",
        ),
        (
            '{"received_on": "2026-01-05", "category": "wedding", "form": "money", "value_idr": 1, "giver_relation": "other"}',
            "category",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "cash", "value_idr": 1, "giver_relation": "other"}',
            "form",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": -5, "giver_relation": "other"}',
            "value_idr",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": 1.5, "giver_relation": "other"}',
            "value_idr",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": true, "giver_relation": "other"}',
            "value_idr",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "giver_relation": "other"}',
            "value_idr",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": 1, "giver_relation": "boss"}',
            "giver_relation",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": 1, "giver_relation": "other", "conflict_of_interest": "no"}',
            "conflict_of_interest",
        ),
        (
            '{"received_on": "2026-01-05", "category": "ceremony", "form": "money", "value_idr": 1, "giver_relation": "other", "colour": "red"}',
            "colour",
        ),
        (
            '{"received_on": "1999-01-05", "category": "ceremony", "form": "money", "value_idr": 1, "giver_relation": "other"}',
            "received_on",
        ),
        ("not json at all", "(baris)"),
        ("[1, 2]", "(baris)"),
    ],
)
def test_invalid_line_names_the_field_and_processing_goes_on(monkeypatch, line, field) -> None:
    results, code = run_assess(
        monkeypatch, [json.dumps(WEDDING_2026), line, json.dumps(WEDDING_2026)]
    )
    assert code == 2
    assert results[0]["must_report"] is False and results[2]["must_report"] is False
    assert results[1]["line"] == 2
    assert results[1]["error"].startswith(field)


def test_due_command() -> None:
    out = io.StringIO()
    call_command("rules", "due", "--from", "2026-02-10", "--days", "30", stdout=out)
    assert out.getvalue().strip() == "2026-04-02"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rules", "due", "--from", "10-02-2026", "--days", "3", stdout=io.StringIO())


def test_calendar_2026_lists_17_holidays_and_8_cuti_bersama_with_names() -> None:
    out = io.StringIO()
    call_command("rules", "calendar", "2026", stdout=out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    kinds = [kind for _d, kind, _n in rows]
    assert kinds.count("libur nasional") == 17 and kinds.count("cuti bersama") == 8
    assert all(name for _d, _k, name in rows)
    assert ["2026-08-17", "libur nasional", "Hari Kemerdekaan Republik Indonesia"] in rows


def test_pemda_override_and_cuti_bersama_setting(world) -> None:
    CalendarOverride.objects.create(
        pemda=world.pemda,
        day=dt.date(2026, 2, 11),
        action=CalendarOverride.Action.ADD,
        name="Hari jadi",
        legal_basis="Perbup Uji 1/2026",
    )
    out = io.StringIO()
    call_command("rules", "calendar", "2026", "--pemda", "uji", stdout=out)
    assert "2026-02-11\ttambahan daerah\tHari jadi" in out.getvalue()
    plain, pemda = io.StringIO(), io.StringIO()
    call_command(
        "rules", "due", "--from", "2026-02-10", "--days", "1", "--pemda", "lain", stdout=plain
    )
    call_command(
        "rules", "due", "--from", "2026-02-10", "--days", "1", "--pemda", "uji", stdout=pemda
    )
    assert plain.getvalue().strip() == "2026-02-11"
    assert pemda.getvalue().strip() == "2026-02-12"
    world.pemda.cuti_bersama_counts_as_working = True
    world.pemda.save()
    strict = io.StringIO()
    call_command(
        "rules", "due", "--from", "2026-03-17", "--days", "1", "--pemda", "uji", stdout=strict
    )
    assert strict.getvalue().strip() == "2026-03-18"  # cuti bersama counted as a working day
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("rules", "calendar", "2026", "--pemda", "tidak-ada", stdout=io.StringIO())


def test_without_pemda_option_the_installation_pemda_applies(world) -> None:
    CalendarOverride.objects.create(
        pemda=world.pemda,
        day=dt.date(2026, 2, 11),
        action=CalendarOverride.Action.ADD,
        name="Hari jadi",
        legal_basis="Perbup Uji 1/2026",
    )
    out = io.StringIO()
    call_command("rules", "due", "--from", "2026-02-10", "--days", "1", stdout=out)
    assert out.getvalue().strip() == "2026-02-12"  # "uji" is the installation's first pemda
