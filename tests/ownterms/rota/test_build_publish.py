"""Publishing a draft and changing the live rota afterwards: replaced rows, audit, who is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.notifications.models import Notification
from ownterms.people.models import Consent, ConsentCategory
from ownterms.rota.models import Assignment, DraftAssignment, RotaRun, Shift
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services import build as services
from tests.cast import Cast
from tests.ownterms.rota.build_data import done_run, first_shift, new_worker
from tests.ownterms.rota.factories import assign, shift, team_member

pytestmark = pytest.mark.django_db


def _manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def _rota_consent(cast: Cast) -> None:
    Consent.objects.create(
        organisation=cast.organisation,
        circle_member=cast.circle["circle_with_consent"],
        category=ConsentCategory.ROTA,
        given_by=Consent.GivenBy.PERSON,
        starts_on=cast.today - dt.timedelta(days=10),
    )


def test_publish_replaces_live_rows_audits_and_tells_exactly_who_is_affected(cast: Cast) -> None:
    run = done_run(cast)
    _rota_consent(cast)
    wren = new_worker(cast, "wren", "Wren")
    team_member(cast.person, wren, since=cast.today - dt.timedelta(days=100))
    bystander = new_worker(cast, "bea", "Bea")
    target = first_shift(run)
    assign(target, wren)  # the live rota had Wren; the draft gives it to Tariq
    untouched = shift(cast.person, run.last_day)  # in the run, no draft and no live worker
    RotaRun.objects.filter(pk=run.pk).update(created_at=timezone.now() + dt.timedelta(seconds=2))
    run.refresh_from_db()
    Notification.objects.all().delete()

    services.publish_run(actor=_manager(cast), run=run)

    run.refresh_from_db()
    assert run.status == RotaRun.Status.PUBLISHED
    assert run.published_by == _manager(cast)
    live = set(Assignment.objects.values_list("shift_id", "staff_member_id"))
    draft = set(DraftAssignment.objects.filter(run=run).values_list("shift_id", "staff_member_id"))
    assert live == draft
    assert not Assignment.objects.filter(shift=untouched).exists()
    events = AuditEvent.objects.filter(action="rota.publish")
    assert events.count() == 4  # Tariq added to 3 shifts, Wren removed from one
    assert {e.person_id for e in events} == {cast.person.pk}
    told = set(Notification.objects.values_list("user__email", flat=True))
    tariq_user = cast.staff["team_worker"].user
    expected = {
        tariq_user.email,
        wren.user.email,
        cast.person.user.email,
        cast.user("circle_with_consent").email,
    }
    assert told == expected
    assert bystander.user.email not in told
    wren_note = Notification.objects.get(user=wren.user)
    assert "no longer work" in wren_note.body
    for note in Notification.objects.all():
        assert "epilep" not in note.body.lower()


def test_publish_refuses_an_unfinished_run(cast: Cast) -> None:
    run = done_run(cast)
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRun.Status.RUNNING)
    run.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a finished draft"):
        services.publish_run(actor=_manager(cast), run=run)
    assert not Assignment.objects.exists()


def test_publish_refuses_when_shifts_changed_after_the_run(cast: Cast) -> None:
    run = done_run(cast)
    changed = first_shift(run)
    Shift.objects.filter(pk=changed.pk).update(updated_at=run.created_at + dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="changed after this draft was built"):
        services.publish_run(actor=_manager(cast), run=run)
    assert not Assignment.objects.exists()
    run.refresh_from_db()
    assert run.status == RotaRun.Status.DONE


def test_publish_refuses_a_double_booking_made_since(cast: Cast) -> None:
    run = done_run(cast)
    target = first_shift(run)
    elsewhere = shift(cast.other_person, target.on, 10, 2)
    assign(elsewhere, cast.staff["team_worker"])
    with pytest.raises(ValidationError, match="another shift at the same time"):
        services.publish_run(actor=_manager(cast), run=run)
    assert Assignment.objects.count() == 1


def test_publish_twice_is_refused(cast: Cast) -> None:
    run = done_run(cast)
    services.publish_run(actor=_manager(cast), run=run)
    with pytest.raises(ValidationError):
        services.publish_run(actor=_manager(cast), run=run)


def test_draft_change_is_checked_in_words_and_needs_confirming(cast: Cast) -> None:
    run = done_run(cast)
    target = first_shift(run)
    tariq = cast.staff["team_worker"]
    # Tariq on a second shift at the same time, by hand: the check says why it is wrong.
    clash = shift(cast.person, target.on, 10, 2)
    RotaRun.objects.filter(pk=run.pk).update(created_at=timezone.now() + dt.timedelta(seconds=2))
    run.refresh_from_db()
    found = services.check_draft_change(run=run, shift=clash, workers=[tariq])
    assert found.problems == [
        f"Tariq would work two shifts at the same time (Alex's shift on "
        f"{when_words(target)} and Alex's shift on "
        f"{when_words(clash)})."
    ]
    with pytest.raises(ValidationError) as error:
        services.set_draft_workers(actor=_manager(cast), run=run, shift=clash, workers=[tariq])
    assert "confirm" in error.value.message_dict
    assert not DraftAssignment.objects.filter(run=run, shift=clash).exists()
    services.set_draft_workers(
        actor=_manager(cast), run=run, shift=clash, workers=[tariq], confirmed=True
    )
    assert DraftAssignment.objects.filter(run=run, shift=clash, staff_member=tariq).exists()
    event = AuditEvent.objects.get(action="rota_run.draft_change")
    assert event.person_id == cast.person.pk


def test_draft_change_refuses_someone_outside_the_team(cast: Cast) -> None:
    run = done_run(cast)
    with pytest.raises(ValidationError, match="team on the day"):
        services.set_draft_workers(
            actor=_manager(cast),
            run=run,
            shift=first_shift(run),
            workers=[cast.staff["outside_worker"]],
        )


def test_rest_rule_in_words(cast: Cast) -> None:
    run = done_run(cast)
    target = first_shift(run)
    late = shift(cast.person, target.on - dt.timedelta(days=1), 18, 5)  # ends 23:00, 10 h rest
    RotaRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() + dt.timedelta(seconds=2),
        first_day=target.on - dt.timedelta(days=1),
    )
    run.refresh_from_db()
    found = services.check_draft_change(run=run, shift=late, workers=[cast.staff["team_worker"]])
    assert any("would not get 11 hours' rest between shifts" in p for p in found.problems)


def test_live_change_is_locked_audited_and_notified(cast: Cast) -> None:
    run = done_run(cast)
    services.publish_run(actor=_manager(cast), run=run)
    target = first_shift(run)
    wren = new_worker(cast, "wren", "Wren")
    team_member(cast.person, wren, since=cast.today - dt.timedelta(days=100))
    seen = target.updated_at
    Notification.objects.all().delete()
    services.set_shift_workers(actor=_manager(cast), shift=target, workers=[wren], seen=seen)
    assert list(Assignment.objects.filter(shift=target).values_list("staff_member", flat=True)) == [
        wren.pk
    ]
    assert AuditEvent.objects.filter(action="rota.change").count() == 2
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {wren.user_id, cast.staff["team_worker"].user_id, cast.person.user_id}
    with pytest.raises(ValidationError, match="Someone else changed this shift"):
        services.set_shift_workers(actor=_manager(cast), shift=target, workers=[], seen=seen)
    assert Assignment.objects.filter(shift=target, staff_member=wren).exists()
