from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from sehati.accounts.models import ApiToken, RoleGrant, User
from sehati.core.admin import TenantAdmin


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    exclude = ("pemda",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "pemda", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "employee__nip")
    raw_id_fields = ("employee",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("SEHATI", {"fields": ("pemda", "employee", "display_name")}),
    )
    inlines = [RoleGrantInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        return (
            qs
            if request.user.is_superuser
            else qs.filter(pemda_id=getattr(request.user, "pemda_id", None))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            base += ["is_superuser", "pemda", "user_permissions"]
        return base

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser and not change:
            obj.pemda_id = request.user.pemda_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for inline_form in formset.forms:
            if hasattr(inline_form.instance, "pemda_id") and not inline_form.instance.pemda_id:
                inline_form.instance.pemda_id = form.instance.pemda_id
        super().save_formset(request, form, formset, change)


@admin.register(RoleGrant)
class RoleGrantAdmin(TenantAdmin):
    list_display = ("user", "role", "opd", "kecamatan", "decree")
    list_filter = ("role",)
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        return (
            qs
            if request.user.is_superuser
            else qs.filter(user__pemda_id=getattr(request.user, "pemda_id", None))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
