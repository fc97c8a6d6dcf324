from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ownterms.recruitment"
    label = "recruitment"
