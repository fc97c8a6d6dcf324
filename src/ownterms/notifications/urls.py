"""Included at ``o/<org>/notifications/``."""

from django.urls import path

from ownterms.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read_all, name="read_all"),
]
