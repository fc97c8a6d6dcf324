from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ownterms.people"
    label = "people"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.people.home import people_section

        register_home_section("people", people_section, order=10)
