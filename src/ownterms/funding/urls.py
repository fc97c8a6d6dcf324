"""Included at ``o/<org>/``: one namespace, one module of routes per area of funding.

A person's funding lives under ``people/<person_id>/funding/``; the organisation's finance
pages under ``funding/``."""

from ownterms.funding import urls_money, urls_records

app_name = "funding"
urlpatterns = [
    *urls_records.urlpatterns,
    *urls_money.urlpatterns,
]
