from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sehati.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"

    def ready(self) -> None:
        from django.contrib import admin
        from django.http import HttpRequest

        from sehati.accounts.policies import Action, can

        def has_permission(request: HttpRequest) -> bool:
            # The Django admin (reference data) is for the admin pemda role only (policy table).
            user = request.user
            return bool(
                user.is_active
                and user.is_staff
                and (user.is_superuser or can(user, Action.ADMIN_SITE))
            )

        admin.site.has_permission = has_permission  # type: ignore[method-assign]
        admin.site.site_header = "SEHATI — data referensi"
        admin.site.site_title = "SEHATI"
