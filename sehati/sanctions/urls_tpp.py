"""URLs of the TPP payroll list and the sanction rules (issue #6 point 3); included by
`sehati.sanctions.urls` (namespace "sanctions")."""

from django.urls import URLPattern, path

from sehati.sanctions import views_tpp as v

urlpatterns: list[URLPattern] = [
    path("tpp/", v.payroll_list, name="payroll_list"),
    path("tpp/<str:period>/", v.payroll_month, name="payroll_month"),
    path("tpp/<str:period>/csv/", v.payroll_csv, name="payroll_csv"),
    path("tpp/<str:period>/xlsx/", v.payroll_xlsx, name="payroll_xlsx"),
    path("tpp/<str:period>/proses/", v.payroll_process, name="payroll_process"),
    path("sanksi/aturan/", v.rule_list, name="rule_list"),
    path("sanksi/aturan/baru/", v.rule_create, name="rule_create"),
    path("sanksi/aturan/<int:rule_id>/ubah/", v.rule_edit, name="rule_edit"),
]
