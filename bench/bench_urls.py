"""The project's URLs plus the benchmark's baseline: a minimal page that runs one
`SELECT count(*)` over the reports (bench/dashboard_http.py)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def count_view(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM reports_giftreport")
        (n,) = cur.fetchone()
    return HttpResponse(str(n), content_type="text/plain")


urlpatterns = [path("bench/count/", count_view), *project_urlpatterns]
