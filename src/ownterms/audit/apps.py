from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ownterms.audit"
    label = "audit"

    def ready(self) -> None:
        from ownterms.audit import signals
        from ownterms.audit.home import audit_section
        from ownterms.core.home import register_home_section

        signals.connect()
        register_home_section("audit", audit_section, order=90)
