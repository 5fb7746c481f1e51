"""Pages of the periodic recap to KPK and the regent (issue #8 point 2); included by urls.py in
the "dashboards" namespace. A period is written `2026-q3` (quarter) or `2026-s1` (semester)."""

from django.urls import URLPattern, path

from sehati.dashboards import recap_views as v

urlpatterns: list[URLPattern] = [
    path("rekap/", v.recap_list, name="recap_list"),
    path("rekap/<str:recap_period>/", v.recap_detail, name="recap_detail"),
    path("rekap/<str:recap_period>/pdf/", v.recap_file, {"fmt": "pdf"}, name="recap_pdf"),
    path("rekap/<str:recap_period>/xlsx/", v.recap_file, {"fmt": "xlsx"}, name="recap_xlsx"),
]
