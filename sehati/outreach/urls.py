"""Pages of socialisation (issue #7 point 1): events and participants here, the question bank
and the tests in `urls_quiz.py` (one namespace)."""

from django.urls import URLPattern, path

from sehati.outreach import views
from sehati.outreach.urls_quiz import urlpatterns as quiz_urlpatterns

app_name = "outreach"

urlpatterns: list[URLPattern] = [
    # staff: events
    path("sosialisasi/", views.event_list, name="event_list"),
    path("sosialisasi/baru/", views.event_create, name="event_create"),
    path("sosialisasi/dasbor/", views.dashboard, name="dashboard"),
    path("sosialisasi/dasbor/xlsx/", views.dashboard_download, name="dashboard_xlsx"),
    path("sosialisasi/cakupan/", views.coverage, name="coverage"),
    path("sosialisasi/cakupan/xlsx/", views.coverage_download, name="coverage_xlsx"),
    path("sosialisasi/kegiatan/<int:event_id>/", views.event_detail, name="event_detail"),
    path("sosialisasi/kegiatan/<int:event_id>/ubah/", views.event_edit, name="event_edit"),
    path("sosialisasi/kegiatan/<int:event_id>/terlaksana/", views.event_held, name="event_held"),
    path("sosialisasi/kegiatan/<int:event_id>/batal/", views.event_cancel, name="event_cancel"),
    path(
        "sosialisasi/kegiatan/<int:event_id>/materi/",
        views.event_materials,
        name="event_materials",
    ),
    path("sosialisasi/kegiatan/<int:event_id>/qr.png", views.event_qr_png, name="event_qr_png"),
    path(
        "sosialisasi/kegiatan/<int:event_id>/presensi/",
        views.event_attendance,
        name="event_attendance",
    ),
    path(
        "sosialisasi/kegiatan/<int:event_id>/presensi/tambah/",
        views.event_attendance_add,
        name="event_attendance_add",
    ),
    path(
        "sosialisasi/kegiatan/<int:event_id>/peserta/",
        views.participant_list,
        name="participant_list",
    ),
    path(
        "sosialisasi/kegiatan/<int:event_id>/peserta/xlsx/",
        views.participant_xlsx,
        name="participant_xlsx",
    ),
    path(
        "sosialisasi/kegiatan/<int:event_id>/sertifikat/",
        views.event_certificates,
        name="event_certificates",
    ),
    path(
        "sosialisasi/kegiatan/peserta/<int:participant_id>/sertifikat/",
        views.participant_certificate_staff,
        name="participant_certificate_staff",
    ),
    path(
        "sosialisasi/kegiatan/peserta/<int:participant_id>/batal-hadir/",
        views.participant_unattend,
        name="participant_unattend",
    ),
    # participants (public, by secret code)
    path("sosialisasi/daftar/<str:join_code>/", views.register, name="register"),
    path("sosialisasi/hadir/<str:join_code>/", views.checkin, name="checkin"),
    path("sosialisasi/peserta/<str:code>/", views.participant_home, name="participant_home"),
    path(
        "sosialisasi/peserta/<str:code>/hadir/",
        views.participant_checkin,
        name="participant_checkin",
    ),
    path(
        "sosialisasi/peserta/<str:code>/materi/<uuid:file_id>/",
        views.participant_material,
        name="participant_material",
    ),
    path(
        "sosialisasi/peserta/<str:code>/sertifikat/",
        views.participant_certificate,
        name="participant_certificate",
    ),
    *quiz_urlpatterns,
]
