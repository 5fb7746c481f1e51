"""Pages of survei integritas internal (issue #7)."""

from django.urls import URLPattern, path  # noqa: F401 - patterns are added per page

app_name = "surveys"

urlpatterns: list[URLPattern] = []
