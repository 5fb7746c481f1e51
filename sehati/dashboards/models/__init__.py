"""Dashboards, recaps and transparency (issue #8): the summary tables the dashboards read
(`summary.py`). Each module lists its models here."""

from sehati.dashboards.models.summary import ReportSummary, SummaryDirty, SummaryState

__all__ = ["ReportSummary", "SummaryDirty", "SummaryState"]
