"""A change to a report, its case or a custody item marks the month of the report stale in the
summary tables (`SummaryDirty`), in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from sehati.cases.models import Case, CustodyItem
from sehati.dashboards.summary import summary_mark_dirty
from sehati.reports.models import GiftReport


def _report_changed(sender: Any, instance: GiftReport, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    summary_mark_dirty(pemda_id=instance.pemda_id, day=instance.submitted_on)


def _case_changed(sender: Any, instance: Case, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    day = GiftReport.objects.filter(pk=instance.report_id).values_list("submitted_on", flat=True)
    summary_mark_dirty(pemda_id=instance.pemda_id, day=day.first())


def _custody_changed(sender: Any, instance: CustodyItem, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    day = GiftReport.objects.filter(case__pk=instance.case_id).values_list(
        "submitted_on", flat=True
    )
    summary_mark_dirty(pemda_id=instance.pemda_id, day=day.first())


def signals_connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_report_changed, sender=GiftReport, dispatch_uid=f"summary-report-{signal}")
        signal.connect(_case_changed, sender=Case, dispatch_uid=f"summary-case-{signal}")
        signal.connect(
            _custody_changed, sender=CustodyItem, dispatch_uid=f"summary-custody-{signal}"
        )
