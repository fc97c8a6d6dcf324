from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ownterms.notifications"
    label = "notifications"
