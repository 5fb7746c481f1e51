from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sehati.core.admin import TenantHistoryAdmin
from sehati.core.clock import local_today
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
        pemda = getattr(request.user, "pemda", None)
        today = local_today(pemda.time_zone if pemda else "Asia/Makassar")
        in_force = rulebook_for(pemda).for_date(today)
        data = ruleset_to_dict(in_force)
        # A dict, not JSON text: the JSONField form field encodes its initial value itself.
        initial.setdefault("data", {k: data[k] for k in ("exemptions", "deadlines", "notes_id")})
        return initial

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
