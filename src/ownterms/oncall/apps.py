from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "ownterms.oncall"
    label = "oncall"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.oncall.home import follow_ups_section

        register_home_section("oncall.follow_ups", follow_ups_section, order=45)
