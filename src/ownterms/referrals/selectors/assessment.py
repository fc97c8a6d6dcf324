"""What the assessment page and the API read: every component with its rating (if any), its
computed evidence or structured answers, and the app's recommendation with why."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from ownterms.referrals import questions
from ownterms.referrals.models import (
    Component,
    ComponentAssessment,
    DraftBlock,
    Rating,
    Referral,
    Status,
)
from ownterms.referrals.recommendation import Recommendation, recommend
from ownterms.referrals.selectors.evidence import (
    ComputedEvidence,
    Evidence,
    draft_blocks_of,
    evidence_for,
)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


@dataclass(frozen=True)
class Part:
    component: Component
    assessment: ComponentAssessment | None
    #: The computed evidence (hours, recruitability, capacity), else ``None``.
    evidence: ComputedEvidence | None
    #: The rating the figures or the answers suggest (the assessor decides).
    suggested: Rating | None
    answers: tuple[Answer, ...]

    @property
    def label(self) -> str:
        return str(self.component.label)

    @property
    def sentences(self) -> tuple[str, ...]:
        return self.evidence.sentences if self.evidence is not None else ()

    @property
    def suggested_label(self) -> str:
        return str(self.suggested.label) if self.suggested else ""


@dataclass(frozen=True)
class AssessmentPage:
    referral: Referral
    parts: tuple[Part, ...]
    blocks: tuple[DraftBlock, ...]
    evidence: Evidence
    recommendation: Recommendation

    @property
    def can_change(self) -> bool:
        return self.referral.status == Status.ASSESSMENT

    @property
    def ready(self) -> bool:
        return self.can_change and self.recommendation.outcome is not None

    @property
    def why(self) -> list[str]:
        """The recommendation's reasons in words."""
        advice = self.recommendation
        reasons = []
        if advice.not_met:
            reasons.append(
                _("Not met: %(parts)s.")
                % {"parts": ", ".join(str(c.label) for c in advice.not_met)}
            )
        if advice.partly:
            reasons.append(
                _("Partly met (conditions to agree): %(parts)s.")
                % {"parts": ", ".join(str(c.label) for c in advice.partly)}
            )
        if advice.missing:
            reasons.append(
                _("Still to rate: %(parts)s.")
                % {"parts": ", ".join(str(c.label) for c in advice.missing)}
            )
        if advice.outcome is not None and not advice.not_met and not advice.partly:
            reasons.append(_("Every part is met."))
        return reasons


def ratings_of(referral: Referral) -> dict[str, ComponentAssessment]:
    return {
        a.component: a
        for a in ComponentAssessment.objects.filter(referral=referral).select_related("assessed_by")
    }


def _answers(component: str, found: ComponentAssessment | None) -> tuple[Answer, ...]:
    if found is None:
        return ()
    return tuple(
        Answer(str(q.text), q.label_of(str(found.answers.get(q.key, ""))))
        for q in questions.questions_for(component)
        if q.key in found.answers
    )


def assessment_page(referral: Referral) -> AssessmentPage:
    """Everything the page shows, in a fixed number of queries."""
    blocks = draft_blocks_of(referral)
    evidence = evidence_for(referral, blocks=blocks)
    rated = ratings_of(referral)
    parts = []
    for component in Component:
        found = rated.get(component)
        computed = evidence.of(component)
        if computed is not None:
            suggested: Rating | None = Rating(computed.suggested)
        else:
            suggested = questions.suggest(component, found.answers if found else {})
        parts.append(Part(component, found, computed, suggested, _answers(component, found)))
    return AssessmentPage(
        referral=referral,
        parts=tuple(parts),
        blocks=tuple(blocks),
        evidence=evidence,
        recommendation=recommend({c: a.rating for c, a in rated.items()}),
    )


def component_or_404(value: str) -> Component:
    if value not in Component.values:
        raise Http404
    return Component(value)


def draft_block_or_404(referral: Referral, block_id: uuid.UUID | str) -> DraftBlock:
    found = DraftBlock.objects.filter(referral=referral, public_id=block_id).first()
    if found is None:
        raise Http404
    found.referral = referral
    return found
