from django.urls import path

from sehati.notifications import views

app_name = "notifications"

urlpatterns = [
    path("pemberitahuan/", views.notice_list_view, name="notice_list"),
    path("pemberitahuan/baca/", views.notice_read_view, name="notice_read"),
    path("pemberitahuan/<int:notice_id>/", views.notice_open_view, name="notice_open"),
]
