"""A person's own team, under ``/o/<org>/people/<person_id>/team/``."""

from django.urls import path

from ownterms.staff import team_views

app_name = "team"
urlpatterns = [
    path("", team_views.team_detail, name="detail"),
    path("health/", team_views.team_health_view, name="health"),
    path("add/", team_views.member_add, name="add_member"),
    path("<uuid:membership_id>/end/", team_views.member_end, name="end_member"),
    path("<uuid:membership_id>/approve/", team_views.member_approve, name="approve"),
    path("needs/add/", team_views.need_add, name="add_need"),
    path("needs/<uuid:need_id>/remove/", team_views.need_remove, name="remove_need"),
]
