from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "ownterms.daily"
    label = "daily"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_record_tab(
            RecordTab("daily", _("Daily records"), "daily:person_daily", ConsentCategory.DAILY, 55)
        )

        # -- The today board's home section (branch `today`) ----------------------------------
        from ownterms.core.home import register_home_section
        from ownterms.daily.home import today_section

        register_home_section("daily.today", today_section, order=3)
