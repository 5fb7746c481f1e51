from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sehati.core"
    label = "core"
    verbose_name = "SEHATI core"
