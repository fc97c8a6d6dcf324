from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "ownterms.rota"
    label = "rota"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab
        from ownterms.rota.home_delivered import delivered_section
        from ownterms.rota.home_readers import next_shift_section

        register_record_tab(
            RecordTab(
                "who_is_coming", _("Who is coming"), "rota:who_is_coming", ConsentCategory.ROTA, 50
            )
        )
        register_record_tab(
            RecordTab("pattern", _("Support pattern"), "rota:pattern", ConsentCategory.ROTA, 65)
        )
        register_home_section("rota_next_shift", next_shift_section, order=15)
        register_home_section("rota_delivered", delivered_section, order=22)
