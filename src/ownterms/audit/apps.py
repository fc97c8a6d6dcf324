from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ownterms.audit"
    label = "audit"
