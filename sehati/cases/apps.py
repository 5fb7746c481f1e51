from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sehati.cases"
    label = "cases"
    verbose_name = _("Penanganan laporan (UPG)")

    def ready(self) -> None:
        from sehati.cases import files

        files.register()
