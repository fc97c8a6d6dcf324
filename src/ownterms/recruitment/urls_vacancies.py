"""Recruitment URLs: vacancies. ``urlpatterns`` are signed-in pages under /o/<org>/recruitment/;
``public_urlpatterns`` are public pages under /jobs/<org>/ (no account)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
public_urlpatterns: list[URLPattern] = []
