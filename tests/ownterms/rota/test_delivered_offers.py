"""Open shifts: who is eligible, offering a missing place, and the first valid acceptance
winning, in sequence (any database) and in a real race on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.leave.models import LeaveRequest
from ownterms.notifications.models import Notification
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, OpenShift, Shift
from ownterms.rota.selectors.offers import ineligible_reason, offers_for_worker
from ownterms.rota.services.offers import OfferTakenError, accept_offer, offer_shift
from ownterms.staff.models import ManagerAssignment, StaffMember
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.rota.build_data import new_worker
from tests.ownterms.rota.delivered_data import always_available, future_shift, open_offer, user
from tests.ownterms.rota.factories import assign, monday_of, shift, team_member, trained
from tests.queries import warm_up


def _second_worker(cast: Cast) -> StaffMember:
    """The outside worker joins the person's team too, always available."""
    member = cast.staff["outside_worker"]
    team_member(cast.person, member, since=member.starts_on)
    return always_available(cast, member)


# Eligibility ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_eligibility_rules(cast: Cast) -> None:
    tariq = cast.staff["team_worker"]
    row = future_shift(cast)
    assert "available" in (ineligible_reason(tariq, row) or "")  # no pattern: never available
    always_available(cast, tariq)
    assert ineligible_reason(tariq, row) is None
    assert "team" in (ineligible_reason(cast.staff["outside_worker"], row) or "")
    always_available(cast, cast.staff["former_worker"])
    assert "team" in (ineligible_reason(cast.staff["former_worker"], row) or "")
    skill = Skill.objects.create(organisation=cast.organisation, name="Epilepsy rescue")
    row.required_skills.set([skill])
    assert "skills" in (ineligible_reason(tariq, row) or "")
    trained(tariq, skill, on=row.on - dt.timedelta(days=400), expires=row.on)
    assert "skills" in (ineligible_reason(tariq, row) or "")  # expires on the day
    trained(tariq, skill, on=row.on - dt.timedelta(days=10))
    assert ineligible_reason(tariq, row) is None
    elsewhere = shift(cast.other_person, row.on, 12, 2)
    assign(elsewhere, tariq)
    assert "already work" in (ineligible_reason(tariq, row) or "")
    Assignment.objects.filter(shift=elsewhere).delete()
    assign(row, tariq)
    assert "already on this shift" in (ineligible_reason(tariq, row) or "")


@pytest.mark.django_db
def test_leave_makes_a_worker_ineligible(cast: Cast) -> None:
    tariq = always_available(cast, cast.staff["team_worker"])
    row = future_shift(cast)
    LeaveRequest.objects.create(
        organisation=cast.organisation,
        staff_member=tariq,
        kind=LeaveRequest.Kind.ANNUAL,
        starts_on=row.on,
        ends_on=row.on,
        minutes=450,
        status=LeaveRequest.Status.APPROVED,
    )
    assert "available" in (ineligible_reason(tariq, row) or "")
    assert offers_for_worker(tariq) == []


