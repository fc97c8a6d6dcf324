from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ownterms.referrals"
    label = "referrals"
