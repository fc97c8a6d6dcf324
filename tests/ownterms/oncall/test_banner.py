""" "Who is on call now" on every page: one query, the right person at the boundaries, staff
only, and the office number when nobody is on call."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.oncall.context_processors import banner_of
from ownterms.oncall.models import OnCallNumbers
from ownterms.oncall.selectors import banner_for
from ownterms.staff.models import OnCallDuty
from ownterms.staff.services import add_on_call_duty
from tests.cast import Cast
from tests.ownterms.oncall.helpers import client_for, on_call_duty, user

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
STAFF = ("administrator", "manager", "on_call_manager", "team_worker", "finance", "coordinator")
NOT_STAFF = ("person_user", "circle_with_consent", "partner_current")


def numbers(cast: Cast, on_call: str = "07700 900123", office: str = "") -> None:
    OnCallNumbers.objects.create(
        organisation=cast.organisation, on_call_phone=on_call, office_phone=office
    )


def inbox(cast: Cast) -> str:
    return reverse("notifications:inbox", kwargs={"org": cast.organisation.slug})


class TestWho:
    def test_the_right_manager_either_side_of_17_00(self, cast: Cast) -> None:
        at = lambda *a: dt.datetime(*a, tzinfo=LONDON)  # noqa: E731
        admin = user(cast, "administrator")
        add_on_call_duty(
            actor=admin,
            manager=cast.staff["manager"],
            starts_at=at(2030, 6, 7, 9),
            ends_at=at(2030, 6, 7, 17),
        )
        add_on_call_duty(
            actor=admin,
            manager=cast.staff["other_manager"],
            starts_at=at(2030, 6, 7, 17),
            ends_at=at(2030, 6, 10, 9),
        )
        worker = user(cast, "team_worker")

        def who(moment: dt.datetime) -> str | None:
            found = banner_for(worker, now=moment).on_call
            return found.name if found else None

        assert who(at(2030, 6, 7, 16, 59)) == "Mo Manager"
        assert who(at(2030, 6, 7, 17, 0)) == "Olu Othermanager"
        assert who(at(2030, 6, 10, 8, 59)) == "Olu Othermanager"
        assert who(at(2030, 6, 10, 9, 0)) is None
        assert who(at(2030, 6, 7, 8, 59)) is None

    @pytest.mark.parametrize("name", STAFF)
    def test_staff_see_it(self, cast: Cast, name: str) -> None:
        banner = banner_for(user(cast, name))
        assert banner.show and banner.on_call is not None
        assert banner.on_call.name == "Nia Oncall"

    @pytest.mark.parametrize("name", NOT_STAFF)
    def test_people_circle_and_partners_do_not(self, cast: Cast, name: str) -> None:
        assert not banner_for(user(cast, name)).show
        body = client_for(user(cast, name)).get(inbox(cast)).content.decode()
        assert "on-call-banner" not in body

    def test_another_organisations_duty_is_not_shown(self, cast: Cast) -> None:
        banner = banner_for(user(cast, "other_org_admin"))
        assert banner.show and banner.on_call is None


class TestQueries:
    def test_one_query(self, cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        numbers(cast, office="0113 496 0000")
        worker = user(cast, "team_worker")
        with django_assert_num_queries(1):
            banner_for(worker)

    def test_cached_on_the_request(self, cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/")
        request.user = user(cast, "team_worker")
        with django_assert_num_queries(1):
            first = banner_of(request)
            assert banner_of(request) is first

    def test_a_page_pays_one_query_for_it(self, cast: Cast) -> None:
        client = client_for(user(cast, "team_worker"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(inbox(cast))
        assert response.status_code == 200
        on_call = [q for q in queries.captured_queries if "staff_oncallduty" in q["sql"]]
        assert len(on_call) == 1


class TestWords:
    def test_name_and_tap_to_call(self, cast: Cast) -> None:
        numbers(cast, on_call="+44 7700 900123")
        body = client_for(user(cast, "team_worker")).get(inbox(cast)).content.decode()
        assert 'data-testid="on-call-banner"' in body
        assert "On call now:" in body and "Nia Oncall" in body
        assert 'href="tel:+447700900123"' in body and "(tap to call)" in body

    def test_nobody_on_call_with_an_office_number(self, cast: Cast) -> None:
        OnCallDuty.objects.all().delete()
        numbers(cast, office="0113 496 0000")
        body = client_for(user(cast, "team_worker")).get(inbox(cast)).content.decode()
        assert "Nobody is on call now — phone the office" in body
        assert 'href="tel:01134960000"' in body

    def test_nobody_on_call_and_no_office_number(self, cast: Cast) -> None:
        on_call_duty(cast).delete()
        body = client_for(user(cast, "team_worker")).get(inbox(cast)).content.decode()
        assert "Nobody is on call now." in body
        assert "phone the office" not in body and "tel:" not in body

    def test_on_call_without_a_number(self, cast: Cast) -> None:
        body = client_for(user(cast, "team_worker")).get(inbox(cast)).content.decode()
        assert "Nia Oncall" in body and "tel:" not in body

    def test_the_name_is_escaped(self, cast: Cast) -> None:
        member = cast.staff["on_call_manager"]
        member.first_name = "<b>Nia</b>"
        member.save(update_fields=["first_name"])
        body = client_for(user(cast, "team_worker")).get(inbox(cast)).content.decode()
        assert "&lt;b&gt;Nia&lt;/b&gt;" in body and "<b>Nia</b>" not in body
