from django.urls import include, path

from sehati.org import views

org_patterns = [
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/<int:opd_id>/", views.opd_detail, name="opd_detail"),
    path("unit-layanan/", views.unit_list, name="unit_list"),
    path("kecamatan/", views.kecamatan_list, name="kecamatan_list"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/<int:employee_id>/", views.employee_detail, name="employee_detail"),
    path("impor-pegawai/", include("sehati.org.roster_urls")),
]

urlpatterns = [path("org/", include((org_patterns, "org")))]
