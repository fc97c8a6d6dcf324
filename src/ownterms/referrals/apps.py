from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ownterms.referrals"
    label = "referrals"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from ownterms.core.home import register_home_section
        from ownterms.referrals.home import referrals_section
        from ownterms.referrals.models import StatusChange
        from ownterms.referrals.services.notices import status_changed

        register_home_section("referrals.intake", referrals_section, order=45)
        post_save.connect(
            status_changed, sender=StatusChange, dispatch_uid="referrals.status_changed"
        )
