"""Referral URLs: assessment (signed-in pages under /o/<org>/referrals/; the office only)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.referrals.views import assessment

ASSESSMENT = "<uuid:referral_id>/assessment/"
BLOCK = ASSESSMENT + "pattern/<uuid:block_id>/"

urlpatterns: list[URLPattern] = [
    path(ASSESSMENT, assessment.assessment, name="assessment"),
    path(ASSESSMENT + "pattern/", assessment.assessment_pattern, name="assessment_pattern"),
    path(BLOCK, assessment.assessment_block, name="assessment_block"),
    path(BLOCK + "remove/", assessment.assessment_block_remove, name="assessment_block_remove"),
    path(ASSESSMENT + "ready/", assessment.assessment_ready, name="assessment_ready"),
    path(ASSESSMENT + "<str:component>/", assessment.assessment_rate, name="assessment_rate"),
]
