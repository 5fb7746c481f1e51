from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sehati.reports"
    label = "reports"
    verbose_name = _("Laporan gratifikasi")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete
        from simple_history.signals import pre_create_historical_record

        from sehati.reports import files
        from sehati.reports.models import history_unlink_reporter, sealed_reporter_protect

        files.register()
        pre_create_historical_record.connect(
            history_unlink_reporter, dispatch_uid="reports.history_unlink_reporter"
        )
        for model in (apps.get_model("org", "Employee"), get_user_model()):
            pre_delete.connect(
                sealed_reporter_protect,
                sender=model,
                dispatch_uid=f"reports.sealed_reporter_protect.{model._meta.label}",
            )
