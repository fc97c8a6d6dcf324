"""Changing a person's plan. Every write runs in one transaction with its audit event.

Versioned records (the one-page profile, individual policies) are never changed in place: a
save adds a new numbered version. An editor says which version they started from
(``based_on``); if someone saved a newer one meanwhile, ``EditConflictError`` refuses the save.
Forms and the API call these same functions, so both get the same checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.photos import PreparedPhoto
from ownterms.lib.versions import changed_since
from ownterms.people.models import Person
from ownterms.people.services import EditConflictError
from ownterms.plans.models import (
    SECTIONS,
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
)
from ownterms.vocabulary.models import Skill, Tag
from ownterms.vocabulary.services import resolve_tags

__all__ = [
    "EditConflictError",
    "add_activity",
    "add_goal",
    "add_planning_session",
    "add_policy",
    "remove_activity",
    "revise_policy",
    "save_profile",
    "update_activity",
    "update_goal",
    "update_plan",
    "update_planning_session",
]

#: How far ahead a review date may be set.
MAX_REVIEW_AHEAD = dt.timedelta(days=3 * 366)
MAX_SECTION_LENGTH = 4000


def _lock_person(person: Person) -> Person:
    """Serialises writes to one person's versioned records (the next number is unique)."""
    return Person.objects.select_for_update().get(pk=person.pk)


def _check_review_on(review_on: dt.date | None, *, field: str = "review_on") -> dt.date:
    today = timezone.localdate()
    if review_on is None:
        raise ValidationError({field: _("Enter a review date.")})
    if review_on < today:
        raise ValidationError({field: _("The review date must be today or in the future.")})
    if review_on > today + MAX_REVIEW_AHEAD:
        raise ValidationError({field: _("The review date must be within the next three years.")})
    return review_on


def _required_text(values: Mapping[str, str], messages: Mapping[str, str]) -> dict[str, str]:
    cleaned = {name: (values.get(name) or "").strip() for name in messages}
    missing = {name: messages[name] for name, value in cleaned.items() if not value}
    if missing:
        raise ValidationError(missing)
    return cleaned


# -- one-page profile -------------------------------------------------------------------------

PROFILE_FIELDS = ("appreciated", "important", "support", "review_on")


@transaction.atomic
def save_profile(
    *,
    actor: User,
    person: Person,
    appreciated: str,
    important: str,
    support: str,
    review_on: dt.date | None,
    based_on: int | None = None,
    basis: str = "",
) -> ProfileVersion:
    """Saves a new version of the one-page profile. ``based_on`` is the version number the
    editor started from (0 when there was none); a newer one raises ``EditConflictError``.
    Saving exactly what the current version says adds nothing and returns it."""
    check_same_organisation(actor, person)
    locked = _lock_person(person)
    current = ProfileVersion.objects.filter(person=locked).order_by("-number").first()
    number = current.number if current is not None else 0
    if based_on is not None and based_on != number:
        raise EditConflictError
    texts = _required_text(
        {"appreciated": appreciated, "important": important, "support": support},
        {
            "appreciated": _("Say what people appreciate about the person."),
            "important": _("Say what is important to the person."),
            "support": _("Say how best to support the person."),
        },
    )
    if (
        current is not None
        and review_on == current.review_on
        and all(getattr(current, name) == value for name, value in texts.items())
    ):
        return current
    review_on = _check_review_on(review_on)
    version = ProfileVersion(
        organisation_id=locked.organisation_id,
        person=locked,
        number=number + 1,
        review_on=review_on,
        created_by=actor,
        created_by_label=str(actor),
        **texts,
    )
    return create_audited(
        actor=actor,
        organisation=locked.organisation,
        action="profile.save",
        obj=version,
        person=locked,
        fields=(*PROFILE_FIELDS, "number"),
        basis=basis,
    )


# -- north star, dreams, strengths and interests ----------------------------------------------

PLAN_TEXT_FIELDS = ("north_star", "dreams", "strengths")


