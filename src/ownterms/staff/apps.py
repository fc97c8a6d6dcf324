from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "ownterms.staff"
    label = "staff"
