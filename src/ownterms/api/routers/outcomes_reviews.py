"""/api/v1/people/{id}/reviews, /check-ins and /api/v1/outcomes/wtfc-rounds: person-centred
reviews, the person's easy-read check-ins and working together for change.

The same access and services as the pages: reviews follow the person's "plans and goals"
(administrators and managers write); check-ins are recorded by the person, their team and
their managers; rounds are for administrators and managers and name nobody. Rule breaks answer
422 with field paths (``body.actions.0.owner``, ``body.answers.home``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictInt

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.audit.services import record_overview_access
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.models import Action, CheckIn, Review, ReviewPoint, WtfcRound
from ownterms.outcomes.reviews_access import access_check_ins, access_reviews
from ownterms.outcomes.selectors import reviews as selectors
from ownterms.outcomes.selectors import wtfc as wtfc_selectors
from ownterms.outcomes.services import check_ins as check_in_services
from ownterms.outcomes.services import reviews as services
from ownterms.outcomes.services import wtfc as wtfc_services
from ownterms.people.models import CircleMember, Person
from ownterms.people.selectors import readable_categories
from ownterms.people.services import EditConflictError
from ownterms.plans.models import Goal
from ownterms.staff.models import StaffMember

router = Router(tags=["outcomes: reviews"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut, 409: ErrorOut}
T = TypeVar("T")

PerspectiveName = Literal["person", "family", "staff", "other"]
PointKind = Literal["working", "not_working", "future"]

# -- shapes -----------------------------------------------------------------------------------


class ReviewSummaryOut(Schema):
    public_id: uuid.UUID
    kind: str
    status: str
    due_on: dt.date
    held_on: dt.date | None
    reason: str
    overdue: bool


class ReviewDateOut(Schema):
    source: str = Field(description='"profile", "package" or "funding:<id>"')
    label: str
    due_on: dt.date


class ReviewsOut(Schema):
    overdue: list[ReviewSummaryOut]
    due: list[ReviewSummaryOut]
    held: list[ReviewSummaryOut]
    to_schedule: list[ReviewDateOut] = Field(
        description="Review dates on the record with no scheduled review for them yet"
    )


class ParticipantOut(Schema):
    public_id: uuid.UUID
    name: str
    perspective: str
    role: str


class PointOut(Schema):
    public_id: uuid.UUID
    perspective: str
    kind: str
    text: str
    verbatim: bool
    top_two: bool


class GoalRefOut(Schema):
    public_id: uuid.UUID
    title: str
    status: str


class ActionOut(Schema):
    public_id: uuid.UUID
    text: str
    owner: str
    due_on: dt.date
    goal: GoalRefOut | None


class CheckInOut(Schema):
    public_id: uuid.UUID
    on: dt.date
    answers: dict[str, int]
    own_words: str
    helped_by: str
    review: uuid.UUID | None


class ReviewOut(ReviewSummaryOut):
    what_matters: str
    questions: str
    budget_working: str
    budget_note: str
    participants: list[ParticipantOut]
    points: list[PointOut]
    actions: list[ActionOut]
    check_ins: list[CheckInOut]
    updated_at: dt.datetime


class PlanIn(Strict):
    """A scheduled review names the review date it comes from in ``reason``; an unplanned
    one says why now."""

    kind: Literal["scheduled", "unplanned"]
    due_on: dt.date
    reason: str = Field("", max_length=300, strict=True)


class ParticipantIn(Strict):
    """The person themself (``is_person``), someone in their circle (``circle_member``), a
    member of staff (``staff_member``), or anyone else by ``name`` and ``perspective``."""

    is_person: bool = Field(False, strict=True)
    circle_member: uuid.UUID | None = None
    staff_member: uuid.UUID | None = None
    name: str = Field("", max_length=150, strict=True)
    perspective: Literal["", "person", "family", "staff", "other"] = ""
    role: str = Field("", max_length=150, strict=True)


class PointIn(Strict):
    perspective: PerspectiveName
    kind: PointKind
    text: str = Field(max_length=2000, strict=True)
    verbatim: bool = Field(False, strict=True, description="The person's own words, as said")
    top_two: bool = Field(False, strict=True)


class ActionIn(Strict):
    """``goal``: link a goal the person already has instead of making a new one."""

    text: str = Field("", max_length=300, strict=True)
    owner: str = Field("", max_length=150, strict=True)
    due_on: dt.date | None = None
    goal: uuid.UUID | None = None


class AmendedActionIn(ActionIn):
    amend_reason: str = Field("", max_length=500, strict=True)


class HoldIn(Strict):
    held_on: dt.date
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=50)
    points: list[PointIn] = Field(default_factory=list, max_length=200)
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)
    what_matters: str | None = Field(None, max_length=6000, strict=True)
    questions: str | None = Field(None, max_length=4000, strict=True)
    budget_working: Literal["", "yes", "partly", "no"] | None = None
    budget_note: str | None = Field(None, max_length=1000, strict=True)


class CheckInIn(Strict):
    """``answers``: topic → a face from 1 (very unhappy) to 5 (very happy); leave a topic out
    to skip it. Topics: home, people, doing, staff, health, money, life."""

    on: dt.date
    answers: dict[str, StrictInt] = Field(default_factory=dict)
    own_words: str = Field("", max_length=4000, strict=True)
    helped_by: str = Field("", max_length=150, strict=True)
    review: uuid.UUID | None = None


class RoundOut(Schema):
    public_id: uuid.UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date = Field(description="The day after the period (not included)")
    held_on: dt.date | None


class RoundPointOut(Schema):
    public_id: uuid.UUID
    person: str = Field(description='Anonymised: "Person 1", "Person 2"…')
    perspective: str
    kind: str
    text: str
    verbatim: bool


class ThemeOut(Schema):
    public_id: uuid.UUID
    title: str
    kind: str
    i_statement: str
    root_causes: str
    success_measures: str
    points: list[uuid.UUID]


class RoundDetailOut(RoundOut):
    reviewed: int
    points: list[RoundPointOut]
    themes: list[ThemeOut]
    ungrouped: list[uuid.UUID]


class RoundIn(Strict):
    name: str = Field(max_length=150, strict=True)
    starts_on: dt.date
    ends_on: dt.date = Field(description="The day after the period (not included)")
    held_on: dt.date | None = None


class ThemeIn(Strict):
    title: str = Field(max_length=150, strict=True)
    kind: PointKind
    i_statement: str = Field(max_length=500, strict=True)
    root_causes: str = Field("", max_length=4000, strict=True)
    success_measures: str = Field("", max_length=4000, strict=True)
    points: list[uuid.UUID] = Field(default_factory=list, max_length=500)


# -- helpers ----------------------------------------------------------------------------------


def _run(write: Callable[[], T]) -> T:
    try:
        return write()
    except EditConflictError as exc:
        raise HttpError(409, "conflict") from exc
    except DjangoValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        raise DjangoFieldErrors(fields) from exc


def _summary(review: Review, today: dt.date) -> dict[str, Any]:
    return {
        "public_id": review.public_id,
        "kind": review.kind,
        "status": review.status,
        "due_on": review.due_on,
        "held_on": review.held_on,
        "reason": review.reason,
        "overdue": review.status == Review.Status.PLANNED and review.due_on < today,
    }


def _check_in_out(check_in: CheckIn, review_id: uuid.UUID | None) -> dict[str, Any]:
    return {
        "public_id": check_in.public_id,
        "on": check_in.on,
        "answers": check_in.answers if isinstance(check_in.answers, dict) else {},
        "own_words": check_in.own_words,
        "helped_by": check_in.helped_by,
        "review": review_id,
    }


def _action_out(action: Action) -> dict[str, Any]:
    goal = action.goal
    return {
        "public_id": action.public_id,
        "text": action.text,
        "owner": action.owner,
        "due_on": action.due_on,
        "goal": None
        if goal is None
        else {"public_id": goal.public_id, "title": goal.title, "status": goal.status},
    }


def _review_out(person: Person, review_id: uuid.UUID) -> dict[str, Any]:
    review = selectors.review_of(person, review_id)
    return {
        **_summary(review, timezone.localdate()),
        "what_matters": review.what_matters,
        "questions": review.questions,
        "budget_working": review.budget_working,
        "budget_note": review.budget_note,
        "participants": list(review.participants.all()),
        "points": list(review.points.all()),
        "actions": [_action_out(action) for action in review.actions.all()],
        "check_ins": [_check_in_out(c, review.public_id) for c in review.check_ins.all()],
        "updated_at": review.updated_at,
    }


def _goal(person: Person, public_id: uuid.UUID | None, field: str) -> Goal | None:
    if public_id is None:
        return None
    goal = Goal.objects.filter(person=person, public_id=public_id).first()
    if goal is None:
        raise DjangoFieldErrors({field: ["No such goal for this person."]})
    return goal


def _participant(person: Person, item: ParticipantIn, index: int) -> dict[str, Any]:
    values: dict[str, Any] = item.model_dump(exclude={"circle_member", "staff_member"})
    if item.circle_member is not None:
        member = CircleMember.objects.filter(person=person, public_id=item.circle_member).first()
        if member is None:
            raise DjangoFieldErrors(
                {f"participants.{index}.circle_member": ["No such member of the circle."]}
            )
        values["circle_member"] = member
    if item.staff_member is not None:
        staff = StaffMember.objects.filter(
            organisation_id=person.organisation_id, public_id=item.staff_member
        ).first()
        if staff is None:
            raise DjangoFieldErrors(
                {f"participants.{index}.staff_member": ["No such member of staff."]}
            )
        values["staff_member"] = staff
    return values


# -- reviews ----------------------------------------------------------------------------------


@router.get(
    "/people/{uuid:person_id}/reviews",
    response={200: ReviewsOut, **ERRORS},
    summary="A person's reviews: overdue, coming up, held, and review dates to schedule",
)
def outcomes_list_reviews(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    person = access_reviews(actor(request), person_id, page="api.outcomes.reviews").person
    today = timezone.localdate()
    readable = readable_categories(actor(request), person.public_id, {"profile", "plans", "money"})
    overview = selectors.overview(person, today, readable)
    return {
        "overdue": [_summary(r, today) for r in overview.overdue],
        "due": [_summary(r, today) for r in overview.due],
        "held": [_summary(r, today) for r in overview.held],
        "to_schedule": [
            {"source": d.key, "label": str(d.label), "due_on": d.due_on}
            for d in overview.to_schedule
        ],
    }


@router.post(
    "/people/{uuid:person_id}/reviews",
    response={201: ReviewOut, **WRITE_ERRORS},
    summary="Plan a review",
)
def outcomes_plan_review(
    request: HttpRequest, person_id: uuid.UUID, payload: PlanIn
) -> Status[dict[str, Any]]:
    access = access_reviews(actor(request), person_id, write=True, page="api.outcomes.reviews")
    review = _run(
        lambda: services.plan_review(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    )
    return Status(201, _review_out(access.person, review.public_id))


@router.get(
    "/people/{uuid:person_id}/reviews/{uuid:review_id}",
    response={200: ReviewOut, **ERRORS},
    summary="One review: who took part, what was said, actions and their goals, check-ins",
)
def outcomes_get_review(
    request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID
) -> dict[str, Any]:
    person = access_reviews(actor(request), person_id, page="api.outcomes.review").person
    return _review_out(person, review_id)


@router.post(
    "/people/{uuid:person_id}/reviews/{uuid:review_id}/hold",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Record a planned review as held (at least one participant); actions become goals",
)
def outcomes_hold_review(
    request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID, payload: HoldIn
) -> dict[str, Any]:
    access = access_reviews(actor(request), person_id, write=True, page="api.outcomes.review")
    person = access.person
    review = selectors.review_of(person, review_id)
    participants = [_participant(person, p, i) for i, p in enumerate(payload.participants)]
    actions = []
    for index, item in enumerate(payload.actions):
        values = item.model_dump(exclude={"goal"})
        values["goal"] = _goal(person, item.goal, f"actions.{index}.goal")
        actions.append(values)
    details = {
        name: value
        for name in ("what_matters", "questions", "budget_working", "budget_note")
        if (value := getattr(payload, name)) is not None
    }
    _run(
        lambda: services.hold_review(
            actor=actor(request),
            review=review,
            held_on=payload.held_on,
            participants=participants,
            points=[p.model_dump() for p in payload.points],
            actions=actions,
            basis=access.basis.value,
            **details,
        )
    )
    return _review_out(person, review.public_id)


@router.post(
    "/people/{uuid:person_id}/reviews/{uuid:review_id}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    summary="Add an action (on a held review: with amend_reason; it becomes a goal at once)",
)
def outcomes_add_review_action(
    request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID, payload: AmendedActionIn
) -> Status[dict[str, Any]]:
    access = access_reviews(actor(request), person_id, write=True, page="api.outcomes.review")
    review = selectors.review_of(access.person, review_id)
    values = payload.model_dump(exclude={"goal"})
    goal = _goal(access.person, payload.goal, "goal")
    action = _run(
        lambda: services.add_action(
            actor=actor(request), review=review, goal=goal, basis=access.basis.value, **values
        )
    )
    return Status(201, _action_out(action))


# -- check-ins --------------------------------------------------------------------------------


@router.get(
    "/people/{uuid:person_id}/check-ins",
    response={200: list[CheckInOut], **ERRORS},
    summary="The person's easy-read check-ins, newest first",
)
def outcomes_list_check_ins(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, Any]]:
    person = access_check_ins(actor(request), person_id, page="api.outcomes.check_ins").person
    return [
        _check_in_out(c, c.review.public_id if c.review else None)
        for c in selectors.check_ins_of(person)
    ]


@router.post(
    "/people/{uuid:person_id}/check-ins",
    response={201: CheckInOut, **WRITE_ERRORS},
    summary="Record a check-in (the person, their team or their managers)",
)
def outcomes_record_check_in(
    request: HttpRequest, person_id: uuid.UUID, payload: CheckInIn
) -> Status[dict[str, Any]]:
    access = access_check_ins(actor(request), person_id, write=True, page="api.outcomes.check_ins")
    review = None
    if payload.review is not None:
        review = Review.objects.filter(person=access.person, public_id=payload.review).first()
        if review is None:
            raise DjangoFieldErrors({"review": ["No such review for this person."]})
    check_in = _run(
        lambda: check_in_services.record_check_in(
            actor=actor(request),
            person=access.person,
            on=payload.on,
            answers=payload.answers,
            own_words=payload.own_words,
            helped_by=payload.helped_by,
            review=review,
            basis=access.basis.value,
        )
    )
    return Status(201, _check_in_out(check_in, payload.review))


# -- working together for change --------------------------------------------------------------


def _round_for(request: HttpRequest, round_id: uuid.UUID) -> WtfcRound:
    user = actor(request)
    require_report_reader(user)
    found = wtfc_selectors.round_of(user.organisation_id, round_id)
    record_overview_access(
        actor=user,
        action="wtfc_round.view",
        obj=found,
        page="api.outcomes.wtfc",
        basis="report_reader",
    )
    return found


def _round_detail(round_: WtfcRound) -> dict[str, Any]:
    view = wtfc_selectors.round_view(round_)
    return {
        "public_id": round_.public_id,
        "name": round_.name,
        "starts_on": round_.starts_on,
        "ends_on": round_.ends_on,
        "held_on": round_.held_on,
        "reviewed": view.reviewed,
        "points": [
            {
                "public_id": e.point.public_id,
                "person": e.label,
                "perspective": e.point.perspective,
                "kind": e.point.kind,
                "text": e.point.text,
                "verbatim": e.point.verbatim,
            }
            for e in view.all_points
        ],
        "themes": [
            {
                "public_id": t.theme.public_id,
                "title": t.theme.title,
                "kind": t.theme.kind,
                "i_statement": t.theme.i_statement,
                "root_causes": t.theme.root_causes,
                "success_measures": t.theme.success_measures,
                "points": [e.point.public_id for e in t.points],
            }
            for t in view.themes
        ],
        "ungrouped": [e.point.public_id for e in view.ungrouped],
    }


@router.get(
    "/outcomes/wtfc-rounds",
    response={200: list[RoundOut], **ERRORS},
    summary="Rounds of working together for change (administrators and managers)",
)
def outcomes_list_wtfc_rounds(request: HttpRequest) -> list[WtfcRound]:
    user = actor(request)
    require_report_reader(user)
    return list(wtfc_selectors.rounds_of(user.organisation_id))


@router.post(
    "/outcomes/wtfc-rounds",
    response={201: RoundOut, **WRITE_ERRORS},
    summary="Start a round over the reviews held in a period",
)
def outcomes_create_wtfc_round(request: HttpRequest, payload: RoundIn) -> Status[WtfcRound]:
    user = actor(request)
    require_report_reader(user)
    round_ = _run(
        lambda: wtfc_services.create_round(
            actor=user, organisation=user.organisation, **payload.model_dump()
        )
    )
    return Status(201, round_)


@router.get(
    "/outcomes/wtfc-rounds/{uuid:round_id}",
    response={200: RoundDetailOut, **ERRORS},
    summary="A round: the points it collected (anonymised), its themes, the ungrouped points",
)
def outcomes_get_wtfc_round(request: HttpRequest, round_id: uuid.UUID) -> dict[str, Any]:
    return _round_detail(_round_for(request, round_id))


@router.post(
    "/outcomes/wtfc-rounds/{uuid:round_id}/themes",
    response={201: ThemeOut, **WRITE_ERRORS},
    summary="Add a theme grouping some of the round's points (of the theme's kind)",
)
def outcomes_add_wtfc_theme(
    request: HttpRequest, round_id: uuid.UUID, payload: ThemeIn
) -> Status[dict[str, Any]]:
    round_ = _round_for(request, round_id)
    eligible = {p.public_id: p for p in wtfc_selectors.round_points(round_)}
    unknown = [str(i) for i in payload.points if i not in eligible]
    if unknown:
        raise DjangoFieldErrors({"points": ["Not points of this round: " + ", ".join(unknown)]})
    chosen: list[ReviewPoint] = [eligible[i] for i in payload.points]
    theme = _run(
        lambda: wtfc_services.add_theme(
            actor=actor(request),
            round_=round_,
            points=chosen,
            **payload.model_dump(exclude={"points"}),
        )
    )
    return Status(
        201,
        {
            "public_id": theme.public_id,
            "title": theme.title,
            "kind": theme.kind,
            "i_statement": theme.i_statement,
            "root_causes": theme.root_causes,
            "success_measures": theme.success_measures,
            "points": [p.public_id for p in chosen],
        },
    )