@transaction.atomic
def update_plan(
    *,
    actor: User,
    person: Person,
    basis: str = "",
    expected_updated_at: dt.datetime | None = None,
    interests: list[str] | None = None,
    **changes: str,
) -> PersonPlan:
    """Changes some of north star, dreams, strengths (text) and interests (tag labels from
    the shared vocabulary). ``expected_updated_at`` refuses overwriting a newer change."""
    unknown = set(changes) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, person)
    locked_person = _lock_person(person)
    plan, _created = PersonPlan.objects.select_for_update().get_or_create(
        person=locked_person, defaults={"organisation_id": locked_person.organisation_id}
    )
    if not _created and changed_since(plan.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(plan, PLAN_TEXT_FIELDS)
    for name, value in changes.items():
        setattr(plan, name, (value or "").strip())
    plan.full_clean(exclude=["person"])
    diff = field_changes(old, plan, fields=PLAN_TEXT_FIELDS)
    old_labels = sorted(tag.label for tag in plan.interests.all())
    new_tags: list[Tag] | None = None
    if interests is not None:
        new_tags = resolve_tags(
            actor=actor,
            organisation=locked_person.organisation,
            kind=Tag.Kind.INTEREST,
            labels=interests,
        )
        new_labels = sorted(tag.label for tag in new_tags)
        if new_labels != old_labels:
            diff["interests"] = {"old": old_labels, "new": new_labels}
    if not diff:
        return plan
    plan.save()
    if new_tags is not None:
        plan.interests.set(new_tags)
    record_change(
        actor=actor,
        organisation=locked_person.organisation,
        action="plan.update",
        obj=plan,
        person=locked_person,
        changes=diff,
        basis=basis,
    )
    return plan


# -- goals ------------------------------------------------------------------------------------

GOAL_FIELDS = ("title", "owner", "next_step", "due_on", "status", "achieved_on")


def _check_goal(goal: Goal, *, old_due_on: dt.date | None) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    goal.title = goal.title.strip()
    goal.owner = goal.owner.strip()
    goal.next_step = goal.next_step.strip()
    if not goal.title:
        errors["title"] = _("Enter the goal.")
    if not goal.owner:
        errors["owner"] = _("Say who owns the goal, for example “Sam with Ana”.")
    if goal.due_on is not None and goal.due_on != old_due_on and goal.due_on < today:
        errors["due_on"] = _("The due date must be today or in the future.")
    if goal.status == Goal.Status.ACHIEVED:
        if goal.achieved_on is None:
            goal.achieved_on = today
        elif goal.achieved_on > today:
            errors["achieved_on"] = _("The date achieved can't be in the future.")
    elif goal.achieved_on is not None:
        errors["achieved_on"] = _("Only an achieved goal has a date achieved.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_goal(
    *,
    actor: User,
    person: Person,
    title: str,
    owner: str,
    next_step: str = "",
    due_on: dt.date | None = None,
    status: str = Goal.Status.NOT_STARTED,
    achieved_on: dt.date | None = None,
    basis: str = "",
) -> Goal:
    check_same_organisation(actor, person)
    goal = Goal(
        organisation_id=person.organisation_id,
        person=person,
        title=title,
        owner=owner,
        next_step=next_step,
        due_on=due_on,
        status=status,
        achieved_on=achieved_on,
    )
    _check_goal(goal, old_due_on=None)
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="goal.add",
        obj=goal,
        person=person,
        fields=GOAL_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_goal(
    *,
    actor: User,
    goal: Goal,
    basis: str = "",
    expected_updated_at: dt.datetime | None = None,
    **changes: Any,
) -> Goal:
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, goal)
    locked = Goal.objects.select_for_update(of=("self",)).select_related("person").get(pk=goal.pk)
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(locked, GOAL_FIELDS)
    old_due_on = locked.due_on
    for name, value in changes.items():
        setattr(locked, name, value)
    if (
        "status" in changes
        and changes["status"] != Goal.Status.ACHIEVED
        and "achieved_on" not in changes
    ):
        locked.achieved_on = None
    _check_goal(locked, old_due_on=old_due_on)
    locked.full_clean()
    diff = field_changes(old, locked, fields=GOAL_FIELDS)
    if not diff:
        return locked
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.person.organisation,
        action="goal.update",
        obj=locked,
        person=locked.person,
        changes=diff,
        basis=basis,
    )
    return locked


