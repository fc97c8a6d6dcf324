"""Referral URLs: assessment (signed-in pages under /o/<org>/referrals/)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
