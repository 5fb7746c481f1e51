"""Pages of issue #8 (public); included by urls.py in the "dashboards" namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
