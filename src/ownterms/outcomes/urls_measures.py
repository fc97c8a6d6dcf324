"""Outcome URLs: measures (signed-in pages under /o/<org>/)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
