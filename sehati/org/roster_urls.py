from django.urls import path

from sehati.org import roster_views as views

urlpatterns = [
    path("", views.roster_import_list, name="roster_import_list"),
    path("unggah/", views.roster_import_create, name="roster_import_create"),
    path("templat.csv", views.roster_import_template, name="roster_import_template"),
    path("<int:import_id>/", views.roster_import_detail, name="roster_import_detail"),
    path("<int:import_id>/progres/", views.roster_import_progress, name="roster_import_progress"),
    path("<int:import_id>/simpan/", views.roster_import_commit, name="roster_import_commit"),
]
