from django.urls import path

from ownterms.daily.views import notes

P = "people/<uuid:person_id>/daily/"

urlpatterns = [
    path(P, notes.person_daily, name="person_daily"),
]
