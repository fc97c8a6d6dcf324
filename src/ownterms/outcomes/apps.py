from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "ownterms.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        # -- outcomes: reviews --
        from ownterms.outcomes.home_reviews import register_reviews

        register_reviews()
        # -- end outcomes: reviews --
        # -- outcomes: measures --
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        # Outcomes show plans measures and health measures: listed to readers of either.
        register_record_tab(
            RecordTab(
                "outcomes",
                _("Outcomes"),
                "outcomes:person_outcomes",
                ConsentCategory.PLANS,
                58,
                also=(ConsentCategory.HEALTH,),
            )
        )
        # -- end outcomes: measures --
