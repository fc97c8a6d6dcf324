from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ownterms.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        # -- applications: the daily deletion of unsuccessful applicants ---------------------
        from ownterms.core.jobs import register_job
        from ownterms.recruitment.retention import delete_expired_applicants

        register_job("recruitment.retention", delete_expired_applicants)
