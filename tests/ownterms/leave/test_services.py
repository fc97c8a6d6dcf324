"""Availability and leave services: what they save, what they refuse, what they audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.leave import selectors, services
from ownterms.leave.models import (
    DASH,
    AvailabilityException,
    AvailabilityPattern,
    AvailabilityRange,
    LeaveRequest,
    LeaveTerms,
    WorkedHours,
)
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.leave.helpers import a_request, manager, with_pattern, worker

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


class TestPattern:
    def test_saves_ranges_and_audits_old_and_new(self, cast: Cast) -> None:
        member = with_pattern(cast)
        services.set_availability_pattern(
            actor=manager(cast),
            staff_member=member,
            effective_from=cast.today,
            days={0: [(0, 1440)], 5: [(7 * 60, 13 * 60), (18 * 60, 22 * 60)]},
            note="New school hours",
        )
        assert AvailabilityPattern.objects.filter(staff_member=member).count() == 2
        current = selectors.pattern_in_force(selectors.patterns_of(member), cast.today)
        assert current is not None and current.note == "New school hours"
        assert [(r.weekday, r.start_minute, r.end_minute) for r in current.ranges.all()] == [
            (0, 0, 1440),
            (5, 420, 780),
            (5, 1080, 1320),
        ]
        event = events("availability.set")[-1]
        assert event.person_id is None
        assert event.actor == manager(cast)
        assert event.changes["monday"] == {"old": f"09:00{DASH}17:00", "new": f"00:00{DASH}24:00"}
        assert event.changes["tuesday"] == {"old": f"09:00{DASH}17:00", "new": "not available"}

    @pytest.mark.parametrize(
        ("ranges", "message"),
        [
            ([(17 * 60, 9 * 60)], "ends before it starts"),
            ([(9 * 60, 9 * 60)], "ends before it starts"),
            ([(0, 1441)], "between 00:00 and 24:00"),
            ([(-1, 60)], "between 00:00 and 24:00"),
            ([(9 * 60, 13 * 60), (12 * 60, 17 * 60)], "overlaps"),
            ([(i * 60, i * 60 + 30) for i in range(7)], "at most 6"),
        ],
    )
    def test_refuses_bad_ranges_and_saves_nothing(
        self, cast: Cast, ranges: list[tuple[int, int]], message: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            services.set_availability_pattern(
                actor=manager(cast),
                staff_member=worker(cast),
                effective_from=cast.today,
                days={2: ranges},
            )
        assert message in str(caught.value.message_dict["wednesday"])
        assert not AvailabilityPattern.objects.exists()
        assert not events("availability.set")

    def test_touching_ranges_are_allowed(self, cast: Cast) -> None:
        services.set_availability_pattern(
            actor=manager(cast),
            staff_member=worker(cast),
            effective_from=cast.today,
            days={0: [(9 * 60, 12 * 60), (12 * 60, 17 * 60)]},
        )
        assert AvailabilityRange.objects.count() == 2

    def test_refuses_unknown_weekday(self, cast: Cast) -> None:
        with pytest.raises(ValidationError):
            services.set_availability_pattern(
                actor=manager(cast),
                staff_member=worker(cast),
                effective_from=cast.today,
                days={7: []},
            )

    def test_database_refuses_a_range_ending_before_it_starts(self, cast: Cast) -> None:
        pattern = AvailabilityPattern.objects.create(
            organisation=cast.organisation, staff_member=worker(cast), effective_from=cast.today
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            AvailabilityRange.objects.create(
                pattern=pattern, weekday=0, start_minute=600, end_minute=500
            )

    def test_refuses_another_organisations_staff(self, cast: Cast) -> None:
        other = cast.user("other_org_admin")
        assert other is not None
        with pytest.raises(Exception):  # noqa: B017 - the tenancy guard's own error
            services.set_availability_pattern(
                actor=other, staff_member=worker(cast), effective_from=cast.today, days={}
            )
        assert not AvailabilityPattern.objects.exists()


class TestExceptions:
    def test_whole_day_and_audit_keeps_reason_private(self, cast: Cast) -> None:
        exception = services.add_availability_exception(
            actor=manager(cast),
            staff_member=worker(cast),
            on=cast.today,
            available=False,
            reason="Hospital appointment",
        )
        assert exception.whole_day
        event = events("availability.exception_add")[-1]
        assert event.changes["reason"] == {"changed": True}
        assert "Hospital" not in str(event.changes)
        assert event.person_id is None

    def test_past_dates_are_allowed(self, cast: Cast) -> None:
        exception = services.add_availability_exception(
            actor=manager(cast),
            staff_member=worker(cast),
            on=cast.today - dt.timedelta(days=3),
            available=True,
            start_minute=600,
            end_minute=720,
        )
        assert exception.pk

    def test_refuses_overlap_on_the_same_day(self, cast: Cast) -> None:
        services.add_availability_exception(
            actor=manager(cast),
            staff_member=worker(cast),
            on=cast.today,
            available=False,
            start_minute=600,
            end_minute=720,
        )
        with pytest.raises(ValidationError) as caught:
            services.add_availability_exception(
                actor=manager(cast),
                staff_member=worker(cast),
                on=cast.today,
                available=True,
                start_minute=700,
                end_minute=800,
            )
        assert "already an exception" in str(caught.value.message_dict["on"])
        # Touching is fine.
        services.add_availability_exception(
            actor=manager(cast),
            staff_member=worker(cast),
            on=cast.today,
            available=True,
            start_minute=720,
            end_minute=800,
        )

    @pytest.mark.parametrize(
        ("start", "end", "field"),
        [
            (600, None, "end_minute"),
            (None, 600, "start_minute"),
            (700, 600, "end_minute"),
            (0, 1500, "end_minute"),
        ],
    )
    def test_refuses_bad_times(
        self, cast: Cast, start: int | None, end: int | None, field: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            services.add_availability_exception(
                actor=manager(cast),
                staff_member=worker(cast),
                on=cast.today,
                available=False,
                start_minute=start,
                end_minute=end,
            )
        assert field in caught.value.message_dict
        assert not AvailabilityException.objects.exists()

    def test_remove_is_audited(self, cast: Cast) -> None:
        exception = services.add_availability_exception(
            actor=manager(cast), staff_member=worker(cast), on=cast.today, available=False
        )
        services.remove_availability_exception(actor=manager(cast), exception=exception)
        assert not AvailabilityException.objects.exists()
        assert events("availability.exception_remove")[-1].changes["on"]["old"] == str(cast.today)


class TestLeaveRequests:
    def test_request_counts_the_usual_hours_and_is_audited(self, cast: Cast) -> None:
        leave = a_request(cast, length=7)
        assert leave.status == LeaveRequest.Status.REQUESTED
        assert leave.minutes == 5 * 450  # a week off costs 5 days of 7.5 hours
        event = events("leave.request")[-1]
        assert event.actor == worker(cast).user
        assert event.changes["kind"] == {"old": None, "new": "annual"}
        assert event.person_id is None

    def test_refuses_overlap_naming_the_other_request(self, cast: Cast) -> None:
        first = a_request(cast, days_ahead=20, length=5)
        with pytest.raises(ValidationError) as caught:
            a_request(cast, days_ahead=22, length=5, kind=LeaveRequest.Kind.TRAINING)
        message = str(caught.value.message_dict["starts_on"])
        assert "overlaps" in message and "Annual leave" in message
        assert first.starts_on.strftime("%-d %B %Y") in message
        assert LeaveRequest.objects.count() == 1

    def test_declined_and_cancelled_leave_do_not_block(self, cast: Cast) -> None:
        first = a_request(cast)
        services.cancel_leave(actor=manager(cast), leave=first)
        second = a_request(cast)
        services.decline_leave(actor=manager(cast), leave=second, reason="Too many off")
        assert a_request(cast).status == LeaveRequest.Status.REQUESTED

    def test_morning_and_afternoon_of_one_day_can_be_two_leaves(self, cast: Cast) -> None:
        day = cast.today + dt.timedelta(days=5)
        member = worker(cast)
        services.request_leave(
            actor=member.user,
            staff_member=member,
            kind="annual",
            starts_on=day,
            ends_on=day,
            half_day_end=True,
        )
        afternoon = services.request_leave(
            actor=member.user,
            staff_member=member,
            kind="training",
            starts_on=day,
            ends_on=day,
            half_day_start=True,
        )
        assert afternoon.minutes == 225
        with pytest.raises(ValidationError):
            services.request_leave(
                actor=member.user, staff_member=member, kind="other", starts_on=day, ends_on=day
            )

    @pytest.mark.parametrize(
        ("offset_end", "kwargs", "field"),
        [
            (-1, {}, "ends_on"),
            (0, {"half_day_start": True, "half_day_end": True}, "half_day_end"),
            (400, {}, "ends_on"),
            (0, {"minutes": 24 * 60 + 1}, "minutes"),
            (0, {"minutes": -5}, "minutes"),
            (0, {"kind": "holiday"}, "kind"),
        ],
    )
    def test_refuses_bad_input(
        self, cast: Cast, offset_end: int, kwargs: dict[str, object], field: str
    ) -> None:
        member = worker(cast)
        first = cast.today + dt.timedelta(days=3)
        arguments: dict[str, object] = {"kind": "annual", **kwargs}
        with pytest.raises(ValidationError) as caught:
            services.request_leave(
                actor=member.user,
                staff_member=member,
                starts_on=first,
                ends_on=first + dt.timedelta(days=offset_end),
                **arguments,  # type: ignore[arg-type]
            )
        assert field in caught.value.message_dict
        assert not LeaveRequest.objects.exists()
        assert not events("leave.request")

    def test_refuses_leave_outside_the_contract(self, cast: Cast) -> None:
        member = worker(cast)
        with pytest.raises(ValidationError):
            services.request_leave(
                actor=member.user,
                staff_member=member,
                kind="annual",
                starts_on=member.starts_on - dt.timedelta(days=1),
                ends_on=member.starts_on,
            )

    def test_bank_worker_must_give_hours_for_annual_leave(self, cast: Cast) -> None:
        member = worker(cast)
        StaffMember.objects.filter(pk=member.pk).update(
            employment=StaffMember.Employment.BANK, contract_minutes_per_week=0
        )
        member.refresh_from_db()
        day = cast.today + dt.timedelta(days=3)
        with pytest.raises(ValidationError) as caught:
            services.request_leave(
                actor=member.user, staff_member=member, kind="annual", starts_on=day, ends_on=day
            )
        assert "minutes" in caught.value.message_dict
        leave = services.request_leave(
            actor=member.user,
            staff_member=member,
            kind="annual",
            starts_on=day,
            ends_on=day,
            minutes=6 * 60,
        )
        assert leave.minutes == 360

    def test_manager_recording_is_approved_at_once(self, cast: Cast) -> None:
        member = worker(cast)
        leave = services.request_leave(
            actor=manager(cast),
            staff_member=member,
            kind="sickness",
            starts_on=cast.today,
            ends_on=cast.today,
            note="Flu",
            approve=True,
        )
        assert leave.status == "approved" and leave.decided_by == manager(cast)
        event = events("leave.record")[-1]
        assert event.changes["note"] == {"changed": True}


class TestDecisions:
    def test_approve(self, cast: Cast) -> None:
        leave = services.approve_leave(actor=manager(cast), leave=a_request(cast))
        assert leave.status == "approved" and leave.decided_at is not None
        assert events("leave.approve")[-1].changes == {
            "status": {"old": "requested", "new": "approved"}
        }

    def test_decline_needs_a_reason_and_keeps_it_private_in_the_audit(self, cast: Cast) -> None:
        leave = a_request(cast)
        with pytest.raises(ValidationError):
            services.decline_leave(actor=manager(cast), leave=leave, reason="  ")
        leave.refresh_from_db()
        assert leave.status == "requested"
        declined = services.decline_leave(actor=manager(cast), leave=leave, reason="Short-staffed")
        assert declined.decision_reason == "Short-staffed"
        event = events("leave.decline")[-1]
        assert event.changes["decision_reason"] == {"changed": True}

    def test_only_waiting_leave_is_decided(self, cast: Cast) -> None:
        leave = services.approve_leave(actor=manager(cast), leave=a_request(cast))
        with pytest.raises(ValidationError) as caught:
            services.decline_leave(actor=manager(cast), leave=leave, reason="No")
        assert "approved already" in str(caught.value)
        services.cancel_leave(actor=manager(cast), leave=leave)
        with pytest.raises(ValidationError):
            services.cancel_leave(actor=manager(cast), leave=leave)
        with pytest.raises(ValidationError):
            services.approve_leave(actor=manager(cast), leave=leave)
        assert len(events("leave.cancel")) == 1


class TestTermsAndWorkedHours:
    def test_terms_audited_and_checked(self, cast: Cast) -> None:
        services.set_leave_terms(
            actor=manager(cast), staff_member=worker(cast), days_per_week=Decimal("3.5")
        )
        assert LeaveTerms.objects.get().days_per_week == Decimal("3.5")
        assert events("leave.terms")[-1].changes["days_per_week"]["new"] == "3.5"
        for bad in (Decimal("0"), Decimal("7.5"), Decimal("2.3")):
            with pytest.raises(ValidationError):
                services.set_leave_terms(
                    actor=manager(cast), staff_member=worker(cast), days_per_week=bad
                )

    def test_worked_hours_refuse_overlaps_and_impossible_hours(self, cast: Cast) -> None:
        member = worker(cast)
        services.record_worked_hours(
            actor=manager(cast),
            staff_member=member,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=6),
            minutes=40 * 60,
        )
        with pytest.raises(ValidationError) as caught:
            services.record_worked_hours(
                actor=manager(cast),
                staff_member=member,
                starts_on=TODAY + dt.timedelta(days=6),
                ends_on=TODAY + dt.timedelta(days=8),
                minutes=60,
            )
        assert "already recorded" in str(caught.value)
        with pytest.raises(ValidationError):
            services.record_worked_hours(
                actor=manager(cast),
                staff_member=member,
                starts_on=TODAY + dt.timedelta(days=10),
                ends_on=TODAY + dt.timedelta(days=10),
                minutes=25 * 60,
            )
        with pytest.raises(ValidationError):
            services.record_worked_hours(
                actor=manager(cast),
                staff_member=member,
                starts_on=TODAY,
                ends_on=TODAY - dt.timedelta(days=1),
                minutes=60,
            )
        assert WorkedHours.objects.count() == 1
        assert len(events("leave.worked_hours")) == 1


class TestBalance:
    def test_full_time_taken_booked_waiting(self, cast: Cast) -> None:
        member = worker(cast)
        today = timezone.localdate()
        past = services.request_leave(
            actor=manager(cast),
            staff_member=member,
            kind="annual",
            starts_on=today - dt.timedelta(days=2),
            ends_on=today - dt.timedelta(days=1),
            approve=True,
        )
        view = selectors.balance_of(member, today=today)
        assert not view.irregular
        booked = services.approve_leave(
            actor=manager(cast), leave=a_request(cast, days_ahead=5, length=1)
        )
        a_request(cast, days_ahead=10, length=1)
        services.request_leave(
            actor=manager(cast),
            staff_member=member,
            kind="sickness",
            starts_on=today + dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=30),
            approve=True,
        )
        view = selectors.balance_of(member, today=today)
        year_start = view.year.starts_on
        balance = view.balance
        assert balance.entitlement == 210 * 60  # employed all year: 28 days of 7.5 h
        expected_taken = past.minutes if past.starts_on >= year_start else 0
        assert balance.taken == expected_taken
        assert balance.booked == booked.minutes == 450
        assert balance.waiting == 450
        assert balance.remaining == 210 * 60 - expected_taken - 450

    def test_irregular_hours_accrue_from_worked_hours(self, cast: Cast) -> None:
        member = worker(cast)
        StaffMember.objects.filter(pk=member.pk).update(
            employment=StaffMember.Employment.BANK, contract_minutes_per_week=0
        )
        member.refresh_from_db()
        today = timezone.localdate()
        year = selectors.balance_of(member, today=today).year
        services.record_worked_hours(
            actor=manager(cast),
            staff_member=member,
            starts_on=year.starts_on,
            ends_on=year.starts_on + dt.timedelta(days=27),
            minutes=100 * 60,
        )
        view = selectors.balance_of(member, today=today)
        assert view.irregular
        assert view.worked_minutes == 6000
        assert view.balance.entitlement == 725
        assert view.balance.days(10) is None


def test_the_leave_year_follows_the_organisation_setting(cast: Cast) -> None:
    from ownterms.core.services import change_setting

    member = worker(cast)
    day = dt.date(2027, 2, 10)
    assert selectors.balance_of(member, today=day).year.starts_on == dt.date(2026, 4, 1)
    change_setting(
        actor=None,
        organisation=cast.organisation,
        key="working_time.leave_year_start_month",
        value=1,
        effective_from=timezone.localdate(),
    )
    assert selectors.balance_of(member, today=day).year.starts_on == dt.date(2027, 1, 1)
