"""Outcomes' pages, one module of URLs per area: reviews (person-centred reviews, check-ins,
working together for change), measures (NHS use, connections, recorded measures, the charts),
reports (the person's outcome report, the organisation report, the regulator's evidence pack,
the FHIR export). Person pages live under /o/<org>/people/<person_id>/, the organisation's
under /o/<org>/outcomes/."""

from __future__ import annotations

from ownterms.outcomes import urls_measures, urls_reports, urls_reviews

app_name = "outcomes"
urlpatterns = [
    *urls_reviews.urlpatterns,
    *urls_measures.urlpatterns,
    *urls_reports.urlpatterns,
]
