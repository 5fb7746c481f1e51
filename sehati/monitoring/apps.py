from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sehati.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan UP3 dan aduan masyarakat")

    def ready(self) -> None:
        from sehati.monitoring import findings, meetings, visits

        # Who may download each subject's files (sehati/core/files.py `access_stored_file`).
        visits.register()  # a visit's photos
        findings.files_register()  # a finding's evidence and the OPD's response
        meetings.register()  # a meeting's minutes and attendance list
