from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "ownterms.rota"
    label = "rota"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_record_tab(
            RecordTab("pattern", _("Support pattern"), "rota:pattern", ConsentCategory.ROTA, 65)
        )
