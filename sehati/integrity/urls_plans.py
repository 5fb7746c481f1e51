"""Pages of action plans (issue #7 point 3), in the `integrity` namespace (included by
`urls.py`)."""

from django.urls import URLPattern, path  # noqa: F401 - patterns are added per page

urlpatterns: list[URLPattern] = []
