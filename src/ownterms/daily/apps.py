from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "ownterms.daily"
    label = "daily"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.core.jobs import register_job
        from ownterms.daily.home import today_section
        from ownterms.daily.services.briefing import send_due_briefings
        from ownterms.daily.services.medicines import alert_missed_doses
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab

        register_record_tab(
            RecordTab("daily", _("Daily records"), "daily:person_daily", ConsentCategory.DAILY, 55)
        )
        register_job("daily.missed_doses", alert_missed_doses)
        register_job("daily.morning_briefings", send_due_briefings)
        register_home_section("daily.today", today_section, order=3)
