from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sehati.api"
    label = "api"
    verbose_name = "API"
