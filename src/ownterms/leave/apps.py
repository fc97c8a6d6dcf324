from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "ownterms.leave"
    label = "leave"
