"""The rota from end to end in a real browser: a coordinator builds tomorrow's rota with the
engine (the background task, its progress page), publishes it, and then the worker sees the
shift in "My shifts" and the person sees who is coming, in easy read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from ownterms.leave.services import set_availability_pattern
from ownterms.notifications.models import Notification
from ownterms.rota.models import Assignment
from tests.browser.conftest import VIEWPORTS, axe_violations, new_context, sign_in_by_cookie
from tests.cast import Cast
from tests.ownterms.rota.factories import shift


def test_build_publish_and_read_the_rota(browser: Browser, live_server: Any, cast: Cast) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    worker = cast.staff["team_worker"]
    set_availability_pattern(
        actor=cast.user("manager"),
        staff_member=worker,
        effective_from=worker.starts_on,
        days={day: [(0, 24 * 60)] for day in range(7)},
    )
    shift(cast.person, tomorrow, 9, 6, activity="Swimming")
    base = f"{live_server.url}/o/{cast.organisation.slug}"

    office = new_context(browser, VIEWPORTS["desktop"])
    sign_in_by_cookie(office, cast.user("coordinator"), live_server.url)
    page = office.new_page()
    page.goto(f"{base}/rota/build/")
    assert axe_violations(page) == []
    for name in ("From", "To"):
        dates = page.get_by_role("group", name=name)
        dates.get_by_label("Day").fill(str(tomorrow.day))
        dates.get_by_label("Month").fill(str(tomorrow.month))
        dates.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_label("Time to spend (seconds)").fill("3")
    page.get_by_role("button", name="Build the draft").click()
    expect(page.get_by_role("heading", name="100% covered")).to_be_visible(timeout=30_000)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish and tell everyone").click()
    expect(page.get_by_text("The rota is published.")).to_be_visible()
    office.close()

    assert Assignment.objects.filter(shift__person=cast.person, staff_member=worker).count() == 1
    assert Notification.objects.filter(user=worker.user, topic="rota").exists()

    phone = new_context(browser, VIEWPORTS["phone"])
    sign_in_by_cookie(phone, cast.user("team_worker"), live_server.url)
    page = phone.new_page()
    page.goto(f"{base}/my-shifts/")
    expect(page.get_by_text("Alex").first).to_be_visible()
    assert axe_violations(page) == []
    phone.close()

    person = new_context(browser, VIEWPORTS["phone"])
    sign_in_by_cookie(person, cast.user("person_user"), live_server.url)
    page = person.new_page()
    page.goto(f"{base}/people/{cast.person.public_id}/who-is-coming/")
    expect(page.get_by_text("Tariq").first).to_be_visible()
    assert axe_violations(page) == []
    person.close()
