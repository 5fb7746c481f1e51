from django.urls import path

from sehati.monitoring import urls_field, urls_findings, urls_registry, urls_up3, views

app_name = "monitoring"

urlpatterns = [
    path("aduan/", views.tip_create, name="tip_create"),
    path("aduan/lacak/", views.tip_lookup, name="tip_lookup"),
    path("aduan-masyarakat/", views.tip_list, name="tip_list"),
    path("aduan-masyarakat/<int:tip_id>/", views.tip_detail, name="tip_detail"),
    path("aduan-masyarakat/<int:tip_id>/pesan/", views.tip_message, name="tip_message"),
    path("aduan-masyarakat/<int:tip_id>/status/", views.tip_status, name="tip_status"),
]
urlpatterns += (
    urls_registry.urlpatterns
    + urls_field.urlpatterns
    + urls_findings.urlpatterns
    + urls_up3.urlpatterns
)
