"""The today board: who sees it and whom it covers, what each section shows at a given moment,
the page and its live polling, and a fixed query count however many people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.daily.models import DailyNote, Incident
from ownterms.daily.selectors.doses_due import DoseState
from ownterms.daily.selectors.today import board, board_scope, record_link
from ownterms.daily.views.today import decode_counts, describe_changes, encode_counts
from ownterms.leave.models import LeaveRequest
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, Shift, ShiftKind
from ownterms.staff.models import StaffMember, TrainingRecord
from tests.cast import Cast
from tests.ownterms.daily.today_data import LONDON, person_with_a_day, skill, worker
from tests.queries import warm_up

#: Midday on a Tuesday, far from any clock change and from the real "now".
NOON = dt.datetime(2030, 1, 15, 12, 0, tzinfo=LONDON)


def _user(cast: Cast, name: str) -> User:
    user = cast.user(name)
    assert user is not None
    return user


def _day_for_cast_person(cast: Cast, now: dt.datetime) -> None:
    person_with_a_day(
        cast.organisation,
        now=now,
        manager=cast.staff["manager"],
        name="Alex",
        creator=_user(cast, "manager"),
        person=cast.person,
    )


# Who sees whom ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "member",
    ["team_worker", "outside_worker", "coordinator", "finance", "person_user", "partner_current"],
)
def test_only_managers_administrators_and_on_call_have_a_board(cast: Cast, member: str) -> None:
    assert board_scope(_user(cast, member), cast.organisation, timezone.now()) is None


def test_a_manager_sees_the_people_they_manage(cast: Cast) -> None:
    scope = board_scope(_user(cast, "manager"), cast.organisation, NOON)
    assert scope is not None and not scope.everyone
    assert scope.people == [cast.person]


def test_administrators_see_everyone_in_their_organisation_only(cast: Cast) -> None:
    scope = board_scope(_user(cast, "administrator"), cast.organisation, NOON)
    assert scope is not None and scope.everyone
    assert {p.pk for p in scope.people} == {cast.person.pk, cast.other_person.pk}
    assert board_scope(_user(cast, "administrator"), cast.other_organisation, NOON) is None


def test_the_on_call_manager_sees_everyone_only_while_on_duty(cast: Cast) -> None:
    on_call = _user(cast, "on_call_manager")
    during = board_scope(on_call, cast.organisation, timezone.now())
    assert during is not None and during.everyone and len(during.people) == 2
    after = board_scope(on_call, cast.organisation, timezone.now() + dt.timedelta(days=1))
    # Still a manager (of no one), so an empty board rather than everyone's.
    assert after is not None and not after.everyone and after.people == []


def test_people_whose_support_ended_are_left_off(cast: Cast) -> None:
    cast.other_person.status = Person.Status.ENDED
    cast.other_person.save()
    scope = board_scope(_user(cast, "administrator"), cast.organisation, NOON)
    assert scope is not None and scope.people == [cast.person]


# What the board shows ----------------------------------------------------------------------


def _board_at(cast: Cast, member: str, now: dt.datetime = NOON):  # type: ignore[no-untyped-def]
    scope = board_scope(_user(cast, member), cast.organisation, now)
    assert scope is not None
    return board(scope, now)


def test_every_section_at_noon(cast: Cast) -> None:
    _day_for_cast_person(cast, NOON)
    found = _board_at(cast, "manager")
    (row,) = found.now_and_next
    assert row.person == cast.person
    (current,) = row.now
    assert [(w.member.first_name, w.off_sick) for w in current.workers] == [
        ("AlexHere", False),
        ("AlexSick", True),
    ]
    assert current.missing == 1  # 2 needed, one off sick
    assert row.next is not None and row.next.workers == []
    assert [g.missing for g in found.gaps] == [1, 1]
    (sick,) = found.sickness
    assert sick.member.first_name == "AlexSick" and sick.affects == [current]
    assert len(found.incidents) == 1
    (practice,) = found.practices
    assert practice.prone and practice.unauthorised
    assert len(found.seizures) == 1
    # Yesterday's two doses and this morning's first are missed; the last one is late.
    assert [d.state for d in found.doses] == [DoseState.MISSED] * 3 + [DoseState.LATE]
    assert found.doses[0].dose.due_at.date() == dt.date(2030, 1, 14)
    assert [(a.name, a.source) for a in found.activities] == [
        ("Swimming", "shift"),
        ("Drama group", "routine"),
    ]
    (alert,) = found.training
    assert (alert.worker.first_name, alert.state) == ("AlexHere", "expiring")
    assert alert.expires_on == dt.date(2030, 1, 18)
    assert len(found.follow_ups) == 1
    counts = found.counts
    assert (counts.gaps, counts.missed_doses, counts.late_doses, counts.prone_holds) == (2, 3, 1, 1)


def test_another_managers_people_stay_off_a_managers_board(cast: Cast) -> None:
    person_with_a_day(
        cast.organisation,
        now=NOON,
        manager=cast.staff["other_manager"],
        name="Bilal",
        creator=_user(cast, "other_manager"),
        person=cast.other_person,
    )
    found = _board_at(cast, "manager")
    counts = found.counts
    assert (counts.incidents, counts.seizures, counts.gaps, counts.follow_ups) == (0, 0, 0, 0)
    # Someone off sick who works for other people only is not a manager's business ...
    assert found.sickness == []
    # ... but the administrator sees everyone's.
    assert _board_at(cast, "administrator").counts.sick == 1


def test_since_yesterday_means_from_yesterday_midnight(cast: Cast) -> None:
    for when in (
        dt.datetime(2030, 1, 14, 0, 0, tzinfo=LONDON),
        dt.datetime(2030, 1, 13, 23, 59, tzinfo=LONDON),
        dt.datetime(2030, 1, 15, 12, 30, tzinfo=LONDON),  # later than "now": not yet
    ):
        Incident.objects.create(organisation=cast.organisation, person=cast.person, starts_at=when)
    found = _board_at(cast, "manager")
    assert [i.record.starts_at for i in found.incidents] == [
        dt.datetime(2030, 1, 14, 0, 0, tzinfo=LONDON)
    ]


def test_training_running_out_in_more_than_a_week_is_not_shown(cast: Cast) -> None:
    org = cast.organisation
    shift = Shift.objects.create(
        organisation=org,
        person=cast.person,
        on=NOON.date(),
        starts_at=NOON + dt.timedelta(hours=1),
        ends_at=NOON + dt.timedelta(hours=4),
        kind=ShiftKind.DAY,
        headcount=3 - 1,
    )
    rescue = skill(org)
    shift.required_skills.add(rescue)
    since = dt.date(2029, 1, 1)
    fine, soon, lapsed = (worker(org, n, since) for n in ("Fine", "Soon", "Lapsed"))
    for member, ends in (
        (fine, dt.date(2030, 1, 23)),  # 8 days after the shift
        (soon, dt.date(2030, 1, 22)),  # 7 days after
        (lapsed, dt.date(2030, 1, 15)),  # ended the day of the shift
    ):
        TrainingRecord.objects.create(
            organisation=org, staff_member=member, skill=rescue, completed_on=since, expires_on=ends
        )
    shift.headcount = 2
    shift.save()
    for member in (fine, soon, lapsed):
        Assignment.objects.create(shift=shift, staff_member=member)
    found = _board_at(cast, "manager")
    assert [(a.worker.first_name, a.state) for a in found.training] == [
        ("Lapsed", "expired"),
        ("Soon", "expiring"),
    ]


def test_a_night_running_from_yesterday_is_now_and_tonights_gap_counts(cast: Cast) -> None:
    org = cast.organisation
    night = Shift.objects.create(
        organisation=org,
        person=cast.person,
        on=dt.date(2030, 1, 14),
        starts_at=dt.datetime(2030, 1, 14, 22, tzinfo=LONDON),
        ends_at=dt.datetime(2030, 1, 15, 8, tzinfo=LONDON),
        kind=ShiftKind.WAKING_NIGHT,
    )
    tonight = Shift.objects.create(
        organisation=org,
        person=cast.person,
        on=dt.date(2030, 1, 15),
        starts_at=dt.datetime(2030, 1, 15, 22, tzinfo=LONDON),
        ends_at=dt.datetime(2030, 1, 16, 8, tzinfo=LONDON),
        kind=ShiftKind.SLEEP_IN,
    )
    Assignment.objects.create(shift=night, staff_member=worker(org, "Night", dt.date(2029, 1, 1)))
    early = NOON.replace(hour=3)
    found = _board_at(cast, "manager", early)
    (row,) = found.now_and_next
    assert [s.shift for s in row.now] == [night]
    assert row.next is not None and row.next.shift == tonight
    assert [g.shift for g in found.gaps] == [tonight]  # last night's shift is not today's


def test_a_cancelled_shift_is_no_gap(cast: Cast) -> None:
    Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        on=NOON.date(),
        starts_at=NOON + dt.timedelta(hours=1),
        ends_at=NOON + dt.timedelta(hours=2),
        kind=ShiftKind.DAY,
        status=Shift.Status.CANCELLED,
    )
    assert _board_at(cast, "manager").gaps == []


def test_declined_sickness_is_not_sickness(cast: Cast) -> None:
    member = worker(cast.organisation, "Well", dt.date(2029, 1, 1))
    LeaveRequest.objects.create(
        organisation=cast.organisation,
        staff_member=member,
        kind=LeaveRequest.Kind.SICKNESS,
        starts_on=NOON.date(),
        ends_on=NOON.date(),
        minutes=450,
        status=LeaveRequest.Status.DECLINED,
    )
    assert _board_at(cast, "administrator").sickness == []


def test_records_link_through_one_function_to_their_own_pages(cast: Cast) -> None:
    late = dt.datetime(2030, 1, 14, 23, 30, tzinfo=dt.UTC)  # 23:30 in London in January
    incident = Incident.objects.create(
        organisation=cast.organisation, person=cast.person, starts_at=late
    )
    link = record_link("brookside", incident, LONDON)
    person = {"org": "brookside", "person_id": cast.person.public_id}
    assert link == reverse(
        "daily:incident_detail", kwargs={**person, "incident_id": incident.public_id}
    )
    found = _board_at(cast, "manager")
    assert found.incidents[0].link == link
    note = DailyNote.objects.create(
        organisation=cast.organisation, person=cast.person, mood=DailyNote.Mood.GOOD
    )
    DailyNote.objects.filter(pk=note.pk).update(created_at=late)
    note.refresh_from_db()
    assert record_link("brookside", note, LONDON) == (
        reverse("daily:person_daily", kwargs=person) + "?day=2030-01-14"
    ), "a kind without a page of its own: the person's records for its day (local time)"


# The live summary --------------------------------------------------------------------------


def test_counts_survive_the_poll_url_and_bad_values_are_ignored(cast: Cast) -> None:
    _day_for_cast_person(cast, NOON)
    counts = _board_at(cast, "manager").counts
    assert decode_counts(encode_counts(counts)) == counts.as_dict()
    for bad in ("", "1.2", "a." * 13 + "a", "9" * 20, "<script>"):
        assert decode_counts(bad) is None
    before = counts.as_dict() | {"incidents": 0}
    assert describe_changes(before, counts) == "incidents: 1 (was 0)"
    assert describe_changes(None, counts) == ""


# The page ----------------------------------------------------------------------------------


def _client(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def _url(cast: Cast) -> str:
    return reverse("daily:today", kwargs={"org": cast.organisation.slug})


def test_the_page_shows_the_board_and_escapes_what_people_typed(cast: Cast) -> None:
    cast.person.preferred_name = "<b>Al</b>"
    cast.person.save()
    _day_for_cast_person(cast, timezone.now())
    response = _client(cast.manager).get(_url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "&lt;b&gt;Al&lt;/b&gt;" in page and "<b>Al</b>" not in page
    assert "<script>alert" not in page  # the incident's words are on its own page, not here
    assert 'hx-trigger="every 30s"' in page
    assert 'aria-live="polite"' in page
    for heading in ("Now and next", "Gaps", "Sickness", "Open on-call follow-ups"):
        assert heading in page
    assert "prone hold" in page and "not authorised in the plan" in page


def test_others_get_404(cast: Cast) -> None:
    assert _client(cast.team_worker).get(_url(cast)).status_code == 404


def test_an_unchanged_board_answers_204_to_a_poll_and_a_change_is_announced(cast: Cast) -> None:
    client = _client(cast.manager)
    page = client.get(_url(cast)).content.decode()
    poll = page.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert client.get(poll, headers={"HX-Request": "true"}).status_code == 204
    Incident.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_at=timezone.now() - dt.timedelta(minutes=5),
    )
    changed = client.get(poll, headers={"HX-Request": "true"})
    assert changed.status_code == 200
    text = changed.content.decode()
    assert 'id="today-board"' in text and 'hx-swap-oob="innerHTML"' in text
    assert "incidents: 1 (was 0)" in text
    assert "<html" not in text  # a fragment, not the page


def test_a_poll_with_a_forged_seen_value_still_renders(cast: Cast) -> None:
    response = _client(cast.manager).get(
        _url(cast) + "?v=x&seen=%3Cscript%3E", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def _people_for(cast: Cast, first: int, last: int, now: dt.datetime) -> None:
    manager = cast.staff["manager"]
    for index in range(first, last):
        person_with_a_day(
            cast.organisation,
            now=now,
            manager=manager,
            name=f"P{index}",
            creator=_user(cast, "manager"),
        )


def _queries(cast: Cast, user: User | None, path: str) -> int:
    client = _client(user)
    warm_up(client, path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("member", ["manager", "administrator"])
def test_the_query_count_does_not_grow_with_the_people(cast: Cast, member: str) -> None:
    now = timezone.now()
    _people_for(cast, 0, 2, now)
    few = _queries(cast, cast.user(member), _url(cast))
    _people_for(cast, 2, 12, now)
    many = _queries(cast, cast.user(member), _url(cast))
    assert StaffMember.objects.filter(first_name__startswith="P").count() == 24
    assert few == many, (few, many)
    assert many <= 24, many


def test_the_home_page_links_to_the_board_for_those_who_have_one(cast: Cast) -> None:
    home = reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    assert _url(cast) in _client(cast.manager).get(home).content.decode()
    assert _url(cast) not in _client(cast.team_worker).get(home).content.decode()


def test_sickness_today_does_not_mark_tomorrows_shift(cast: Cast) -> None:
    org = cast.organisation
    member = worker(org, "Poorly", dt.date(2029, 1, 1))
    LeaveRequest.objects.create(
        organisation=org,
        staff_member=member,
        kind=LeaveRequest.Kind.SICKNESS,
        starts_on=NOON.date(),
        ends_on=NOON.date(),
        minutes=450,
        status=LeaveRequest.Status.APPROVED,
    )
    tomorrow = Shift.objects.create(
        organisation=org,
        person=cast.person,
        on=NOON.date() + dt.timedelta(days=1),
        starts_at=NOON + dt.timedelta(hours=20),
        ends_at=NOON + dt.timedelta(hours=26),
        kind=ShiftKind.DAY,
    )
    Assignment.objects.create(shift=tomorrow, staff_member=member)
    (row,) = _board_at(cast, "manager").now_and_next
    assert row.next is not None and row.next.shift == tomorrow
    assert [w.off_sick for w in row.next.workers] == [False]
