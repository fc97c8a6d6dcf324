"""On-call pages per role: the rota, building, handing over, the call log and its privacy,
follow-ups on the home page; query ceilings on the list pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.oncall.models import CallLog
from ownterms.staff.models import OnCallDuty
from ownterms.staff.services import add_on_call_duty
from tests.cast import Cast
from tests.ownterms.oncall.helpers import a_call, client_for, date_fields, on_call_duty, url, user

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def build_data(cast: Cast, action: str, starts_on: dt.date = dt.date(2030, 1, 7)) -> dict:
    return {
        **date_fields("starts_on", starts_on),
        "weeks": "2",
        "rotation": "weekly",
        "weekend_team": [cast.staff[n].public_id for n in ("manager", "other_manager")],
        "weekday_team": [cast.staff["on_call_manager"].public_id],
        "action": action,
    }


class TestRota:
    def test_office_roles_see_duties_and_fairness(self, cast: Cast) -> None:
        for name in ("administrator", "manager", "coordinator"):
            response = client_for(user(cast, name)).get(url(cast, "rota"))
            assert response.status_code == 200
            body = response.content.decode()
            assert "Nia Oncall" in body and "Weekends on call in" in body

    @pytest.mark.parametrize("name", ["team_worker", "finance", "person_user", "other_org_admin"])
    def test_others_get_404(self, cast: Cast, name: str) -> None:
        assert client_for(user(cast, name)).get(url(cast, "rota")).status_code == 404

    def test_query_ceiling(self, cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
        start = timezone.now() + dt.timedelta(days=1)
        for index in range(40):
            add_on_call_duty(
                actor=user(cast, "administrator"),
                manager=cast.staff[("manager", "other_manager")[index % 2]],
                starts_at=start + dt.timedelta(hours=index),
                ends_at=start + dt.timedelta(hours=index + 1),
            )
        client = client_for(user(cast, "manager"))
        with django_assert_max_num_queries(19):
            assert client.get(url(cast, "rota")).status_code == 200


class TestBuild:
    def test_preview_then_confirm(self, cast: Cast) -> None:
        client = client_for(user(cast, "coordinator"))
        assert client.get(url(cast, "build")).status_code == 200
        before = OnCallDuty.objects.count()
        response = client.post(url(cast, "build"), build_data(cast, "preview"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Save this rota" in body and "Friday 11 January 17:00" in body
        assert OnCallDuty.objects.count() == before
        response = client.post(url(cast, "build"), build_data(cast, "confirm"))
        assert response.status_code == 302
        assert OnCallDuty.objects.count() == before + 10

    def test_a_clash_is_shown_and_refused(self, cast: Cast) -> None:
        client = client_for(user(cast, "manager"))
        client.post(url(cast, "build"), build_data(cast, "confirm"))
        response = client.post(url(cast, "build"), build_data(cast, "preview"))
        assert "Already taken" in response.content.decode()
        assert "Save this rota" not in response.content.decode()
        response = client.post(url(cast, "build"), build_data(cast, "confirm"))
        assert response.status_code == 400
        assert "Only one manager can be on call at a time" in response.content.decode()

    def test_bad_input_is_explained(self, cast: Cast) -> None:
        client = client_for(user(cast, "manager"))
        data = {
            **build_data(cast, "preview"),
            "weeks": "many",
            "weekend_team": [],
            "weekday_team": [],
        }
        response = client.post(url(cast, "build"), data)
        assert response.status_code == 400
        body = response.content.decode()
        assert "Enter a whole number of weeks" in body
        data = {**build_data(cast, "preview"), "weekend_team": ["not-a-uuid"], "weekday_team": []}
        assert client.post(url(cast, "build"), data).status_code == 400


class TestHandOver:
    def test_the_holder_hands_over_from_the_page(self, cast: Cast) -> None:
        duty = on_call_duty(cast)
        client = client_for(user(cast, "on_call_manager"))
        page = url(cast, "swap", duty_id=duty.public_id)
        assert client.get(page).status_code == 200
        response = client.post(
            page,
            {
                "to": cast.staff["manager"].public_id,
                "seen": cast.staff["on_call_manager"].public_id,
            },
        )
        assert response.status_code == 302
        assert OnCallDuty.objects.filter(manager=cast.staff["manager"]).exists()

    def test_a_stale_form_is_refused(self, cast: Cast) -> None:
        duty = on_call_duty(cast)
        response = client_for(user(cast, "manager")).post(
            url(cast, "swap", duty_id=duty.public_id),
            {"to": cast.staff["other_manager"].public_id, "seen": cast.staff["manager"].public_id},
        )
        assert response.status_code == 400
        assert "took this duty since you opened the page" in response.content.decode()

    def test_workers_cannot(self, cast: Cast) -> None:
        page = url(cast, "swap", duty_id=on_call_duty(cast).public_id)
        assert client_for(user(cast, "team_worker")).get(page).status_code == 404


class TestCallLog:
    def test_details_only_for_those_who_read_daily_notes(self, cast: Cast) -> None:
        a_call(cast)
        body = client_for(user(cast, "manager")).get(url(cast, "calls")).content.decode()
        assert "Tariq Teamworker, support worker" in body and "About Alex" in body
        for name in ("other_manager", "coordinator"):
            body = client_for(user(cast, name)).get(url(cast, "calls")).content.decode()
            assert "about someone you don't support" in body.lower()
            assert "Tariq Teamworker, support worker" not in body and "Alex" not in body

    def test_reading_a_call_about_a_person_is_audited(self, cast: Cast) -> None:
        call = a_call(cast)
        page = url(cast, "call_detail", call_id=call.public_id)
        body = client_for(user(cast, "manager")).get(page).content.decode()
        assert "seizure" in body
        event = AuditEvent.objects.get(
            kind=AuditEvent.Kind.ACCESS, actor=cast.manager, page="on-call call"
        )
        assert event.person_id == cast.person.pk and event.basis == "manager"
        body = client_for(user(cast, "other_manager")).get(page).content.decode()
        assert "seizure" not in body and "Someone you don" in body
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.ACCESS, actor=cast.other_manager
        ).exists()

    def test_open_filter_and_query_ceiling(self, cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
        for index in range(30):
            a_call(cast, follow_up=index % 2 == 0, about_person=index % 3 == 0)
        client = client_for(user(cast, "manager"))
        with django_assert_max_num_queries(17):
            response = client.get(url(cast, "calls"))
        assert response.content.decode().count("/on-call/calls/") >= 30
        response = client.get(url(cast, "calls") + "?open=1")
        assert response.content.decode().count("Due today") == 15

    def test_logging_a_call_from_the_phone_form(self, cast: Cast) -> None:
        client = client_for(user(cast, "on_call_manager"))
        assert client.get(url(cast, "call_new")).status_code == 200
        now = timezone.localtime() - dt.timedelta(minutes=10)
        response = client.post(
            url(cast, "call_new"),
            {
                **date_fields("received_on", now.date()),
                "received_time": f"{now:%H:%M}",
                "caller": "Carol Fairweather, Alex's mum",
                "person": cast.person.public_id,
                "what_happened": "Worried Alex had not rung.",
                "action_taken": "Rang the team; all well.",
                "follow_up_needed": "yes",
                "follow_up_owner": cast.staff["manager"].public_id,
                **date_fields("follow_up_due", now.date() + dt.timedelta(days=1)),
            },
        )
        assert response.status_code == 302, response.content.decode()
        call = CallLog.objects.get()
        assert call.person == cast.person and call.follow_up_open

    def test_bad_call_input(self, cast: Cast) -> None:
        client = client_for(user(cast, "manager"))
        response = client.post(
            url(cast, "call_new"),
            {
                **date_fields("received_on", timezone.localdate()),
                "received_time": "25:99",
                "caller": "x" * 300,
                "person": cast.other_org_person.public_id,
                "follow_up_needed": "yes",
            },
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "Enter what happened" in body
        assert "Times must be between" in body or "Enter times like" in body
        assert not CallLog.objects.exists()

    def test_follow_up_done_by_the_owner(self, cast: Cast) -> None:
        call = a_call(cast)
        client = client_for(user(cast, "manager"))
        done = url(cast, "follow_up_done", call_id=call.public_id)
        assert client.post(done, {"follow_up_outcome": ""}).status_code == 400
        assert client.post(done, {"follow_up_outcome": "Spoke to the GP."}).status_code == 302
        call.refresh_from_db()
        assert call.follow_up_done_by == cast.manager
        response = client.post(done, {"follow_up_outcome": "Again"})
        assert (
            response.status_code == 400
            and "marked this follow-up done" in response.content.decode()
        )


class TestHomeSection:
    def home(self, cast: Cast, name: str) -> str:
        return client_for(user(cast, name)).get(reverse("core:home")).content.decode()

    def test_day_managers_see_open_follow_ups_due_first(self, cast: Cast) -> None:
        a_call(cast)
        later = a_call(cast)
        later.follow_up_due = timezone.localdate() + dt.timedelta(days=5)
        later.save(update_fields=["follow_up_due"])
        body = self.home(cast, "manager")
        assert "Open follow-ups from on call" in body
        assert body.index("due today") < body.index("due ", body.index("due today") + 5)
        # The call's details stay on the call's page (the home's "Today" section may name
        # seizures as a kind of record, never a call's).
        assert (
            "had a seizure" not in body
            and "Alex Fairweather" not in body.split("Open follow-ups")[1][:2000]
        )

    def test_workers_do_not(self, cast: Cast) -> None:
        a_call(cast)
        assert "Open follow-ups from on call" not in self.home(cast, "team_worker")

    def test_done_follow_ups_leave_the_home(self, cast: Cast) -> None:
        call = a_call(cast)
        call.follow_up_done_at = timezone.now()
        call.save(update_fields=["follow_up_done_at"])
        assert "Open follow-ups from on call" not in self.home(cast, "manager")
