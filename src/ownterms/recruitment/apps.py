from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ownterms.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from ownterms.core.home import register_home_section
        from ownterms.core.jobs import register_job
        from ownterms.recruitment.home import vacancies_section
        from ownterms.recruitment.retention import delete_expired_applicants

        register_home_section("recruitment.vacancies", vacancies_section, order=40)
        register_job("recruitment.retention", delete_expired_applicants)
