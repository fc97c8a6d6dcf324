from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ownterms.demo"
    label = "demo"
    verbose_name = "Demo organisation"
