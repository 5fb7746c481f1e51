from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sehati.reports"
    label = "reports"
    verbose_name = _("Laporan gratifikasi")

    def ready(self) -> None:
        from sehati.reports import files

        files.register()
