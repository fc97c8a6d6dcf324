from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ownterms.imports"
    label = "imports"
