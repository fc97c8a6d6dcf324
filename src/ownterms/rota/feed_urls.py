"""Included at ``calendar/``: private calendar feeds, reached by their secret token alone."""

from django.urls import path

from ownterms.rota.views import readers

app_name = "rota_feed"
urlpatterns = [path("<str:token>.ics", readers.calendar_feed, name="feed")]
