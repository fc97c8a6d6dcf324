from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "ownterms.funding"
    label = "funding"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.jobs import register_job
        from ownterms.funding.jobs import JOB, post_delivered_support_nightly
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_record_tab(
            RecordTab("funding", _("Funding"), "funding:person_funding", ConsentCategory.MONEY, 80)
        )
        register_job(JOB, post_delivered_support_nightly)
