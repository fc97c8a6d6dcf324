"""URLs under /api/v1/: the API, then a catch-all so unknown paths get the JSON envelope."""

from django.urls import path, re_path

from ownterms.api import views
from ownterms.api.api import api

urlpatterns = [
    path("", api.urls),
    re_path(r"^.*$", views.api_not_found, name="api-not-found"),
]
