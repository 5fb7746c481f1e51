from django.urls import path

from sehati.reports import views

app_name = "reports"

urlpatterns = [
    path("cek-gratifikasi/", views.selfcheck, name="selfcheck"),
]
