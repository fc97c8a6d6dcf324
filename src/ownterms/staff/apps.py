from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "ownterms.staff"
    label = "staff"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.staff.home import on_call_section, staff_section

        register_home_section("on_call", on_call_section, order=5)
        register_home_section("staff", staff_section, order=20)
