"""Dashboard pages per role (issue #8 point 1); included by urls.py in the "dashboards"
namespace."""

from django.urls import URLPattern, path

from sehati.dashboards import board_views as v

urlpatterns: list[URLPattern] = [
    path("dasbor/", v.index, name="index"),
    path("dasbor/upg/", v.upg, name="upg"),
    path("dasbor/opd/", v.opd, name="opd"),
    path("dasbor/inspektorat/", v.inspektur, name="inspektur"),
    path("dasbor/pemda/", v.pemda_view, name="pemda"),
]
