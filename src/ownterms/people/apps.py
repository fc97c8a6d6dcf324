from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ownterms.people"
    label = "people"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.people.home import people_section
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_home_section("people", people_section, order=10)
        register_record_tab(
            RecordTab("about", _("About"), "people:detail", ConsentCategory.PROFILE, order=0)
        )
        register_record_tab(
            RecordTab("circle", _("Circle"), "people:circle", ConsentCategory.PROFILE, order=15)
        )
        register_record_tab(
            RecordTab("package", _("Package"), "people:package", ConsentCategory.PLANS, order=60)
        )
