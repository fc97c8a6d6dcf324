"""Referrals' pages (/o/<org>/referrals/), one module of URLs per area: intake (partners'
form and status, the office's list and pipeline), assessment, decisions (decision, letters,
the move to a person, reports)."""

from __future__ import annotations

from ownterms.referrals import urls_assessment, urls_decisions, urls_intake

app_name = "referrals"
urlpatterns = [
    *urls_intake.urlpatterns,
    *urls_assessment.urlpatterns,
    *urls_decisions.urlpatterns,
]
