"""Notifications: one record per active recipient, emailed only when the change commits."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from ownterms.notifications.models import Notification
from ownterms.notifications.selectors import unread_count
from ownterms.notifications.services import mark_all_read, notify
from tests.cast import Cast


def test_notify_records_one_row_per_active_user_and_emails_after_commit(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    worker, manager = cast.user("team_worker"), cast.user("manager")
    assert worker is not None and manager is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = notify(
            users=[worker, worker, manager, None],  # type: ignore[list-item]
            topic="rota.published",
            subject="Your rota has changed",
            body="You now work on Monday 09:00 to 15:00.",
            link="/o/brookside/my-shifts/",
        )
        assert len(rows) == 2
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([worker.email, manager.email])
    assert mail.outbox[0].body.endswith("/o/brookside/my-shifts/")
    assert Notification.objects.filter(emailed=True).count() == 2


def test_rolled_back_change_sends_nothing(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    worker = cast.user("team_worker")
    assert worker is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[worker], topic="t", subject="s", body="b")
    # The change's transaction rolls back: its on-commit callbacks never run.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_emails_can_be_switched_off(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OWNTERMS_EMAIL_NOTIFICATIONS = False
    worker = cast.user("team_worker")
    assert worker is not None
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(users=[worker], topic="t", subject="s", body="b")
    assert len(rows) == 1 and mail.outbox == []


def test_inactive_users_are_skipped(cast: Cast) -> None:
    worker = cast.user("team_worker")
    assert worker is not None
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert notify(users=[worker], topic="t", subject="s", body="b") == []


def test_inbox_shows_only_my_messages_and_marks_them_read(cast: Cast) -> None:
    worker, manager = cast.user("team_worker"), cast.user("manager")
    assert worker is not None and manager is not None
    notify(users=[worker], topic="t", subject="For the worker", body="b")
    notify(users=[manager], topic="t", subject="For the manager", body="b")
    client = Client()
    client.force_login(worker)
    url = reverse("notifications:inbox", kwargs={"org": cast.organisation.slug})
    page = client.get(url).content.decode()
    assert "For the worker" in page and "For the manager" not in page
    assert unread_count(worker) == 1
    client.post(reverse("notifications:read_all", kwargs={"org": cast.organisation.slug}))
    assert unread_count(worker) == 0
    assert unread_count(manager) == 1
    assert mark_all_read(user=worker) == 0
