from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sehati.core.admin import TenantAdmin, TenantHistoryAdmin
from sehati.org.models import (
    CalendarOverride,
    Desa,
    Employee,
    Kecamatan,
    Mutasi,
    Opd,
    Pemda,
    ServiceUnit,
)


@admin.register(Pemda)
class PemdaAdmin(TenantHistoryAdmin):
    list_display = ("name", "code", "kind", "province", "time_zone")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = Pemda.objects.all()
        return (
            qs
            if request.user.is_superuser
            else qs.filter(pk=getattr(request.user, "pemda_id", None))
        )

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(Kecamatan)
class KecamatanAdmin(TenantAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Desa)
class DesaAdmin(TenantAdmin):
    list_display = ("name", "kind", "kecamatan", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Opd)
class OpdAdmin(TenantHistoryAdmin):
    list_display = ("name", "code", "short_name", "parent", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "short_name")


@admin.register(ServiceUnit)
class ServiceUnitAdmin(TenantAdmin):
    list_display = ("name", "code", "opd", "kecamatan", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "address")


@admin.register(Employee)
class EmployeeAdmin(TenantHistoryAdmin):
    list_display = ("name", "nip", "status", "opd", "is_active")
    list_filter = ("status", "is_active", "level")
    search_fields = ("name", "nip")
    raw_id_fields = ("unit",)


@admin.register(Mutasi)
class MutasiAdmin(TenantAdmin):
    list_display = ("employee", "from_opd", "to_opd", "effective_on", "source")
    raw_id_fields = ("employee",)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(TenantHistoryAdmin):
    list_display = ("day", "action", "name", "legal_basis")
    list_filter = ("action",)
    search_fields = ("name", "legal_basis")
    date_hierarchy = "day"
