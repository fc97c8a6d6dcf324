"""Routes for funding money (see urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
