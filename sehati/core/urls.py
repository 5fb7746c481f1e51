from django.urls import path

from sehati.core import views

app_name = "core"

urlpatterns = [
    path("berkas/<uuid:public_id>/", views.file_download, name="file_download"),
]
