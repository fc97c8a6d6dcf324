"""Outcome URLs: reports (signed-in pages under /o/<org>/): a person's record as a FHIR
bundle, and the regulator's evidence pack."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.outcomes.views import reports_evidence, reports_fhir

PERSON = "people/<uuid:person_id>/"
EVIDENCE = "outcomes/evidence/"

urlpatterns: list[URLPattern] = [
    path(PERSON + "outcomes/fhir/", reports_fhir.fhir_export, name="fhir_export"),
    path(PERSON + "outcomes/fhir/bundle.json", reports_fhir.fhir_bundle, name="fhir_bundle"),
    path(EVIDENCE, reports_evidence.evidence, name="evidence_pack"),
    path(EVIDENCE + "pdf/", reports_evidence.evidence_pdf, name="evidence_pack_pdf"),
    path(EVIDENCE + "csv/", reports_evidence.evidence_csv, name="evidence_pack_csv"),
]
