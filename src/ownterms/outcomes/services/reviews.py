"""Person-centred reviews: planning one, recording what was said, holding it, amending it.

Every write runs in one transaction with its audit event. While a review is *planned* its
record is a draft that can be built up over several visits (participants, points, actions).
Holding it needs at least one participant; the actions then become goals through the plans
app's own service (``plans.services.add_goal``), never by writing ``Goal`` rows here.

Once *held*, a review is never silently changed: every further change needs a reason
(``amend_reason``) and is audited as ``review.amend.<what>`` with that reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.versions import changed_since
from ownterms.outcomes.models import Action, Participant, Perspective, Review, ReviewPoint
from ownterms.people.models import CircleMember, Person
from ownterms.people.services import EditConflictError
from ownterms.plans import services as plans_services
from ownterms.plans.models import Goal
from ownterms.staff.models import StaffMember

__all__ = [
    "EditConflictError",
    "add_action",
    "add_participant",
    "add_point",
    "choose_top",
    "hold_review",
    "plan_review",
    "remove_action",
    "remove_participant",
    "remove_point",
    "update_review",
]

#: How far back a planned review's due date may be (an overdue review scheduled late).
MAX_DUE_BEHIND = dt.timedelta(days=366)
#: How far ahead a review may be planned.
MAX_DUE_AHEAD = dt.timedelta(days=3 * 366)
#: How many points of each kind are chosen for working together for change.
TOP_PICKS = 2
REVIEW_FIELDS = (
    "kind",
    "status",
    "due_on",
    "held_on",
    "reason",
    "what_matters",
    "questions",
    "budget_working",
    "budget_note",
)
#: What may be changed with ``update_review`` (``held_on`` only once held).
EDITABLE = (
    "due_on",
    "held_on",
    "reason",
    "what_matters",
    "questions",
    "budget_working",
    "budget_note",
)
PARTICIPANT_FIELDS = ("name", "perspective", "role", "circle_member", "staff_member")
POINT_FIELDS = ("perspective", "kind", "text", "verbatim", "top_two")
ACTION_FIELDS = ("text", "owner", "due_on", "goal")


# -- helpers ----------------------------------------------------------------------------------


def _lock(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .get(pk=review.pk)
    )


def _reason_for(review: Review, amend_reason: str) -> str:
    """The amendment's reason for a held review (required), '' for a planned one."""
    reason = " ".join((amend_reason or "").split())
    if review.status == Review.Status.HELD and not reason:
        raise ValidationError(
            {"amend_reason": _("This review has been held. Say why you are changing it.")}
        )
    if len(reason) > 500:
        raise ValidationError({"amend_reason": _("Keep the reason under 500 characters.")})
    return reason if review.status == Review.Status.HELD else ""


def _audit(
    *,
    actor: User,
    review: Review,
    what: str,
    obj: Any,
    changes: Mapping[str, Any],
    reason: str,
    basis: str,
) -> None:
    """One audit event; an amendment of a held review says so and carries its reason."""
    payload = dict(changes)
    if reason:
        payload["amend_reason"] = {"new": reason}
    record_change(
        actor=actor,
        organisation=review.person.organisation,
        action=f"review.amend.{what}" if reason else f"review.{what}",
        obj=obj,
        person=review.person,
        changes=payload,
        basis=basis,
    )


def _touch(review: Review) -> None:
    """Marks the review changed (its ``updated_at`` guards concurrent edits of the record)."""
    review.save(update_fields=["updated_at"])


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The same errors with each field renamed ``<prefix><field>`` (``actions.0.owner``)."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {f"{prefix}{name}": messages for name, messages in error.message_dict.items()}
        )
    return ValidationError({prefix.rstrip("."): error.messages})


