"""The /api/v1/ wiring: one NinjaAPI with token auth, the error envelope, and the routers."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from ownterms.api.auth import TokenAuth
from ownterms.api.errors import install_handlers
from ownterms.api.parser import JsonOnlyParser
from ownterms.api.routers import (
    circle,
    daily_behaviour,
    daily_medicines,
    daily_notes,
    daily_today,
    exports,
    funding_invoices,
    funding_money,
    funding_records,
    health,
    imports,
    leave,
    oncall,
    outcomes_measures,
    outcomes_reports,
    outcomes_reviews,
    packages,
    people,
    plans,
    recruitment_applications,
    recruitment_cohorts,
    recruitment_matching,
    recruitment_vacancies,
    referrals_assessment,
    referrals_decisions,
    referrals_intake,
    rota_delivery,
    rota_patterns,
    rota_readers,
    rota_runs,
    staff,
    teams,
    tokens,
)


class OwnTermsAPI(NinjaAPI):
    """Builds the OpenAPI schema once per prefix (it takes a second and changes only with the
    code), not on every request for it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._schemas: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        prefix = self.get_root_path(path_params or {}) if path_prefix is None else path_prefix
        if prefix not in self._schemas:
            self._schemas[prefix] = super().get_openapi_schema(path_prefix=prefix)
        return self._schemas[prefix]


api = OwnTermsAPI(
    title="Own Terms API",
    version="1",
    description=(
        "The Own Terms JSON API. Authenticate with `Authorization: Bearer <token>`; "
        "create tokens on the API tokens page. Every failure answers "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    auth=TokenAuth(),
    parser=JsonOnlyParser(),
    urls_namespace="api-v1",
    # The interactive docs page loads its scripts from a CDN, which CSP and closed networks forbid.
    docs_url=None,
)
install_handlers(api)

api.add_router("/people", people.router)
api.add_router("/people", plans.router)
api.add_router("/staff", staff.router)
api.add_router("/teams", teams.router)
api.add_router("/tokens", tokens.router)
api.add_router("/exports", exports.router)
api.add_router("/imports", imports.router)
api.add_router("/leave", leave.router)
api.add_router("/health", health.router)
api.add_router("/packages", packages.router)
api.add_router("/circle", circle.router)
api.add_router("", rota_delivery.router)
api.add_router("/on-call", oncall.router)
api.add_router("", rota_readers.router)
api.add_router("/", rota_patterns.router)
api.add_router("/rota-runs", rota_runs.router)
api.add_router("", funding_records.router)
api.add_router("/people", funding_money.router)
api.add_router("", funding_invoices.router)
api.add_router("/people", daily_behaviour.router)
api.add_router("/people", daily_notes.router)
api.add_router("/people", daily_medicines.router)
api.add_router("", daily_today.router)
api.add_router("/vacancies", recruitment_vacancies.router)
api.add_router("", recruitment_applications.router)
api.add_router("", recruitment_matching.router)
api.add_router("", recruitment_cohorts.router)
api.add_router("", referrals_assessment.router)
api.add_router("/referrals", referrals_intake.router)
api.add_router("", outcomes_reports.router)
api.add_router("", outcomes_reviews.router)
api.add_router("", referrals_decisions.router)
api.add_router("", outcomes_measures.router)
