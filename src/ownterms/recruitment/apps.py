from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ownterms.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.recruitment.home import vacancies_section

        register_home_section("recruitment.vacancies", vacancies_section, order=40)
