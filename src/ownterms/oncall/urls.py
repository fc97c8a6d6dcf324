"""Included at ``o/<org>/on-call/``."""

from django.urls import URLPattern

app_name = "oncall"
urlpatterns: list[URLPattern] = []
