from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sehati.core.admin import TenantHistoryAdmin
from sehati.reports.models import RuleSetRecord
from sehati.reports.selectors import rulebook_for
from sehati.rules.rulesets import ruleset_to_dict


@admin.register(RuleSetRecord)
class RuleSetRecordAdmin(TenantHistoryAdmin):
    """A later rule set without code: the form starts from the rule set in force today."""

    list_display = ("name", "code", "valid_from", "legal_basis", "is_active")
    list_filter = ("is_active",)
    readonly_fields = ("created_by",)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        latest = rulebook_for(getattr(request.user, "pemda", None)).rulesets[-1]
        data = ruleset_to_dict(latest)
        body = {k: data[k] for k in ("exemptions", "deadlines", "notes_id")}
        initial.setdefault("data", json.dumps(body, ensure_ascii=False, indent=2))
        return initial

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
