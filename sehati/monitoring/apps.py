from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sehati.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan UP3 dan aduan masyarakat")
