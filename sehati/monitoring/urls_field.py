"""URLs of the UP3 visit pages (issue #5); included by `sehati.monitoring.urls`."""

from django.urls import URLPattern, path

from sehati.monitoring import views_visits

urlpatterns: list[URLPattern] = [
    path("up3/kunjungan/", views_visits.visit_list, name="visit_list"),
    path("up3/kunjungan/baru/", views_visits.visit_create, name="visit_create"),
    path("up3/kunjungan/<int:visit_id>/", views_visits.visit_detail, name="visit_detail"),
    path("up3/kunjungan/<int:visit_id>/ubah/", views_visits.visit_edit, name="visit_edit"),
]