def _check_due_on(due_on: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if due_on is None:
        raise ValidationError({"due_on": _("Enter the date the review is due.")})
    if due_on < today - MAX_DUE_BEHIND:
        raise ValidationError({"due_on": _("The due date can't be more than a year ago.")})
    if due_on > today + MAX_DUE_AHEAD:
        raise ValidationError({"due_on": _("The due date must be within the next three years.")})
    return due_on


def _check_held_on(held_on: dt.date | None) -> dt.date:
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the date the review was held.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The review can't be held in the future.")})
    if held_on < timezone.localdate() - MAX_DUE_BEHIND:
        raise ValidationError({"held_on": _("The date held can't be more than a year ago.")})
    return held_on


def _text(value: str | None, limit: int, field: str, message: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError({field: message % {"max": limit}})
    return text


# -- planning and the record's text -----------------------------------------------------------


@transaction.atomic
def plan_review(
    *,
    actor: User,
    person: Person,
    kind: str,
    due_on: dt.date | None,
    reason: str = "",
    basis: str = "",
) -> Review:
    """Plans a review: ``scheduled`` (from a review date the system holds; ``reason`` names
    it) or ``unplanned`` (``reason`` says why now, required)."""
    check_same_organisation(actor, person)
    errors: dict[str, str] = {}
    if kind not in Review.Kind.values:
        errors["kind"] = _("Choose whether the review is scheduled or unplanned.")
    reason = " ".join((reason or "").split())
    if kind == Review.Kind.UNPLANNED and not reason:
        errors["reason"] = _("Say why this review is needed now.")
    if len(reason) > 300:
        errors["reason"] = _("Keep the reason under 300 characters.")
    try:
        _check_due_on(due_on)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    Person.objects.select_for_update().get(pk=person.pk)
    if Review.objects.filter(
        person=person, kind=kind, due_on=due_on, status=Review.Status.PLANNED
    ).exists():
        raise ValidationError({"due_on": _("A review is already planned for that date.")})
    review = Review(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        due_on=due_on,
        reason=reason,
        created_by=actor,
    )
    review.full_clean()
    review.save()
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="review.plan",
        obj=review,
        person=person,
        changes=field_changes(None, review, fields=REVIEW_FIELDS),
        basis=basis,
    )
    return review


@transaction.atomic
def update_review(
    *,
    actor: User,
    review: Review,
    amend_reason: str = "",
    expected_updated_at: dt.datetime | None = None,
    basis: str = "",
    **changes: Any,
) -> Review:
    """Changes the review's own fields (what matters, questions, the budget, dates)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, review)
    locked = _lock(review)
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    reason = _reason_for(locked, amend_reason)
    old = snapshot(locked, REVIEW_FIELDS)
    errors: dict[str, str] = {}
    for name, value in changes.items():
        if name in ("due_on", "held_on"):
            continue
        setattr(locked, name, (value or "").strip() if isinstance(value, str | None) else value)
    if "due_on" in changes and changes["due_on"] != locked.due_on:
        if locked.status == Review.Status.HELD:
            errors["due_on"] = _("A held review's due date can't change.")
        else:
            try:
                locked.due_on = _check_due_on(changes["due_on"])
            except ValidationError as error:
                errors["due_on"] = error.message_dict["due_on"][0]
    if "held_on" in changes and changes["held_on"] != locked.held_on:
        if locked.status != Review.Status.HELD:
            errors["held_on"] = _("Mark the review as held to give the date it was held.")
        else:
            try:
                locked.held_on = _check_held_on(changes["held_on"])
            except ValidationError as error:
                errors["held_on"] = error.message_dict["held_on"][0]
    if locked.kind == Review.Kind.UNPLANNED and not locked.reason:
        errors["reason"] = _("Say why this review is needed now.")
    if locked.budget_working not in ("", *Review.BudgetWorking.values):
        errors["budget_working"] = _("Choose yes, partly or no.")
    if errors:
        raise ValidationError(errors)
    locked.full_clean(exclude=["person", "organisation"])
    diff = field_changes(old, locked, fields=REVIEW_FIELDS, private=Review.audit_private_fields)
    if not diff:
        return locked
    locked.save()
    _audit(
        actor=actor,
        review=locked,
        what="update",
        obj=locked,
        changes=diff,
        reason=reason,
        basis=basis,
    )
    return locked


# -- participants -----------------------------------------------------------------------------


@transaction.atomic
def add_participant(
    *,
    actor: User,
    review: Review,
    name: str = "",
    perspective: str = "",
    role: str = "",
    circle_member: CircleMember | None = None,
    staff_member: StaffMember | None = None,
    is_person: bool = False,
    amend_reason: str = "",
    basis: str = "",
) -> Participant:
    """Adds someone who took part: the person themself (``is_person``), someone from their
    circle or their team (name and perspective follow), or someone typed in."""
    check_same_organisation(actor, review, circle_member, staff_member)
    locked = _lock(review)
    reason = _reason_for(locked, amend_reason)
    person = locked.person
    if circle_member is not None and circle_member.person_id != person.pk:
        raise ValidationError({"circle_member": _("Choose someone from the person's circle.")})
    if is_person:
        name, perspective = name or person.called, Perspective.PERSON
    elif circle_member is not None:
        name = name or circle_member.name
        role = role or circle_member.relationship
        if not perspective:
            professional = circle_member.kind == CircleMember.Kind.PROFESSIONAL
            perspective = Perspective.OTHER if professional else Perspective.FAMILY
    elif staff_member is not None:
        name = name or f"{staff_member.first_name} {staff_member.last_name}".strip()
        role = role or staff_member.job_title
        perspective = perspective or Perspective.STAFF
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Enter the name of who took part.")
    elif len(name) > 150:
        errors["name"] = _("Keep the name under 150 characters.")
    if perspective not in Perspective.values:
        errors["perspective"] = _(
            "Choose whose view they gave: the person, family, staff or others."
        )
    role = " ".join((role or "").split())
    if len(role) > 150:
        errors["role"] = _("Keep the role under 150 characters.")
    if errors:
        raise ValidationError(errors)
    existing = locked.participants.all()
    if (
        (circle_member is not None and existing.filter(circle_member=circle_member).exists())
        or (staff_member is not None and existing.filter(staff_member=staff_member).exists())
        or existing.filter(name__iexact=name, perspective=perspective).exists()
    ):
        raise ValidationError({"name": _("%(name)s is already listed.") % {"name": name}})
    participant = Participant(
        review=locked,
        name=name,
        perspective=perspective,
        role=role,
        circle_member=circle_member,
        staff_member=staff_member,
    )
    participant.full_clean()
    participant.save()
    _touch(locked)
    _audit(
        actor=actor,
        review=locked,
        what="participant.add",
        obj=participant,
        changes=field_changes(None, participant, fields=PARTICIPANT_FIELDS),
        reason=reason,
        basis=basis,
    )
    return participant


@transaction.atomic
def remove_participant(
    *, actor: User, participant: Participant, amend_reason: str = "", basis: str = ""
) -> None:
    locked = _lock(participant.review)
    check_same_organisation(actor, locked)
    reason = _reason_for(locked, amend_reason)
    if locked.status == Review.Status.HELD and locked.participants.count() <= 1:
        raise ValidationError(
            {"participant": _("A held review needs at least one participant: add another first.")}
        )
    _audit(
        actor=actor,
        review=locked,
        what="participant.remove",
        obj=participant,
        changes=field_changes(participant, None, fields=PARTICIPANT_FIELDS),
        reason=reason,
        basis=basis,
    )
    participant.delete()
    _touch(locked)


# -- what is working, not working, and hopes --------------------------------------------------


def _check_point(perspective: str, kind: str, text: str, verbatim: bool) -> str:
    errors: dict[str, str] = {}
    if perspective not in Perspective.values:
        errors["perspective"] = _("Choose whose view this is.")
    if kind not in ReviewPoint.Kind.values:
        errors["kind"] = _("Choose working, not working or hopes for the future.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write what was said.")
    elif len(text) > 2000:
        errors["text"] = _("Keep each point under 2,000 characters.")
    if verbatim and perspective != Perspective.PERSON:
        errors["verbatim"] = _("Only the person's own view can be marked as their own words.")
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def add_point(
    *,
    actor: User,
    review: Review,
    perspective: str,
    kind: str,
    text: str,
    verbatim: bool = False,
    top_two: bool = False,
    amend_reason: str = "",
    basis: str = "",
) -> ReviewPoint:
    """Adds one thing said. ``verbatim``: the person's own words, kept exactly as said."""
    check_same_organisation(actor, review)
    locked = _lock(review)
    reason = _reason_for(locked, amend_reason)
    text = _check_point(perspective, kind, text, verbatim)
    if top_two and locked.points.filter(kind=kind, top_two=True).count() >= TOP_PICKS:
        raise ValidationError({"top_two": _("Two points of this kind are already chosen.")})
    order = locked.points.filter(kind=kind, perspective=perspective).count()
    point = ReviewPoint(
        review=locked,
        perspective=perspective,
        kind=kind,
        text=text,
        verbatim=verbatim,
        top_two=top_two,
        order=order,
    )
    point.full_clean()
    point.save()
    _touch(locked)
    _audit(
        actor=actor,
        review=locked,
        what="point.add",
        obj=point,
        changes=field_changes(None, point, fields=POINT_FIELDS),
        reason=reason,
        basis=basis,
    )
    return point


@transaction.atomic
def remove_point(
    *, actor: User, point: ReviewPoint, amend_reason: str = "", basis: str = ""
) -> None:
    locked = _lock(point.review)
    check_same_organisation(actor, locked)
    reason = _reason_for(locked, amend_reason)
    _audit(
        actor=actor,
        review=locked,
        what="point.remove",
        obj=point,
        changes=field_changes(point, None, fields=POINT_FIELDS),
        reason=reason,
        basis=basis,
    )
    point.delete()
    _touch(locked)


@transaction.atomic
def choose_top(
    *,
    actor: User,
    review: Review,
    kind: str,
    points: Sequence[ReviewPoint],
    amend_reason: str = "",
    basis: str = "",
) -> list[ReviewPoint]:
    """Marks ``points`` (at most two, of ``kind``) as the top picks for working together for
    change, and unmarks the others of that kind."""
    check_same_organisation(actor, review)
    locked = _lock(review)
    reason = _reason_for(locked, amend_reason)
    if kind not in ReviewPoint.Kind.values:
        raise ValidationError({"kind": _("Choose working, not working or hopes for the future.")})
    chosen = {point.pk for point in points}
    if any(point.review_id != locked.pk or point.kind != kind for point in points):
        raise ValidationError({"points": _("Choose from this review's points of this kind.")})
    if len(chosen) > TOP_PICKS:
        raise ValidationError({"points": _("Choose at most two.")})
    of_kind = list(locked.points.filter(kind=kind))
    before = sorted(str(p.public_id) for p in of_kind if p.top_two)
    after = sorted(str(p.public_id) for p in of_kind if p.pk in chosen)
    if before == after:
        return [p for p in of_kind if p.pk in chosen]
    ReviewPoint.objects.filter(review=locked, kind=kind).update(top_two=False)
    ReviewPoint.objects.filter(review=locked, kind=kind, pk__in=chosen).update(top_two=True)
    _touch(locked)
    _audit(
        actor=actor,
        review=locked,
        what="top_two",
        obj=locked,
        changes={f"top_two.{kind}": {"old": before, "new": after}},
        reason=reason,
        basis=basis,
    )
    return [p for p in of_kind if p.pk in chosen]


# -- actions that become goals ----------------------------------------------------------------


def _goal_for(action: Action, *, actor: User, person: Person, basis: str) -> Goal:
    """The action's goal, added through the plans app's service (its own rules and audit)."""
    try:
        return plans_services.add_goal(
            actor=actor,
            person=person,
            title=action.text[:200],
            owner=action.owner,
            due_on=action.due_on,
            next_step=_("Agreed at the review"),
            basis=basis,
        )
    except ValidationError as error:
        renamed = {"title": "text"}
        raise ValidationError(
            {renamed.get(k, k): v for k, v in error.message_dict.items()}
        ) from error


@transaction.atomic
def add_action(
    *,
    actor: User,
    review: Review,
    text: str = "",
    owner: str = "",
    due_on: dt.date | None = None,
    goal: Goal | None = None,
    amend_reason: str = "",
    basis: str = "",
) -> Action:
    """Adds an action with an owner and a date. On a held review it becomes a goal at once
    (``goal`` links one the person already has instead); on a planned one, when it is held."""
    check_same_organisation(actor, review, goal)
    locked = _lock(review)
    reason = _reason_for(locked, amend_reason)
    if goal is not None:
        if goal.person_id != locked.person_id:
            raise ValidationError({"goal": _("Choose one of the person's own goals.")})
        if Action.objects.filter(goal=goal).exists():
            raise ValidationError({"goal": _("That goal already comes from another action.")})
        text = text or goal.title
        owner = owner or goal.owner
        due_on = due_on or goal.due_on
    errors: dict[str, str] = {}
    text = " ".join((text or "").split())
    owner = " ".join((owner or "").split())
    if not text:
        errors["text"] = _("Write the action.")
    elif len(text) > 300:
        errors["text"] = _("Keep the action under 300 characters.")
    if not owner:
        errors["owner"] = _("Say who will do it: every action needs an owner.")
    elif len(owner) > 150:
        errors["owner"] = _("Keep the owner under 150 characters.")
    if due_on is None:
        errors["due_on"] = _("Enter the date it will be done by.")
    elif due_on < timezone.localdate() and goal is None:
        errors["due_on"] = _("The date must be today or in the future.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    action = Action(review=locked, text=text, owner=owner, due_on=due_on, goal=goal)
    if goal is None and locked.status == Review.Status.HELD:
        action.goal = _goal_for(action, actor=actor, person=locked.person, basis=basis)
    action.full_clean()
    action.save()
    _touch(locked)
    _audit(
        actor=actor,
        review=locked,
        what="action.add",
        obj=action,
        changes=field_changes(None, action, fields=ACTION_FIELDS),
        reason=reason,
        basis=basis,
    )
    return action


@transaction.atomic
def remove_action(*, actor: User, action: Action, amend_reason: str = "", basis: str = "") -> None:
    """Takes an action off the review. A goal it became stays in the person's plan (change or
    stop it there)."""
    locked = _lock(action.review)
    check_same_organisation(actor, locked)
    reason = _reason_for(locked, amend_reason)
    _audit(
        actor=actor,
        review=locked,
        what="action.remove",
        obj=action,
        changes=field_changes(action, None, fields=ACTION_FIELDS),
        reason=reason,
        basis=basis,
    )
    action.delete()
    _touch(locked)


# -- holding the review -----------------------------------------------------------------------


def _each(items: Iterable[Mapping[str, Any]], prefix: str, add: Any, **common: Any) -> None:
    for index, item in enumerate(items):
        try:
            add(**common, **item)
        except ValidationError as error:
            raise _prefixed(error, f"{prefix}.{index}.") from error


@transaction.atomic
def hold_review(
    *,
    actor: User,
    review: Review,
    held_on: dt.date | None,
    participants: Sequence[Mapping[str, Any]] = (),
    points: Sequence[Mapping[str, Any]] = (),
    actions: Sequence[Mapping[str, Any]] = (),
    basis: str = "",
    **details: Any,
) -> Review:
    """Records the review as held on ``held_on``, adding any ``participants``, ``points`` and
    ``actions`` given (each a mapping of the matching ``add_*`` arguments) and ``details``
    (what matters, questions, the budget). Needs at least one participant; every action
    without a goal then becomes one."""
    check_same_organisation(actor, review)
    locked = _lock(review)
    if locked.status == Review.Status.HELD:
        raise ValidationError({"status": _("This review has already been held; amend it instead.")})
    _check_held_on(held_on)
    common = {"actor": actor, "review": locked, "basis": basis}
    _each(participants, "participants", add_participant, **common)
    _each(points, "points", add_point, **common)
    _each(actions, "actions", add_action, **common)
    if details:
        locked = update_review(actor=actor, review=locked, basis=basis, **details)
    if not locked.participants.exists():
        raise ValidationError(
            {
                "participants": _(
                    "Add at least one person who took part before marking the review as held."
                )
            }
        )
    old = snapshot(locked, ("status", "held_on"))
    locked.status = Review.Status.HELD
    locked.held_on = held_on
    locked.full_clean(exclude=["person", "organisation"])
    locked.save()
    goals: list[str] = []
    for index, action in enumerate(locked.actions.filter(goal__isnull=True).order_by("pk")):
        try:
            action.goal = _goal_for(action, actor=actor, person=locked.person, basis=basis)
        except ValidationError as error:
            raise _prefixed(error, f"actions.{index}.") from error
        action.save(update_fields=["goal"])
        goals.append(str(action.goal.public_id))
    changes = field_changes(old, locked, fields=("status", "held_on"))
    if goals:
        changes["goals"] = {"new": goals}
    _audit(
        actor=actor, review=locked, what="hold", obj=locked, changes=changes, reason="", basis=basis
    )
    return locked
