"""Pages of reviews, check-ins and working together for change, as the cast uses them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.outcomes.models import CheckIn, Review, Theme, WtfcRound
from ownterms.plans.models import Goal
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.outcomes import data

PLANS_READERS = {"administrator", "manager", "on_call_manager", "team_worker", "person_user"}
REPORT_READERS = {"administrator", "manager", "other_manager", "on_call_manager"}


def client_for(cast: Cast, member: str) -> Client:
    client = Client()
    user = cast.user(member)
    if user is not None:
        client.force_login(user)
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        f"outcomes:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


TODAY = timezone.localdate


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_reading_reviews_follows_plans_access(cast: Cast, member: str) -> None:
    review = data.a_review(cast)
    client = client_for(cast, member)
    pages = [
        url(cast, "reviews"),
        url(cast, "review", review_id=review.public_id),
        url(cast, "check_ins"),
    ]
    for path in pages:
        response = client.get(path)
        if member == "anonymous":
            assert response.status_code == 302
        elif member in PLANS_READERS:
            assert response.status_code == 200, path
        else:
            assert response.status_code == 404, (member, path)


@pytest.mark.parametrize("member", ["circle_with_consent", "partner_current"])
def test_family_and_partners_read_reviews_only_with_plans_consent(cast: Cast, member: str) -> None:
    review = data.a_review(cast)
    path = url(cast, "review", review_id=review.public_id)
    client = client_for(cast, member)
    assert client.get(path).status_code == 404
    data.grant_plans(cast, member)
    response = client.get(path)
    assert response.status_code == 200
    assert "I like my flat." in response.content.decode()
    # They read, but neither record a check-in nor change the review.
    assert client.get(url(cast, "check_in_new")).status_code == 403
    assert client.get(url(cast, "review_edit", review_id=review.public_id)).status_code == 403
    assert AuditEvent.objects.filter(
        kind="access", actor=cast.user(member), page="outcomes.review"
    ).exists()


def test_the_review_page_shows_each_goal_as_it_is_now(cast: Cast) -> None:
    review = data.a_review(cast)
    goal = review.actions.get().goal
    assert goal is not None
    Goal.objects.filter(pk=goal.pk).update(status=Goal.Status.IN_PROGRESS)
    page = client_for(cast, "team_worker").get(url(cast, "review", review_id=review.public_id))
    html = page.content.decode()
    assert "In progress" in html and "Ask the cafe about a day" in html
    assert "<q>I like my flat.</q>" in html  # the person's own words, marked
    assert "Mark the review as held" not in html  # a held review, and a reader only


def test_the_person_sees_their_own_check_ins_in_easy_read(cast: Cast) -> None:
    data.a_review(cast)
    page = client_for(cast, "person_user").get(url(cast, "check_ins"))
    html = page.content.decode()
    assert "My check-ins" in html and "This is what I said about my life." in html
    assert "I like swimming. I want a job." in html
    assert "Very happy" in html  # a word beside every face, never the picture alone


def test_the_person_records_a_check_in_with_faces_and_own_words(cast: Cast) -> None:
    client = client_for(cast, "person_user")
    form = client.get(url(cast, "check_in_new"))
    html = form.content.decode()
    assert 'type="radio"' in html and "Very unhappy" in html and "My money" in html
    bad = client.post(
        url(cast, "check_in_new"),
        {"topic_home": "9", "own_words": "keep this", **date_fields("on", TODAY())},
    )
    assert bad.status_code == 400
    assert "Choose a face from 1 to 5" in bad.content.decode()
    assert "keep this" in bad.content.decode()  # nothing typed is lost
    words = "I want   to go to the SEASIDE!!"
    done = client.post(
        url(cast, "check_in_new"),
        {
            "topic_home": "5",
            "topic_staff": "2",
            "own_words": words,
            "helped_by": "",
            **date_fields("on", TODAY()),
        },
    )
    assert done.status_code == 302
    check_in = CheckIn.objects.get()
    assert check_in.answers == {"home": 5, "staff": 2}
    assert check_in.own_words == words
    assert check_in.recorded_by == cast.user("person_user")


def test_a_manager_plans_records_and_holds_a_review(cast: Cast) -> None:
    client = client_for(cast, "manager")
    missing = client.post(url(cast, "review_new"), {"reason": "", **date_fields("due_on", TODAY())})
    assert missing.status_code == 400
    created = client.post(
        url(cast, "review_new"),
        {"reason": "Alex asked for one", **date_fields("due_on", TODAY())},
    )
    assert created.status_code == 302
    review = Review.objects.get()
    rid = review.public_id
    # Holding with nobody listed is refused, with a clear error.
    refused = client.post(url(cast, "review_hold", review_id=rid), date_fields("held_on", TODAY()))
    assert refused.status_code == 400
    assert "Add at least one person who took part" in refused.content.decode()
    participants = client.get(url(cast, "review_participants", review_id=rid)).content.decode()
    assert "Tariq Teamworker" in participants and "Carol Fairweather" in participants
    assert client.post(url(cast, "review_participants", review_id=rid), {"who": "person"})[
        "Location"
    ].endswith("/participants/")
    member = cast.circle["circle_with_consent"].public_id
    client.post(url(cast, "review_participants", review_id=rid), {"who": f"circle:{member}"})
    typed = client.post(url(cast, "review_participants", review_id=rid), {"who": "other"})
    assert typed.status_code == 400
    client.post(
        url(cast, "review_points", review_id=rid),
        {
            "form": "add",
            "perspective": "person",
            "kind": "working",
            "text": "My flat",
            "verbatim": "on",
        },
    )
    family = client.post(
        url(cast, "review_points", review_id=rid),
        {
            "form": "add",
            "perspective": "family",
            "kind": "working",
            "text": "Calmer",
            "verbatim": "on",
        },
    )
    assert family.status_code == 400
    assert "can be marked as their own words" in family.content.decode()
    point = review.points.get()
    client.post(
        url(cast, "review_points", review_id=rid),
        {"form": "top", "top-top_working": [str(point.public_id)]},
    )
    assert review.points.get().top_two
    no_owner = client.post(
        url(cast, "review_actions", review_id=rid),
        {"text": "Join the Saturday club", "owner": "", **date_fields("due_on", TODAY())},
    )
    assert no_owner.status_code == 400
    assert "every action needs an owner" in no_owner.content.decode()
    assert "Join the Saturday club" in no_owner.content.decode()
    client.post(
        url(cast, "review_actions", review_id=rid),
        {
            "text": "Join the Saturday club",
            "owner": "Tariq",
            **date_fields("due_on", TODAY() + dt.timedelta(days=20)),
        },
    )
    held = client.post(url(cast, "review_hold", review_id=rid), date_fields("held_on", TODAY()))
    assert held.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.HELD
    goal = Goal.objects.get(person=cast.person)
    assert goal.title == "Join the Saturday club"
    # Now held: changes need a reason.
    edit = client.post(
        url(cast, "review_edit", review_id=rid),
        {"what_matters": "A job", "questions": "", "budget_working": "", "budget_note": ""},
    )
    assert edit.status_code == 400 and "Say why you are changing it" in edit.content.decode()
    assert "A job" in edit.content.decode()
    saved = client.post(
        url(cast, "review_edit", review_id=rid),
        {
            "what_matters": "A job",
            "questions": "",
            "budget_working": "yes",
            "budget_note": "",
            "amend_reason": "Added after the meeting",
        },
    )
    assert saved.status_code == 302
    assert AuditEvent.objects.filter(action="review.amend.update").exists()


def test_schedule_a_review_from_a_review_date(cast: Cast) -> None:
    data.review_dates(cast)
    client = client_for(cast, "manager")
    listing = client.get(url(cast, "reviews")).content.decode()
    assert "one-page profile" in listing and "Schedule the review" in listing
    response = client.post(url(cast, "review_schedule"), {"source": "package"})
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.kind == Review.Kind.SCHEDULED
    assert review.due_on == TODAY() + dt.timedelta(days=160)
    unknown = client.post(url(cast, "review_schedule"), {"source": "nonsense"})
    assert unknown.status_code == 302 and Review.objects.count() == 1
    # A reader who may not write can't schedule.
    assert (
        client_for(cast, "team_worker")
        .post(url(cast, "review_schedule"), {"source": "profile"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_working_together_is_for_report_readers(cast: Cast, member: str) -> None:
    round_ = data.a_round(cast)
    org = cast.organisation.slug
    paths = [
        reverse("outcomes:wtfc_rounds", kwargs={"org": org}),
        reverse("outcomes:wtfc_round", kwargs={"org": org, "round_id": round_.public_id}),
        reverse("outcomes:wtfc_summary", kwargs={"org": org, "round_id": round_.public_id}),
        reverse("outcomes:wtfc_csv", kwargs={"org": org, "round_id": round_.public_id}),
    ]
    client = client_for(cast, member)
    for path in paths:
        response = client.get(path)
        if member == "anonymous":
            assert response.status_code == 302
        elif member in REPORT_READERS:
            assert response.status_code == 200
            body = response.content.decode("utf-8-sig")
            assert "Fairweather" not in body and "Person 1" in body
        else:
            assert response.status_code == 404


def test_a_manager_runs_a_round(cast: Cast) -> None:
    data.a_review(cast)
    client = client_for(cast, "manager")
    org = cast.organisation.slug
    bad = client.post(
        reverse("outcomes:wtfc_round_new", kwargs={"org": org}),
        {
            "name": "Autumn",
            **date_fields("starts_on", TODAY()),
            **date_fields("last_day", TODAY() - dt.timedelta(days=3)),
        },
    )
    assert bad.status_code == 400 and "must end after it starts" in bad.content.decode()
    client.post(
        reverse("outcomes:wtfc_round_new", kwargs={"org": org}),
        {
            "name": "Autumn",
            **date_fields("starts_on", TODAY() - dt.timedelta(days=30)),
            **date_fields("last_day", TODAY()),
        },
    )
    round_ = WtfcRound.objects.get()
    assert round_.ends_on == TODAY() + dt.timedelta(days=1)
    page = client.get(
        reverse("outcomes:wtfc_round", kwargs={"org": org, "round_id": round_.public_id})
    )
    assert "Points not in a theme yet" in page.content.decode()
    hopes = [p for p in data.a_review(cast).points.all() if p.kind == "future"]
    new = reverse("outcomes:wtfc_theme_new", kwargs={"org": org, "round_id": round_.public_id})
    refused = client.post(new, {"title": "Work", "kind": "future", "i_statement": ""})
    assert refused.status_code == 400
    client.post(
        new,
        {
            "title": "Work",
            "kind": "future",
            "i_statement": "I want a job",
            "points": [str(hopes[0].public_id)],
        },
    )
    theme = Theme.objects.get()
    assert list(theme.points.all()) == hopes
    csv = client.get(
        reverse("outcomes:wtfc_csv", kwargs={"org": org, "round_id": round_.public_id})
    )
    text = csv.content.decode("utf-8-sig")
    assert "Work,Hopes for the future,I want a job" in text
    assert AuditEvent.objects.filter(action="wtfc.theme.add").exists()
    assert AuditEvent.objects.filter(action="wtfc_round.view").exists()


def test_the_record_shows_a_reviews_section_and_home_links(cast: Cast) -> None:
    page = client_for(cast, "team_worker").get(
        reverse(
            "plans:goals",
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
        )
    )
    assert url(cast, "reviews") in page.content.decode()
    home = reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    assert reverse("outcomes:wtfc_rounds", kwargs={"org": cast.organisation.slug}) in (
        client_for(cast, "manager").get(home).content.decode()
    )
    assert url(cast, "check_in_new") in client_for(cast, "person_user").get(home).content.decode()


def test_the_person_sees_their_own_reviews_in_easy_read(cast: Cast) -> None:
    review = data.a_review(cast)
    client = client_for(cast, "person_user")
    listing = client.get(url(cast, "reviews")).content.decode()
    assert "My reviews" in listing and "My reviews before" in listing
    assert "Schedule the review" not in listing
    page = client.get(url(cast, "review", review_id=review.public_id))
    html = page.content.decode()
    assert page.status_code == 200
    assert "My review on" in html and "What is working" in html and "What I hope for" in html
    assert "<q>I want a job in a cafe.</q>" in html  # the person's own words, as said
    assert "Ask the cafe about a day" in html and "Not started" in html  # the goal, as it is now
    assert "Who came" in html and "Carol Fairweather" in html
    # Staff see the full page, not the easy-read one.
    staff = client_for(cast, "manager").get(url(cast, "review", review_id=review.public_id))
    assert "My review on" not in staff.content.decode()


def _many_held_reviews(cast: Cast, count: int) -> None:
    from ownterms.outcomes.models import Action, Participant, ReviewPoint

    for n in range(count):
        held = TODAY() - dt.timedelta(days=n + 2)
        review = Review.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            kind="unplanned",
            status="held",
            due_on=held,
            held_on=held,
            reason=f"Review {n}",
        )
        Participant.objects.create(review=review, name="Alex", perspective="person")
        ReviewPoint.objects.create(
            review=review, perspective="person", kind="working", text=f"Point {n}", top_two=True
        )
        goal = Goal.objects.create(
            organisation=cast.organisation, person=cast.person, title=f"Goal {n}", owner="Mo"
        )
        Action.objects.create(
            review=review, text=f"Action {n}", owner="Mo", due_on=TODAY(), goal=goal
        )


@pytest.mark.parametrize("count", [2, 12])
def test_pages_over_many_reviews_have_a_query_ceiling(
    cast: Cast, count: int, django_assert_max_num_queries: Any
) -> None:
    _many_held_reviews(cast, count)
    round_ = WtfcRound.objects.create(
        organisation=cast.organisation,
        name="All",
        starts_on=TODAY() - dt.timedelta(days=60),
        ends_on=TODAY() + dt.timedelta(days=1),
    )
    client = client_for(cast, "manager")
    org = cast.organisation.slug
    with django_assert_max_num_queries(30):
        assert client.get(url(cast, "reviews")).status_code == 200
    with django_assert_max_num_queries(30):
        page = client.get(
            reverse("outcomes:wtfc_round", kwargs={"org": org, "round_id": round_.public_id})
        )
        assert f"Person {count}" in page.content.decode()
