"""What the decision page and the letters show (reads only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.referrals.models import (
    Component,
    ComponentAssessment,
    Decision,
    DeclineReason,
    Outcome,
    Referral,
)
from ownterms.referrals.recommendation import Recommendation, recommend
from ownterms.staff.models import StaffMember

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class DecisionPage:
    assessments: list[ComponentAssessment]
    recommendation: Recommendation
    why: str
    decision: Decision | None

    @property
    def reason_labels(self) -> list[str]:
        if self.decision is None:
            return []
        return [
            str(DeclineReason(value).label)
            for value in self.decision.decline_reasons
            if value in DeclineReason.values
        ]


def _names(components: tuple[Component, ...]) -> str:
    return ", ".join(str(component.label).lower() for component in components)


def why(recommendation: Recommendation) -> str:
    """The recommendation in words: which ratings led to it."""
    if recommendation.outcome is None:
        return _("Not every component is rated yet: %(missing)s.") % {
            "missing": _names(recommendation.missing)
        }
    if recommendation.outcome == Outcome.DECLINE:
        return _(
            "Not met: %(components)s. A missing piece means we are not the best provider for "
            "them now, however much they deserve good support."
        ) % {"components": _names(recommendation.not_met)}
    if recommendation.outcome == Outcome.ACCEPT_WITH_CONDITIONS:
        return _(
            "Partly met: %(components)s. We could accept, on conditions that would make these met."
        ) % {"components": _names(recommendation.partly)}
    return _("Every component is met.")


def decision_page(referral: Referral) -> DecisionPage:
    order = {component.value: index for index, component in enumerate(Component)}
    assessments = sorted(
        ComponentAssessment.objects.filter(referral=referral),
        key=lambda row: order.get(row.component, len(order)),
    )
    recommendation = recommend({row.component: row.rating for row in assessments})
    return DecisionPage(
        assessments=assessments,
        recommendation=recommendation,
        why=why(recommendation),
        decision=Decision.objects.filter(referral=referral).select_related("decided_by").first(),
    )


# The letters -------------------------------------------------------------------------------

#: Each reason for declining in easy words for the person (one idea a line).
EASY_REASONS: dict[str, _StrPromise] = {
    DeclineReason.HOURS: gettext_lazy("The hours are not enough for us to support you well."),
    DeclineReason.CLARITY: gettext_lazy("We need to know more about the support you want."),
    DeclineReason.FAMILY: gettext_lazy("We could not make a plan together with your family."),
    DeclineReason.RECRUITABILITY: gettext_lazy(
        "We cannot find enough staff near where you will live."
    ),
    DeclineReason.CAPACITY: gettext_lazy(
        "We are already starting with as many new people as we can."
    ),
    DeclineReason.OTHER: gettext_lazy(
        "There is another reason. The person who asked us can tell you."
    ),
}


def easy_reason(value: str) -> str:
    return str(EASY_REASONS[value]) if value in EASY_REASONS else ""


@dataclass(frozen=True)
class Letter:
    referral: Referral
    decision: Decision
    organisation: str
    dated: dt.date
    signed_by: str
    signer_role: str
    contact: str
    conditions: list[str]
    reason_labels: list[str]
    easy_reasons: list[str]

    @property
    def declined(self) -> bool:
        return self.decision.outcome == Outcome.DECLINE

    @property
    def with_conditions(self) -> bool:
        return self.decision.outcome == Outcome.ACCEPT_WITH_CONDITIONS


def letter_of(referral: Referral) -> Letter | None:
    """The decision letter's contents, or ``None`` before a decision."""
    decision = Decision.objects.filter(referral=referral).select_related("decided_by").first()
    if decision is None:
        return None
    signer = (
        StaffMember.objects.filter(user_id=decision.decided_by_id).first()
        if decision.decided_by_id
        else None
    )
    contact = referral.contact
    return Letter(
        referral=referral,
        decision=decision,
        organisation=referral.organisation.name,
        dated=timezone.localtime(decision.decided_at).date(),
        signed_by=decision.decided_by_label,
        signer_role=signer.job_title if signer is not None else "",
        contact=contact.display_name if contact is not None else decision.decided_by_label,
        conditions=[line.strip() for line in decision.conditions.splitlines() if line.strip()],
        reason_labels=[
            str(DeclineReason(value).label)
            for value in decision.decline_reasons
            if value in DeclineReason.values
        ],
        easy_reasons=[
            easy_reason(value) for value in decision.decline_reasons if easy_reason(value)
        ],
    )
