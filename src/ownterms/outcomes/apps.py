from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ownterms.outcomes"
    label = "outcomes"
