from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ownterms.plans"
    label = "plans"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.people.models import ConsentCategory
        from ownterms.people.record_tabs import RecordTab, register_record_tab
        from ownterms.plans.home import easy_read_section

        register_home_section("plans_easy_read", easy_read_section, order=5)
        for key, label, url_name, category, order in (
            ("profile", _("Profile"), "plans:profile", ConsentCategory.PROFILE, 10),
            ("plans", _("Plans and goals"), "plans:goals", ConsentCategory.PLANS, 20),
            ("routine", _("Routine"), "plans:routine", ConsentCategory.PROFILE, 30),
            ("policies", _("Policies"), "plans:policies", ConsentCategory.PLANS, 40),
            ("easy_read", _("Easy read"), "plans:easy_about", ConsentCategory.PROFILE, 90),
        ):
            register_record_tab(RecordTab(key, label, url_name, category, order))
