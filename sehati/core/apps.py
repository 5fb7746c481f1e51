from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sehati.core"
    label = "core"
    verbose_name = "SEHATI core"

    def ready(self) -> None:
        from sehati.core import checks  # noqa: F401  (registers the deployment checks)
