from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "sehati.sanctions"
    label = "sanctions"
    verbose_name = _("Sanksi TPP")

    def ready(self) -> None:
        from sehati.sanctions import examination

        # Who may download evidence and appeal files (sehati/core/files.py).
        examination.files_register()
