from django.urls import path

from ownterms.core import settings_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("o/<slug:org>/", views.organisation_home, name="organisation_home"),
    path("organisation/settings/", settings_views.settings_list, name="settings"),
    path(
        "organisation/settings/<str:key>/change/",
        settings_views.setting_change,
        name="setting_change",
    ),
]
