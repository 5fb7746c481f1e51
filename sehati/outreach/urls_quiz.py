"""Pages of the question bank and the pre/post tests (issue #7 point 1), in the `outreach`
namespace (included by `urls.py`)."""

from django.urls import URLPattern, path

from sehati.outreach import quiz_views as views

urlpatterns: list[URLPattern] = [
    # the question bank (the UPG)
    path("sosialisasi/bank-soal/", views.question_list, name="question_list"),
    path("sosialisasi/bank-soal/baru/", views.question_create, name="question_create"),
    path(
        "sosialisasi/bank-soal/muat-bawaan/",
        views.question_load_default,
        name="question_load_default",
    ),
    path(
        "sosialisasi/bank-soal/<int:question_id>/ubah/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "sosialisasi/bank-soal/<int:question_id>/status/",
        views.question_toggle,
        name="question_toggle",
    ),
    path(
        "sosialisasi/bank-soal/<int:question_id>/hapus/",
        views.question_delete,
        name="question_delete",
    ),
    # an event's tests and their results
    path("sosialisasi/kegiatan/<int:event_id>/tes/", views.event_tests, name="event_tests"),
    path("sosialisasi/kegiatan/<int:event_id>/hasil-tes/", views.quiz_results, name="quiz_results"),
    path(
        "sosialisasi/kegiatan/<int:event_id>/hasil-tes/xlsx/",
        views.quiz_results_xlsx,
        name="quiz_results_xlsx",
    ),
    path("sosialisasi/tes/<int:quiz_id>/buka/", views.quiz_open, name="quiz_open"),
    path("sosialisasi/tes/<int:quiz_id>/tutup/", views.quiz_close, name="quiz_close"),
    # a participant's tests, by their secret code
    path(
        "sosialisasi/peserta/<str:code>/tes-awal/",
        views.participant_test,
        {"kind": "pre"},
        name="participant_pretest",
    ),
    path(
        "sosialisasi/peserta/<str:code>/tes-akhir/",
        views.participant_test,
        {"kind": "post"},
        name="participant_posttest",
    ),
]
