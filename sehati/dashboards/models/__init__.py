"""Dashboards, recaps and transparency (issue #8): the summary tables the dashboards read
(`summary.py`) and the issued periodic recaps (`recap.py`). Each module lists its models here."""

from sehati.dashboards.models.recap import Recap
from sehati.dashboards.models.summary import ReportSummary, SummaryDirty, SummaryState

__all__ = ["Recap", "ReportSummary", "SummaryDirty", "SummaryState"]
