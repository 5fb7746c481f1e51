"""Admin base: a pemda admin sees and edits only their own pemda's rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from sehati.core.models import TimelineEvent


class TenantAdminMixin:
    """Scope every admin list and lookup to the user's pemda; set the pemda on new rows."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pemda_id=getattr(request.user, "pemda_id", None))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            excluded.append("pemda")
        return excluded

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser and not change:
            obj.pemda_id = request.user.pemda_id
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        model = db_field.related_model
        if (
            field is not None
            and not request.user.is_superuser
            and any(f.name == "pemda" for f in model._meta.fields)
        ):
            field.queryset = field.queryset.filter(pemda_id=getattr(request.user, "pemda_id", None))
        return field


class TenantAdmin(TenantAdminMixin, admin.ModelAdmin):
    pass


class TenantHistoryAdmin(TenantAdminMixin, SimpleHistoryAdmin):
    pass


@admin.register(TimelineEvent)
class TimelineEventAdmin(TenantAdmin):
    list_display = ("created_at", "type", "actor_label", "subject_type", "subject_id")
    list_filter = ("type",)
    search_fields = ("actor_label", "type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
