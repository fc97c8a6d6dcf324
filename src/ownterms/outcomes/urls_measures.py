"""Outcome URLs: measures (signed-in pages under /o/<org>/): the person's outcomes and their
reports, what is recorded here (NHS use, connections, recorded measures), and the organisation
report."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.outcomes.views import measures, measures_outcomes

PERSON = "people/<uuid:person_id>/outcomes/"

urlpatterns: list[URLPattern] = [
    path(PERSON, measures_outcomes.person_outcomes, name="person_outcomes"),
    path(PERSON + "csv/", measures_outcomes.person_outcomes_csv, name="person_outcomes_csv"),
    path(
        PERSON + "easy-read/",
        measures_outcomes.person_outcomes_easy_read,
        name="person_outcomes_easy_read",
    ),
    path(PERSON + "report.pdf", measures_outcomes.person_outcomes_pdf, name="person_outcomes_pdf"),
    path(PERSON + "nhs-use/", measures.nhs_use, name="nhs_use"),
    path(PERSON + "nhs-use/add/", measures.nhs_use_add, name="nhs_use_add"),
    path(PERSON + "nhs-use/<uuid:event_id>/", measures.nhs_use_edit, name="nhs_use_edit"),
    path(PERSON + "connections/", measures.connections, name="connections"),
    path(PERSON + "connections/add/", measures.connection_add, name="connection_add"),
    path(
        PERSON + "connections/<uuid:connection_id>/",
        measures.connection_edit,
        name="connection_edit",
    ),
    path(
        PERSON + "connections/<uuid:connection_id>/end/",
        measures.connection_end,
        name="connection_end",
    ),
    path(PERSON + "recorded/", measures.recorded_measures, name="recorded_measures"),
    path(PERSON + "recorded/add/", measures.recorded_measure_add, name="recorded_measure_add"),
    path(
        PERSON + "recorded/<uuid:record_id>/",
        measures.recorded_measure_edit,
        name="recorded_measure_edit",
    ),
    path(
        "outcomes/organisation/",
        measures_outcomes.organisation_outcomes,
        name="organisation_outcomes",
    ),
    path(
        "outcomes/organisation/csv/",
        measures_outcomes.organisation_outcomes_csv,
        name="organisation_outcomes_csv",
    ),
]
