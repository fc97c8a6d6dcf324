from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "ownterms.oncall"
    label = "oncall"
