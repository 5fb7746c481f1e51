from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "sehati.dashboards"
    label = "dashboards"
    verbose_name = _("Dasbor dan rekap")

    def ready(self) -> None:
        from sehati.dashboards import signals

        # A changed report, case or custody item marks its month's summary stale.
        signals.signals_connect()
