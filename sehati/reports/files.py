"""Files on gift reports: whoever may see the report may read its evidence (issue #4, point 3)."""

from __future__ import annotations

from typing import Any

from sehati.core.files import file_access_register

# The purpose of the files a reporter attaches to their report.
EVIDENCE = "evidence"


def report_file_access(user: Any, report: Any) -> bool:
    """The same scope as the report itself: drafts stay private to their author."""
    from sehati.accounts.policies import report_scope_for

    return report_scope_for(user).filter(pk=report.pk).exists()


def register() -> None:
    file_access_register("reports.GiftReport", report_file_access)