# Offering ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_only_a_missing_place_and_notify_eligible(cast: Cast) -> None:
    always_available(cast, cast.staff["team_worker"])
    manager = user(cast, "manager")
    row = future_shift(cast)
    offer = offer_shift(actor=manager, shift=row)
    assert offer.status == OpenShift.Status.OPEN
    sent = Notification.objects.filter(topic="rota.open_shift")
    assert [n.user for n in sent] == [user(cast, "team_worker")]
    assert "supporting Alex on" in sent[0].body
    with pytest.raises(ValidationError, match="already offered"):
        offer_shift(actor=manager, shift=row)
    full = future_shift(cast, days_ahead=4)
    assign(full, cast.staff["team_worker"])
    with pytest.raises(ValidationError, match="filled"):
        offer_shift(actor=manager, shift=full)
    pair = future_shift(cast, days_ahead=5, headcount=2)
    assign(pair, cast.staff["team_worker"])
    offer_shift(actor=manager, shift=pair)  # the second place
    Shift.objects.filter(pk=pair.pk).update(status=Shift.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        offer_shift(actor=manager, shift=Shift.objects.get(pk=pair.pk))
    assert AuditEvent.objects.filter(action="rota.offer", person=cast.person).count() == 2


# Accepting --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sequential_double_acceptance_first_wins(cast: Cast) -> None:
    offer = open_offer(cast)
    second = _second_worker(cast)
    accept_offer(
        actor=user(cast, "team_worker"), offer=offer, staff_member=cast.staff["team_worker"]
    )
    with pytest.raises(OfferTakenError, match="Someone else took this shift"):
        accept_offer(actor=user(cast, "outside_worker"), offer=offer, staff_member=second)
    assert [a.staff_member for a in Assignment.objects.filter(shift=offer.shift)] == [
        cast.staff["team_worker"]
    ]
    offer.refresh_from_db()
    assert (offer.status, offer.filled_by) == (OpenShift.Status.FILLED, cast.staff["team_worker"])
    filled = Notification.objects.filter(topic="rota.open_shift_filled")
    assert {n.user for n in filled} == {user(cast, "manager")}
    assert AuditEvent.objects.filter(action="rota.offer_accept", person=cast.person).count() == 1
    with pytest.raises(ValidationError, match="already taken this shift"):
        accept_offer(
            actor=user(cast, "team_worker"), offer=offer, staff_member=cast.staff["team_worker"]
        )


@pytest.mark.django_db
def test_headcount_is_checked_again(cast: Cast) -> None:
    offer = open_offer(cast)
    assign(offer.shift, _second_worker(cast))  # filled another way meanwhile
    with pytest.raises(OfferTakenError):
        accept_offer(
            actor=user(cast, "team_worker"), offer=offer, staff_member=cast.staff["team_worker"]
        )
    offer.refresh_from_db()
    assert offer.status == OpenShift.Status.OPEN  # rolled back with the refused acceptance
    assert Assignment.objects.filter(shift=offer.shift).count() == 1


@pytest.mark.django_db
def test_started_shift_cannot_be_accepted(cast: Cast) -> None:
    offer = open_offer(cast)
    Shift.objects.filter(pk=offer.shift_id).update(
        starts_at=offer.shift.starts_at - dt.timedelta(days=10),
        ends_at=offer.shift.ends_at - dt.timedelta(days=10),
    )
    with pytest.raises(ValidationError, match="already started"):
        accept_offer(
            actor=user(cast, "team_worker"), offer=offer, staff_member=cast.staff["team_worker"]
        )


@pytest.mark.django_db
def test_pages_offer_and_accept(cast: Cast) -> None:
    always_available(cast, cast.staff["team_worker"])
    row = future_shift(cast)
    org = cast.organisation.slug
    manager = Client()
    manager.force_login(user(cast, "manager"))
    page = manager.get(reverse("rota:open_shifts", kwargs={"org": org}))
    assert page.status_code == 200 and "Offer this shift" in page.content.decode()
    offered = manager.post(
        reverse("rota:offer_shift", kwargs={"org": org, "shift_id": row.public_id}), follow=True
    )
    assert "is offered to the eligible workers" in offered.content.decode()
    offer = OpenShift.objects.get()
    worker = Client()
    worker.force_login(user(cast, "team_worker"))
    listing = worker.get(reverse("rota:open_shifts", kwargs={"org": org})).content.decode()
    assert "Take this shift" in listing
    accept = reverse("rota:offer_accept", kwargs={"org": org, "offer_id": offer.public_id})
    assert "is yours" in worker.post(accept, follow=True).content.decode()
    other = Client()
    other.force_login(user(cast, "outside_worker"))
    _second_worker(cast)
    assert "Someone else took this shift" in other.post(accept, follow=True).content.decode()
    nobody = Client()
    nobody.force_login(user(cast, "finance"))
    assert nobody.get(reverse("rota:open_shifts", kwargs={"org": org})).status_code == 404


# The race ---------------------------------------------------------------------------------


def _race(cast: Cast, offer: OpenShift, members: list[StaffMember], hold: bool) -> list[str]:
    """Each member accepts in their own thread and database connection at once. ``hold``:
    the first keeps its transaction open until the second has tried."""
    outcomes: list[str] = []
    start = threading.Barrier(len(members))
    first_done = threading.Event()

    def attempt(index: int, member: StaffMember) -> None:
        try:
            start.wait(timeout=10)
            if hold and index == 1:
                first_done.wait(timeout=10)
            with transaction.atomic():
                accept_offer(actor=member.user, offer=offer, staff_member=member)
                if hold and index == 0:
                    first_done.set()
                    threading.Event().wait(0.5)  # the other now waits on the offer's row
            outcomes.append("won")
        except OfferTakenError:
            outcomes.append("taken")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            first_done.set()
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(index, member))
        for index, member in enumerate(members)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hold", [True, False])
