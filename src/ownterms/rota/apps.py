from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "ownterms.rota"
    label = "rota"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.rota.home_delivered import delivered_section

        register_home_section("rota_delivered", delivered_section, order=22)
