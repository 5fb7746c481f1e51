"""Pages of sanction cases (urls_cases) and of the TPP payroll list and sanction rules
(urls_tpp)."""

from sehati.sanctions import urls_cases, urls_tpp

app_name = "sanctions"

urlpatterns = urls_cases.urlpatterns + urls_tpp.urlpatterns
