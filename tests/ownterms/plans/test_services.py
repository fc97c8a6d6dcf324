"""The plan's services: versions, audit rows, conflicts and bad input (nothing saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.lib.photos import PreparedPhoto
from ownterms.plans import services
from ownterms.plans.models import (
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
)
from ownterms.plans.services import EditConflictError
from ownterms.vocabulary.models import Skill, Tag
from ownterms.vocabulary.services import add_skill
from tests.cast import Cast

TODAY = timezone.localdate
SOON = dt.timedelta(days=30)


def manager(cast: Cast) -> User:
    user = cast.manager
    assert user is not None
    return user


def profile(cast: Cast, based_on: int | None = None, **overrides: object) -> ProfileVersion:
    fields: dict[str, object] = {
        "appreciated": "Kind and funny.",
        "important": "My cat. Dancing.",
        "support": "Give me time.",
        "review_on": TODAY() + SOON,
        **overrides,
    }
    return services.save_profile(
        actor=manager(cast),
        person=cast.person,
        based_on=based_on,
        **fields,  # type: ignore[arg-type]
    )


def changes_of(action: str) -> list[dict[str, object]]:
    return [event.changes for event in AuditEvent.objects.filter(action=action).order_by("pk")]


# -- one-page profile -------------------------------------------------------------------------


def test_every_save_is_a_new_version_with_who_and_when(cast: Cast) -> None:
    first = profile(cast, based_on=0)
    second = profile(cast, based_on=1, important="My cat. Dancing. Swimming.")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.important == "My cat. Dancing."  # the old version is kept as it was
    assert second.created_by == cast.manager
    assert second.created_by_label == "Mo Manager"
    events = changes_of("profile.save")
    assert len(events) == 2
    # Special-category free text: the audit records only that it changed.
    assert events[1]["important"] == {"changed": True}
    assert events[1]["number"] == {"old": None, "new": 2}


def test_saving_the_same_profile_adds_no_version(cast: Cast) -> None:
    profile(cast)
    again = profile(cast, based_on=1)
    assert again.number == 1
    assert ProfileVersion.objects.count() == 1
    assert len(changes_of("profile.save")) == 1


def test_saving_on_top_of_a_newer_version_is_refused(cast: Cast) -> None:
    profile(cast, based_on=0)
    profile(cast, based_on=1, support="Changed by someone else")
    with pytest.raises(EditConflictError):
        profile(cast, based_on=1, support="My change")
    assert ProfileVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"appreciated": "   "}, "appreciated"),
        ({"important": ""}, "important"),
        ({"support": ""}, "support"),
        ({"review_on": None}, "review_on"),
        ({"review_on": dt.date(2020, 1, 1)}, "review_on"),
    ],
)
def test_bad_profile_is_refused_and_nothing_saved(
    cast: Cast, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        profile(cast, **overrides)
    assert field in caught.value.message_dict
    assert not ProfileVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="profile.save").exists()


def test_review_date_too_far_ahead_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="three years"):
        profile(cast, review_on=TODAY() + dt.timedelta(days=5 * 365))


def test_version_numbers_are_unique_per_person(cast: Cast) -> None:
    version = profile(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileVersion.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            number=version.number,
            appreciated="a",
            important="b",
            support="c",
            review_on=TODAY(),
        )


def test_other_organisation_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.save_profile(
            actor=manager(cast),
            person=cast.other_org_person,
            appreciated="a",
            important="b",
            support="c",
            review_on=TODAY() + SOON,
        )


# -- north star, dreams, strengths and interests ----------------------------------------------


def test_plan_changes_are_audited_and_interests_use_the_shared_vocabulary(cast: Cast) -> None:
    Tag.objects.create(organisation=cast.organisation, kind=Tag.Kind.INTEREST, label="Swimming")
    plan = services.update_plan(
        actor=manager(cast),
        person=cast.person,
        north_star="A home by the sea",
        interests=["swimming ", "Baking"],
    )
    assert sorted(tag.label for tag in plan.interests.all()) == ["Baking", "Swimming"]
    assert Tag.objects.filter(kind="interest").count() == 2  # "swimming " reused the tag
    (change,) = changes_of("plan.update")
    assert change["north_star"] == {"old": "", "new": "A home by the sea"}
    assert change["interests"] == {"old": [], "new": ["Baking", "Swimming"]}
    # No change, no event.
    services.update_plan(actor=manager(cast), person=cast.person, interests=["Baking", "swimming"])
    assert len(changes_of("plan.update")) == 1


def test_plan_conflict_is_refused(cast: Cast) -> None:
    plan = services.update_plan(actor=manager(cast), person=cast.person, dreams="One")
    stale = plan.updated_at - dt.timedelta(seconds=5)
    with pytest.raises(EditConflictError):
        services.update_plan(
            actor=manager(cast), person=cast.person, dreams="Two", expected_updated_at=stale
        )
    assert PersonPlan.objects.get().dreams == "One"


def test_plan_refuses_unknown_fields(cast: Cast) -> None:
    with pytest.raises(ValueError, match="not editable"):
        services.update_plan(actor=manager(cast), person=cast.person, person_id="x")


# -- goals ------------------------------------------------------------------------------------


def test_goal_add_and_update_are_audited(cast: Cast) -> None:
    goal = services.add_goal(
        actor=manager(cast),
        person=cast.person,
        title="Learn to swim",
        owner="Alex with Tariq",
        due_on=TODAY() + SOON,
    )
    assert goal.status == Goal.Status.NOT_STARTED
    updated = services.update_goal(
        actor=manager(cast), goal=goal, status=Goal.Status.ACHIEVED, next_step="Celebrate"
    )
    assert updated.achieved_on == TODAY()  # achieved today unless told otherwise
    add, update = changes_of("goal.add") + changes_of("goal.update")
    assert add["title"] == {"old": None, "new": "Learn to swim"}
    assert update["status"] == {"old": "not_started", "new": "achieved"}
    assert update["achieved_on"] == {"old": None, "new": TODAY().isoformat()}
    # Back in progress: the achieved date goes.
    again = services.update_goal(actor=manager(cast), goal=goal, status=Goal.Status.IN_PROGRESS)
    assert again.achieved_on is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " "}, "title"),
        ({"owner": ""}, "owner"),
        ({"due_on": dt.date(2020, 1, 1)}, "due_on"),
        ({"status": "achieved", "achieved_on": dt.date(2999, 1, 1)}, "achieved_on"),
        ({"status": "in_progress", "achieved_on": dt.date(2020, 1, 1)}, "achieved_on"),
    ],
)
def test_bad_goal_is_refused(cast: Cast, fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"title": "Swim", "owner": "Alex", **fields}
    with pytest.raises(ValidationError) as caught:
        services.add_goal(actor=manager(cast), person=cast.person, **values)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not Goal.objects.exists()
    assert not AuditEvent.objects.filter(action="goal.add").exists()


def test_goal_past_due_date_may_stay_but_not_be_set(cast: Cast) -> None:
    goal = services.add_goal(actor=manager(cast), person=cast.person, title="Swim", owner="A")
    Goal.objects.filter(pk=goal.pk).update(due_on=dt.date(2020, 1, 1))
    goal.refresh_from_db()
    services.update_goal(actor=manager(cast), goal=goal, next_step="Keep going")  # unchanged date
    with pytest.raises(ValidationError):
        services.update_goal(actor=manager(cast), goal=goal, due_on=dt.date(2020, 2, 1))


def test_goal_conflict_is_refused(cast: Cast) -> None:
    goal = services.add_goal(actor=manager(cast), person=cast.person, title="Swim", owner="A")
    with pytest.raises(EditConflictError):
        services.update_goal(
            actor=manager(cast),
            goal=goal,
            title="Run",
            expected_updated_at=goal.updated_at - dt.timedelta(seconds=1),
        )


def test_goal_database_rule_achieved_date_only_when_achieved(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            title="x",
            owner="y",
            status=Goal.Status.STOPPED,
            achieved_on=TODAY(),
        )


# -- PATH and MAP sessions --------------------------------------------------------------------


def test_session_keeps_only_its_methods_sections_and_audits_that_they_were_written(
    cast: Cast,
) -> None:
    session = services.add_planning_session(
        actor=manager(cast),
        person=cast.person,
        method=PlanningSession.Method.MAP,
        held_on=TODAY(),
        participants="Alex, Mum",
        sections={"dreams": "A dog", "gifts": " ", "history": "Born in Leeds"},
    )
    assert session.sections == {"dreams": "A dog", "history": "Born in Leeds"}
    (change,) = changes_of("planning_session.add")
    assert change["sections"] == {"changed": True}
    assert change["participants"] == {"old": None, "new": "Alex, Mum"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "other"}, "method"),
        ({"sections": {"north_star": "x"}}, "sections"),  # a PATH section in a MAP
        ({"sections": {}}, "sections"),
        ({"sections": {"dreams": "x" * 5000}}, "dreams"),
        ({"held_on": TODAY() + SOON}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"participants": " "}, "participants"),
    ],
)
def test_bad_session_is_refused(cast: Cast, fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "method": "map",
        "held_on": TODAY(),
        "participants": "Alex",
        "sections": {"dreams": "A dog"},
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        services.add_planning_session(actor=manager(cast), person=cast.person, **values)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not PlanningSession.objects.exists()


def test_session_graphic_is_stored_under_a_random_name(
    cast: Cast, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    from tests.ownterms.plans.test_views import png_bytes

    session = services.add_planning_session(
        actor=manager(cast),
        person=cast.person,
        method="path",
        held_on=TODAY(),
        participants="Alex",
        sections={"north_star": "The sea"},
        graphic=PreparedPhoto(content=png_bytes(), format="PNG"),
    )
    assert session.graphic.name.startswith("plans/graphics/")
    assert session.graphic.name.endswith(".png")


def test_session_update_keeps_the_method_and_removes_the_picture(
    cast: Cast, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    from tests.ownterms.plans.test_views import png_bytes

    session = services.add_planning_session(
        actor=manager(cast),
        person=cast.person,
        method="path",
        held_on=TODAY(),
        participants="Alex",
        sections={"north_star": "The sea"},
        graphic=PreparedPhoto(content=png_bytes(), format="PNG"),
    )
    with pytest.raises(ValidationError) as caught:
        services.update_planning_session(
            actor=manager(cast),
            session=session,
            held_on=TODAY(),
            participants="Alex",
            sections={"dreams": "A MAP section"},
        )
    assert "sections" in caught.value.message_dict
    unchanged = services.update_planning_session(
        actor=manager(cast),
        session=session,
        held_on=TODAY(),
        participants="Alex",
        sections={"north_star": "The sea"},
    )
    assert unchanged.graphic and not changes_of("planning_session.update")
    removed = services.update_planning_session(
        actor=manager(cast),
        session=session,
        held_on=TODAY(),
        participants="Alex",
        sections={"north_star": "The sea"},
        remove_graphic=True,
    )
    assert not removed.graphic
    assert changes_of("planning_session.update") == [{"graphic": {"changed": True}}]


# -- weekly routine ---------------------------------------------------------------------------


def activity(cast: Cast, **overrides: object) -> RoutineActivity:
    values: dict[str, object] = {
        "name": "Dance class",
        "day": 0,
        "starts_at": dt.time(10),
        "ends_at": dt.time(12),
        **overrides,
    }
    return services.add_activity(actor=manager(cast), person=cast.person, **values)  # type: ignore[arg-type]


def test_activity_with_skill_and_interest_is_audited(cast: Cast) -> None:
    driving = add_skill(actor=None, organisation=cast.organisation, name="Driving with own car")
    added = activity(
        cast,
        support_needed="A worker who can drive",
        skill=driving,
        interest="Dancing",
        since=dt.date(2023, 9, 1),
    )
    assert added.interest is not None and added.interest.kind == Tag.Kind.INTEREST
    (change,) = changes_of("routine.add")
    assert change["skill"] == {"old": None, "new": driving.pk}
    assert change["day"] == {"old": None, "new": 0}
    services.update_activity(actor=manager(cast), activity=added, ends_at=dt.time(12, 30))
    (update,) = changes_of("routine.update")
    assert update == {"ends_at": {"old": "12:00:00", "new": "12:30:00"}}
    services.remove_activity(actor=manager(cast), activity=added)
    assert not RoutineActivity.objects.exists()
    (removed,) = changes_of("routine.remove")
    assert removed["name"] == {"old": "Dance class", "new": None}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": dt.time(9)}, "ends_at"),
        ({"ends_at": dt.time(10)}, "ends_at"),
        ({"name": " "}, "name"),
        ({"since": TODAY() + SOON}, "since"),
        ({"interest": "x" * 61}, "interest"),
        ({"day": 7}, "day"),
        ({"frequency": "daily"}, "frequency"),
    ],
)
def test_bad_activity_is_refused(cast: Cast, fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        activity(cast, **fields)
    assert field in caught.value.message_dict
    assert not RoutineActivity.objects.exists()
    assert not AuditEvent.objects.filter(action="routine.add").exists()


def test_weekly_activities_may_not_overlap_but_fortnightly_ones_may(cast: Cast) -> None:
    activity(cast)
    with pytest.raises(ValidationError, match="overlaps “Dance class”"):
        activity(cast, name="Swimming", starts_at=dt.time(11), ends_at=dt.time(13))
    activity(
        cast, name="Swimming", starts_at=dt.time(11), ends_at=dt.time(13), frequency="fortnightly"
    )
    activity(cast, name="Lunch", starts_at=dt.time(12), ends_at=dt.time(13))  # touching is fine
    assert RoutineActivity.objects.count() == 3


def test_skill_of_another_organisation_is_refused(cast: Cast) -> None:
    elsewhere = Skill.objects.create(organisation=cast.other_organisation, name="Driving")
    with pytest.raises(ValidationError):
        activity(cast, skill=elsewhere)


def test_activity_database_rule_end_after_start(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineActivity.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            name="x",
            day=0,
            starts_at=dt.time(10),
            ends_at=dt.time(9),
        )


# -- individual policies ----------------------------------------------------------------------


def policy(cast: Cast, **overrides: object) -> PolicyVersion:
    values: dict[str, object] = {
        "kind": Policy.Kind.POSITIVE_RISK,
        "title": "Taking the bus alone",
        "text": "Alex takes the 42 bus alone to the day centre.",
        "owner": "Mo Manager",
        "review_on": TODAY() + SOON,
        **overrides,
    }
    return services.add_policy(actor=manager(cast), person=cast.person, **values)  # type: ignore[arg-type]


def test_policy_history_keeps_every_version(cast: Cast) -> None:
    first = policy(cast)
    second = services.revise_policy(
        actor=manager(cast),
        policy=first.policy,
        title="Taking the bus alone",
        text="Alex takes the 42 or 43 bus alone.",
        owner="Mo Manager",
        review_on=TODAY() + SOON,
        based_on=1,
    )
    assert second.number == 2
    first.refresh_from_db()
    assert first.text == "Alex takes the 42 bus alone to the day centre."
    add, revise = changes_of("policy.add") + changes_of("policy.revise")
    assert add["title"] == {"old": None, "new": "Taking the bus alone"}
    assert revise["text"] == {"changed": True}
    with pytest.raises(EditConflictError):
        services.revise_policy(
            actor=manager(cast),
            policy=first.policy,
            title="Stale",
            text="Stale",
            owner="Mo",
            review_on=TODAY() + SOON,
            based_on=1,
        )
    assert PolicyVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "shopping"}, "kind"),
        ({"title": ""}, "title"),
        ({"text": " "}, "text"),
        ({"owner": ""}, "owner"),
        ({"review_on": dt.date(2020, 1, 1)}, "review_on"),
        ({"review_on": None}, "review_on"),
    ],
)
def test_bad_policy_is_refused(cast: Cast, fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        policy(cast, **fields)
    assert field in caught.value.message_dict
    assert not Policy.objects.exists()
    assert not PolicyVersion.objects.exists()
