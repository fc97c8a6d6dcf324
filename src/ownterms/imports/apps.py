from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ownterms.imports"
    label = "imports"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.imports.home import imports_section

        register_home_section("imports", imports_section, order=95)
