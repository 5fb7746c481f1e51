from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "sehati.integrity"
    label = "integrity"
    verbose_name = _("Pengukuran integritas")

    def ready(self) -> None:
        from sehati.integrity import plans_services

        # Who may download an action plan's evidence (sehati/core/files.py).
        plans_services.files_register()
