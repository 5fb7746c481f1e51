"""Pages of integrity measurement (issue #7 points 2, 3, 5): the scores register here, action
plans in `urls_plans.py` (one namespace)."""

from django.urls import URLPattern, path

from sehati.integrity import views
from sehati.integrity.urls_plans import urlpatterns as plans_urlpatterns

app_name = "integrity"

urlpatterns: list[URLPattern] = [
    path("integritas/", views.dashboard, name="dashboard"),
    path("integritas/skor/", views.score_list, name="score_list"),
    path("integritas/skor/xlsx/", views.score_xlsx, name="score_xlsx"),
    path("integritas/skor/baru/", views.score_create, name="score_create"),
    path("integritas/skor/<int:score_id>/", views.score_detail, name="score_detail"),
    path("integritas/skor/<int:score_id>/ubah/", views.score_edit, name="score_edit"),
    path("integritas/skor/<int:score_id>/hapus/", views.score_delete_view, name="score_delete"),
    path("integritas/skor/impor/", views.import_create, name="import_create"),
    path("integritas/skor/impor/templat/", views.import_template, name="import_template"),
    path("integritas/skor/impor/<int:import_id>/", views.import_detail, name="import_detail"),
    path(
        "integritas/skor/impor/<int:import_id>/simpan/", views.import_commit, name="import_commit"
    ),
    *plans_urlpatterns,
]
