from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from sehati.accounts.models import ApiToken, RoleGrant, User
from sehati.accounts.roles import role_grant_apply
from sehati.core.admin import TenantAdmin


def _own_pemda_choices(field: Any, db_field: Any, request: HttpRequest) -> Any:
    # OPD and kecamatan choices come from the admin's own pemda only (found in review).
    if (
        field is not None
        and db_field.name in ("opd", "kecamatan")
        and not request.user.is_superuser
    ):
        field.queryset = field.queryset.filter(pemda_id=getattr(request.user, "pemda_id", None))
    return field


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    exclude = ("pemda",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return _own_pemda_choices(
            super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request
        )


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
        if request.user.is_superuser:
            return qs
        return qs.filter(pemda_id=getattr(request.user, "pemda_id", None))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            base += ["is_superuser", "pemda", "user_permissions", "groups"]
        return base

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser and not change:
            obj.pemda_id = request.user.pemda_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        new = []
        for inline_form in formset.forms:
            instance = inline_form.instance
            if hasattr(instance, "pemda_id") and not instance.pemda_id:
                instance.pemda_id = form.instance.pemda_id
            if instance.pk is None and inline_form.has_changed():
                new.append(instance)
        super().save_formset(request, form, formset, change)
        for grant in new:
            if grant.pk is not None:
                role_grant_apply(grant=grant, actor=request.user)


@admin.register(RoleGrant)
class RoleGrantAdmin(TenantAdmin):
    list_display = ("user", "role", "opd", "kecamatan", "decree")
    list_filter = ("role",)
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            role_grant_apply(grant=obj, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__pemda_id=getattr(request.user, "pemda_id", None))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
