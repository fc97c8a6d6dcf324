from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "ownterms.rota"
    label = "rota"
