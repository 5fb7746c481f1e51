"""Pages of issue #8, one namespace: the dashboards per role (`urls_dashboards.py`), the periodic
recaps (`urls_recap.py`) and the public transparency page with its open data and widget
(`urls_public.py`)."""

from django.urls import URLPattern

from sehati.dashboards.urls_dashboards import urlpatterns as dashboard_urlpatterns
from sehati.dashboards.urls_public import urlpatterns as public_urlpatterns
from sehati.dashboards.urls_recap import urlpatterns as recap_urlpatterns

app_name = "dashboards"

urlpatterns: list[URLPattern] = [
    *dashboard_urlpatterns,
    *recap_urlpatterns,
    *public_urlpatterns,
]
