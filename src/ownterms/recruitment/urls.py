"""Recruitment's signed-in pages (/o/<org>/recruitment/), one module of URLs per area."""

from __future__ import annotations

from ownterms.recruitment import urls_applications, urls_cohorts, urls_matching, urls_vacancies

app_name = "recruitment"
urlpatterns = [
    *urls_vacancies.urlpatterns,
    *urls_applications.urlpatterns,
    *urls_matching.urlpatterns,
    *urls_cohorts.urlpatterns,
]
