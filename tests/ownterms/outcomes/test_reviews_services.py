"""Reviews, check-ins and working together for change: the services' rules and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.outcomes.models import Action, CheckIn, Perspective, Review, ReviewPoint
from ownterms.outcomes.selectors import reviews as review_selectors
from ownterms.outcomes.selectors import wtfc as wtfc_selectors
from ownterms.outcomes.services import check_ins, reviews, wtfc
from ownterms.plans.models import Goal
from tests.cast import Cast
from tests.ownterms.outcomes import data

TODAY = timezone.localdate


def manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def planned(cast: Cast) -> Review:
    return reviews.plan_review(
        actor=manager(cast),
        person=cast.person,
        kind=Review.Kind.UNPLANNED,
        due_on=TODAY() + dt.timedelta(days=7),
        reason="Two incidents this month",
    )


def test_an_unplanned_review_needs_a_reason_and_a_sensible_date(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        reviews.plan_review(
            actor=manager(cast),
            person=cast.person,
            kind=Review.Kind.UNPLANNED,
            due_on=TODAY() + dt.timedelta(days=5 * 365),
            reason="   ",
        )
    assert set(error.value.message_dict) == {"reason", "due_on"}
    assert not Review.objects.exists()


def test_the_same_date_is_not_planned_twice(cast: Cast) -> None:
    planned(cast)
    with pytest.raises(ValidationError) as error:
        planned(cast)
    assert "already planned" in error.value.message_dict["due_on"][0]


def test_holding_needs_a_participant_and_nothing_is_kept_when_refused(cast: Cast) -> None:
    review = planned(cast)
    with pytest.raises(ValidationError) as error:
        reviews.hold_review(
            actor=manager(cast),
            review=review,
            held_on=TODAY(),
            points=[{"perspective": "person", "kind": "working", "text": "My flat"}],
        )
    assert "at least one person" in error.value.message_dict["participants"][0]
    review.refresh_from_db()
    assert review.status == Review.Status.PLANNED
    assert not review.points.exists()


def test_holding_makes_every_action_a_goal_through_the_plans_service(cast: Cast) -> None:
    review = planned(cast)
    actor = manager(cast)
    reviews.add_action(
        actor=actor,
        review=review,
        text="Visit the Saturday club",
        owner="Tariq",
        due_on=TODAY() + dt.timedelta(days=30),
    )
    assert Action.objects.get(review=review).goal is None
    held = reviews.hold_review(
        actor=actor,
        review=review,
        held_on=TODAY(),
        participants=[{"is_person": True}, {"staff_member": cast.staff["team_worker"]}],
        points=[
            {
                "perspective": "person",
                "kind": "working",
                "text": "I like my flat.",
                "verbatim": True,
                "top_two": True,
            },
            {"perspective": "staff", "kind": "not_working", "text": "Rota changes."},
        ],
        actions=[
            {
                "text": "Ask about a bus pass",
                "owner": "Mo",
                "due_on": TODAY() + dt.timedelta(days=10),
            }
        ],
        what_matters="Keeping my flat.",
        budget_working="partly",
    )
    assert held.status == Review.Status.HELD and held.held_on == TODAY()
    goals = Goal.objects.filter(person=cast.person).order_by("title")
    assert [g.title for g in goals] == ["Ask about a bus pass", "Visit the Saturday club"]
    assert all(a.goal is not None for a in Action.objects.filter(review=review))
    # The plans app's own audit records each goal, and the hold names them.
    assert AuditEvent.objects.filter(action="goal.add").count() == 2
    hold = AuditEvent.objects.get(action="review.hold")
    assert sorted(hold.changes["goals"]["new"]) == sorted(str(g.public_id) for g in goals)
    names = sorted(p.name for p in held.participants.all())
    assert names == ["Alex", "Tariq Teamworker"]
    point = held.points.get(perspective=Perspective.PERSON)
    assert point.verbatim and point.top_two and point.text == "I like my flat."
    assert held.what_matters == "Keeping my flat."


def test_an_action_needs_an_owner(cast: Cast) -> None:
    review = planned(cast)
    with pytest.raises(ValidationError) as error:
        reviews.hold_review(
            actor=manager(cast),
            review=review,
            held_on=TODAY(),
            participants=[{"is_person": True}],
            actions=[
                {
                    "text": "Phone the college",
                    "owner": "  ",
                    "due_on": TODAY() + dt.timedelta(days=3),
                }
            ],
        )
    assert error.value.message_dict == {
        "actions.0.owner": ["Say who will do it: every action needs an owner."]
    }
    assert not Goal.objects.exists()


def test_items_report_their_place_in_the_list(cast: Cast) -> None:
    review = planned(cast)
    with pytest.raises(ValidationError) as error:
        reviews.hold_review(
            actor=manager(cast),
            review=review,
            held_on=TODAY(),
            participants=[{"is_person": True}],
            points=[
                {"perspective": "person", "kind": "working", "text": "ok"},
                {"perspective": "family", "kind": "working", "text": "Calmer", "verbatim": True},
            ],
        )
    assert list(error.value.message_dict) == ["points.1.verbatim"]


def test_a_held_review_is_amended_only_with_a_reason(cast: Cast) -> None:
    review = data.a_review(cast)
    actor = manager(cast)
    with pytest.raises(ValidationError) as error:
        reviews.add_point(
            actor=actor, review=review, perspective="family", kind="future", text="Alex on holiday"
        )
    assert "Say why" in error.value.message_dict["amend_reason"][0]
    reviews.add_point(
        actor=actor,
        review=review,
        perspective="family",
        kind="future",
        text="A holiday",
        amend_reason="Mum's hope was missed from the notes",
    )
    event = AuditEvent.objects.get(action="review.amend.point.add")
    assert event.changes["amend_reason"] == {"new": "Mum's hope was missed from the notes"}
    assert event.changes["text"] == {"changed": True}  # private text is never in the audit
    # A new action on a held review becomes a goal at once.
    action = reviews.add_action(
        actor=actor,
        review=review,
        text="Book a holiday",
        owner="Carol",
        due_on=TODAY() + dt.timedelta(days=90),
        amend_reason="Agreed after the meeting",
    )
    assert action.goal is not None and action.goal.title == "Book a holiday"
    # The last participant of a held review can't be removed.
    review.participants.exclude(pk=review.participants.first().pk).delete()  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        reviews.remove_participant(
            actor=actor, participant=review.participants.get(), amend_reason="Wrong person"
        )


def test_top_two_at_most_two_of_a_kind(cast: Cast) -> None:
    review = data.a_planned_review(cast)
    actor = manager(cast)
    points = [
        reviews.add_point(
            actor=actor, review=review, perspective="staff", kind="working", text=f"Point {n}"
        )
        for n in range(3)
    ]
    with pytest.raises(ValidationError):
        reviews.choose_top(actor=actor, review=review, kind="working", points=points)
    reviews.choose_top(actor=actor, review=review, kind="working", points=points[:2])
    assert set(review.points.filter(top_two=True).values_list("text", flat=True)) == {
        "Point 0",
        "Point 1",
    }


def test_review_dates_come_from_the_profile_and_the_package(cast: Cast) -> None:
    data.review_dates(cast)
    dates = review_selectors.review_dates(cast.person, TODAY())
    assert [d.key for d in dates] == ["profile", "package"]
    overview = review_selectors.overview(cast.person, TODAY(), {"profile", "plans"})
    assert len(overview.to_schedule) == 2
    reviews.plan_review(
        actor=manager(cast),
        person=cast.person,
        kind="scheduled",
        due_on=dates[0].due_on,
        reason=str(dates[0].label),
    )
    overview = review_selectors.overview(cast.person, TODAY(), {"profile", "plans"})
    assert [d.key for d in overview.to_schedule] == ["package"]
    assert len(overview.due) == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"home": 6}, "answers.home"),
        ({"home": 0}, "answers.home"),
        ({"home": True}, "answers.home"),
        ({"garden": 3}, "answers.garden"),
        ({}, "answers"),
    ],
)
def test_check_in_answers_are_checked(cast: Cast, answers: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_ins.record_check_in(
            actor=manager(cast), person=cast.person, on=TODAY(), answers=answers
        )
    assert field in error.value.message_dict
    assert not CheckIn.objects.exists()


def test_a_check_in_keeps_the_persons_words_exactly(cast: Cast) -> None:
    words = "i DONT like  the new staff!!  \n\nbut swimming is GOOD :)"
    person_user = cast.user("person_user")
    assert person_user is not None
    with pytest.raises(ValidationError) as error:
        check_ins.record_check_in(
            actor=person_user,
            person=cast.person,
            on=TODAY() + dt.timedelta(days=1),
            answers={"home": 4},
        )
    assert "future" in error.value.message_dict["on"][0]
    check_in = check_ins.record_check_in(
        actor=person_user,
        person=cast.person,
        on=TODAY(),
        answers={"home": 4, "staff": "2"},
        own_words=f"  {words} ",
        helped_by="",
    )
    check_in.refresh_from_db()
    assert check_in.own_words == words
    assert check_in.answers == {"home": 4, "staff": 2}
    event = AuditEvent.objects.get(action="check_in.record")
    assert event.changes["own_words"] == {"changed": True}
    answers = review_selectors.answers_of(check_in)
    assert [a.value for a in answers][:4] == [4, None, None, 2]


def test_a_round_collects_top_picks_of_reviews_held_in_its_period(cast: Cast) -> None:
    review = data.a_review(cast)  # held a week ago; five points, all top picks
    data.a_planned_review(cast)  # not held: not collected
    actor = manager(cast)
    round_ = wtfc.create_round(
        actor=actor,
        organisation=cast.organisation,
        name="Spring",
        starts_on=TODAY() - dt.timedelta(days=30),
        ends_on=TODAY() + dt.timedelta(days=1),
    )
    view = wtfc_selectors.round_view(round_)
    assert view.reviewed == 1 and len(view.all_points) == 5
    assert {entry.label for entry in view.all_points} == {"Person 1"}
    not_working = [e.point for e in view.all_points if e.point.kind == "not_working"]
    with pytest.raises(ValidationError) as error:
        wtfc.add_theme(
            actor=actor,
            round_=round_,
            title="Staff",
            kind="working",
            i_statement="I want staff I know",
            points=not_working,
        )
    assert "points" in error.value.message_dict
    theme = wtfc.add_theme(
        actor=actor,
        round_=round_,
        title="Staff",
        kind="not_working",
        i_statement="I want staff I know",
        points=not_working,
    )
    view = wtfc_selectors.round_view(round_)
    assert len(view.themes[0].points) == 2 and len(view.ungrouped) == 3
    rows = wtfc_selectors.csv_rows(view)
    assert rows[1][0] == "Staff" and rows[1][5] == "Person 1"
    # No name is added (the points' own words may of course mention someone).
    assert all("Fairweather" not in cell for row in rows for cell in row)
    # Points from outside the round are refused.
    outside = ReviewPoint.objects.create(
        review=data.a_planned_review(cast),
        perspective="staff",
        kind="not_working",
        text="x",
        top_two=True,
    )
    with pytest.raises(ValidationError):
        wtfc.update_theme(
            actor=actor,
            theme=theme,
            points=[outside],
            title="Staff",
            kind="not_working",
            i_statement="I want staff I know",
        )
    assert review.points.filter(themes=theme).count() == 2


def test_a_round_period_is_checked(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        wtfc.create_round(
            actor=manager(cast),
            organisation=cast.organisation,
            name="",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    assert set(error.value.message_dict) == {"name", "ends_on"}
