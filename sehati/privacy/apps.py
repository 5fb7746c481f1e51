from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sehati.privacy"
    label = "privacy"
    verbose_name = "SEHATI pelindungan data pribadi"
