"""Building the rota, handing duties over, the call log and the numbers (real database)."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.leave.models import LeaveRequest
from ownterms.notifications.models import Notification
from ownterms.oncall import services
from ownterms.oncall.models import CallLog, OnCallNumbers
from ownterms.oncall.planning import Kind, Rotation, kind_of
from ownterms.staff.models import OnCallDuty, StaffMember
from ownterms.staff.services import add_on_call_duty
from tests.cast import Cast
from tests.ownterms.oncall.helpers import a_call, on_call_duty, user

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
FIRST = dt.date(2030, 1, 7)  # a Monday, far from the cast's duty around "now"
MANAGERS = ("manager", "other_manager", "on_call_manager")


def team(cast: Cast, *names: str) -> list[StaffMember]:
    return [cast.staff[name] for name in names or MANAGERS]


def build(cast: Cast, weeks: int = 4, **kwargs: object) -> list[OnCallDuty]:
    arguments: dict = {
        "actor": user(cast, "administrator"),
        "organisation": cast.organisation,
        "starts_on": FIRST,
        "weeks": weeks,
        "weekend_team": team(cast),
        "weekday_team": team(cast, "manager", "other_manager"),
        "rotation": Rotation.WEEKLY,
        **kwargs,
    }
    return services.build_rota(**arguments)


def on_leave(cast: Cast, name: str, first: dt.date, last: dt.date) -> None:
    LeaveRequest.objects.create(
        organisation=cast.organisation,
        staff_member=cast.staff[name],
        kind=LeaveRequest.Kind.ANNUAL,
        starts_on=first,
        ends_on=last,
        minutes=450,
        status=LeaveRequest.Status.APPROVED,
    )


def assert_no_overlaps(organisation_id: int) -> None:
    duties = list(OnCallDuty.objects.filter(organisation_id=organisation_id).order_by("starts_at"))
    for before, after in itertools.pairwise(duties):
        assert before.ends_at <= after.starts_at, (before, after)


class TestBuild:
    def test_builds_weekends_and_weekday_nights_without_overlaps(self, cast: Cast) -> None:
        duties = build(cast, weeks=4)
        kinds = Counter(kind_of(d.starts_at, d.ends_at, LONDON) for d in duties)
        assert kinds == {Kind.WEEKEND: 4, Kind.WEEKDAY: 16}
        assert_no_overlaps(cast.organisation.pk)
        weekend = next(d for d in duties if kind_of(d.starts_at, d.ends_at, LONDON) == Kind.WEEKEND)
        assert timezone.localtime(weekend.starts_at).strftime("%a %H:%M") == "Fri 17:00"
        assert timezone.localtime(weekend.ends_at).strftime("%a %H:%M") == "Mon 09:00"
        assert AuditEvent.objects.filter(action="on_call.add").count() == 20

    def test_a_year_is_balanced_and_nobody_has_two_weekends_running(self, cast: Cast) -> None:
        build(cast, weeks=26, weekday_team=[])
        build(cast, weeks=26, weekday_team=[], starts_on=FIRST + dt.timedelta(weeks=26))
        weekends = list(
            OnCallDuty.objects.filter(
                organisation=cast.organisation, starts_at__year=2030
            ).order_by("starts_at")
        )
        counts = Counter(d.manager_id for d in weekends)
        assert max(counts.values()) - min(counts.values()) <= 1
        holders = [d.manager_id for d in weekends]
        assert all(a != b for a, b in itertools.pairwise(holders))

    def test_the_manager_with_fewest_weekends_this_year_goes_first(self, cast: Cast) -> None:
        add_on_call_duty(
            actor=user(cast, "administrator"),
            manager=cast.staff["manager"],
            starts_at=dt.datetime(2030, 1, 4, 17, tzinfo=LONDON),
            ends_at=dt.datetime(2030, 1, 7, 9, tzinfo=LONDON),
        )
        duties = build(
            cast, weeks=2, weekday_team=[], weekend_team=team(cast, "manager", "other_manager")
        )
        assert [d.manager for d in duties] == [cast.staff["other_manager"], cast.staff["manager"]]

    def test_approved_leave_is_respected(self, cast: Cast) -> None:
        friday = FIRST + dt.timedelta(days=4)
        on_leave(cast, "manager", friday, friday)
        on_leave(cast, "other_manager", FIRST, FIRST + dt.timedelta(days=27))
        duties = build(cast, weeks=4)
        for duty in duties:
            days = {
                timezone.localtime(duty.starts_at).date(),
                timezone.localtime(duty.ends_at).date(),
            }
            assert duty.manager != cast.staff["other_manager"]
            if friday in days:
                assert duty.manager != cast.staff["manager"]

    def test_overlap_is_refused_with_a_clear_message_and_nothing_is_saved(self, cast: Cast) -> None:
        build(cast, weeks=2)
        before = OnCallDuty.objects.count()
        with pytest.raises(ValidationError) as caught:
            build(cast, weeks=3)
        text = " ".join(caught.value.messages)
        assert "Only one manager can be on call at a time" in text
        assert "is already on call from" in text
        assert OnCallDuty.objects.count() == before

    def test_bad_requests(self, cast: Cast) -> None:
        with pytest.raises(ValidationError, match="between 1 and"):
            build(cast, weeks=0)
        with pytest.raises(ValidationError, match="between 1 and"):
            build(cast, weeks=1000)
        with pytest.raises(ValidationError, match="Choose the managers"):
            build(cast, weekend_team=[], weekday_team=[])
        with pytest.raises(ValidationError, match="has started"):
            build(cast, starts_on=dt.date(2001, 1, 1), weeks=1)
        outsider = StaffMember.objects.filter(organisation=cast.other_organisation).first()
        if outsider is not None:  # pragma: no cover - the cast has none today
            with pytest.raises(ValidationError):
                build(cast, weekend_team=[outsider])

    def test_dst_weekends_are_stored_as_real_times(self, cast: Cast) -> None:
        duties = build(
            cast, starts_on=dt.date(2030, 3, 25), weeks=1, weekday_team=[], weekend_team=team(cast)
        )
        (weekend,) = duties
        weekend.refresh_from_db()  # in UTC: subtracting gives the real elapsed time
        assert (weekend.ends_at - weekend.starts_at) == dt.timedelta(hours=63)
        assert timezone.localtime(weekend.ends_at).hour == 9


class TestHandOver:
    def future_duty(self, cast: Cast) -> OnCallDuty:
        return next(d for d in build(cast, weeks=1, weekday_team=[]))

    def test_a_future_duty_changes_hands_and_both_are_told(self, cast: Cast) -> None:
        duty = self.future_duty(cast)
        holder = duty.manager
        to = next(m for m in team(cast) if m != holder)
        taken = services.hand_over(
            actor=holder.user, duty=duty, to=to, seen_manager=holder.public_id
        )
        assert taken.pk == duty.pk and taken.manager == to
        assert Notification.objects.filter(user=to.user, topic="on_call").exists()
        assert Notification.objects.filter(user=holder.user, topic="on_call").exists()
        event = AuditEvent.objects.get(action="on_call.hand_over")
        assert event.changes == {"manager": {"old": holder.pk, "new": to.pk}}

    def test_a_duty_under_way_is_split_at_now(self, cast: Cast) -> None:
        duty = on_call_duty(cast)
        end = duty.ends_at
        now = timezone.now()
        taken = services.hand_over(
            actor=user(cast, "administrator"),
            duty=duty,
            to=cast.staff["manager"],
            seen_manager=duty.manager.public_id,
            now=now,
        )
        duty.refresh_from_db()
        assert duty.ends_at == now and duty.manager == cast.staff["on_call_manager"]
        assert taken.starts_at == now and taken.ends_at == end
        assert taken.manager == cast.staff["manager"]
        assert_no_overlaps(cast.organisation.pk)

    def test_a_stale_page_is_refused(self, cast: Cast) -> None:
        duty = self.future_duty(cast)
        others = [m for m in team(cast) if m != duty.manager]
        services.hand_over(
            actor=user(cast, "administrator"),
            duty=duty,
            to=others[0],
            seen_manager=duty.manager.public_id,
        )
        with pytest.raises(ValidationError, match="took this duty since you opened the page"):
            services.hand_over(
                actor=user(cast, "administrator"),
                duty=duty,
                to=others[1],
                seen_manager=duty.manager.public_id,
            )
        duty.refresh_from_db()
        assert duty.manager == others[0]

    def test_refusals(self, cast: Cast) -> None:
        duty = self.future_duty(cast)
        admin = user(cast, "administrator")
        with pytest.raises(ValidationError, match="someone other"):
            services.hand_over(
                actor=admin, duty=duty, to=duty.manager, seen_manager=duty.manager.public_id
            )
        with pytest.raises(ValidationError, match="current manager"):
            services.hand_over(
                actor=admin,
                duty=duty,
                to=cast.staff["team_worker"],
                seen_manager=duty.manager.public_id,
            )
        to = next(m for m in team(cast) if m != duty.manager)
        on_leave(
            cast,
            next(k for k, v in cast.staff.items() if v == to),
            FIRST,
            FIRST + dt.timedelta(days=7),
        )
        with pytest.raises(ValidationError, match="on leave during this duty"):
            services.hand_over(actor=admin, duty=duty, to=to, seen_manager=duty.manager.public_id)
        with pytest.raises(ValidationError, match="is over"):
            services.hand_over(
                actor=admin,
                duty=duty,
                to=to,
                seen_manager=duty.manager.public_id,
                now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
            )


class TestCallLog:
    def test_a_call_is_logged_audited_and_the_owner_told(self, cast: Cast) -> None:
        call = a_call(cast)
        assert call.taken_by == cast.staff["on_call_manager"]
        event = AuditEvent.objects.get(action="on_call.call")
        assert event.person_id == cast.person.pk
        assert event.changes["what_happened"] == {"changed": True}
        assert "seizure" not in str(event.changes)
        note = Notification.objects.get(user=cast.manager, topic="on_call")
        assert "seizure" not in note.body and "Alex" not in note.body

    def test_bad_calls_are_refused_field_by_field(self, cast: Cast) -> None:
        with pytest.raises(ValidationError) as caught:
            services.log_call(
                actor=user(cast, "on_call_manager"),
                received_at=timezone.now() + dt.timedelta(hours=2),
                caller=" ",
                person=None,
                what_happened="",
                action_taken="",
                follow_up_needed=True,
                follow_up_owner=None,
                follow_up_due=None,
            )
        assert set(caught.value.message_dict) == {
            "received_at",
            "caller",
            "what_happened",
            "follow_up_owner",
            "follow_up_due",
        }
        with pytest.raises(ValidationError, match="due before the call"):
            services.log_call(
                actor=user(cast, "on_call_manager"),
                received_at=timezone.now(),
                caller="Sam",
                person=None,
                what_happened="A question about tomorrow.",
                action_taken="",
                follow_up_needed=True,
                follow_up_owner=cast.staff["manager"],
                follow_up_due=timezone.localdate() - dt.timedelta(days=3),
            )
        assert not CallLog.objects.exists()

    def test_an_office_user_without_a_staff_record_logs_for_the_manager_on_call(
        self, cast: Cast
    ) -> None:
        call = a_call(cast, by="administrator", follow_up=False)
        assert call.taken_by == cast.staff["on_call_manager"]
        assert call.follow_up_owner is None

    def test_closing_a_follow_up_once(self, cast: Cast) -> None:
        call = a_call(cast)
        with pytest.raises(ValidationError, match="what came of"):
            services.close_follow_up(actor=cast.manager, call=call, outcome="  ")
        done = services.close_follow_up(actor=cast.manager, call=call, outcome="Rang Alex's GP.")
        assert done.follow_up_done_at is not None and done.follow_up_done_by == cast.manager
        with pytest.raises(ValidationError, match="marked this follow-up done"):
            services.close_follow_up(actor=cast.administrator, call=call, outcome="Again")
        event = AuditEvent.objects.get(action="on_call.follow_up_done")
        assert event.person_id == cast.person.pk
        assert event.changes["follow_up_outcome"] == {"changed": True}
        no_follow_up = a_call(cast, follow_up=False)
        with pytest.raises(ValidationError, match="needs no follow-up"):
            services.close_follow_up(actor=cast.manager, call=no_follow_up, outcome="x")


class TestNumbers:
    def test_saved_and_audited(self, cast: Cast) -> None:
        services.save_numbers(
            actor=user(cast, "administrator"),
            organisation=cast.organisation,
            on_call_phone=" 07700  900123 ",
            office_phone="+44 113 496 0000",
        )
        row = OnCallNumbers.objects.get(organisation=cast.organisation)
        assert (row.on_call_phone, row.office_phone) == ("07700 900123", "+44 113 496 0000")
        assert AuditEvent.objects.filter(action="on_call.numbers").count() == 1

    @pytest.mark.parametrize("bad", ["call me", "123", "0" * 30, "<script>", "07700 900123 ext"])
    def test_bad_numbers_are_refused(self, cast: Cast, bad: str) -> None:
        with pytest.raises(ValidationError) as caught:
            services.save_numbers(
                actor=user(cast, "administrator"),
                organisation=cast.organisation,
                on_call_phone=bad,
                office_phone="",
            )
        assert "on_call_phone" in caught.value.message_dict
        assert not OnCallNumbers.objects.exists()
