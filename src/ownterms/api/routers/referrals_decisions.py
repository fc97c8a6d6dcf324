"""/api/v1/referrals/{id}/decision and /api/v1/referral-reports: the decision on a referral and
the referral reports, with the pages' access rules and services.

- The office (administrators and managers) reads the decision with the recommendation and
  records it (POST; 422 with ``body.<field>`` errors, the same rules as the page).
- The referrer (a partner with a current grant) may GET the decision of their own referral
  once it is made — what the letter says (outcome, conditions, reasons, reasons for declining,
  who decided and when), never the recommendation or why the decision differs from it; before
  the decision, and for anyone else, 404.
- The reports: the office only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.audit.services import record_overview_access
from ownterms.referrals.access import Basis, access_referral, require_office
from ownterms.referrals.models import Decision, Referral
from ownterms.referrals.selectors.decisions import decision_page
from ownterms.referrals.selectors.reports import DEFAULT_PERIOD, PERIODS, reports
from ownterms.referrals.services.decisions import decide

router = Router(tags=["referrals: decisions and reports"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RecommendationOut(Schema):
    outcome: str | None = Field(
        description='"accept", "accept_with_conditions", "decline"; null until every '
        "component is rated"
    )
    why: str
    missing: list[str]
    not_met: list[str]
    partly: list[str]


class DecisionOut(Schema):
    outcome: str
    conditions: str
    reasons: str
    decline_reasons: list[str]
    decided_by: str
    decided_at: dt.datetime
    recommended: str | None = Field(None, description="The office only")
    differs_because: str | None = Field(None, description="The office only")


class ReferralDecisionOut(Schema):
    referral: uuid.UUID
    reference: str
    status: str
    recommendation: RecommendationOut | None = Field(None, description="The office only")
    decision: DecisionOut | None


class DecisionIn(Strict):
    outcome: str = Field(description='"accept", "accept_with_conditions" or "decline"')
    reasons: str = Field(description="The reasons in words (the letter says them)")
    conditions: str = Field("", description='Required for "accept_with_conditions"')
    decline_reasons: list[str] = Field(
        default_factory=list, description="Values of DeclineReason; at least one to decline"
    )
    differs_because: str = Field("", description="Required when differing from the recommendation")


def _decision_out(decision: Decision, office: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "outcome": decision.outcome,
        "conditions": decision.conditions,
        "reasons": decision.reasons,
        "decline_reasons": list(decision.decline_reasons),
        "decided_by": decision.decided_by_label,
        "decided_at": decision.decided_at,
    }
    if office:
        out["recommended"] = decision.recommended
        out["differs_because"] = decision.differs_because
    return out


def _out(referral: Referral, office: bool) -> dict[str, Any]:
    page = decision_page(referral)
    recommendation = page.recommendation
    return {
        "referral": referral.public_id,
        "reference": referral.reference,
        "status": referral.status,
        "recommendation": {
            "outcome": recommendation.outcome,
            "why": page.why,
            "missing": list(recommendation.missing),
            "not_met": list(recommendation.not_met),
            "partly": list(recommendation.partly),
        }
        if office
        else None,
        "decision": _decision_out(page.decision, office) if page.decision else None,
    }


@router.get(
    "/referrals/{public_id}/decision",
    response={200: ReferralDecisionOut, **ERRORS},
    summary="The decision on a referral (with the recommendation, for the office)",
)
def get_referral_decision(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    access = access_referral(actor(request), public_id, page="api.referrals.decision")
    if not access.office and not Decision.objects.filter(referral=access.referral).exists():
        raise Http404
    return _out(access.referral, access.office)


@router.post(
    "/referrals/{public_id}/decision",
    response={201: ReferralDecisionOut, **ERRORS},
    summary="Record the decision on a referral waiting for one (the office)",
)
def post_referral_decision(
    request: HttpRequest, public_id: uuid.UUID, payload: DecisionIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    referral = access_referral(
        user, public_id, page="api.referrals.decision", office_only=True
    ).referral
    try:
        decide(
            actor=user,
            referral=referral,
            outcome=payload.outcome,
            reasons=payload.reasons,
            conditions=payload.conditions,
            decline_reasons=payload.decline_reasons,
            differs_because=payload.differs_because,
        )
    except DjangoValidationError as error:
        raise field_errors(error) from None
    return Status(201, _out(referral, True))


class ReportsQuery(Schema):
    months: int = Field(DEFAULT_PERIOD, description="The period: the last 12, 24 or 36 months")


class SourceOut(Schema):
    source: str
    received: int
    accepted: int
    declined: int
    withdrawn: int
    open: int


class DaysOut(Schema):
    label: str
    decisions: int
    median: float | None
    shortest: int | None
    longest: int | None


class CountOut(Schema):
    key: str
    count: int


class FaredOut(Schema):
    reference: str
    person: uuid.UUID
    started_on: dt.date
    months_supported: int
    supported_at_12_months: bool | None = Field(description="null: too soon to tell")
    ended_on: dt.date | None


class MonthOut(Schema):
    month_of_support: int
    people: int
    incidents: int


class ReportsOut(Schema):
    months: int
    since: dt.date
    today: dt.date
    sources: list[SourceOut]
    time_to_decision: list[DaysOut]
    outcomes: list[CountOut]
    decline_reasons: list[CountOut]
    fared: list[FaredOut]
    incidents_by_month_of_support: list[MonthOut]


@router.get(
    "/referral-reports",
    response={200: ReportsOut, **ERRORS},
    summary="Referral reports: sources, time to decision, outcomes, how accepted people fared",
)
def get_referral_reports(request: HttpRequest, query: Query[ReportsQuery]) -> dict[str, Any]:
    user = actor(request)
    require_office(user)
    # Checked after access, so that only the office learns what the endpoint accepts.
    if query.months not in PERIODS:
        raise ValidationError(
            [{"loc": ("query", "months"), "msg": _("Choose 12, 24 or 36 months."), "type": "value"}]
        )
    found = reports(user.organisation, query.months)
    record_overview_access(
        actor=user,
        action="referral.reports_view",
        obj=user.organisation,
        page="api.referrals.reports",
        basis=Basis.OFFICE,
    )
    return {
        "months": found.months,
        "since": found.since,
        "today": found.today,
        "sources": [row.__dict__ for row in found.sources],
        "time_to_decision": [row.__dict__ for row in found.days],
        "outcomes": [{"key": r.key, "count": r.count} for r in found.outcomes],
        "decline_reasons": [{"key": r.key, "count": r.count} for r in found.reasons],
        "fared": [
            {
                "reference": row.reference,
                "person": row.person.public_id,
                "started_on": row.started_on,
                "months_supported": row.months_supported,
                "supported_at_12_months": row.supported_at_12,
                "ended_on": row.ended_on,
            }
            for row in found.fared
        ],
        "incidents_by_month_of_support": [
            {"month_of_support": r.month, "people": r.people, "incidents": r.incidents}
            for r in found.incidents
        ],
    }
