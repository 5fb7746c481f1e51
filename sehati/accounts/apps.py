from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sehati.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from django.contrib import admin
        from django.http import HttpRequest, HttpResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from sehati.accounts import signals  # noqa: F401 - connects the receivers
        from sehati.accounts.policies import Action, can

        def has_permission(request: HttpRequest) -> bool:
            # The Django admin (reference data) is for the admin pemda role only (policy table).
            user = request.user
            return bool(
                user.is_active
                and user.is_staff
                and (user.is_superuser or can(user, Action.ADMIN_SITE))
            )

        def login_through_allauth(
            request: HttpRequest, extra_context: object = None
        ) -> HttpResponse:
            # The admin's own login form would skip the TOTP step: send everyone through allauth.
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")

        admin.site.has_permission = has_permission  # type: ignore[method-assign]
        admin.site.login = login_through_allauth  # type: ignore[method-assign]
        admin.site.site_header = "SEHATI — data referensi"
        admin.site.site_title = "SEHATI"
