"""Included at ``calendar/``: private calendar feeds, reached by their secret token alone."""

from django.urls import URLPattern

app_name = "rota_feed"
urlpatterns: list[URLPattern] = []
