"""Recruitment's public pages (/jobs/<org>/): adverts and the application form, no account."""

from __future__ import annotations

from ownterms.recruitment import urls_applications, urls_vacancies

app_name = "jobs"
urlpatterns = [*urls_vacancies.public_urlpatterns, *urls_applications.public_urlpatterns]