# -- PATH and MAP sessions --------------------------------------------------------------------


SESSION_FIELDS = ("held_on", "participants", "sections")


def _clean_session(
    method: str, held_on: dt.date | None, participants: str, sections: Mapping[str, str]
) -> dict[str, Any]:
    """The session's fields, checked: only the method's sections, at least one written."""
    errors: dict[str, str] = {}
    if method not in SECTIONS:
        raise ValidationError({"method": _("Choose PATH or MAP.")})
    known = dict(SECTIONS[method])
    unknown = sorted(set(sections) - set(known))
    if unknown:
        errors["sections"] = _("These are not sections of %(method)s: %(names)s.") % {
            "method": method.upper(),
            "names": ", ".join(unknown),
        }
    cleaned = {key: (sections.get(key) or "").strip() for key in known}
    for key, text in cleaned.items():
        if len(text) > MAX_SECTION_LENGTH:
            errors[key] = _("Keep each section under %(max)d characters.") % {
                "max": MAX_SECTION_LENGTH
            }
    if not any(cleaned.values()):
        errors.setdefault("sections", _("Fill in at least one section of the session."))
    if held_on is None:
        errors["held_on"] = _("Enter the date of the session.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The session date can't be in the future.")
    if not participants.strip():
        errors["participants"] = _("Say who took part.")
    if errors:
        raise ValidationError(errors)
    return {
        "held_on": held_on,
        "participants": participants.strip(),
        "sections": {key: text for key, text in cleaned.items() if text},
    }


@transaction.atomic
def add_planning_session(
    *,
    actor: User,
    person: Person,
    method: str,
    held_on: dt.date | None,
    participants: str,
    sections: Mapping[str, str],
    graphic: PreparedPhoto | None = None,
    basis: str = "",
) -> PlanningSession:
    """Records a PATH or MAP session: its sections (only the method's own), and optionally a
    picture of the graphic (checked and re-encoded by ``lib.photos.prepare_photo``)."""
    check_same_organisation(actor, person)
    fields = _clean_session(method, held_on, participants, sections)
    session = PlanningSession(
        organisation_id=person.organisation_id,
        person=person,
        method=method,
        created_by=actor,
        **fields,
    )
    stored = ""
    try:
        if graphic is not None:
            session.graphic.save(graphic.file_name, ContentFile(graphic.content), save=False)
            stored = session.graphic.name or ""
        session = create_audited(
            actor=actor,
            organisation=person.organisation,
            action="planning_session.add",
            obj=session,
            person=person,
            fields=("method", *SESSION_FIELDS, "graphic"),
            basis=basis,
        )
    except BaseException:
        if stored:
            session.graphic.storage.delete(stored)
        raise
    return session


