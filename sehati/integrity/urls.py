"""Pages of integrity measurement (issue #7 points 2, 3, 5): the scores register here, action
plans in `urls_plans.py` (one namespace)."""

from django.urls import URLPattern, path  # noqa: F401 - patterns are added per page

from sehati.integrity.urls_plans import urlpatterns as plans_urlpatterns

app_name = "integrity"

urlpatterns: list[URLPattern] = [
    *plans_urlpatterns,
]
