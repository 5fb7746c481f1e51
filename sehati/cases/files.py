"""Files on UPG cases (issue #4 point 7: every step takes notes and files) and on objects in
custody (photos). Whoever may see the case may read them; the KPK decree (SK) goes on the report,
so the reporter receives it too (UU 30/2002 Pasal 17 ayat (5))."""

from __future__ import annotations

from typing import Any

from sehati.core.files import file_access_register

# Purposes of case files, by step.
STEP_PURPOSES = {
    "verify": "verification",
    "analyse": "analysis",
    "forward": "kpk_forward",
    "decision": "sk",
    "followup": "followup",
    "message": "message",
}
SK = "sk"
CUSTODY_PHOTO = "custody_photo"


def case_file_access(user: Any, case: Any) -> bool:
    from sehati.accounts.policies import case_scope_for

    return case_scope_for(user).filter(pk=case.pk).exists()


def custody_file_access(user: Any, item: Any) -> bool:
    from sehati.accounts.policies import case_scope_for

    return case_scope_for(user).filter(pk=item.case_id).exists()


def register() -> None:
    file_access_register("cases.Case", case_file_access)
    file_access_register("cases.CustodyItem", custody_file_access)
