"""Support patterns and shifts: what the services save, refuse, audit and notify."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.notifications.models import Notification
from ownterms.rota.models import PatternBlock, Shift, ShiftKind, SkillMode
from ownterms.rota.selectors import patterns as selectors
from ownterms.rota.services import patterns as services
from ownterms.rota.services import shifts as shift_services
from ownterms.rota.services.patterns import BlockInput
from ownterms.rota.services.shifts import ShiftChangedError, ShiftInput
from ownterms.vocabulary.models import Skill, Tag
from tests.cast import Cast
from tests.ownterms.rota.factories import LONDON, assign, at, block, pattern, team_member, trained
from tests.ownterms.rota.patterns_data import give_package, week_pattern

pytestmark = pytest.mark.django_db

#: Clock changes in 2026: forward on Sunday 29 March, back on Sunday 25 October.
SPRING = dt.date(2026, 3, 29)
AUTUMN = dt.date(2026, 10, 25)
A_MONDAY = dt.date(2026, 6, 1)


def manager(cast: Cast):  # type: ignore[no-untyped-def]
    return cast.user("manager")


def day_block(weekday: int, start: int, end: int, **extra: object) -> BlockInput:
    return BlockInput(
        week=int(extra.pop("week", 1)),  # type: ignore[call-overload]
        weekday=weekday,
        start_minute=start,
        end_minute=end,
        kind=str(extra.pop("kind", ShiftKind.DAY)),
        **extra,  # type: ignore[arg-type]
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


class TestBlocks:
    def test_first_block_creates_the_pattern_and_audits_both(self, cast: Cast) -> None:
        added = services.add_block(
            actor=manager(cast),
            person=cast.person,
            data=day_block(0, 10 * 60, 13 * 60, activity="Dance class", preferred_tags=["Dancing"]),
        )
        assert added.pattern.person == cast.person and added.pattern.weeks == 1
        assert [t.label for t in added.preferred_tags.all()] == ["Dancing"]
        assert Tag.objects.filter(label="Dancing", kind=Tag.Kind.INTEREST).exists()
        (created,) = events("rota.pattern_create")
        (event,) = events("rota.block_add")
        assert created.person_id == event.person_id == cast.person.pk
        assert event.changes["activity"] == {"old": None, "new": "Dance class"}

    @pytest.mark.parametrize(
        ("weekday", "start", "end"),
        [
            (1, 7 * 60, 9 * 60),  # Tuesday 07:00, inside Monday's night 22:00-08:00
            (0, 23 * 60, 23 * 60 + 30),  # Monday 23:00, same night
            (0, 21 * 60, 23 * 60),  # Monday 21:00 to 23:00
        ],
    )
    def test_overlap_across_midnight_is_refused_naming_the_other(
        self, cast: Cast, weekday: int, start: int, end: int
    ) -> None:
        services.add_block(
            actor=manager(cast),
            person=cast.person,
            data=day_block(0, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN),
        )
        with pytest.raises(ValidationError) as error:
            services.add_block(
                actor=manager(cast), person=cast.person, data=day_block(weekday, start, end)
            )
        assert "Monday 22:00\u201308:00 (next day)" in error.value.message_dict["start_minute"][0]
        assert PatternBlock.objects.count() == 1

    def test_sunday_night_wraps_into_monday_of_the_same_week(self, cast: Cast) -> None:
        services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(0, 7 * 60, 10 * 60)
        )
        with pytest.raises(ValidationError, match="Monday 07:00"):
            services.add_block(
                actor=manager(cast),
                person=cast.person,
                data=day_block(6, 22 * 60, 32 * 60, kind=ShiftKind.WAKING_NIGHT),
            )

    def test_fortnight_week_two_sunday_wraps_into_week_one_but_weeks_are_apart(
        self, cast: Cast
    ) -> None:
        services.save_pattern(
            actor=manager(cast), person=cast.person, weeks=2, anchor_monday=A_MONDAY
        )
        services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(0, 7 * 60, 10 * 60)
        )
        # The same Monday in week 2 is a different day: fine.
        services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(0, 7 * 60, 10 * 60, week=2)
        )
        # Week 1's Sunday night runs into week 2's Monday 07:00.
        with pytest.raises(ValidationError, match="Week 2, Monday 07:00"):
            services.add_block(
                actor=manager(cast), person=cast.person, data=day_block(6, 22 * 60, 32 * 60)
            )
        # Week 2's Sunday night runs into week 1's Monday 07:00 (the wrap).
        with pytest.raises(ValidationError, match="Week 1, Monday 07:00"):
            services.add_block(
                actor=manager(cast),
                person=cast.person,
                data=day_block(6, 22 * 60, 32 * 60, week=2),
            )
        # Touching is not overlapping.
        services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(6, 21 * 60, 31 * 60, week=2)
        )

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            (day_block(0, 600, 600), "end_minute"),
            (day_block(0, 600, 500), "end_minute"),
            (day_block(0, 600, 2881), "end_minute"),
            (day_block(0, 60, 1600), "end_minute"),  # over 24 hours
            (day_block(0, 1440, 1500), "start_minute"),
            (day_block(7, 60, 120), "weekday"),
            (day_block(0, 60, 120, week=2), "week"),
            (day_block(0, 60, 120, kind="party"), "kind"),
            (day_block(0, 60, 120, headcount=3), "headcount"),
            (day_block(0, 60, 120, skill_mode="some"), "skill_mode"),
            (day_block(0, 60, 120, preferred_tags=["x" * 61]), "preferred_tags"),
            (day_block(0, 60, 120, activity="x" * 121), "activity"),
        ],
    )
    def test_bad_blocks_are_refused_on_their_field(
        self, cast: Cast, data: BlockInput, field: str
    ) -> None:
        with pytest.raises(ValidationError) as error:
            services.add_block(actor=manager(cast), person=cast.person, data=data)
        assert field in error.value.message_dict
        assert not PatternBlock.objects.exists()

    def test_skills_and_preferred_staff_must_be_the_persons(self, cast: Cast) -> None:
        foreign = Skill.objects.create(organisation=cast.other_organisation, name="Driving")
        with pytest.raises(ValidationError) as error:
            services.add_block(
                actor=manager(cast),
                person=cast.person,
                data=day_block(0, 60, 120, skills=[foreign]),
            )
        assert "skills" in error.value.message_dict
        for outsider in (cast.staff["outside_worker"], cast.staff["former_worker"]):
            with pytest.raises(ValidationError) as error:
                services.add_block(
                    actor=manager(cast),
                    person=cast.person,
                    data=day_block(0, 60, 120, preferred_staff=[outsider]),
                )
            assert "preferred_staff" in error.value.message_dict
        services.add_block(
            actor=manager(cast),
            person=cast.person,
            data=day_block(0, 60, 120, preferred_staff=[cast.staff["team_worker"]]),
        )

    def test_change_and_remove_are_audited_and_leave_shifts(self, cast: Cast) -> None:
        added = services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(0, 8 * 60, 15 * 60)
        )
        shift_services.generate_shifts(
            actor=manager(cast), person=cast.person, first_day=A_MONDAY, last_day=A_MONDAY
        )
        services.change_block(
            actor=manager(cast), block=added, data=day_block(0, 9 * 60, 15 * 60, notes="Gym")
        )
        (changed,) = events("rota.block_change")
        assert changed.changes["start_minute"] == {"old": 480, "new": 540}
        generated = Shift.objects.get()
        assert generated.starts_at == at(A_MONDAY, 8)  # generated shifts stay as they were
        services.remove_block(actor=manager(cast), block=added)
        assert events("rota.block_remove")[0].person_id == cast.person.pk
        generated.refresh_from_db()
        assert generated.block_id is None

    def test_fortnight_back_to_weekly_is_refused_while_week_two_has_blocks(
        self, cast: Cast
    ) -> None:
        services.save_pattern(
            actor=manager(cast), person=cast.person, weeks=2, anchor_monday=A_MONDAY
        )
        services.add_block(
            actor=manager(cast), person=cast.person, data=day_block(2, 60, 120, week=2)
        )
        with pytest.raises(ValidationError) as error:
            services.save_pattern(
                actor=manager(cast), person=cast.person, weeks=1, anchor_monday=A_MONDAY
            )
        assert "weeks" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.save_pattern(
                actor=manager(cast),
                person=cast.person,
                weeks=2,
                anchor_monday=A_MONDAY + dt.timedelta(days=1),
            )
        assert "anchor_monday" in error.value.message_dict


class TestTotals:
    def test_weekly_pattern_against_package_is_seven_hours_short(self, cast: Cast) -> None:
        give_package(cast)
        support = week_pattern(cast)
        comparison = selectors.pattern_comparison(support, list(support.blocks.all()), cast.today)
        assert comparison.totals.day_minutes == 98 * 60
        assert comparison.totals.sleep_in_nights == 7
        assert not comparison.matches
        assert comparison.summary == (
            "98 h + 7 sleep-ins a week; commissioned: 105 h + 7 sleep-ins a week \u2013 7 h short"
        )
        assert [d.text for d in comparison.differences] == ["Day support (1:1): 7 h short"]

    def test_fortnight_is_averaged_per_week_and_kinds_are_separate(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=A_MONDAY, weeks=2)
        block(support, 0, 600, 900, headcount=2)  # 5 h of 2:1 in week 1 only
        block(support, 1, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN)
        block(support, 1, 22 * 60, 31 * 60, kind=ShiftKind.WAKING_NIGHT, week=2)
        totals = selectors.pattern_totals(support, list(support.blocks.all()))
        assert totals.two_to_one_minutes == 150
        assert totals.sleep_in_nights == Fraction(1, 2)
        assert totals.waking_night_minutes == 270
        assert totals.day_minutes == 0
        assert selectors.nights_text(totals.sleep_in_nights) == "0.5 sleep-ins"

    def test_week_of_shifts_counts_real_minutes_across_the_clock_change(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=A_MONDAY)
        block(support, 5, 22 * 60, 32 * 60, kind=ShiftKind.WAKING_NIGHT)  # Saturday nights
        for saturday in (SPRING - dt.timedelta(days=1), AUTUMN - dt.timedelta(days=1)):
            shift_services.generate_shifts(
                actor=manager(cast), person=cast.person, first_day=saturday, last_day=saturday
            )
        spring, autumn = Shift.objects.order_by("on")
        assert selectors.shift_totals([spring]).waking_night_minutes == 9 * 60
        assert selectors.shift_totals([autumn]).waking_night_minutes == 11 * 60
        assert selectors.shift_hours_text(autumn) == "11 h"
        autumn.status = Shift.Status.CANCELLED
        assert selectors.shift_totals([autumn]).waking_night_minutes == 0

    def test_no_package_says_so(self, cast: Cast) -> None:
        support = week_pattern(cast)
        comparison = selectors.pattern_comparison(support, list(support.blocks.all()), cast.today)
        assert comparison.package is None and not comparison.matches
        assert "no package" in comparison.summary

    def test_two_to_one_warning_needs_two_qualified_team_members(self, cast: Cast) -> None:
        driving = Skill.objects.create(organisation=cast.organisation, name="Driving")
        support = pattern(cast.person, anchor=A_MONDAY)
        pair = block(support, 0, 600, 900, headcount=2)
        pair.required_skills.set([driving])
        trained(cast.staff["team_worker"], driving, on=cast.today - dt.timedelta(days=10))

        def warnings() -> list[str]:
            blocks = list(support.blocks.all())
            return selectors.two_to_one_warnings(cast.person, blocks, cast.today)

        (warning,) = warnings()
        assert "only 1 of the current team" in warning
        extra = cast.staff["outside_worker"]
        team_member(cast.person, extra, since=cast.today - dt.timedelta(days=5))
        assert len(warnings()) == 1  # both need driving; the new member has not trained
        pair.skill_mode = SkillMode.AT_LEAST_ONE
        pair.save()
        assert warnings() == []  # one driver and a second worker
        pair.skill_mode = SkillMode.EACH
        pair.save()
        trained(extra, driving, on=cast.today - dt.timedelta(days=3))
        assert warnings() == []


class TestLocalTimes:
    def test_nonexistent_time_is_the_moment_clocks_go_forward(self) -> None:
        instant = selectors.local_instant(SPRING, 90)  # 01:30 does not exist
        assert instant.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)
        assert instant.astimezone(LONDON).strftime("%H:%M") == "02:00"

    def test_ambiguous_time_is_the_first_occurrence(self) -> None:
        instant = selectors.local_instant(AUTUMN, 90)
        assert instant.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)

    def test_minutes_past_midnight_are_the_next_day(self) -> None:
        assert selectors.local_instant(A_MONDAY, 1440 + 8 * 60) == at(A_MONDAY + dt.timedelta(1), 8)


class TestGenerate:
    def test_generates_copies_and_is_idempotent(self, cast: Cast) -> None:
        driving = Skill.objects.create(organisation=cast.organisation, name="Driving")
        services.add_block(
            actor=manager(cast),
            person=cast.person,
            data=day_block(
                2,
                10 * 60,
                14 * 60,
                skills=[driving],
                preferred_staff=[cast.staff["team_worker"]],
                preferred_tags=["Swimming"],
                activity="Swimming",
                notes="Bring towel",
            ),
        )
        first, last = A_MONDAY, A_MONDAY + dt.timedelta(days=13)
        made = shift_services.generate_shifts(
            actor=manager(cast), person=cast.person, first_day=first, last_day=last
        )
        assert made == 2
        one = Shift.objects.order_by("on").first()
        assert one is not None
        assert one.on == dt.date(2026, 6, 3) and one.activity == "Swimming"
        assert one.notes == "Bring towel" and one.starts_at == at(one.on, 10)
        assert list(one.required_skills.all()) == [driving]
        assert list(one.preferred_staff.all()) == [cast.staff["team_worker"]]
        assert [t.label for t in one.preferred_tags.all()] == ["Swimming"]
        one.starts_at = at(one.on, 11)
        one.changed_from_pattern = True
        one.save()
        again = shift_services.generate_shifts(
            actor=manager(cast), person=cast.person, first_day=first, last_day=last
        )
        assert again == 0
        one.refresh_from_db()
        assert one.starts_at == at(one.on, 11)  # the edited shift is untouched
        assert [e.changes["shifts_created"] for e in events("rota.shifts_generate")] == [2, 0]

    def test_fortnight_alternates_from_the_anchor(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=A_MONDAY, weeks=2)
        block(support, 0, 600, 700, week=1)
        block(support, 0, 800, 900, week=2)
        shift_services.generate_shifts(
            actor=manager(cast),
            person=cast.person,
            first_day=A_MONDAY - dt.timedelta(days=7),
            last_day=A_MONDAY + dt.timedelta(days=20),
        )
        starts = [s.starts_at.astimezone(LONDON).hour for s in Shift.objects.order_by("on")]
        assert starts == [13, 10, 13, 10]

    def test_nights_over_clock_changes_and_a_block_in_the_missing_hour(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=A_MONDAY)
        block(support, 5, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN)  # Saturday night
        block(support, 6, 90, 110)  # Sunday 01:30-01:50: skipped in spring
        block(support, 6, 60 + 30 + 30, 180)  # Sunday 02:00-03:00
        shift_services.generate_shifts(
            actor=manager(cast),
            person=cast.person,
            first_day=SPRING - dt.timedelta(days=1),
            last_day=SPRING,
        )
        shift_services.generate_shifts(
            actor=manager(cast),
            person=cast.person,
            first_day=AUTUMN - dt.timedelta(days=1),
            last_day=AUTUMN,
        )
        spring = Shift.objects.filter(on__lt=dt.date(2026, 6, 1)).order_by("starts_at")
        lengths = [(s.ends_at - s.starts_at) for s in spring]
        assert lengths == [dt.timedelta(hours=9), dt.timedelta(hours=1)]
        autumn = Shift.objects.filter(on__gt=dt.date(2026, 6, 1)).order_by("starts_at")
        night, early, later = autumn
        assert night.ends_at - night.starts_at == dt.timedelta(hours=11)
        # 01:30 (first, summer time) to 01:50 is 20 minutes.
        assert early.ends_at - early.starts_at == dt.timedelta(minutes=20)
        assert later.starts_at.astimezone(LONDON).strftime("%H:%M") == "02:00"

    @pytest.mark.parametrize(
        ("first", "last"),
        [(A_MONDAY, A_MONDAY - dt.timedelta(days=1)), (A_MONDAY, A_MONDAY + dt.timedelta(366))],
    )
    def test_period_limits(self, cast: Cast, first: dt.date, last: dt.date) -> None:
        week_pattern(cast)
        with pytest.raises(ValidationError) as error:
            shift_services.generate_shifts(
                actor=manager(cast), person=cast.person, first_day=first, last_day=last
            )
        assert "last_day" in error.value.message_dict
        assert not Shift.objects.exists()

    def test_without_a_pattern_is_refused(self, cast: Cast) -> None:
        with pytest.raises(ValidationError, match="pattern"):
            shift_services.generate_shifts(
                actor=manager(cast), person=cast.person, first_day=A_MONDAY, last_day=A_MONDAY
            )

    def test_a_whole_year_is_allowed(self, cast: Cast) -> None:
        week_pattern(cast)
        made = shift_services.generate_shifts(
            actor=manager(cast),
            person=cast.person,
            first_day=A_MONDAY,
            last_day=A_MONDAY + dt.timedelta(days=365),
        )
        assert made == 366 * 3


def one_off(
    on: dt.date = A_MONDAY, start: int = 600, end: int = 720, **extra: object
) -> ShiftInput:
    return ShiftInput(on=on, start_minute=start, end_minute=end, kind=ShiftKind.DAY, **extra)  # type: ignore[arg-type]


class TestShiftChanges:
    def test_one_off_is_added_audited_and_overlap_refused(self, cast: Cast) -> None:
        added = shift_services.add_one_off_shift(
            actor=manager(cast), person=cast.person, data=one_off(activity="Hospital")
        )
        assert added.block_id is None and added.starts_at == at(A_MONDAY, 10)
        assert events("rota.shift_add")[0].person_id == cast.person.pk
        with pytest.raises(ValidationError) as error:
            shift_services.add_one_off_shift(
                actor=manager(cast), person=cast.person, data=one_off(start=660, end=800)
            )
        assert "10:00\u201312:00" in error.value.message_dict["start_minute"][0]

    def test_change_sets_changed_from_pattern_and_notifies_assigned_workers(
        self, cast: Cast
    ) -> None:
        support = pattern(cast.person, anchor=A_MONDAY)
        block(support, 0, 9 * 60, 15 * 60)
        shift_services.generate_shifts(
            actor=manager(cast), person=cast.person, first_day=A_MONDAY, last_day=A_MONDAY
        )
        row = Shift.objects.get()
        assign(row, cast.staff["team_worker"])
        changed = shift_services.change_shift(
            actor=manager(cast),
            shift=row,
            data=one_off(start=10 * 60, end=16 * 60, notes="Dentist"),
            version=row.updated_at,
        )
        assert changed.changed_from_pattern and changed.starts_at == at(A_MONDAY, 10)
        (note,) = Notification.objects.all()
        assert note.user == cast.user("team_worker")
        assert "09:00\u201315:00" in note.body and "10:00\u201316:00" in note.body
        assert "Dentist" not in note.body and "Alex" in note.body
        assert "has changed. It is now" in note.body
        assert f"?week={A_MONDAY.isoformat()}" in note.link
        (event,) = events("rota.shift_change")
        assert event.changes["notes"] == {"changed": True}
        assert event.person_id == cast.person.pk

    def test_the_second_of_two_concurrent_saves_is_refused(self, cast: Cast) -> None:
        row = shift_services.add_one_off_shift(
            actor=manager(cast), person=cast.person, data=one_off()
        )
        seen = row.updated_at
        shift_services.change_shift(
            actor=manager(cast), shift=row, data=one_off(start=9 * 60), version=seen
        )
        with pytest.raises(ShiftChangedError, match="Someone else changed this shift"):
            shift_services.change_shift(
                actor=cast.user("coordinator"),
                shift=row,
                data=one_off(start=11 * 60),
                version=seen,
            )
        row.refresh_from_db()
        assert row.starts_at == at(A_MONDAY, 9)  # the first save stands
        with pytest.raises(ShiftChangedError):
            shift_services.cancel_shift(actor=manager(cast), shift=row, reason="Ill", version=seen)

    def test_a_pattern_shift_keeps_its_day(self, cast: Cast) -> None:
        week_pattern(cast)
        shift_services.generate_shifts(
            actor=manager(cast), person=cast.person, first_day=A_MONDAY, last_day=A_MONDAY
        )
        row = Shift.objects.order_by("starts_at").first()
        assert row is not None
        with pytest.raises(ValidationError) as error:
            shift_services.change_shift(
                actor=manager(cast),
                shift=row,
                data=one_off(on=A_MONDAY + dt.timedelta(days=1), start=8 * 60, end=15 * 60),
                version=None,
            )
        assert "on" in error.value.message_dict

    def test_cancel_and_restore_notify_without_the_reason(self, cast: Cast) -> None:
        row = shift_services.add_one_off_shift(
            actor=manager(cast), person=cast.person, data=one_off()
        )
        assign(row, cast.staff["team_worker"])
        with pytest.raises(ValidationError):
            shift_services.cancel_shift(actor=manager(cast), shift=row, reason="   ")
        cancelled = shift_services.cancel_shift(
            actor=manager(cast), shift=row, reason="Hospital appointment for seizures"
        )
        assert cancelled.status == Shift.Status.CANCELLED
        assert cancelled.cancel_reason == "Hospital appointment for seizures"
        with pytest.raises(ValidationError, match="already cancelled"):
            shift_services.cancel_shift(actor=manager(cast), shift=row, reason="Again")
        shift_services.restore_shift(actor=manager(cast), shift=row)
        bodies = list(Notification.objects.order_by("pk").values_list("body", flat=True))
        assert len(bodies) == 2
        assert "cancelled" in bodies[0] and "back on" in bodies[1]
        assert not any("seizure" in body.lower() or "Hospital" in body for body in bodies)
        cancel_event, restore_event = events("rota.shift_cancel") + events("rota.shift_restore")
        assert cancel_event.changes["cancel_reason"] == {"changed": True}
        assert restore_event.changes["status"] == {"old": "cancelled", "new": "planned"}

    def test_notes_alone_notify_nobody_activity_does(self, cast: Cast) -> None:
        row = shift_services.add_one_off_shift(
            actor=manager(cast), person=cast.person, data=one_off()
        )
        assign(row, cast.staff["team_worker"])
        row = shift_services.change_shift(
            actor=manager(cast), shift=row, data=one_off(notes="Private"), version=None
        )
        assert not Notification.objects.exists()
        shift_services.change_shift(
            actor=manager(cast), shift=row, data=one_off(activity="Swimming"), version=None
        )
        (note,) = Notification.objects.all()
        assert "What we're doing: Swimming." in note.body and "Private" not in note.body

    def test_unassigned_shift_changes_notify_nobody(self, cast: Cast) -> None:
        row = shift_services.add_one_off_shift(
            actor=manager(cast), person=cast.person, data=one_off()
        )
        shift_services.cancel_shift(actor=manager(cast), shift=row, reason="Away")
        assert not Notification.objects.exists()

    def test_times_in_the_missing_hour_are_refused(self, cast: Cast) -> None:
        with pytest.raises(ValidationError, match="clocks go forward"):
            shift_services.add_one_off_shift(
                actor=manager(cast), person=cast.person, data=one_off(SPRING, 70, 110)
            )


def test_week_shifts_and_totals_show_hours_moved_between_days(cast: Cast) -> None:
    give_package(cast, day_hours=14, sleep_ins=0, starts_on=A_MONDAY - dt.timedelta(days=30))
    support = pattern(cast.person, anchor=A_MONDAY)
    block(support, 0, 9 * 60, 16 * 60)
    block(support, 1, 9 * 60, 16 * 60)
    shift_services.generate_shifts(
        actor=manager(cast),
        person=cast.person,
        first_day=A_MONDAY,
        last_day=A_MONDAY + dt.timedelta(days=6),
    )
    monday, tuesday = Shift.objects.order_by("on")
    shift_services.change_shift(
        actor=manager(cast), shift=monday, data=one_off(start=9 * 60, end=13 * 60), version=None
    )
    week = list(selectors.shifts_between(cast.person, A_MONDAY, A_MONDAY + dt.timedelta(6)))
    comparison = selectors.week_comparison(cast.person, week, A_MONDAY)
    assert comparison.totals.day_minutes == 11 * 60
    assert "3 h short" in comparison.summary
    shift_services.change_shift(
        actor=manager(cast),
        shift=tuesday,
        data=one_off(on=tuesday.on, start=8 * 60, end=18 * 60),
        version=None,
    )
    week = list(selectors.shifts_between(cast.person, A_MONDAY, A_MONDAY + dt.timedelta(6)))
    assert selectors.week_comparison(cast.person, week, A_MONDAY).matches
    assert tuesday.starts_at.tzinfo is not None
    assert Shift.objects.get(pk=tuesday.pk).ends_at.astimezone(LONDON).hour == 18
