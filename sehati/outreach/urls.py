"""Pages of socialisation (issue #7 point 1): events and participants here, the question bank
and the tests in `urls_quiz.py` (one namespace)."""

from django.urls import URLPattern, path  # noqa: F401 - patterns are added per page

from sehati.outreach.urls_quiz import urlpatterns as quiz_urlpatterns

app_name = "outreach"

urlpatterns: list[URLPattern] = [
    *quiz_urlpatterns,
]
