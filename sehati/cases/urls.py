from django.urls import path

from sehati.cases import views

app_name = "cases"

urlpatterns = [
    path("kasus/", views.case_list, name="case_list"),
    path("kasus/massal/", views.case_bulk, name="case_bulk"),
    path("kasus/titipan/", views.custody_list, name="custody_list"),
    path("kasus/titipan/<int:item_id>/serahkan/", views.custody_release, name="custody_release"),
    path("kasus/akses-identitas/", views.identity_access_list, name="identity_access_list"),
    path(
        "kasus/akses-identitas/<int:access_id>/cabut/",
        views.identity_access_revoke,
        name="identity_access_revoke",
    ),
    path("kasus/<int:case_id>/", views.case_detail, name="case_detail"),
    path("kasus/<int:case_id>/ambil/", views.case_take, name="case_take"),
    path("kasus/<int:case_id>/verifikasi/", views.case_verify, name="case_verify"),
    path("kasus/<int:case_id>/kedaluwarsa/", views.case_expire, name="case_expire"),
    path("kasus/<int:case_id>/analisis/", views.case_analyse, name="case_analyse"),
    path("kasus/<int:case_id>/teruskan/", views.case_forward, name="case_forward"),
    path("kasus/<int:case_id>/sk/", views.case_decision, name="case_decision"),
    path("kasus/<int:case_id>/tindak-lanjut/", views.case_followup, name="case_followup"),
    path("kasus/<int:case_id>/pesan/", views.case_message, name="case_message"),
    path("kasus/<int:case_id>/titipan/", views.custody_add, name="custody_add"),
    path("laporan/<int:report_id>/balas/", views.report_reply, name="report_reply"),
]