@transaction.atomic
def update_planning_session(
    *,
    actor: User,
    session: PlanningSession,
    held_on: dt.date | None,
    participants: str,
    sections: Mapping[str, str],
    graphic: PreparedPhoto | None = None,
    remove_graphic: bool = False,
    expected_updated_at: dt.datetime | None = None,
    basis: str = "",
) -> PlanningSession:
    """Changes a session record (its method stays). ``graphic`` replaces the picture and
    ``remove_graphic`` removes it; the old file is deleted once the change has committed."""
    check_same_organisation(actor, session)
    locked = (
        PlanningSession.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .get(pk=session.pk)
    )
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    fields = _clean_session(locked.method, held_on, participants, sections)
    old = snapshot(locked, SESSION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    old_graphic = locked.graphic.name or ""
    stored = ""
    try:
        if graphic is not None:
            locked.graphic.save(graphic.file_name, ContentFile(graphic.content), save=False)
            stored = locked.graphic.name or ""
        elif remove_graphic and old_graphic:
            locked.graphic = ""
        diff = field_changes(old, locked, fields=SESSION_FIELDS)
        if (locked.graphic.name or "") != old_graphic:
            diff["graphic"] = {"changed": True}
        if not diff:
            return locked
        locked.save()
        record_change(
            actor=actor,
            organisation=locked.person.organisation,
            action="planning_session.update",
            obj=locked,
            person=locked.person,
            changes=diff,
            basis=basis,
        )
    except BaseException:
        if stored:
            locked.graphic.storage.delete(stored)
        raise
    if old_graphic and (locked.graphic.name or "") != old_graphic:
        storage = locked.graphic.storage
        transaction.on_commit(lambda: storage.delete(old_graphic))
    return locked


# -- weekly routine ---------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "name",
    "place",
    "day",
    "starts_at",
    "ends_at",
    "frequency",
    "since",
    "who_goes",
    "support_needed",
    "skill",
    "interest",
)


def _interest_tag(actor: User, person: Person, interest: str | Tag | None) -> Tag | None:
    if interest is None or isinstance(interest, Tag):
        return interest
    if not interest.strip():
        return None
    if len(" ".join(interest.split())) > 60:
        raise ValidationError({"interest": _("Keep the interest under 60 characters.")})
    return resolve_tags(
        actor=actor, organisation=person.organisation, kind=Tag.Kind.INTEREST, labels=[interest]
    )[0]


def _check_activity(activity: RoutineActivity) -> None:
    errors: dict[str, str] = {}
    activity.name = activity.name.strip()
    if not activity.name:
        errors["name"] = _("Enter the activity, group or place.")
    if activity.starts_at and activity.ends_at and activity.ends_at <= activity.starts_at:
        errors["ends_at"] = _("The end time must be after the start time.")
    if activity.since is not None and activity.since > timezone.localdate():
        errors["since"] = _("“Since” must be today or earlier.")
    if activity.skill is not None and activity.skill.organisation_id != activity.organisation_id:
        errors["skill"] = _("Choose a skill from the list.")
    if errors:
        raise ValidationError(errors)
    if activity.frequency == RoutineActivity.Frequency.WEEKLY:
        clash = (
            RoutineActivity.objects.filter(
                person_id=activity.person_id,
                day=activity.day,
                frequency=RoutineActivity.Frequency.WEEKLY,
                starts_at__lt=activity.ends_at,
                ends_at__gt=activity.starts_at,
            )
            .exclude(pk=activity.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "starts_at": _(
                        "This overlaps “%(name)s” (%(start)s to %(end)s) on the same day "
                        "every week."
                    )
                    % {
                        "name": clash.name,
                        "start": clash.starts_at.strftime("%H:%M"),
                        "end": clash.ends_at.strftime("%H:%M"),
                    }
                }
            )


@transaction.atomic
def add_activity(
    *,
    actor: User,
    person: Person,
    name: str,
    day: int,
    starts_at: dt.time,
    ends_at: dt.time,
    frequency: str = RoutineActivity.Frequency.WEEKLY,
    place: str = "",
    since: dt.date | None = None,
    who_goes: str = "",
    support_needed: str = "",
    skill: Skill | None = None,
    interest: str | Tag | None = None,
    basis: str = "",
) -> RoutineActivity:
    check_same_organisation(actor, person, skill)
    tag = _interest_tag(actor, person, interest)
    activity = RoutineActivity(
        organisation_id=person.organisation_id,
        person=person,
        name=name,
        place=place.strip(),
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        frequency=frequency,
        since=since,
        who_goes=who_goes.strip(),
        support_needed=support_needed.strip(),
        skill=skill,
        interest=tag,
    )
    _check_activity(activity)
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="routine.add",
        obj=activity,
        person=person,
        fields=ACTIVITY_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_activity(
    *,
    actor: User,
    activity: RoutineActivity,
    basis: str = "",
    expected_updated_at: dt.datetime | None = None,
    **changes: Any,
) -> RoutineActivity:
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, activity, changes.get("skill"))
    locked = (
        RoutineActivity.objects.select_for_update(of=("self",))
        .select_related("person__organisation", "skill", "interest")
        .get(pk=activity.pk)
    )
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(locked, ACTIVITY_FIELDS)
    if "interest" in changes:
        changes["interest"] = _interest_tag(actor, locked.person, changes["interest"])
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_activity(locked)
    locked.full_clean()
    diff = field_changes(old, locked, fields=ACTIVITY_FIELDS)
    if not diff:
        return locked
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.person.organisation,
        action="routine.update",
        obj=locked,
        person=locked.person,
        changes=diff,
        basis=basis,
    )
    return locked


