from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "ownterms.funding"
    label = "funding"
