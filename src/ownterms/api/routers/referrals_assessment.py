"""/api/v1/referrals/<id>/assessment and .../draft-blocks: the assessment of a referral (the
office only; partners and everyone else get 404, as on the pages). The same access, selectors
and services as the pages; service rule breaks answer 422 with ``body.<field>`` messages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.referrals.access import access_referral
from ownterms.referrals.draft import times_of
from ownterms.referrals.models import MINUTES_PER_DAY, Component, DraftBlock, Rating, Referral
from ownterms.referrals.selectors import assessment as selectors
from ownterms.referrals.selectors.evidence import figures_of
from ownterms.referrals.services import assessment as services
from ownterms.rota.forms.patterns import parse_clock
from ownterms.rota.models import ShiftKind
from ownterms.rota.selectors.patterns import clock

router = Router(tags=["referrals: assessment"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PartOut(Schema):
    component: str
    label: str
    rating: str | None = Field(description='"met", "partly", "not_met"; null until rated')
    evidence: str
    answers: dict[str, str] = Field(description="Answers to the structured questions")
    assessed_by: str
    assessed_at: str | None
    suggested: str | None = Field(description="The rating the figures or answers suggest")
    sentences: list[str]
    figures: dict[str, Any] = Field(description="Computed now (hours, recruitability, capacity)")
    figures_when_rated: dict[str, Any] = Field(description="As they were when it was rated")


class RecommendationOut(Schema):
    outcome: str | None = Field(description='"accept", "accept_with_conditions", "decline"')
    not_met: list[str]
    partly: list[str]
    missing: list[str]
    why: list[str]


class AssessmentOut(Schema):
    referral: uuid.UUID
    reference: str
    status: str
    can_change: bool
    ready_for_decision: bool
    components: list[PartOut]
    recommendation: RecommendationOut


class RatingIn(Strict):
    rating: Rating
    evidence: str = Field(max_length=6000)
    answers: dict[str, str] = Field(default_factory=dict, max_length=10)


class BlockOut(Schema):
    public_id: uuid.UUID
    weekday: int = Field(description="0 = Monday ... 6 = Sunday")
    start: str
    end: str
    next_day: bool
    times: str
    kind: str
    headcount: int
    activity: str
    developmental: bool


class BlockIn(Strict):
    weekday: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    start: str = Field(max_length=5, description='Like "08:00"')
    end: str = Field(max_length=5, description='Like "15:00"')
    next_day: bool = Field(default=False, description="The block ends the next day")
    kind: ShiftKind
    headcount: int = Field(default=1, ge=1, le=2)
    activity: str = Field(default="", max_length=120)
    developmental: bool = False


def _referral(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return access_referral(
        actor(request), referral_id, page="api.referrals.assessment", office_only=True
    ).referral


def _run(write: Any) -> Any:
    try:
        return write()
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise DjangoFieldErrors({"__all__": exc.messages}) from exc
        names = {"start_minute": "start", "end_minute": "end"}
        raise DjangoFieldErrors(
            {names.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc


def _assessment_out(referral: Referral) -> dict[str, Any]:
    page = selectors.assessment_page(referral)
    advice = page.recommendation
    parts = []
    for part in page.parts:
        found = part.assessment
        parts.append(
            {
                "component": part.component.value,
                "label": part.label,
                "rating": found.rating if found else None,
                "evidence": found.evidence if found else "",
                "answers": dict(found.answers) if found else {},
                "assessed_by": found.assessed_by_label if found else "",
                "assessed_at": found.assessed_at.isoformat() if found else None,
                "suggested": part.suggested.value if part.suggested else None,
                "sentences": list(part.sentences),
                "figures": figures_of(part.evidence) if part.evidence is not None else {},
                "figures_when_rated": dict(found.figures) if found else {},
            }
        )
    return {
        "referral": referral.public_id,
        "reference": referral.reference,
        "status": referral.status,
        "can_change": page.can_change,
        "ready_for_decision": page.ready,
        "components": parts,
        "recommendation": {
            "outcome": advice.outcome.value if advice.outcome else None,
            "not_met": [c.value for c in advice.not_met],
            "partly": [c.value for c in advice.partly],
            "missing": [c.value for c in advice.missing],
            "why": page.why,
        },
    }


def _block_out(block: DraftBlock) -> dict[str, Any]:
    return {
        "public_id": block.public_id,
        "weekday": block.weekday,
        "start": clock(block.start_minute),
        "end": clock(block.end_minute),
        "next_day": block.end_minute >= MINUTES_PER_DAY,
        "times": times_of(block),
        "kind": block.kind,
        "headcount": block.headcount,
        "activity": block.activity,
        "developmental": block.developmental,
    }


def _clock(name: str, text: str) -> int:
    try:
        return parse_clock(text, end=name == "end")
    except DjangoValidationError as exc:
        raise DjangoFieldErrors({name: exc.messages}) from exc


@router.get(
    "/referrals/{uuid:referral_id}/assessment",
    response={200: AssessmentOut, **ERRORS},
    summary="A referral's assessment: every component's rating, evidence and figures, and the "
    "recommendation with why",
)
def get_referral_assessment(request: HttpRequest, referral_id: uuid.UUID) -> dict[str, Any]:
    return _assessment_out(_referral(request, referral_id))


@router.put(
    "/referrals/{uuid:referral_id}/assessment/{component}",
    response={200: AssessmentOut, **ERRORS},
    summary="Rate one component with its evidence (and the answers, for clarity and family); "
    "rating again replaces it",
)
def put_referral_component(
    request: HttpRequest, referral_id: uuid.UUID, component: Component, payload: RatingIn
) -> dict[str, Any]:
    referral = _referral(request, referral_id)
    _run(
        lambda: services.rate_component(
            actor=actor(request),
            referral=referral,
            component=component.value,
            rating=payload.rating.value,
            evidence=payload.evidence,
            answers=payload.answers,
        )
    )
    return _assessment_out(referral)


@router.get(
    "/referrals/{uuid:referral_id}/draft-blocks",
    response={200: list[BlockOut], **ERRORS},
    summary="The draft support pattern's blocks, Monday first",
)
def list_referral_draft_blocks(
    request: HttpRequest, referral_id: uuid.UUID
) -> list[dict[str, Any]]:
    referral = _referral(request, referral_id)
    return [_block_out(b) for b in referral.draft_blocks.order_by("weekday", "start_minute")]


@router.post(
    "/referrals/{uuid:referral_id}/draft-blocks",
    response={201: BlockOut, **ERRORS},
    summary="Add a block to the draft support pattern (blocks may not overlap)",
)
def create_referral_draft_block(
    request: HttpRequest, referral_id: uuid.UUID, payload: BlockIn
) -> Status[dict[str, Any]]:
    referral = _referral(request, referral_id)
    start = _clock("start", payload.start)
    end = _clock("end", payload.end) + (MINUTES_PER_DAY if payload.next_day else 0)
    block = _run(
        lambda: services.add_draft_block(
            actor=actor(request),
            referral=referral,
            data=services.DraftBlockInput(
                weekday=payload.weekday,
                start_minute=start,
                end_minute=end,
                kind=payload.kind.value,
                headcount=payload.headcount,
                activity=payload.activity,
                developmental=payload.developmental,
            ),
        )
    )
    return Status(201, _block_out(block))


@router.delete(
    "/referrals/{uuid:referral_id}/draft-blocks/{uuid:block_id}",
    response={204: None, **ERRORS},
    summary="Remove a block from the draft support pattern",
)
def delete_referral_draft_block(
    request: HttpRequest, referral_id: uuid.UUID, block_id: uuid.UUID
) -> Status[None]:
    referral = _referral(request, referral_id)
    block = selectors.draft_block_or_404(referral, block_id)
    _run(lambda: services.remove_draft_block(actor=actor(request), block=block))
    return Status(204, None)
