"""URLs of the UP3 findings pages (issue #5); included by `sehati.monitoring.urls`."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
