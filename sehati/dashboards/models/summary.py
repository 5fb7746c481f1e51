"""Summary tables (issue #8 point 4, ARCHITECTURE.md "dashboards served from summary tables").

`ReportSummary` holds one row per pemda × OPD of the reporter × month of the report (the date it
was submitted) × kind × case status, with counts and sums. A dashboard reads a few
hundred of these rows instead of every report. Rows are rebuilt by `sehati.dashboards.summary`:
a month at a time when something in it changed (`SummaryDirty`, written by signals), and the
whole pemda once a day, because "overdue" depends on the date (`SummaryState.as_of`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSummary(models.Model):
    pemda = models.ForeignKey("org.Pemda", on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey("org.Opd", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)
    # "" while the report has no case yet (just submitted, not yet received by the UPG).
    case_status = models.CharField(max_length=16, blank=True)
    reports = models.PositiveIntegerField(default=0)
    value_idr = models.PositiveBigIntegerField(default=0)
    # Reports KPK set as state property (milik negara, also "dapat diganti uang"), and their value:
    state_reports = models.PositiveIntegerField(default=0)
    # Value of the reports KPK set as state property (milik negara, also "dapat diganti uang"):
    # KPK's appraisal where recorded, else the reported value.
    state_value_idr = models.PositiveBigIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)  # reported after the legal deadline
    after_finding = models.PositiveIntegerField(default=0)  # reported after a finding
    distributed = models.PositiveIntegerField(default=0)  # perishable food given away
    overdue = models.PositiveIntegerField(default=0)  # open cases past their next deadline
    in_custody = models.PositiveIntegerField(default=0)  # objects held by the UPG (items)
    # Working days per step: sum and number of cases that completed the step.
    wd_report_sum = models.PositiveIntegerField(default=0)  # gift received -> report submitted
    wd_report_n = models.PositiveIntegerField(default=0)
    wd_verify_sum = models.PositiveIntegerField(default=0)  # received by UPG -> complete
    wd_verify_n = models.PositiveIntegerField(default=0)
    wd_analyse_sum = models.PositiveIntegerField(default=0)  # complete -> analysed
    wd_analyse_n = models.PositiveIntegerField(default=0)
    wd_forward_sum = models.PositiveIntegerField(default=0)  # analysed -> forwarded to KPK
    wd_forward_n = models.PositiveIntegerField(default=0)
    wd_decide_sum = models.PositiveIntegerField(default=0)  # forwarded -> SK date
    wd_decide_n = models.PositiveIntegerField(default=0)
    wd_followup_sum = models.PositiveIntegerField(default=0)  # SK date -> follow-up done
    wd_followup_n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan laporan")
        verbose_name_plural = _("ringkasan laporan")
        indexes = [models.Index(fields=["pemda", "year", "month"], name="report_summary_period")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.kind} {self.case_status}: {self.reports}"


class SummaryDirty(models.Model):
    """A month whose summary rows are stale (a report, case or custody item in it changed)."""

    pemda = models.ForeignKey("org.Pemda", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year", "month"], name="summary_dirty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class SummaryState(models.Model):
    """When a pemda's summary was last rebuilt whole, and for which local date ("overdue")."""

    pemda = models.OneToOneField("org.Pemda", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    refreshed_at = models.DateTimeField()
    reports = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.as_of}: {self.reports}"
