"""Root URL configuration: every page and API operation is listed in the policy route table
(sehati/accounts/policies.py) and walked by tests/test_policy_table.py."""

from django.contrib import admin
from django.urls import include, path

from sehati.api.api import api
from sehati.core import observability
from sehati.core import views as core_views

# A database that cannot be reached answers 503 with Retry-After, never 500.
handler500 = observability.server_error

urlpatterns = [
    path("", include("sehati.accounts.urls")),
    path("", include("sehati.org.urls")),
    path("", include("sehati.reports.urls")),
    path("", include("sehati.documents.urls")),
    path("", include("sehati.cases.urls")),
    path("", include("sehati.monitoring.urls")),
    path("", include("sehati.declarations.urls")),
    path("", include("sehati.sanctions.urls")),
    path("", include("sehati.outreach.urls")),
    path("", include("sehati.integrity.urls")),
    path("", include("sehati.surveys.urls")),
    path("", include("sehati.dashboards.urls")),
    path("", include("sehati.privacy.urls")),
    path("", include("sehati.core.urls")),
    path("", include("sehati.notifications.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
