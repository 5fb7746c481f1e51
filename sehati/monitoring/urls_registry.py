"""URLs of the UP3 registry pages (issue #5); included by `sehati.monitoring.urls`."""

from django.urls import URLPattern, path

from sehati.monitoring import views_registry as v

urlpatterns: list[URLPattern] = [
    path("up3/pemantau/", v.monitor_list, name="monitor_list"),
    path("up3/pemantau/baru/", v.monitor_create, name="monitor_create"),
    path("up3/pemantau/<int:monitor_id>/", v.monitor_detail, name="monitor_detail"),
    path("up3/pemantau/<int:monitor_id>/ubah/", v.monitor_edit, name="monitor_edit"),
    path("up3/pemantau/<int:monitor_id>/akun/", v.monitor_account, name="monitor_account"),
    path("up3/titik-rawan/", v.prone_list, name="prone_list"),
    path("up3/titik-rawan/baru/", v.prone_create, name="prone_create"),
    path("up3/titik-rawan/<int:prone_id>/ubah/", v.prone_edit, name="prone_edit"),
    path("up3/daftar-periksa/", v.checklist_list, name="checklist_list"),
    path("up3/daftar-periksa/<int:item_id>/", v.checklist_edit, name="checklist_edit"),
]
