from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "sehati.sanctions"
    label = "sanctions"
    verbose_name = _("Sanksi TPP")
