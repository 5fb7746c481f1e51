"""The public transparency page, its open data and its widget (issue #8 point 3); included by
urls.py in the "dashboards" namespace. No login."""

from django.urls import URLPattern, path

from sehati.dashboards import public_views as v

urlpatterns: list[URLPattern] = [
    path("transparansi/", v.public, name="public"),
    path("transparansi/data.csv", v.public_csv, name="public_csv"),
    path("transparansi/widget/", v.public_widget, name="public_widget"),
]
