"""Pages of survei integritas internal (issue #7 point 4): the UPG's builder and results here
(views.py); the respondents' pages (views_respond.py)."""

from django.urls import URLPattern, path

from sehati.surveys import views, views_respond

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # the UPG and the Inspektorat
    path("survei/", views.survey_list, name="survey_list"),
    path("survei/baru/", views.survey_create, name="survey_create"),
    path("survei/<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("survei/<int:survey_id>/ubah/", views.survey_edit, name="survey_edit"),
    path("survei/<int:survey_id>/hapus/", views.survey_delete, name="survey_delete"),
    path("survei/<int:survey_id>/salin/", views.survey_copy, name="survey_copy"),
    path("survei/<int:survey_id>/buka/", views.survey_open, name="survey_open"),
    path("survei/<int:survey_id>/tutup/", views.survey_close, name="survey_close"),
    path("survei/<int:survey_id>/dimensi/baru/", views.dimension_create, name="dimension_create"),
    path("survei/dimensi/<int:dimension_id>/", views.dimension_edit, name="dimension_edit"),
    path(
        "survei/dimensi/<int:dimension_id>/hapus/",
        views.dimension_delete,
        name="dimension_delete",
    ),
    path("survei/<int:survey_id>/kelompok/baru/", views.group_create, name="group_create"),
    path("survei/kelompok/<int:group_id>/", views.group_edit, name="group_edit"),
    path("survei/kelompok/<int:group_id>/hapus/", views.group_delete, name="group_delete"),
    path("survei/kelompok/<int:group_id>/qr.png", views.group_qr, name="group_qr"),
    path("survei/<int:survey_id>/tautan/", views.survey_links, name="survey_links"),
    path("survei/<int:survey_id>/hasil/", views.survey_results, name="survey_results"),
    path(
        "survei/<int:survey_id>/hasil/xlsx/",
        views.survey_results_xlsx,
        name="survey_results_xlsx",
    ),
    # respondents
    path("survei-saya/", views_respond.staff_list, name="staff_list"),
    path("survei-saya/<int:survey_id>/", views_respond.staff_respond, name="staff_respond"),
    path("survei-publik/terima-kasih/", views_respond.thanks, name="thanks"),
    path("survei-publik/<str:token>/", views_respond.public_respond, name="public_respond"),
]
