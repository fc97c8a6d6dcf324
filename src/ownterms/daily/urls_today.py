from django.urls import path

from ownterms.daily.views import today

P = "people/<uuid:person_id>/daily/"

urlpatterns = [
    path("today/", today.today, name="today"),
    path("today/trends/", today.trends_page, name="trends"),
    path(f"{P}trends/", today.person_trends, name="person_trends"),
]
