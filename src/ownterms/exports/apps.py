from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "ownterms.exports"
    label = "exports"
