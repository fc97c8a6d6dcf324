from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "ownterms.health"
    label = "health"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_record_tab(
            RecordTab("health", _("Health"), "health:summary", ConsentCategory.HEALTH, order=50)
        )
