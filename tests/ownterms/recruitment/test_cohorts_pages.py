"""The training route's pages: who may see them, the forms end to end (add a cohort, a session,
a trainee; take a register on a phone and the whole grid; change a status; link an
application), safe rendering, audit of views, and query ceilings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Attendance, Cohort, CohortSession, Trainee
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.recruitment import data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

RECRUITERS = {"administrator", "manager", "other_manager", "on_call_manager"}


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.mark.parametrize("member", [m for m in CAST_MEMBERS if m != "anonymous"])
def test_only_recruiters_see_the_route(cast: Cast, member: str) -> None:
    cohort = data.a_cohort(cast)
    client = data.signed_in(cast.user(member))
    pages = [
        url(cast, "cohorts"),
        url(cast, "cohort_detail", cohort_id=cohort.public_id),
        url(cast, "trainee_detail", trainee_id=data.a_trainee(cast).public_id),
        url(cast, "cohorts_report"),
    ]
    expected = 200 if member in RECRUITERS else 404
    assert [client.get(page).status_code for page in pages] == [expected] * len(pages)


def test_the_recruiter_role_sees_the_route(cast: Cast, recruiter: User) -> None:
    client = data.signed_in(recruiter)
    assert client.get(url(cast, "cohorts")).status_code == 200


def test_a_cohort_from_start_to_finish(cast: Cast) -> None:
    manager = cast.user("manager")
    client = data.signed_in(manager)
    today = cast.today
    response = client.post(
        url(cast, "cohort_new"),
        {
            "name": "Summer",
            **date_fields("starts_on", today - dt.timedelta(days=7)),
            **date_fields("ends_on", today + dt.timedelta(days=60)),
            "place": "Library",
            "mentor": str(cast.staff["team_worker"].public_id),
        },
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Summer")
    assert cohort.mentor == cast.staff["team_worker"]
    detail = url(cast, "cohort_detail", cohort_id=cohort.public_id)
    assert response["Location"] == detail
    assert (
        client.post(
            url(cast, "cohort_session_new", cohort_id=cohort.public_id),
            {**date_fields("on", today - dt.timedelta(days=1)), "topic": "Values and rights"},
        ).status_code
        == 302
    )
    session = CohortSession.objects.get(cohort=cohort)
    # An applicant who already applied is linked as soon as the trainee is added.
    applicant = data.an_applicant(cast)
    for first, email, status in [
        ("Jo", "JO.APPLICANT@example.org", "enrolled"),
        ("Kit", "kit@example.org", "enrolled"),
        ("Lee", "", "informed"),
    ]:
        assert (
            client.post(
                url(cast, "cohort_trainee_new", cohort_id=cohort.public_id),
                {
                    "first_name": first,
                    "last_name": "Learner",
                    "email": email,
                    **date_fields("informed_on", today - dt.timedelta(days=20)),
                    "status": status,
                },
            ).status_code
            == 302
        )
    jo = Trainee.objects.get(first_name="Jo")
    kit = Trainee.objects.get(first_name="Kit")
    assert jo.applicant == applicant
    client.get(detail)  # shows (and so clears) the messages
    # The phone register: everyone enrolled is listed and ticked at first.
    register = url(
        cast, "cohort_session_attendance", cohort_id=cohort.public_id, session_id=session.public_id
    )
    page = client.get(register).content.decode()
    assert "Jo Learner" in page and "Kit Learner" in page and "Lee Learner" not in page
    assert client.post(register, {"present": [str(jo.public_id)]}).status_code == 302
    assert dict(Attendance.objects.values_list("trainee__first_name", "present")) == {
        "Jo": True,
        "Kit": False,
    }
    # The grid changes Kit's mark.
    grid = url(cast, "cohort_attendance", cohort_id=cohort.public_id)
    assert client.get(grid).status_code == 200
    ticks = [f"{session.public_id}:{jo.public_id}", f"{session.public_id}:{kit.public_id}"]
    assert client.post(grid, {"present": ticks}).status_code == 302
    assert set(Attendance.objects.values_list("present", flat=True)) == {True}
    # Kit completes.
    status = url(cast, "trainee_status", trainee_id=kit.public_id)
    assert client.post(status, {"status": "completed"}).status_code == 302
    kit.refresh_from_db()
    assert kit.status == Trainee.Status.COMPLETED
    # The cohort's page shows the attendance rates and who applied.
    text = client.get(detail).content.decode()
    assert "100% (1 of 1)" in text and "Applied" in text
    # Linking by hand, then removing the link.
    link = url(cast, "trainee_applicant", trainee_id=jo.public_id)
    assert client.post(link, {"action": "unlink"}).status_code == 302
    assert Trainee.objects.get(pk=jo.pk).applicant is None
    response = client.post(link, {"email": "nobody@example.org"})
    assert response.status_code == 400
    assert "Nobody has applied with this email address." in response.content.decode()
    assert client.post(link, {"email": "jo.applicant@example.org"}).status_code == 302
    assert Trainee.objects.get(pk=jo.pk).applicant == applicant
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "recruitment.cohort_create",
        "recruitment.cohort_session_create",
        "recruitment.trainee_create",
        "recruitment.cohort_attendance",
        "recruitment.trainee_status",
        "recruitment.trainee_applicant",
        "trainee.view",
    } <= actions


def test_forms_say_what_is_wrong(cast: Cast) -> None:
    client = data.signed_in(cast.user("manager"))
    cohort = data.a_cohort(cast)
    response = client.post(
        url(cast, "cohort_new"),
        {
            "name": "x" * 100_000,
            **date_fields("starts_on", cast.today),
            **date_fields("ends_on", cast.today - dt.timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ensure this value has at most 120 characters" in text
    response = client.post(
        url(cast, "cohort_new"),
        {
            "name": "Backwards",
            **date_fields("starts_on", cast.today),
            **date_fields("ends_on", cast.today - dt.timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "The last day must be on or after the first day." in response.content.decode()
    response = client.post(
        url(cast, "cohort_session_new", cohort_id=cohort.public_id),
        {**date_fields("on", cohort.ends_on + dt.timedelta(days=1)), "topic": "Late"},
    )
    assert response.status_code == 400
    assert "Choose a day between" in response.content.decode()
    trainee = data.a_trainee(cast)  # enrolled
    response = client.post(
        url(cast, "trainee_status", trainee_id=trainee.public_id), {"status": "informed"}
    )
    assert response.status_code == 400
    future = cohort.sessions.order_by("-on").first()
    assert future is not None and future.on > cast.today
    response = client.post(
        url(
            cast,
            "cohort_session_attendance",
            cohort_id=cohort.public_id,
            session_id=future.public_id,
        ),
        {"present": [str(trainee.public_id)]},
    )
    assert response.status_code == 400
    assert "hasn&#x27;t happened yet" in response.content.decode()
    response = client.post(
        url(cast, "cohort_attendance", cohort_id=cohort.public_id),
        {"present": ["not-a-pair"]},
    )
    assert response.status_code == 400


def test_names_render_escaped_and_emoji_are_fine(cast: Cast) -> None:
    cohort = data.a_cohort(cast)
    Trainee.objects.create(
        organisation=cast.organisation,
        cohort=cohort,
        first_name="<script>alert(1)</script>",
        last_name="🌊 Wave",
        status=Trainee.Status.ENROLLED,
        informed_on=cast.today,
    )
    client = data.signed_in(cast.user("manager"))
    for page in (
        url(cast, "cohort_detail", cohort_id=cohort.public_id),
        url(cast, "cohort_attendance", cohort_id=cohort.public_id),
    ):
        text = client.get(page).content.decode()
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; 🌊 Wave" in text


def test_seeing_trainees_is_audited_once_in_a_while(cast: Cast) -> None:
    cohort = data.a_cohort(cast)
    client = data.signed_in(cast.user("manager"))
    detail = url(cast, "cohort_detail", cohort_id=cohort.public_id)
    client.get(detail)
    client.get(detail)
    views = AuditEvent.objects.filter(action="trainee.view", object_id=str(cohort.public_id))
    assert views.count() == 1
    assert views.get().page == "recruitment.cohort"


def test_another_organisations_cohort_is_404(cast: Cast) -> None:
    cohort = data.a_cohort(cast)
    client = data.signed_in(cast.user("other_org_admin"))
    other = reverse(
        "recruitment:cohort_detail",
        kwargs={"org": cast.other_organisation.slug, "cohort_id": cohort.public_id},
    )
    assert client.get(other).status_code == 404


# Query ceilings ----------------------------------------------------------------------------

CEILINGS = {"cohorts": 10, "cohort_detail": 14, "cohort_attendance": 14, "cohorts_report": 11}


def _grow(cast: Cast, more: int) -> None:
    cohort = data.a_cohort(cast)
    held = data.a_session(cast)
    Cohort.objects.create(
        organisation=cast.organisation,
        name=f"Another {more}",
        starts_on=cast.today,
        ends_on=cast.today,
    )
    for n in range(more):
        session = CohortSession.objects.create(
            cohort=cohort, on=cast.today - dt.timedelta(days=n + 1), topic=f"Topic {more}-{n}"
        )
        trainee = Trainee.objects.create(
            organisation=cast.organisation,
            cohort=cohort,
            first_name=f"T{more}-{n}",
            last_name="Learner",
            status=Trainee.Status.ENROLLED,
            informed_on=cast.today,
        )
        Attendance.objects.create(session=session, trainee=trainee, present=True)
        Attendance.objects.create(session=held, trainee=trainee, present=n % 2 == 0)


@pytest.mark.parametrize("page", sorted(CEILINGS))
def test_pages_have_a_query_ceiling(
    cast: Cast, page: str, django_assert_max_num_queries: Any
) -> None:
    client = data.signed_in(cast.user("manager"))
    counts = []
    for more in (2, 6):
        _grow(cast, more)
        kwargs = (
            {}
            if page in ("cohorts", "cohorts_report")
            else {"cohort_id": data.a_cohort(cast).public_id}
        )
        target = url(cast, page, **kwargs)
        warm_up(client, target)
        with (
            django_assert_max_num_queries(CEILINGS[page]),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"
