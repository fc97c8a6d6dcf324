from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "ownterms.leave"
    label = "leave"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.leave.home import leave_section

        register_home_section("leave", leave_section, order=25)
