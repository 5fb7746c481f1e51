from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "sehati.org"
    label = "org"
    verbose_name = "Organisasi"
