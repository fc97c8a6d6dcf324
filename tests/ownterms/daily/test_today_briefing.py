"""The morning briefing: at the set time, once a day, to each manager who manages someone and
each administrator; counts and links only, never names or health details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from ownterms.core.jobs import run_due
from ownterms.core.services import change_setting
from ownterms.core.setting_keys import BRIEFING_TIME, display, get
from ownterms.daily.models import BriefingSent
from ownterms.daily.services.briefing import TOPIC, send_briefing, send_due_briefings
from ownterms.notifications.models import Notification
from tests.cast import Cast
from tests.ownterms.daily.today_data import LONDON, person_with_a_day

#: A Tuesday in January (London is on GMT).
DAY = dt.date(2030, 1, 15)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _briefed(cast: Cast) -> set[str]:
    return set(
        Notification.objects.filter(topic=TOPIC, organisation=cast.organisation).values_list(
            "user__email", flat=True
        )
    )


def test_the_briefing_time_is_an_organisation_setting_at_07_30_by_default() -> None:
    known = get(BRIEFING_TIME)
    assert known.default == 450 and display(known, known.default) == "07:30"


def test_before_the_time_nothing_is_sent(cast: Cast) -> None:
    assert send_due_briefings(at(7, 29)) == 0
    assert not Notification.objects.filter(topic=TOPIC).exists()


def test_at_the_time_managers_who_manage_someone_and_administrators_get_one(cast: Cast) -> None:
    sent = send_due_briefings(at(7, 30))
    # Both organisations' administrators, and the two managers who manage someone; the
    # on-call manager manages no one and gets none.
    assert sent == 4
    assert _briefed(cast) == {
        "admin@brookside.example",
        "manager@brookside.example",
        "other-manager@brookside.example",
    }
    links = set(
        Notification.objects.filter(topic=TOPIC, organisation=cast.organisation).values_list(
            "link", flat=True
        )
    )
    assert links == {"/o/brookside/today/"}


def test_running_again_that_day_sends_nothing_and_the_next_day_sends_again(cast: Cast) -> None:
    assert send_due_briefings(at(7, 30)) == 4
    assert send_due_briefings(at(9)) == 0
    assert run_due(at(23, 59))["daily.morning_briefings"] == 0
    assert Notification.objects.filter(topic=TOPIC).count() == 4
    assert send_due_briefings(at(7, 31, DAY + dt.timedelta(days=1))) == 4
    assert BriefingSent.objects.count() == 8


def test_a_second_run_racing_the_first_cannot_send_twice(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    assert send_briefing(user=manager, organisation=cast.organisation, now=at(8))
    # The job's own check found no marker (it raced); the unique marker still stops it.
    assert not send_briefing(user=manager, organisation=cast.organisation, now=at(8, 1))
    assert Notification.objects.filter(topic=TOPIC, user=manager).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        BriefingSent.objects.create(
            organisation=cast.organisation, user=manager, day=DAY, sent_at=at(9)
        )


def test_an_organisation_can_move_its_briefing(cast: Cast) -> None:
    change_setting(
        actor=None,
        organisation=cast.organisation,
        key=BRIEFING_TIME,
        value=9 * 60,
        effective_from=dt.date(2020, 1, 1),
        allow_past=True,
    )
    send_due_briefings(at(8, 59))
    assert _briefed(cast) == set()
    send_due_briefings(at(9))
    assert len(_briefed(cast)) == 3


def test_the_time_is_the_organisations_local_time_in_summer(cast: Cast) -> None:
    # 06:45 UTC is 07:45 in London in July: due.
    summer = dt.datetime(2030, 7, 16, 6, 45, tzinfo=dt.UTC)
    send_due_briefings(summer)
    assert len(_briefed(cast)) == 3


def test_the_email_carries_counts_and_a_link_but_no_names_or_health_details(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OWNTERMS_EMAIL_NOTIFICATIONS = True
    settings.OWNTERMS_BASE_URL = "https://ownterms.example"
    manager = cast.manager
    assert manager is not None
    person_with_a_day(
        cast.organisation,
        now=at(7, 45),
        manager=cast.staff["manager"],
        name="Alex",
        creator=manager,
        person=cast.person,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_briefing(user=manager, organisation=cast.organisation, now=at(7, 45))
    (email,) = mail.outbox
    assert email.to == ["manager@brookside.example"]
    assert "https://ownterms.example/o/brookside/today/" in email.body
    for line in (
        "1 incident since yesterday",
        "1 restrictive practice since yesterday (1 not authorised, 1 prone)",
        "1 seizure since yesterday",
        "3 missed doses since yesterday",
        "1 late dose",
        "2 places on today's shifts not covered",
        "1 worker off sick",
        "1 open on-call follow-up",
    ):
        assert line in email.body
    text = (email.subject + email.body).casefold()
    for secret in (
        "alex",
        "fairweather",
        "lamotrigine",
        "midazolam",
        "threw",
        "tonic",
        "neighbour",
        "alexsick",
        "alexhere",
        "swimming",
        "drama",
        "epilepsy",
    ):
        assert secret not in text, secret
    notification = Notification.objects.get(topic=TOPIC)
    assert notification.body in email.body


def test_inactive_users_get_no_briefing(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    manager.is_active = False
    manager.save()
    send_due_briefings(at(8))
    assert "manager@brookside.example" not in _briefed(cast)


def test_the_demo_enricher_sends_todays_briefings_once(cast: Cast) -> None:
    import random

    from ownterms.demo.enrich_daily_today import enrich_daily_today

    assert enrich_daily_today(cast.organisation, random.Random(1), DAY) == {"morning_briefings": 3}
    assert set(BriefingSent.objects.values_list("day", flat=True)) == {DAY}
    assert enrich_daily_today(cast.organisation, random.Random(1), DAY) == {"morning_briefings": 0}
