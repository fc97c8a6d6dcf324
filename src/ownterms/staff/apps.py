from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "ownterms.staff"
    label = "staff"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab
        from ownterms.staff.home import on_call_section, staff_section

        register_home_section("on_call", on_call_section, order=5)
        register_home_section("staff", staff_section, order=20)
        register_record_tab(
            RecordTab("team", _("Team"), "team:detail", ConsentCategory.ROTA, order=70)
        )
