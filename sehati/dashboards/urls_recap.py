"""Pages of issue #8 (recap); included by urls.py in the "dashboards" namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