def test_two_workers_accepting_at_once_only_one_wins(cast: Cast, hold: bool) -> None:
    offer = open_offer(cast)
    members = [
        StaffMember.objects.select_related("user").get(pk=cast.staff["team_worker"].pk),
        StaffMember.objects.select_related("user").get(pk=_second_worker(cast).pk),
    ]
    assert _race(cast, offer, members, hold) == ["taken", "won"]
    assert Assignment.objects.filter(shift=offer.shift).count() == 1
    offer.refresh_from_db()
    assert offer.status == OpenShift.Status.FILLED
    assert offer.filled_by_id == Assignment.objects.get(shift=offer.shift).staff_member_id


def _mixed_offers(cast: Cast, count: int) -> list[OpenShift]:
    """Offers the team worker may take, and some they may not (skills, overlap, leave, on it,
    another person's shift)."""
    tariq = cast.staff["team_worker"]
    skill, _ = Skill.objects.get_or_create(organisation=cast.organisation, name="Driving")
    offers = []
    for index in range(count):
        day = cast.today + dt.timedelta(days=2 + index)
        rows = [shift(cast.person, day, 8, 2), shift(cast.person, day, 11, 2)]
        rows[1].required_skills.set([skill])
        rows.append(shift(cast.other_person, day, 14, 2))
        clash = shift(cast.person, day, 17, 2)
        assign(shift(cast.other_person, day, 18, 2), tariq)
        mine = shift(cast.person, day, 20, 2, headcount=2)
        assign(mine, tariq)
        for row in (*rows, clash, mine):
            offers.append(OpenShift.objects.create(organisation=cast.organisation, shift=row))
    return offers


