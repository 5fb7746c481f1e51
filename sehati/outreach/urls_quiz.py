"""Pages of the question bank and the pre/post tests (issue #7 point 1), in the `outreach`
namespace (included by `urls.py`)."""

from django.urls import URLPattern, path  # noqa: F401 - patterns are added per page

urlpatterns: list[URLPattern] = []
