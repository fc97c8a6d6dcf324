"""Included at ``o/<org>/``: a worker's availability and leave, and the organisation's leave."""

from django.urls import path

from ownterms.leave import views

app_name = "leave"
STAFF = "staff/<uuid:staff_id>/"
urlpatterns = [
    path(f"{STAFF}availability/", views.availability, name="availability"),
    path(f"{STAFF}availability/pattern/", views.pattern_new, name="pattern_new"),
    path(f"{STAFF}availability/exceptions/new/", views.exception_new, name="exception_new"),
    path(
        f"{STAFF}availability/exceptions/<uuid:exception_id>/remove",
        views.exception_remove,
        name="exception_remove",
    ),
    path(f"{STAFF}leave/", views.staff_leave, name="staff_leave"),
    path(f"{STAFF}leave/new/", views.request_new, name="request_new"),
    path(f"{STAFF}leave/days/", views.terms, name="terms"),
    path(f"{STAFF}leave/worked-hours/", views.worked_hours_new, name="worked_hours_new"),
    path(f"{STAFF}leave/<uuid:leave_id>/decide/", views.decide, name="decide"),
    path(f"{STAFF}leave/<uuid:leave_id>/cancel", views.cancel, name="cancel"),
    path("leave/", views.organisation, name="organisation"),
]
