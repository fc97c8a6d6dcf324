"""Availability and leave pages, per role; bad input; query ceilings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.audit.models import AuditEvent
from ownterms.leave import services
from ownterms.leave.models import AvailabilityException, AvailabilityPattern, LeaveRequest
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.leave.helpers import (
    a_request,
    an_exception,
    manager,
    staff_kwargs,
    with_pattern,
    worker,
)

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(cast: Cast, name: str, **extra: Any) -> str:
    return reverse(f"leave:{name}", kwargs={**staff_kwargs(cast), **extra})


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


class TestAvailabilityPages:
    def test_manager_sees_week_and_exceptions(self, cast: Cast) -> None:
        with_pattern(cast)
        an_exception(cast)
        response = client_for(manager(cast)).get(url(cast, "availability"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "09:00\u201317:00" in body
        assert "Not available" in body
        assert "Change the usual week" in body and "Add an exception" in body

    def test_worker_sees_their_own_but_cannot_change_it(self, cast: Cast) -> None:
        with_pattern(cast)
        client = client_for(cast.user("team_worker"))
        response = client.get(url(cast, "availability"))
        assert response.status_code == 200
        assert "When I can work" in response.content.decode()
        assert "Change the usual week" not in response.content.decode()
        assert client.get(url(cast, "pattern_new")).status_code == 403
        assert client.post(url(cast, "pattern_new"), {}).status_code == 403

    def test_another_worker_gets_404(self, cast: Cast) -> None:
        client = client_for(cast.user("outside_worker"))
        assert client.get(url(cast, "availability")).status_code == 404
        assert client.get(url(cast, "staff_leave")).status_code == 404

    def test_save_a_pattern(self, cast: Cast) -> None:
        data = {
            **date_fields("effective_from", cast.today),
            "monday": "09:00-17:00",
            "tuesday": "all day",
            "wednesday": "7-13, 18:00\u201322:00",
            "saturday": "22:00-24:00",
            "sunday": "00:00-07:00",
        }
        response = client_for(manager(cast)).post(url(cast, "pattern_new"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        pattern = AvailabilityPattern.objects.get()
        assert [(r.weekday, r.start_minute, r.end_minute) for r in pattern.ranges.all()] == [
            (0, 540, 1020),
            (1, 0, 1440),
            (2, 420, 780),
            (2, 1080, 1320),
            (5, 1320, 1440),
            (6, 0, 420),
        ]

    @pytest.mark.parametrize(
        ("monday", "message"),
        [
            ("17:00-09:00", "ends before it starts"),
            ("22:00-07:00", "cannot cross midnight"),
            ("09:00-25:00", "between 00:00 and 24:00"),
            ("09:00-13:00, 12:00-17:00", "overlaps"),
            ("nine till five", "like 09:00-17:00"),
            ("09:75-10:00", "between 00:00 and 24:00"),
        ],
    )
    def test_bad_pattern_shows_the_error_and_saves_nothing(
        self, cast: Cast, monday: str, message: str
    ) -> None:
        data = {**date_fields("effective_from", cast.today), "monday": monday}
        response = client_for(manager(cast)).post(url(cast, "pattern_new"), data)
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body
        assert "There is a problem" in body
        assert not AvailabilityPattern.objects.exists()

    def test_form_starts_from_the_current_pattern(self, cast: Cast) -> None:
        with_pattern(cast)
        response = client_for(manager(cast)).get(url(cast, "pattern_new"))
        assert 'value="09:00-17:00"' in response.content.decode()

    def test_exception_in_the_past_is_saved_with_a_warning(self, cast: Cast) -> None:
        day = cast.today - dt.timedelta(days=2)
        data = {**date_fields("on", day), "available": "no", "reason": "Was ill"}
        response = client_for(manager(cast)).post(url(cast, "exception_new"), data, follow=True)
        assert response.status_code == 200
        assert "is in the past" in response.content.decode()
        assert AvailabilityException.objects.get().on == day

    def test_exception_needs_both_times(self, cast: Cast) -> None:
        data = {**date_fields("on", cast.today), "available": "yes", "start": "09:00"}
        response = client_for(manager(cast)).post(url(cast, "exception_new"), data)
        assert response.status_code == 400
        assert "Enter both a start and an end time" in response.content.decode()
        assert not AvailabilityException.objects.exists()

    def test_manager_removes_an_exception(self, cast: Cast) -> None:
        exception = an_exception(cast)
        response = client_for(manager(cast)).post(
            url(cast, "exception_remove", exception_id=exception.public_id)
        )
        assert response.status_code == 302
        assert not AvailabilityException.objects.exists()


class TestLeavePages:
    def test_worker_asks_for_annual_leave(self, cast: Cast) -> None:
        first = cast.today + dt.timedelta(days=14)
        data = {
            "kind": "annual",
            **date_fields("starts_on", first),
            **date_fields("ends_on", first + dt.timedelta(days=1)),
            "half_day_end": "on",
        }
        client = client_for(cast.user("team_worker"))
        response = client.post(url(cast, "request_new"), data)
        assert response.status_code == 302
        leave = LeaveRequest.objects.get()
        assert leave.status == "requested" and leave.half_day_end and leave.minutes == 675
        page = client.get(url(cast, "staff_leave")).content.decode()
        assert "My leave" in page and "Waiting for approval" in page

    def test_worker_cannot_record_sickness(self, cast: Cast) -> None:
        first = cast.today + dt.timedelta(days=1)
        data = {
            "kind": "sickness",
            **date_fields("starts_on", first),
            **date_fields("ends_on", first),
        }
        client = client_for(cast.user("team_worker"))
        assert 'value="sickness"' not in client.get(url(cast, "request_new")).content.decode()
        response = client.post(url(cast, "request_new"), data)
        assert response.status_code == 400
        assert not LeaveRequest.objects.exists()

    def test_manager_records_sickness_approved(self, cast: Cast) -> None:
        data = {
            "kind": "sickness",
            **date_fields("starts_on", cast.today),
            **date_fields("ends_on", cast.today),
            "note": "Migraine",
        }
        response = client_for(manager(cast)).post(url(cast, "request_new"), data)
        assert response.status_code == 302
        assert LeaveRequest.objects.get().status == "approved"

    def test_overlap_is_refused_on_the_form(self, cast: Cast) -> None:
        existing = a_request(cast, days_ahead=10, length=3)
        data = {
            "kind": "annual",
            **date_fields("starts_on", existing.ends_on),
            **date_fields("ends_on", existing.ends_on + dt.timedelta(days=2)),
        }
        response = client_for(cast.user("team_worker")).post(url(cast, "request_new"), data)
        assert response.status_code == 400
        assert "This overlaps other leave: Annual leave" in response.content.decode()
        assert LeaveRequest.objects.count() == 1

    def test_dates_in_the_wrong_order(self, cast: Cast) -> None:
        data = {
            "kind": "annual",
            **date_fields("starts_on", cast.today + dt.timedelta(days=5)),
            **date_fields("ends_on", cast.today + dt.timedelta(days=4)),
        }
        response = client_for(cast.user("team_worker")).post(url(cast, "request_new"), data)
        assert response.status_code == 400
        assert "on or after the first day" in response.content.decode()

    def test_manager_approves_and_declines(self, cast: Cast) -> None:
        client = client_for(manager(cast))
        first, second = a_request(cast, days_ahead=10), a_request(cast, days_ahead=30)
        page = client.get(url(cast, "decide", leave_id=first.public_id))
        assert page.status_code == 200
        response = client.post(
            url(cast, "decide", leave_id=first.public_id), {"decision": "approve"}
        )
        assert response.status_code == 302
        response = client.post(
            url(cast, "decide", leave_id=second.public_id), {"decision": "decline"}
        )
        assert response.status_code == 400
        assert "Say why" in response.content.decode()
        response = client.post(
            url(cast, "decide", leave_id=second.public_id),
            {"decision": "decline", "reason": "Two others are off", "next": "organisation"},
        )
        assert response["Location"] == reverse(
            "leave:organisation", kwargs={"org": cast.organisation.slug}
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("approved", "declined")
        assert AuditEvent.objects.filter(action__in=["leave.approve", "leave.decline"]).count() == 2

    def test_worker_cannot_decide_but_can_cancel_their_own_future_leave(self, cast: Cast) -> None:
        leave = a_request(cast)
        client = client_for(cast.user("team_worker"))
        assert client.get(url(cast, "decide", leave_id=leave.public_id)).status_code == 403
        assert client.post(url(cast, "cancel", leave_id=leave.public_id)).status_code == 302
        leave.refresh_from_db()
        assert leave.status == "cancelled"

    def test_worker_cannot_cancel_leave_that_has_started(self, cast: Cast) -> None:
        member = worker(cast)
        leave = services.request_leave(
            actor=manager(cast),
            staff_member=member,
            kind="sickness",
            starts_on=cast.today,
            ends_on=cast.today,
            approve=True,
        )
        client = client_for(cast.user("team_worker"))
        assert client.post(url(cast, "cancel", leave_id=leave.public_id)).status_code == 403

    def test_leave_of_someone_else_is_404_even_with_the_right_staff_id(self, cast: Cast) -> None:
        other = a_request(cast, member=cast.staff["outside_worker"])
        response = client_for(manager(cast)).get(url(cast, "decide", leave_id=other.public_id))
        assert response.status_code == 404

    def test_terms_and_worked_hours_forms(self, cast: Cast) -> None:
        client = client_for(manager(cast))
        assert client.post(url(cast, "terms"), {"days_per_week": "3.3"}).status_code == 400
        assert client.post(url(cast, "terms"), {"days_per_week": "4"}).status_code == 302
        StaffMember.objects.filter(pk=worker(cast).pk).update(
            employment=StaffMember.Employment.BANK, contract_minutes_per_week=0
        )
        data = {
            **date_fields("starts_on", cast.today - dt.timedelta(days=6)),
            **date_fields("ends_on", cast.today),
            "hours": "30:30",
        }
        assert client.post(url(cast, "worked_hours_new"), data).status_code == 302
        page = client.get(url(cast, "staff_leave")).content.decode()
        assert "12.07%" in page and "30.5" in page
        assert client.post(url(cast, "worked_hours_new"), data).status_code == 400


class TestOrganisationPage:
    def test_manager_sees_waiting_and_off_this_week(self, cast: Cast) -> None:
        a_request(cast, days_ahead=40)
        services.request_leave(
            actor=manager(cast),
            staff_member=cast.staff["outside_worker"],
            kind="sickness",
            starts_on=cast.today,
            ends_on=cast.today,
            approve=True,
        )
        response = client_for(manager(cast)).get(
            reverse("leave:organisation", kwargs={"org": cast.organisation.slug})
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "1 request waiting" in body
        assert "Una Outsider" in body and "Sickness" in body

    def test_workers_get_404(self, cast: Cast) -> None:
        response = client_for(cast.user("team_worker")).get(
            reverse("leave:organisation", kwargs={"org": cast.organisation.slug})
        )
        assert response.status_code == 404


def _more_staff(cast: Cast, count: int) -> list[StaffMember]:
    members = []
    for index in range(count):
        user = User.objects.create(
            email=f"extra{index}-{StaffMember.objects.count()}@brookside.example",
            display_name=f"Extra {index}",
            organisation=cast.organisation,
        )
        RoleGrant.objects.create(user=user, role=Role.SUPPORT_WORKER)
        members.append(
            StaffMember.objects.create(
                organisation=cast.organisation,
                user=user,
                first_name="Extra",
                last_name=str(index),
                job_title="Support worker",
                employment="full_time",
                contract_minutes_per_week=2250,
                starts_on=cast.today - dt.timedelta(days=400),
            )
        )
    return members


@pytest.mark.parametrize("size", [2, 12])
def test_organisation_page_query_ceiling(
    cast: Cast, size: int, django_assert_max_num_queries: Any
) -> None:
    for offset, member in enumerate(_more_staff(cast, size)):
        a_request(cast, member=member, days_ahead=30 + offset)
        services.request_leave(
            actor=manager(cast),
            staff_member=member,
            kind="sickness",
            starts_on=cast.today,
            ends_on=cast.today,
            approve=True,
        )
    client = client_for(manager(cast))
    path = reverse("leave:organisation", kwargs={"org": cast.organisation.slug})
    client.get(path)
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_staff_leave_page_query_ceiling(
    cast: Cast, size: int, django_assert_max_num_queries: Any
) -> None:
    member = worker(cast)
    for index in range(size):
        leave = a_request(cast, days_ahead=10 + 5 * index, length=2)
        if index % 2:
            services.approve_leave(actor=manager(cast), leave=leave)
    client = client_for(manager(cast))
    client.get(url(cast, "staff_leave"))
    with django_assert_max_num_queries(18):
        response = client.get(url(cast, "staff_leave"))
    assert response.status_code == 200
    assert member.name in response.content.decode()


@pytest.mark.parametrize("size", [1, 15])
def test_availability_page_query_ceiling(
    cast: Cast, size: int, django_assert_max_num_queries: Any
) -> None:
    for index in range(size):
        services.set_availability_pattern(
            actor=manager(cast),
            staff_member=worker(cast),
            effective_from=cast.today - dt.timedelta(days=index),
            days={0: [(0, 600)]},
        )
        services.add_availability_exception(
            actor=manager(cast),
            staff_member=worker(cast),
            on=cast.today + dt.timedelta(days=index),
            available=False,
        )
    client = client_for(manager(cast))
    client.get(url(cast, "availability"))
    with django_assert_max_num_queries(16):
        assert client.get(url(cast, "availability")).status_code == 200


def test_home_links_to_leave(cast: Cast) -> None:
    a_request(cast)
    home = reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    body = client_for(manager(cast)).get(home).content.decode()
    assert "1 request waiting for a decision" in body and "My leave" in body
    body = client_for(cast.user("team_worker")).get(home).content.decode()
    assert "My leave" in body and "waiting for a decision" not in body
    body = client_for(cast.user("person_user")).get(home).content.decode()
    assert "My leave" not in body


def test_asking_for_more_than_the_entitlement_warns(cast: Cast) -> None:
    data = {
        "kind": "annual",
        **date_fields("starts_on", cast.today),
        **date_fields("ends_on", cast.today + dt.timedelta(days=13)),
        "hours": "220",
    }
    response = client_for(cast.user("team_worker")).post(
        url(cast, "request_new"), data, follow=True
    )
    body = response.content.decode()
    assert "10 hours more than the entitlement" in body
