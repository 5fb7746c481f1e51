from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "sehati.outreach"
    label = "outreach"
    verbose_name = _("Sosialisasi")

    def ready(self) -> None:
        from sehati.outreach import files

        # Who may download an event's materials (sehati/core/files.py `access_stored_file`).
        files.files_register()
