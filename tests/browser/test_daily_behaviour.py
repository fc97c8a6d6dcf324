"""Behaviour support in a real browser, phone width first: a support worker records an incident
as ABC (saved open, refused closing while incomplete, finished and closed), then a restrictive
practice the plan does not authorise, which is flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Browser, expect

from ownterms.daily.models import Incident, RestrictivePracticeEvent
from tests.browser.conftest import PHONE, axe_violations, new_context, sign_in_by_cookie
from tests.cast import Cast
from tests.ownterms.daily import behaviour_data


def test_a_worker_records_an_incident_and_a_restrictive_practice(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    behaviour_data.a_plan(cast)
    yesterday = cast.today - dt.timedelta(days=1)
    base = f"{live_server.url}/o/{cast.organisation.slug}/people/{cast.person.public_id}/daily"
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user("team_worker"), live_server.url)
    page = context.new_page()

    page.goto(f"{base}/incidents/")
    page.get_by_role("link", name="Record an incident").click()
    page.get_by_text("Strategies in the behaviour support plan").click()
    expect(page.get_by_text("Offer the garden or headphones")).to_be_visible()
    # Yesterday afternoon: never in the future, whatever time the suite runs.
    started = page.get_by_role("group", name="Date it started")
    started.get_by_label("Day").fill(str(yesterday.day))
    started.get_by_label("Month").fill(str(yesterday.month))
    started.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Time it started").fill("14:00")
    page.get_by_label("What the person did (B)").fill("Threw a cup at the wall 🙁")
    page.get_by_role("button", name="Save the incident").click()
    expect(page.get_by_text("The incident has been saved as open.")).to_be_visible()
    expect(page.get_by_text("Still to fill in before it can be closed:")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Close the incident").click()
    page.get_by_role("button", name="Close the incident").click()
    expect(page.get_by_role("heading", name="The incident can't be closed yet")).to_be_visible()
    expect(page.get_by_role("link", name="Write the debrief.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Say where it happened.").click()

    page.get_by_label("Time it ended").fill("14:20")
    page.get_by_label("Where it happened").fill("Kitchen at home")
    page.get_by_label("What was happening").fill("Making lunch")
    page.get_by_label("Who was there").fill("Two support workers")
    page.get_by_label("Setting events").fill("Poor sleep")
    page.get_by_label("What happened just before (A)").fill("The bus was cancelled")
    page.get_by_label("How long it lasted, in minutes").fill("10")
    page.get_by_role("group", name="Intensity").get_by_label("3 (moderate)").check()
    page.get_by_label("What happened after (C)").fill("Went to the garden")
    page.get_by_label("Strategies used from the behaviour support plan").fill("Headphones")
    page.get_by_label("Injuries (to anyone)").fill("None")
    page.get_by_label("Debrief").fill("Calm after 20 minutes")
    page.get_by_role("group", name="Is a safeguarding referral needed?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("group", name="Is a notification to the regulator needed?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The incident has been updated.")).to_be_visible()
    page.get_by_role("link", name="Close the incident").click()
    page.get_by_role("button", name="Close the incident").click()
    expect(page.get_by_text("The incident has been closed.")).to_be_visible()
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.CLOSED

    page.get_by_role("link", name="Record a restrictive practice used in this incident").click()
    page.get_by_label("Mechanical restraint (belt, splint, harness)").check()
    started = page.get_by_role("group", name="Date it started")
    started.get_by_label("Day").fill(str(yesterday.day))
    started.get_by_label("Month").fill(str(yesterday.month))
    started.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Time it started").fill("14:05")
    page.get_by_label("Time it ended").fill("14:07")
    page.get_by_label("Tariq Teamworker").check()
    page.get_by_label("Technique used").fill("Held the lap belt fastened")
    page.get_by_label("What was tried first").fill("Space; headphones")
    page.get_by_label("Injury checks").fill("No marks")
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_text("This practice is not authorised")).to_be_visible()
    expect(page.get_by_text("Not authorised in the behaviour support plan").first).to_be_visible()
    assert axe_violations(page) == []
    event = RestrictivePracticeEvent.objects.get()
    assert event.incident == incident and event.unauthorised
    context.close()
