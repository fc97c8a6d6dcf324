from django.urls import path

from ownterms.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("o/<slug:org>/", views.organisation_home, name="organisation_home"),
]
