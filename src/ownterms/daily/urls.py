"""Included at ``o/<org>/``: one namespace, one module of routes per area.

A person's daily records live under ``people/<person_id>/daily/``; the today board and the
organisation's trends under ``today/``."""

from ownterms.daily import urls_behaviour, urls_medicines, urls_notes, urls_today

app_name = "daily"
urlpatterns = [
    *urls_notes.urlpatterns,
    *urls_behaviour.urlpatterns,
    *urls_medicines.urlpatterns,
    *urls_today.urlpatterns,
]
