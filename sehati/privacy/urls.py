"""Pages of the UU PDP duties (issue #9 point 3)."""

from django.urls import URLPattern, path

from sehati.privacy import views as v

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("privasi/", v.privacy_index, name="index"),
    path("privasi/retensi/jalankan/", v.retention_run, name="retention_run"),
    path("privasi/retensi/<str:record_type>/", v.retention_rule, name="retention_rule"),
    path("privasi/penahanan/", v.hold_list, name="hold_list"),
    path("privasi/penahanan/<int:hold_id>/lepas/", v.hold_release, name="hold_release"),
    path("privasi/permintaan/", v.dsr_list_view, name="dsr_list"),
    path("privasi/permintaan/baru/", v.dsr_create, name="dsr_create"),
    path("privasi/permintaan/<int:request_id>/", v.dsr_detail, name="dsr_detail"),
    path("privasi/akses/", v.access_report, name="access_report"),
]
