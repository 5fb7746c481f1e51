"""URLs of the UP3 up3 pages (issue #5); included by `sehati.monitoring.urls`."""

from django.urls import URLPattern, path

from sehati.monitoring import views_up3

urlpatterns: list[URLPattern] = [
    path("up3/rapat/", views_up3.meeting_list, name="meeting_list"),
    path("up3/rapat/baru/", views_up3.meeting_create, name="meeting_create"),
    path("up3/rapat/<int:meeting_id>/", views_up3.meeting_detail, name="meeting_detail"),
    path("up3/rapat/<int:meeting_id>/ubah/", views_up3.meeting_edit, name="meeting_edit"),
    path("up3/ringkasan/", views_up3.up3_overview, name="up3_overview"),
    path("up3/laporan-bulanan/", views_up3.up3_monthly, name="up3_monthly"),
    path("up3/laporan-bulanan/pdf/", views_up3.up3_monthly_pdf, name="up3_monthly_pdf"),
    path("up3/laporan-bulanan/xlsx/", views_up3.up3_monthly_xlsx, name="up3_monthly_xlsx"),
]
