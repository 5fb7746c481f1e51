"""URLs of the UP3 findings pages (issue #5); included by `sehati.monitoring.urls`."""

from django.urls import URLPattern, path

from sehati.monitoring import views_findings as v

urlpatterns: list[URLPattern] = [
    path("up3/temuan/", v.finding_list, name="finding_list"),
    path("up3/temuan/baru/", v.finding_create, name="finding_create"),
    path("up3/temuan/<int:finding_id>/", v.finding_detail, name="finding_detail"),
    path("up3/temuan/<int:finding_id>/tanggapan/", v.finding_respond, name="finding_respond"),
    path("up3/temuan/<int:finding_id>/verifikasi/", v.finding_verify, name="finding_verify"),
    path("up3/temuan/<int:finding_id>/eskalasi/", v.finding_escalate, name="finding_escalate"),
    path("up3/temuan/<int:finding_id>/kpk/", v.finding_kpk, name="finding_kpk"),
    path("up3/temuan/<int:finding_id>/asn/", v.finding_employee, name="finding_employee"),
]
