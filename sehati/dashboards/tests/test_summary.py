"""The summary tables (issue #8 point 4): the rows equal the reports they summarise, a change
marks its month stale and the next read rebuilds it, and a day-old summary is rebuilt whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum

from sehati.cases.models import Case
from sehati.cases.tests.factories import submitted_report
from sehati.dashboards.models import ReportSummary, SummaryDirty, SummaryState
from sehati.dashboards.summary import summary_fresh, summary_refresh

TODAY = dt.date(2026, 11, 23)


def _total(world: Any, field: str, **filters: Any) -> int:
    rows = ReportSummary.objects.filter(pemda=world.pemda, **filters)
    return rows.aggregate(n=Sum(field))["n"] or 0


def test_summary_counts_steps_and_follows_changes(world: Any) -> None:
    budi, rina = world.users["pelapor"], world.users["upg_pembantu"]
    # Thu 1 Oct -> Mon 5 Oct 2026: two working days (Fri 2, Mon 5).
    a = submitted_report(budi)
    b = submitted_report(budi, kind="refusal", value_idr=2_000_000)
    c = submitted_report(
        rina, received_on=dt.date(2026, 9, 1), submitted_on=dt.date(2026, 9, 3), value_idr=10
    )
    # Draft reports are never counted.
    from sehati.reports.services import report_create

    report_create(
        actor=budi,
        data={
            "kind": "receipt",
            "received_on": dt.date(2026, 10, 1),
            "category": "other",
            "form": "goods",
            "value_idr": 9_999_999,
            "giver_name": "X",
            "giver_relation": "vendor",
            "description": "d",
            "place": "p",
            "chronology": "c",
        },
    )
    state = summary_fresh(pemda=world.pemda, today=TODAY)
    assert state.as_of == TODAY and state.reports == 3
    assert _total(world, "reports") == 3
    assert _total(world, "reports", year=2026, month=10) == 2
    assert _total(world, "reports", kind="refusal") == 1
    assert _total(world, "value_idr", month=10) == 2_750_000
    assert _total(world, "wd_report_sum", month=10) == 4  # two reports, two days each
    assert _total(world, "wd_report_n", month=10) == 2
    assert _total(world, "state_value_idr") == 0
    assert not SummaryDirty.objects.exists()
    # The other pemda's summary is its own.
    assert not ReportSummary.objects.exclude(pemda=world.pemda).exists()

    # KPK sets report a as state property, appraised lower; the case of c is overdue.
    case_a = Case.objects.get(report=a)
    case_a.status, case_a.decision = Case.Status.DECIDED, Case.Decision.STATE
    case_a.appraised_value_idr = 600_000
    case_a.forwarded_on, case_a.sk_date = dt.date(2026, 10, 6), dt.date(2026, 10, 13)
    case_a.save()
    case_c = Case.objects.get(report=c)
    case_c.next_due_on = dt.date(2026, 11, 20)
    case_c.save()
    case_b = Case.objects.get(report=b)
    case_b.next_due_on = dt.date(2026, 12, 1)
    case_b.save()
    case_a.next_due_on = None
    case_a.save()
    assert set(SummaryDirty.objects.values_list("year", "month")) == {(2026, 10), (2026, 9)}
    summary_fresh(pemda=world.pemda, today=TODAY)
    assert _total(world, "state_value_idr") == 600_000
    assert _total(world, "state_reports") == 1
    assert _total(world, "wd_decide_sum") == 5  # Tue 6 Oct -> Tue 13 Oct
    # Marked before the whole rebuild of today, "overdue" is computed for the summary's date.
    assert _total(world, "overdue") == 1
    assert _total(world, "reports") == 3 and b.pk

    # A day later the summary is rebuilt whole (the job runs at once under test settings).
    case_c.next_due_on = dt.date(2026, 11, 24)
    Case.objects.filter(pk=case_c.pk).update(next_due_on=case_c.next_due_on)  # no signal
    state = summary_fresh(pemda=world.pemda, today=TODAY + dt.timedelta(days=2))
    assert state.as_of == TODAY + dt.timedelta(days=2)
    assert SummaryState.objects.get(pemda=world.pemda).as_of == state.as_of
    assert _total(world, "overdue") == 1  # 24 Nov < 25 Nov
    assert summary_refresh(pemda=world.pemda, today=TODAY) == 3
    assert _total(world, "overdue") == 0


def test_summary_refresh_command(world: Any) -> None:
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    submitted_report(world.users["pelapor"])
    out = StringIO()
    call_command("summary_refresh", "--pemda", "uji", stdout=out)
    assert "uji: 1 laporan diringkas" in out.getvalue()
    assert _total(world, "reports") == 1
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("summary_refresh", "--pemda", "tidak-ada")
