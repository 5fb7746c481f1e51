from django.urls import path

from sehati.documents import views

app_name = "documents"

# Included before the cases app: the suffixes (.pdf, .xlsx) keep these paths distinct from its
# /kasus/... pages all the same.
urlpatterns = [
    path(
        "laporan/<int:report_id>/tanda-terima.pdf",
        views.report_receipt,
        name="report_receipt",
    ),
    path("kasus/<int:case_id>/formulir-kpk.pdf", views.case_kpk_form, name="case_kpk_form"),
    path(
        "kasus/titipan/<int:item_id>/tanda-terima-<str:side>.pdf",
        views.custody_receipt,
        name="custody_receipt",
    ),
    path("kasus/ekspor-gol.xlsx", views.gol_export, name="gol_export"),
    path("kasus/surat-pengantar.pdf", views.cover_letter, name="cover_letter"),
    path("dokumen/templat-surat/", views.letter_template_list, name="letter_template_list"),
    path(
        "dokumen/templat-surat/<int:template_id>/",
        views.letter_template_edit,
        name="letter_template_edit",
    ),
]
