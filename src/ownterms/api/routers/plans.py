"""/api/v1/people/{id}/profile, /goals, /routine, /policies: the person's plan.

The same access rules (``people.access.access_person`` with the page's consent category) and
the same services as the pages; conflicts answer 409, rule breaks 422 with field errors.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory
from ownterms.plans import selectors, services
from ownterms.plans.models import Goal, PolicyVersion, ProfileVersion, RoutineActivity
from ownterms.plans.services import EditConflictError
from ownterms.vocabulary.models import Skill

router = Router(tags=["plans"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut, 409: ErrorOut}
PROFILE = ConsentCategory.PROFILE
PLANS = ConsentCategory.PLANS

T = TypeVar("T")

# -- shapes -----------------------------------------------------------------------------------


class ProfileVersionOut(Schema):
    number: int
    appreciated: str
    important: str
    support: str
    review_on: dt.date
    created_at: dt.datetime
    created_by: str = Field(alias="created_by_label")


class VersionSummaryOut(Schema):
    number: int
    review_on: dt.date
    created_at: dt.datetime
    created_by: str = Field(alias="created_by_label")


class ProfileOut(Schema):
    current: ProfileVersionOut | None
    due_for_review: bool
    versions: list[VersionSummaryOut]
    strengths: str
    interests: list[str]


class ProfileIn(Strict):
    """``based_on``: the version number you read (0 if there was none); a newer one is a 409."""

    appreciated: str = Field(max_length=4000, strict=True)
    important: str = Field(max_length=4000, strict=True)
    support: str = Field(max_length=4000, strict=True)
    review_on: dt.date
    based_on: int | None = Field(None, ge=0)


class GoalOut(Schema):
    public_id: uuid.UUID
    title: str
    owner: str
    next_step: str
    due_on: dt.date | None
    status: str
    achieved_on: dt.date | None
    updated_at: dt.datetime


GoalStatus = Literal["not_started", "in_progress", "achieved", "stopped"]


class GoalIn(Strict):
    title: str = Field(min_length=1, max_length=200, strict=True)
    owner: str = Field(min_length=1, max_length=150, strict=True)
    next_step: str = Field("", max_length=500, strict=True)
    due_on: dt.date | None = None
    status: GoalStatus = "not_started"
    achieved_on: dt.date | None = None


class GoalUpdate(Strict):
    """Only the fields sent change; ``updated_at`` from your read guards against overwriting."""

    title: str | None = Field(None, min_length=1, max_length=200, strict=True)
    owner: str | None = Field(None, min_length=1, max_length=150, strict=True)
    next_step: str | None = Field(None, max_length=500, strict=True)
    due_on: dt.date | None = None
    status: GoalStatus | None = None
    achieved_on: dt.date | None = None
    updated_at: dt.datetime | None = None


class SessionOut(Schema):
    public_id: uuid.UUID
    method: str
    held_on: dt.date
    participants: str
    sections: dict[str, str]
    has_graphic: bool


class GoalsOut(Schema):
    north_star: str
    dreams: str
    goals: list[GoalOut]
    sessions: list[SessionOut]


class ActivityOut(Schema):
    public_id: uuid.UUID
    name: str
    place: str
    day: int
    starts_at: dt.time
    ends_at: dt.time
    frequency: str
    since: dt.date | None
    who_goes: str
    support_needed: str
    skill: str | None
    interest: str | None
    updated_at: dt.datetime


class ActivityIn(Strict):
    """``day``: 0 is Monday, 6 is Sunday. ``skill``: a skill's public id. ``interest``: a label
    from the shared vocabulary (created if new)."""

    name: str = Field(min_length=1, max_length=150, strict=True)
    place: str = Field("", max_length=200, strict=True)
    day: int = Field(ge=0, le=6, strict=True)
    starts_at: dt.time
    ends_at: dt.time
    frequency: Literal["weekly", "fortnightly", "monthly", "occasional"] = "weekly"
    since: dt.date | None = None
    who_goes: str = Field("", max_length=300, strict=True)
    support_needed: str = Field("", max_length=500, strict=True)
    skill: uuid.UUID | None = None
    interest: str | None = Field(None, max_length=60, strict=True)


class ActivityUpdate(Strict):
    """Only the fields sent change; ``updated_at`` from your read guards against overwriting."""

    name: str | None = Field(None, min_length=1, max_length=150, strict=True)
    place: str | None = Field(None, max_length=200, strict=True)
    day: int | None = Field(None, ge=0, le=6, strict=True)
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    frequency: Literal["weekly", "fortnightly", "monthly", "occasional"] | None = None
    since: dt.date | None = None
    who_goes: str | None = Field(None, max_length=300, strict=True)
    support_needed: str | None = Field(None, max_length=500, strict=True)
    skill: uuid.UUID | None = None
    interest: str | None = Field(None, max_length=60, strict=True)
    updated_at: dt.datetime | None = None


class StrengthsOut(Schema):
    strengths: str
    interests: list[str]
    updated_at: dt.datetime


class StrengthsUpdate(Strict):
    """``interests``: labels from the shared vocabulary (created if new); replaces the list."""

    strengths: str | None = Field(None, max_length=4000, strict=True)
    interests: list[str] | None = Field(None, max_length=30)
    updated_at: dt.datetime | None = None


class AspirationsOut(Schema):
    north_star: str
    dreams: str
    updated_at: dt.datetime


class AspirationsUpdate(Strict):
    north_star: str | None = Field(None, max_length=2000, strict=True)
    dreams: str | None = Field(None, max_length=4000, strict=True)
    updated_at: dt.datetime | None = None


class PolicyVersionOut(Schema):
    number: int
    title: str
    text: str
    owner: str
    review_on: dt.date
    created_at: dt.datetime
    created_by: str = Field(alias="created_by_label")


class PolicyOut(Schema):
    public_id: uuid.UUID
    kind: str
    current: PolicyVersionOut
    versions: int
    due_for_review: bool


PolicyKind = Literal["medication", "money", "risk", "visitors", "positive_risk", "other"]


class PolicyRevision(Strict):
    """``based_on``: the version number you read; a newer one is a 409."""

    title: str = Field(min_length=1, max_length=200, strict=True)
    text: str = Field(min_length=1, max_length=8000, strict=True)
    owner: str = Field(min_length=1, max_length=150, strict=True)
    review_on: dt.date
    based_on: int | None = Field(None, ge=0)


class PolicyIn(Strict):
    kind: PolicyKind
    title: str = Field(min_length=1, max_length=200, strict=True)
    text: str = Field(min_length=1, max_length=8000, strict=True)
    owner: str = Field(min_length=1, max_length=150, strict=True)
    review_on: dt.date


# -- helpers ----------------------------------------------------------------------------------


def _access(
    request: HttpRequest, person_id: uuid.UUID, category: str, page: str, *, write: bool = False
) -> PersonAccess:
    return access_person(actor(request), person_id, category=category, write=write, page=page)


def _run(write: Callable[[], T]) -> T:
    try:
        return write()
    except EditConflictError as exc:
        raise HttpError(409, "conflict") from exc
    except DjangoValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        raise DjangoFieldErrors(fields) from exc


def _skill(access: PersonAccess, public_id: uuid.UUID | None) -> Skill | None:
    if public_id is None:
        return None
    skill = Skill.objects.filter(
        organisation_id=access.person.organisation_id, public_id=public_id
    ).first()
    if skill is None:
        raise DjangoFieldErrors({"skill": ["No such skill in this organisation."]})
    return skill


def _activity_out(activity: RoutineActivity) -> dict[str, object]:
    return {
        **{
            name: getattr(activity, name)
            for name in (
                "public_id",
                "name",
                "place",
                "day",
                "starts_at",
                "ends_at",
                "frequency",
                "since",
                "who_goes",
                "support_needed",
                "updated_at",
            )
        },
        "skill": str(activity.skill.public_id) if activity.skill else None,
        "interest": activity.interest.label if activity.interest else None,
    }


def _policy_out(policy_public_id: uuid.UUID, kind: str, versions: list[PolicyVersion]) -> dict:  # type: ignore[type-arg]
    current = versions[0]
    return {
        "public_id": policy_public_id,
        "kind": kind,
        "current": current,
        "versions": len(versions),
        "due_for_review": selectors.is_due(current.review_on),
    }


# -- profile ----------------------------------------------------------------------------------


@router.get(
    "/{uuid:person_id}/profile",
    response={200: ProfileOut, **ERRORS},
    summary="The one-page profile, its versions, strengths and interests",
)
def get_profile(request: HttpRequest, person_id: uuid.UUID) -> dict[str, object]:
    person = _access(request, person_id, PROFILE, "api.plans.profile").person
    current = selectors.current_profile(person)
    plan = selectors.plan_of(person)
    return {
        "current": current,
        "due_for_review": current is not None and selectors.is_due(current.review_on),
        "versions": list(selectors.profile_versions(person)),
        "strengths": plan.strengths if plan else "",
        "interests": selectors.interests_of(plan),
    }


@router.post(
    "/{uuid:person_id}/profile",
    response={201: ProfileVersionOut, **WRITE_ERRORS},
    summary="Save a new version of the one-page profile",
)
def save_profile_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: ProfileIn
) -> Status[ProfileVersion]:
    access = _access(request, person_id, PROFILE, "api.plans.profile", write=True)
    version = _run(
        lambda: services.save_profile(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    )
    return Status(201, version)


@router.get(
    "/{uuid:person_id}/profile/versions/{int:number}",
    response={200: ProfileVersionOut, **ERRORS},
    summary="One saved version of the one-page profile",
)
def get_profile_version(request: HttpRequest, person_id: uuid.UUID, number: int) -> ProfileVersion:
    person = _access(request, person_id, PROFILE, "api.plans.profile").person
    return selectors.profile_version(person, number)


@router.patch(
    "/{uuid:person_id}/profile/strengths",
    response={200: StrengthsOut, **WRITE_ERRORS},
    summary="Change strengths and gifts, and interests",
)
def update_strengths_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: StrengthsUpdate
) -> dict[str, object]:
    access = _access(request, person_id, PROFILE, "api.plans.profile", write=True)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    interests = changes.pop("interests", None)
    labels: list[str] = []
    if interests is not None:
        labels = [" ".join(str(label).split()) for label in interests]
        if any(len(label) > 60 for label in labels):
            raise DjangoFieldErrors({"interests": ["Keep each interest under 60 characters."]})
        if len({label.casefold() for label in labels}) != len(labels):
            raise DjangoFieldErrors({"interests": ["An interest is listed twice."]})
    texts: dict[str, Any] = {
        name: str(value or "") for name, value in changes.items() if name == "strengths"
    }
    plan = _run(
        lambda: services.update_plan(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            expected_updated_at=expected,
            interests=labels if interests is not None else None,
            **texts,
        )
    )
    return {
        "strengths": plan.strengths,
        "interests": selectors.interests_of(plan),
        "updated_at": plan.updated_at,
    }


# -- goals ------------------------------------------------------------------------------------


@router.get(
    "/{uuid:person_id}/goals",
    response={200: GoalsOut, **ERRORS},
    summary="North star, dreams, goals and PATH/MAP sessions",
)
def get_goals(request: HttpRequest, person_id: uuid.UUID) -> dict[str, object]:
    person = _access(request, person_id, PLANS, "api.plans.goals").person
    plan = selectors.plan_of(person)
    return {
        "north_star": plan.north_star if plan else "",
        "dreams": plan.dreams if plan else "",
        "goals": list(selectors.goals_of(person)),
        "sessions": [
            {
                "public_id": record.public_id,
                "method": record.method,
                "held_on": record.held_on,
                "participants": record.participants,
                "sections": record.sections,
                "has_graphic": bool(record.graphic),
            }
            for record in selectors.sessions_of(person)
        ],
    }


@router.patch(
    "/{uuid:person_id}/goals/aspirations",
    response={200: AspirationsOut, **WRITE_ERRORS},
    summary="Change the north star and dreams",
)
def update_aspirations_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: AspirationsUpdate
) -> dict[str, object]:
    access = _access(request, person_id, PLANS, "api.plans.goals", write=True)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    texts: dict[str, Any] = {name: str(value or "") for name, value in changes.items()}
    plan = _run(
        lambda: services.update_plan(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            expected_updated_at=expected,
            **texts,
        )
    )
    return {"north_star": plan.north_star, "dreams": plan.dreams, "updated_at": plan.updated_at}


@router.post(
    "/{uuid:person_id}/goals", response={201: GoalOut, **WRITE_ERRORS}, summary="Add a goal"
)
def add_goal_endpoint(request: HttpRequest, person_id: uuid.UUID, payload: GoalIn) -> Status[Goal]:
    access = _access(request, person_id, PLANS, "api.plans.goals", write=True)
    goal = _run(
        lambda: services.add_goal(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    )
    return Status(201, goal)


@router.patch(
    "/{uuid:person_id}/goals/{uuid:goal_id}",
    response={200: GoalOut, **WRITE_ERRORS},
    summary="Change a goal",
)
def update_goal_endpoint(
    request: HttpRequest, person_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalUpdate
) -> Goal:
    access = _access(request, person_id, PLANS, "api.plans.goals", write=True)
    goal = selectors.goal_of(access.person, goal_id)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    for required in ("title", "owner", "status"):
        if required in changes and changes[required] is None:
            raise DjangoFieldErrors({required: ["This field cannot be empty."]})
    if "next_step" in changes and changes["next_step"] is None:
        changes["next_step"] = ""
    return _run(
        lambda: services.update_goal(
            actor=actor(request),
            goal=goal,
            basis=access.basis.value,
            expected_updated_at=expected,
            **changes,
        )
    )


# -- routine ----------------------------------------------------------------------------------


@router.get(
    "/{uuid:person_id}/routine",
    response={200: list[ActivityOut], **ERRORS},
    summary="The weekly routine: activities, groups and places",
)
def get_routine(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, object]]:
    person = _access(request, person_id, PROFILE, "api.plans.routine").person
    return [_activity_out(activity) for activity in selectors.routine_of(person)]


@router.post(
    "/{uuid:person_id}/routine",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Add an activity to the weekly routine",
)
def add_activity_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: ActivityIn
) -> Status[dict[str, object]]:
    access = _access(request, person_id, PROFILE, "api.plans.routine", write=True)
    fields = payload.model_dump()
    skill = _skill(access, fields.pop("skill"))
    activity = _run(
        lambda: services.add_activity(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            skill=skill,
            **fields,
        )
    )
    return Status(201, _activity_out(activity))


@router.patch(
    "/{uuid:person_id}/routine/{uuid:activity_id}",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Change an activity of the weekly routine",
)
def update_activity_endpoint(
    request: HttpRequest, person_id: uuid.UUID, activity_id: uuid.UUID, payload: ActivityUpdate
) -> dict[str, object]:
    access = _access(request, person_id, PROFILE, "api.plans.routine", write=True)
    activity = selectors.activity_of(access.person, activity_id)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    for required in ("name", "day", "starts_at", "ends_at", "frequency"):
        if required in changes and changes[required] is None:
            raise DjangoFieldErrors({required: ["This field cannot be empty."]})
    for text in ("place", "who_goes", "support_needed"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if "skill" in changes:
        changes["skill"] = _skill(access, changes["skill"])
    updated = _run(
        lambda: services.update_activity(
            actor=actor(request),
            activity=activity,
            basis=access.basis.value,
            expected_updated_at=expected,
            **changes,
        )
    )
    return _activity_out(updated)


@router.delete(
    "/{uuid:person_id}/routine/{uuid:activity_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take an activity off the weekly routine",
)
def remove_activity_endpoint(
    request: HttpRequest, person_id: uuid.UUID, activity_id: uuid.UUID
) -> Status[None]:
    access = _access(request, person_id, PROFILE, "api.plans.routine", write=True)
    activity = selectors.activity_of(access.person, activity_id)
    services.remove_activity(actor=actor(request), activity=activity, basis=access.basis.value)
    return Status(204, None)


# -- policies ---------------------------------------------------------------------------------


@router.get(
    "/{uuid:person_id}/policies",
    response={200: list[PolicyOut], **ERRORS},
    summary="Individual policies, each with its current version",
)
def get_policies(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, object]]:
    person = _access(request, person_id, PLANS, "api.plans.policies").person
    return [
        _policy_out(policy.public_id, policy.kind, policy.all_versions)  # type: ignore[attr-defined]
        for policy in selectors.policies_of(person)
        if policy.all_versions  # type: ignore[attr-defined]
    ]


class PolicyHistoryOut(Schema):
    public_id: uuid.UUID
    kind: str
    due_for_review: bool
    versions: list[PolicyVersionOut]


@router.get(
    "/{uuid:person_id}/policies/{uuid:policy_id}",
    response={200: PolicyHistoryOut, **ERRORS},
    summary="One individual policy with every version, newest first",
)
def get_policy(
    request: HttpRequest, person_id: uuid.UUID, policy_id: uuid.UUID
) -> dict[str, object]:
    person = _access(request, person_id, PLANS, "api.plans.policies").person
    policy = selectors.policy_of(person, policy_id)
    versions = list(selectors.policy_versions(policy))
    return {
        "public_id": policy.public_id,
        "kind": policy.kind,
        "due_for_review": bool(versions) and selectors.is_due(versions[0].review_on),
        "versions": versions,
    }


@router.post(
    "/{uuid:person_id}/policies",
    response={201: PolicyOut, **WRITE_ERRORS},
    summary="Add an individual policy",
)
def add_policy_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: PolicyIn
) -> Status[dict[str, object]]:
    access = _access(request, person_id, PLANS, "api.plans.policies", write=True)
    version = _run(
        lambda: services.add_policy(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    )
    return Status(201, _policy_out(version.policy.public_id, version.policy.kind, [version]))


@router.post(
    "/{uuid:person_id}/policies/{uuid:policy_id}/versions",
    response={201: PolicyOut, **WRITE_ERRORS},
    summary="Save a new version of an individual policy",
)
def revise_policy_endpoint(
    request: HttpRequest, person_id: uuid.UUID, policy_id: uuid.UUID, payload: PolicyRevision
) -> Status[dict[str, object]]:
    access = _access(request, person_id, PLANS, "api.plans.policies", write=True)
    policy = selectors.policy_of(access.person, policy_id)
    _run(
        lambda: services.revise_policy(
            actor=actor(request),
            policy=policy,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    )
    versions = list(selectors.policy_versions(policy))
    return Status(201, _policy_out(policy.public_id, policy.kind, versions))
