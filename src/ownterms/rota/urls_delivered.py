"""Routes of the rota's delivered area (see rota/urls.py); names are in the "rota" namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
