from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "sehati.surveys"
    label = "surveys"
    verbose_name = _("Survei integritas internal")

    def ready(self) -> None:
        from sehati.surveys.events import survey_event_labels_register

        survey_event_labels_register()
