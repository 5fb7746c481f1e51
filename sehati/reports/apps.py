from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sehati.reports"
    label = "reports"
    verbose_name = "Laporan gratifikasi"
