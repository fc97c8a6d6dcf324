"""The plan pages: what each role sees and may change, forms, pictures and query ceilings."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ownterms.audit.models import AuditEvent
from ownterms.plans import services
from ownterms.plans.models import Goal, PlanningSession, Policy, ProfileVersion, RoutineActivity
from tests.cast import Cast
from tests.ownterms.plans.data import plan_data
from tests.queries import warm_up


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        f"plans:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def text_of(response: Any) -> str:
    return str(response.content.decode())


def future(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


# -- profile ----------------------------------------------------------------------------------


def test_profile_page_shows_current_version_header_and_every_version(cast: Cast) -> None:
    plan_data(cast)
    page = as_member(cast, "team_worker").get(url(cast, "profile"))
    html = text_of(page)
    assert page.status_code == 200
    assert html.index("Short sentences") < html.index("<h1")  # communication needs first
    assert "My cat, Pepper" in html  # version 2 is current
    assert "Version 2, saved on" in html and "Mo Manager" in html
    assert html.count("plans/profile/versions/") == 2
    assert "Due for review" not in html
    assert "Update the profile" not in html  # support workers read only
    assert ">Dancing<" in html  # interests
    event = AuditEvent.objects.get(kind="access", actor=cast.team_worker, page="plans.profile")
    assert event.basis == "team"


def test_due_for_review_when_review_date_is_today_or_past(cast: Cast) -> None:
    plan_data(cast)
    ProfileVersion.objects.filter(person=cast.person).update(review_on=timezone.localdate())
    html = text_of(as_member(cast, "manager").get(url(cast, "profile")))
    assert "Due for review" in html


def test_old_version_is_viewable_and_marked_older(cast: Cast) -> None:
    plan_data(cast)
    html = text_of(
        as_member(cast, "circle_with_consent").get(url(cast, "profile_version", number=1))
    )
    assert "Older version" in html and "My cat, Pepper" not in html
    assert as_member(cast, "manager").get(url(cast, "profile_version", number=3)).status_code == 404


def test_manager_saves_a_new_version_from_the_form(cast: Cast) -> None:
    plan_data(cast)
    client = as_member(cast, "manager")
    form = text_of(client.get(url(cast, "profile_edit")))
    assert 'name="based_on" value="2"' in form
    response = client.post(
        url(cast, "profile_edit"),
        {
            "appreciated": "Kind.",
            "important": "Swimming.",
            "support": "Patience.",
            "based_on": "2",
            **date_fields("review_on", future()),
        },
    )
    assert response.status_code == 302
    assert ProfileVersion.objects.filter(person=cast.person).count() == 3


def test_profile_edit_conflict_says_so_and_saves_nothing(cast: Cast) -> None:
    plan_data(cast)
    response = as_member(cast, "manager").post(
        url(cast, "profile_edit"),
        {
            "appreciated": "Kind.",
            "important": "Swimming.",
            "support": "Patience.",
            "based_on": "1",
            **date_fields("review_on", future()),
        },
    )
    assert response.status_code == 400
    assert "Someone else saved a change" in text_of(response)
    assert ProfileVersion.objects.filter(person=cast.person).count() == 2


def test_profile_edit_errors_are_on_the_fields(cast: Cast) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "profile_edit"),
        {
            "appreciated": "",
            "important": "x",
            "support": "y",
            **date_fields("review_on", dt.date(2020, 1, 1)),
        },
    )
    html = text_of(response)
    assert response.status_code == 400
    assert "Say what people appreciate about the person." in html
    assert "govuk-error-summary" in html
    assert not ProfileVersion.objects.exists()


def test_review_date_in_the_past_is_refused_on_the_field(cast: Cast) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "profile_edit"),
        {
            "appreciated": "a",
            "important": "b",
            "support": "c",
            **date_fields("review_on", dt.date(2020, 1, 1)),
        },
    )
    assert "The review date must be today or in the future." in text_of(response)
    assert not ProfileVersion.objects.exists()


def test_strengths_and_interests_form_refuses_duplicates(cast: Cast) -> None:
    client = as_member(cast, "manager")
    response = client.post(
        url(cast, "strengths_edit"), {"strengths": "Kind", "interests": "Swimming, swimming"}
    )
    assert response.status_code == 400
    assert "listed twice" in text_of(response)
    response = client.post(
        url(cast, "strengths_edit"), {"strengths": "Kind", "interests": "Swimming, Baking"}
    )
    assert response.status_code == 302
    assert "Baking" in text_of(client.get(url(cast, "profile")))


# -- goals and sessions -----------------------------------------------------------------------


def test_goals_page_for_team_and_not_for_circle_without_plans_consent(cast: Cast) -> None:
    plan_data(cast)
    html = text_of(as_member(cast, "team_worker").get(url(cast, "goals")))
    assert "Get a volunteer job in a café" in html and "Alex with Tariq" in html
    assert "A home of my own by the sea" in html
    assert "PATH session on" in html
    assert "Add a goal" not in html
    assert as_member(cast, "circle_with_consent").get(url(cast, "goals")).status_code == 404


def test_goal_form_adds_and_changes_a_goal(cast: Cast) -> None:
    client = as_member(cast, "manager")
    response = client.post(
        url(cast, "goal_add"),
        {"title": "Go to a festival", "owner": "Alex with Mum", "status": "not_started"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    edit = url(cast, "goal_edit", goal_id=goal.public_id)
    form = text_of(client.get(edit))
    version = re.search(r'name="version" value="([^"]+)"', form)
    assert version is not None
    response = client.post(
        edit,
        {
            "title": "Go to a festival",
            "owner": "Alex with Mum",
            "status": "achieved",
            "version": version.group(1),
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.achieved_on == timezone.localdate()


def test_goal_form_bad_dates(cast: Cast) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "goal_add"),
        {
            "title": "Swim",
            "owner": "Alex",
            "status": "in_progress",
            **date_fields("due_on", dt.date(2020, 1, 1)),
            **date_fields("achieved_on", dt.date(2020, 1, 1)),
        },
    )
    html = text_of(response)
    assert response.status_code == 400
    assert "The due date must be today or in the future." in html
    assert "Only an achieved goal has a date achieved." in html
    assert not Goal.objects.exists()


def test_session_form_for_each_method_with_a_graphic(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    client = as_member(cast, "manager")
    choose = text_of(client.get(url(cast, "session_add")))
    assert "?method=path" in choose and "?method=map" in choose
    form = text_of(client.get(url(cast, "session_add") + "?method=map"))
    assert "Fears (nightmares)" in form and "north star" not in form
    upload = ContentFile(png_bytes(), name="path.png")
    response = client.post(
        url(cast, "session_add") + "?method=path",
        {
            **date_fields("held_on", timezone.localdate()),
            "participants": "Alex, Mum, Tariq",
            "section_north_star": "A home by the sea",
            "graphic": upload,
        },
    )
    assert response.status_code == 302, text_of(response)
    session = PlanningSession.objects.get()
    assert session.graphic
    page = text_of(client.get(url(cast, "session", session_id=session.public_id)))
    assert "A home by the sea" in page and "Not covered" in page
    graphic = url(cast, "session_graphic", session_id=session.public_id)
    assert client.get(graphic).status_code == 200
    assert as_member(cast, "team_worker").get(graphic)["Content-Type"] == "image/png"
    assert as_member(cast, "circle_with_consent").get(graphic).status_code == 404
    assert as_member(cast, "outside_worker").get(graphic).status_code == 404


def test_session_record_can_be_changed_and_its_picture_replaced(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    data = plan_data(cast)
    client = as_member(cast, "manager")
    edit = url(cast, "session_edit", session_id=data.session.public_id)
    form = text_of(client.get(edit))
    assert "A home by the sea" in form and "Remove the picture" not in form
    version = re.search(r'name="version" value="([^"]+)"', form)
    assert version is not None
    fields = {
        **date_fields("held_on", data.session.held_on),
        "participants": "Alex, Carol (Mum), Tariq, Mo, Priya",
        "section_north_star": "A home by the sea",
        "section_now": "Living in a shared house",
        "version": version.group(1),
    }
    response = client.post(edit, {**fields, "graphic": ContentFile(png_bytes(), name="g.png")})
    assert response.status_code == 302, text_of(response)
    data.session.refresh_from_db()
    assert data.session.sections["now"] == "Living in a shared house"
    assert data.session.graphic
    event = AuditEvent.objects.get(action="planning_session.update")
    assert event.changes["sections"] == {"changed": True}
    assert event.changes["graphic"] == {"changed": True}
    # The version read before this change is now stale.
    stale = client.post(edit, {**fields, "participants": "Someone else"})
    assert stale.status_code == 400 and "Someone else saved a change" in text_of(stale)
    assert "Remove the picture" in text_of(client.get(edit))
    assert as_member(cast, "team_worker").get(edit).status_code == 403


def test_session_form_refuses_a_file_that_is_not_a_picture(cast: Cast) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "session_add") + "?method=path",
        {
            **date_fields("held_on", timezone.localdate()),
            "participants": "Alex",
            "section_now": "Living with Mum",
            "graphic": ContentFile(b"not an image", name="x.png"),
        },
    )
    assert response.status_code == 400
    assert "The photo must be a JPG, PNG or WebP image." in text_of(response)
    assert not PlanningSession.objects.exists()


def test_session_form_needs_one_section(cast: Cast) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "session_add") + "?method=map",
        {**date_fields("held_on", timezone.localdate()), "participants": "Alex"},
    )
    assert response.status_code == 400
    assert "Fill in at least one section" in text_of(response)


# -- routine ----------------------------------------------------------------------------------


def test_routine_week_view(cast: Cast) -> None:
    plan_data(cast)
    html = text_of(as_member(cast, "circle_with_consent").get(url(cast, "routine")))
    assert html.count('class="ownterms-week__day"') == 7
    assert "10:00\u201312:00</span> Dance class" in html
    assert "An interest to share: Dancing" in html
    assert "Remove" not in html


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        ("25:00", "26:00", "Enter a time on the 24-hour clock"),
        ("ten", "11:00", "Enter a time on the 24-hour clock"),
        ("14:00", "13:00", "The end time must be after the start time."),
    ],
)
def test_routine_form_bad_times(cast: Cast, starts: str, ends: str, message: str) -> None:
    response = as_member(cast, "manager").post(
        url(cast, "activity_add"),
        {
            "name": "Swimming",
            "day": "2",
            "starts_at": starts,
            "ends_at": ends,
            "frequency": "weekly",
        },
    )
    assert response.status_code == 400
    assert message in text_of(response)
    assert not RoutineActivity.objects.exists()


def test_routine_form_add_change_remove(cast: Cast) -> None:
    client = as_member(cast, "manager")
    response = client.post(
        url(cast, "activity_add"),
        {
            "name": "Coffee morning",
            "day": "1",
            "starts_at": "10.30",
            "ends_at": "12:00",
            "frequency": "weekly",
            "interest": "Chatting",
        },
    )
    assert response.status_code == 302
    activity = RoutineActivity.objects.get()
    assert activity.starts_at == dt.time(10, 30) and activity.interest is not None
    edit = url(cast, "activity_edit", activity_id=activity.public_id)
    assert 'value="10:30"' in text_of(client.get(edit))
    response = client.post(
        edit,
        {
            "name": "Coffee morning",
            "day": "1",
            "starts_at": "10:30",
            "ends_at": "12:30",
            "frequency": "weekly",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.ends_at == dt.time(12, 30) and activity.interest is None
    remove = url(cast, "activity_remove", activity_id=activity.public_id)
    assert as_member(cast, "team_worker").post(remove).status_code == 403
    assert client.post(remove).status_code == 302
    assert not RoutineActivity.objects.exists()


# -- policies ---------------------------------------------------------------------------------


def test_policies_list_history_and_versions(cast: Cast) -> None:
    data = plan_data(cast)
    client = as_member(cast, "team_worker")
    html = text_of(client.get(url(cast, "policies")))
    assert "Looking after my money" in html and "version 2" in html
    page = text_of(client.get(url(cast, "policy", policy_id=data.policy.public_id)))
    assert "£30" in page and "Current version" in page and "Update the policy" not in page
    old = text_of(
        client.get(url(cast, "policy_version", policy_id=data.policy.public_id, number=1))
    )
    assert "£20" in old and "Older version" in old
    assert as_member(cast, "circle_with_consent").get(url(cast, "policies")).status_code == 404


def test_overdue_policy_is_flagged(cast: Cast) -> None:
    data = plan_data(cast)
    data.policy.versions.update(review_on=timezone.localdate() - dt.timedelta(days=1))
    assert "Due for review" in text_of(as_member(cast, "manager").get(url(cast, "policies")))


def test_policy_forms_add_and_revise(cast: Cast) -> None:
    client = as_member(cast, "manager")
    response = client.post(
        url(cast, "policy_add"),
        {
            "kind": "visitors",
            "title": "Visitors at home",
            "text": "Visitors are welcome until 9pm.",
            "owner": "Alex with Mo",
            **date_fields("review_on", future()),
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get()
    response = client.post(
        url(cast, "policy_edit", policy_id=policy.public_id),
        {
            "title": "Visitors at home",
            "text": "Visitors are welcome until 10pm.",
            "owner": "Alex with Mo",
            "based_on": "1",
            **date_fields("review_on", future()),
        },
    )
    assert response.status_code == 302
    assert policy.versions.count() == 2
    stale = client.post(
        url(cast, "policy_edit", policy_id=policy.public_id),
        {
            "title": "Visitors",
            "text": "Stale",
            "owner": "Mo",
            "based_on": "1",
            **date_fields("review_on", future()),
        },
    )
    assert stale.status_code == 400 and "Someone else saved a change" in text_of(stale)


# -- query ceilings ---------------------------------------------------------------------------


def grow(cast: Cast, n: int) -> None:
    """``n`` more of everything on the cast person's plan."""
    manager = cast.manager
    assert manager is not None
    base = ProfileVersion.objects.filter(person=cast.person).count()
    for i in range(n):
        services.save_profile(
            actor=manager,
            person=cast.person,
            appreciated=f"Version {base + i}",
            important="x",
            support="y",
            review_on=future(),
        )
        services.add_goal(actor=manager, person=cast.person, title=f"Goal {i}", owner="Alex")
        services.add_activity(
            actor=manager,
            person=cast.person,
            name=f"Club {i}",
            day=i % 7,
            starts_at=dt.time(6 + i % 12),
            ends_at=dt.time(7 + i % 12),
            frequency="occasional",
            interest=f"Interest {i}",
        )
        services.add_policy(
            actor=manager,
            person=cast.person,
            kind="other",
            title=f"Policy {i}",
            text="t",
            owner="o",
            review_on=future(),
        )


CEILING = 16


@pytest.mark.parametrize(
    "page", ["profile", "goals", "routine", "policies", "easy_about", "easy_people"]
)
def test_pages_have_a_query_ceiling(
    cast: Cast, page: str, django_assert_max_num_queries: Any
) -> None:
    plan_data(cast)
    client = as_member(cast, "manager")
    counts = []
    for more in (2, 12):
        grow(cast, more)
        warm_up(client, url(cast, page))
        with django_assert_max_num_queries(CEILING), CaptureQueriesContext(connection) as queries:
            assert client.get(url(cast, page)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"
