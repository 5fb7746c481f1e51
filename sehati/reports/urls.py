from django.urls import path

from sehati.reports import report_views, views

app_name = "reports"

urlpatterns = [
    path("cek-gratifikasi/", views.selfcheck, name="selfcheck"),
    path("laporan/", report_views.report_list, name="report_list"),
    path("laporan/baru/", report_views.report_create_view, name="report_create"),
    path("laporan/baru/atas-nama/", report_views.report_create_for_view, name="report_create_for"),
    path("laporan/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("laporan/<int:report_id>/ubah/", report_views.report_edit_view, name="report_edit"),
    path("laporan/<int:report_id>/kirim/", report_views.report_submit_view, name="report_submit"),
    path(
        "laporan/<int:report_id>/bukti/",
        report_views.report_evidence_add,
        name="report_evidence_add",
    ),
]
