from django.urls import path

from ownterms.daily.views import behaviour

P = "people/<uuid:person_id>/daily/"
PLAN = P + "behaviour-plan/"
INCIDENT = P + "incidents/<uuid:incident_id>/"
PRACTICE = P + "restrictive-practices/<uuid:event_id>/"

urlpatterns = [
    path(PLAN, behaviour.behaviour_plan, name="behaviour_plan"),
    path(PLAN + "edit/", behaviour.behaviour_plan_edit, name="behaviour_plan_edit"),
    path(
        PLAN + "practices/new/", behaviour.authorised_practice_new, name="authorised_practice_new"
    ),
    path(
        PLAN + "practices/<uuid:practice_id>/end/",
        behaviour.authorised_practice_end,
        name="authorised_practice_end",
    ),
    path(P + "incidents/", behaviour.incidents, name="incidents"),
    path(P + "incidents/new/", behaviour.incident_new, name="incident_new"),
    path(INCIDENT, behaviour.incident_detail, name="incident_detail"),
    path(INCIDENT + "edit/", behaviour.incident_edit, name="incident_edit"),
    path(INCIDENT + "close/", behaviour.incident_close, name="incident_close"),
    path(
        P + "restrictive-practices/", behaviour.restrictive_practices, name="restrictive_practices"
    ),
    path(
        P + "restrictive-practices/new/",
        behaviour.restrictive_practice_new,
        name="restrictive_practice_new",
    ),
    path(PRACTICE, behaviour.restrictive_practice_detail, name="restrictive_practice_detail"),
    path(
        PRACTICE + "amend/",
        behaviour.restrictive_practice_amend,
        name="restrictive_practice_amend",
    ),
]
