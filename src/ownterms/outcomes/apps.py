from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ownterms.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        # -- outcomes: reviews --
        from ownterms.outcomes.home_reviews import register_reviews

        register_reviews()
        # -- end outcomes: reviews --
