from django.urls import include, path

from sehati.accounts import views

account_patterns = [
    path("profil/", views.profile, name="profile"),
    path("token/", views.token_list, name="token_list"),
    path("token/<int:token_id>/cabut/", views.token_revoke_view, name="token_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("akun/", include((account_patterns, "accounts"))),
]
