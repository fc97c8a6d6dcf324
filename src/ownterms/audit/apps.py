from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ownterms.audit"
    label = "audit"

    def ready(self) -> None:
        from ownterms.audit import signals

        signals.connect()