@pytest.mark.django_db
def test_worker_list_agrees_with_the_rules_in_fixed_queries(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    tariq = always_available(cast, cast.staff["team_worker"])
    offers = _mixed_offers(cast, 2)
    expected = [o.pk for o in offers if ineligible_reason(tariq, o.shift) is None]
    assert len(expected) == 2
    assert sorted(o.pk for o in offers_for_worker(tariq)) == sorted(expected)
    client = Client()
    client.force_login(user(cast, "team_worker"))
    url = reverse("rota:open_shifts", kwargs={"org": cast.organisation.slug})
    client.get(url)
    with django_assert_max_num_queries(30) as small:  # type: ignore[operator]
        client.get(url)
    small_count = len(small.captured_queries)  # read before the next request clears the log
    more = _mixed_offers(cast, 6)
    warm_up(client, url)
    with django_assert_max_num_queries(small_count):  # type: ignore[operator]
        page = client.get(url)
    assert page.content.decode().count("Take this shift") == 8
    assert all(ineligible_reason(tariq, o.shift) is not None for o in more[1::5])


def _office_rows(cast: Cast, first: int, people: int) -> None:
    """``people`` more people, each with their own worker and three 2:1 shifts next week with a
    place missing: one offered, one whose offer their worker filled, one not offered."""
    day = monday_of(cast.today) + dt.timedelta(days=7)
    for n in range(first, first + people):
        person = Person.objects.create(
            organisation=cast.organisation, first_name=f"P{n}", last_name="Q", home="other"
        )
        worker = new_worker(cast, f"w{n}", f"W{n}")
        team_member(person, worker, since=worker.starts_on)
        ManagerAssignment.objects.create(
            organisation=cast.organisation,
            person=person,
            manager=cast.staff["manager"],
            starts_on=worker.starts_on,
        )
        offered, filled, missing = (
            shift(person, day, hour, 2, headcount=2) for hour in (8, 11, 14)
        )
        for row in (offered, filled, missing):
            assign(row, worker)
        OpenShift.objects.create(organisation=cast.organisation, shift=offered)
        OpenShift.objects.create(
            organisation=cast.organisation,
            shift=filled,
            status=OpenShift.Status.FILLED,
            filled_by=worker,
        )


@pytest.mark.django_db
def test_office_list_in_fixed_queries(cast: Cast, django_assert_max_num_queries: object) -> None:
    _office_rows(cast, 0, 2)
    client = Client()
    client.force_login(user(cast, "manager"))
    url = reverse("rota:open_shifts", kwargs={"org": cast.organisation.slug})
    client.get(url)
    with django_assert_max_num_queries(40) as small:  # type: ignore[operator]
        client.get(url)
    small_count = len(small.captured_queries)  # read before the next request clears the log
    _office_rows(cast, 2, 10)
    warm_up(client, url)
    with django_assert_max_num_queries(small_count):  # type: ignore[operator]
        page = client.get(url)
    text = page.content.decode()
    assert text.count("Taken by W") == 12
    assert text.count("Offer this shift") == 24


@pytest.mark.django_db
def test_acceptance_keeps_the_engines_rest_rule(cast: Cast) -> None:
    """Nothing overlaps, so the app's eligibility allows it; the engine's checker refuses 8
    hours' rest after the worker's late shift with another person, and nothing changes."""
    offer = open_offer(cast, days_ahead=4)
    tariq = cast.staff["team_worker"]
    late = shift(cast.other_person, offer.shift.on - dt.timedelta(days=1), 15, 10)  # to 01:00
    assign(late, tariq)
    assert ineligible_reason(tariq, offer.shift) is None
    with pytest.raises(ValidationError, match=r"You can't take this shift: .*11 hours' rest"):
        accept_offer(actor=user(cast, "team_worker"), offer=offer, staff_member=tariq)
    offer.refresh_from_db()
    assert offer.status == OpenShift.Status.OPEN
    assert not Assignment.objects.filter(shift=offer.shift).exists()
    assert not AuditEvent.objects.filter(action="rota.offer_accept").exists()
    Assignment.objects.filter(shift=late).delete()
    accept_offer(actor=user(cast, "team_worker"), offer=offer, staff_member=tariq)
    assert Assignment.objects.get(shift=offer.shift).staff_member == tariq


def _team_of(cast: Cast, first: int, count: int) -> list[StaffMember]:
    members = [new_worker(cast, f"t{n}", f"T{n}") for n in range(first, first + count)]
    for member in members:
        team_member(cast.person, member, since=member.starts_on)
    return members


@pytest.mark.django_db
def test_offering_tells_the_eligible_team_in_fixed_queries(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    manager = user(cast, "manager")
    _team_of(cast, 0, 2)
    with django_assert_max_num_queries(60) as small:  # type: ignore[operator]
        offer_shift(actor=manager, shift=future_shift(cast, days_ahead=3))
    small_count = len(small.captured_queries)  # read before the next count clears it
    team = _team_of(cast, 2, 8)
    busy = shift(cast.other_person, cast.today + dt.timedelta(days=4), 10, 2)
    assign(busy, team[0])  # overlaps: not told
    row = future_shift(cast, days_ahead=4)
    Notification.objects.all().delete()
    with django_assert_max_num_queries(small_count):  # type: ignore[operator]
        offer_shift(actor=manager, shift=row)
    told = {n.user_id for n in Notification.objects.filter(topic="rota.open_shift")}
    eligible = {
        m.user_id
        for m in StaffMember.objects.filter(team_memberships__person=cast.person)
        if ineligible_reason(m, row) is None
    }
    assert told == eligible and len(eligible) == 9 and team[0].user_id not in told
