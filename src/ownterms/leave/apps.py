from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "ownterms.leave"
    label = "leave"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ownterms.core.home import register_home_section
        from ownterms.leave.home import leave_section
        from ownterms.staff.record_links import StaffLink, register_staff_link

        register_home_section("leave", leave_section, order=25)
        register_staff_link(StaffLink(_("Availability"), "leave:availability", order=10))
        register_staff_link(
            StaffLink(_("Leave and holiday entitlement"), "leave:staff_leave", order=20)
        )
