"""Admin base: a pemda admin sees and edits only their own pemda's rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from sehati.core.models import TimelineEvent


class TenantAdminMixin:
    """Scope every admin list and lookup to the user's pemda; set the pemda on new rows."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pemda_id=getattr(request.user, "pemda_id", None))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        pemda_id = getattr(request.user, "pemda_id", None)

        class TenantForm(form):  # type: ignore[valid-type]
            """The pemda is set before validation, so that unique constraints that include it
            (e.g. an OPD code per pemda) are checked as form errors, not database errors."""

            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                if getattr(self.instance, "pemda_id", None) is None:
                    self.instance.pemda_id = pemda_id

            def _get_validation_exclusions(self) -> Any:
                exclusions = super()._get_validation_exclusions()
                exclusions.discard("pemda")
                return exclusions

        return TenantForm

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
    """History pages of one's own pemda only.

    simple_history falls back to the history table when an object is not in the admin's queryset
    (to show deleted objects): that showed other pemda's records (found by the policy walker).
    """

    def _history_in_scope(self, request: HttpRequest, object_id: str) -> bool:
        if request.user.is_superuser:
            return True
        pemda_id = getattr(request.user, "pemda_id", None)
        pk = unquote(object_id)
        if self.get_queryset(request).filter(pk=pk).exists():
            return True
        history = self.model.history.filter(**{self.model._meta.pk.attname: pk})
        tenant_field = "id" if self.model._meta.label == "org.Pemda" else "pemda_id"
        latest = history.order_by("-history_date").values_list(tenant_field, flat=True).first()
        return latest is not None and latest == pemda_id

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        if not self._history_in_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if not self._history_in_scope(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


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
