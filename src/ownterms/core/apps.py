from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ownterms.core"
    label = "core"