@transaction.atomic
def remove_activity(*, actor: User, activity: RoutineActivity, basis: str = "") -> None:
    check_same_organisation(actor, activity)
    locked = (
        RoutineActivity.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .get(pk=activity.pk)
    )
    record_change(
        actor=actor,
        organisation=locked.person.organisation,
        action="routine.remove",
        obj=locked,
        person=locked.person,
        changes=field_changes(locked, None, fields=ACTIVITY_FIELDS),
        basis=basis,
    )
    locked.delete()


# -- individual policies ----------------------------------------------------------------------

POLICY_FIELDS = ("title", "text", "owner", "review_on")


def _policy_content(title: str, text: str, owner: str, review_on: dt.date | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = _required_text(
        {"title": title, "text": text, "owner": owner},
        {
            "title": _("Enter a title for the policy."),
            "text": _("Write the policy."),
            "owner": _("Say who owns the policy."),
        },
    )
    cleaned["review_on"] = review_on
    return cleaned


def _new_policy_version(
    *, actor: User, policy: Policy, number: int, content: Mapping[str, Any], basis: str
) -> PolicyVersion:
    _check_review_on(content["review_on"])
    version = PolicyVersion(
        organisation_id=policy.organisation_id,
        policy=policy,
        number=number,
        created_by=actor,
        created_by_label=str(actor),
        **content,
    )
    return create_audited(
        actor=actor,
        organisation=policy.person.organisation,
        action="policy.add" if number == 1 else "policy.revise",
        obj=version,
        person=policy.person,
        fields=(*POLICY_FIELDS, "number"),
        basis=basis,
    )


@transaction.atomic
def add_policy(
    *,
    actor: User,
    person: Person,
    kind: str,
    title: str,
    text: str,
    owner: str,
    review_on: dt.date | None,
    basis: str = "",
) -> PolicyVersion:
    """Adds an individual policy with its first version."""
    check_same_organisation(actor, person)
    if kind not in Policy.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of policy it is.")})
    content = _policy_content(title, text, owner, review_on)
    _check_review_on(review_on)
    policy = Policy.objects.create(organisation_id=person.organisation_id, person=person, kind=kind)
    return _new_policy_version(actor=actor, policy=policy, number=1, content=content, basis=basis)


@transaction.atomic
def revise_policy(
    *,
    actor: User,
    policy: Policy,
    title: str,
    text: str,
    owner: str,
    review_on: dt.date | None,
    based_on: int | None = None,
    basis: str = "",
) -> PolicyVersion:
    """Saves a new version of ``policy``; ``based_on`` is the version the editor started from.
    Saving exactly what the current version says adds nothing and returns it."""
    check_same_organisation(actor, policy)
    locked = (
        Policy.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .get(pk=policy.pk)
    )
    current = locked.versions.order_by("-number").first()
    number = current.number if current is not None else 0
    if based_on is not None and based_on != number:
        raise EditConflictError
    content = _policy_content(title, text, owner, review_on)
    if current is not None and all(
        getattr(current, name) == value for name, value in content.items()
    ):
        return current
    return _new_policy_version(
        actor=actor, policy=locked, number=number + 1, content=content, basis=basis
    )
