"""Pages of periodic declarations (issue #6 point 1)."""

from django.urls import URLPattern, path

from sehati.declarations import views

app_name = "declarations"

urlpatterns: list[URLPattern] = [
    path("deklarasi-saya/", views.my_list, name="my_list"),
    path("deklarasi-saya/<int:declaration_id>/", views.answer, name="answer"),
    path("deklarasi/", views.period_list, name="period_list"),
    path("deklarasi/baru/", views.period_create, name="period_create"),
    path("deklarasi/<int:period_id>/", views.period_detail, name="period_detail"),
    path("deklarasi/<int:period_id>/xlsx/", views.period_xlsx, name="period_xlsx"),
    path("deklarasi/<int:period_id>/ubah/", views.period_edit, name="period_edit"),
    path("deklarasi/<int:period_id>/tutup/", views.period_close, name="period_close"),
    path("deklarasi/<int:period_id>/ingatkan/", views.period_remind, name="period_remind"),
    path(
        "deklarasi/jawaban/<int:declaration_id>/",
        views.declaration_detail,
        name="declaration_detail",
    ),
    path(
        "deklarasi/jawaban/<int:declaration_id>/sanksi/",
        views.declaration_sanction,
        name="declaration_sanction",
    ),
]
