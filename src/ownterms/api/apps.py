from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ownterms.api"
    label = "api"
    verbose_name = "JSON API"

    def ready(self) -> None:
        from ownterms.api import signals

        signals.connect()
