"""Routes of the rota's readers area (see rota/urls.py); names are in the "rota" namespace."""

from django.urls import path

from ownterms.rota.views import readers

urlpatterns = [
    path("people/<uuid:person_id>/who-is-coming/", readers.who_is_coming, name="who_is_coming"),
    path(
        "people/<uuid:person_id>/who-is-coming.pdf",
        readers.who_is_coming_pdf,
        name="who_is_coming_pdf",
    ),
    path("people/<uuid:person_id>/team-rota.pdf", readers.team_rota_pdf, name="team_rota_pdf"),
    path("my-shifts/", readers.my_shifts, name="my_shifts"),
    path("my-shifts/calendar/", readers.my_calendar, name="my_calendar"),
    path("my-shifts/calendar/new/", readers.my_calendar_new, name="my_calendar_new"),
    path("my-shifts/calendar/revoke/", readers.my_calendar_revoke, name="my_calendar_revoke"),
    path("rota/week/", readers.week, name="week"),
]
