"""A support worker on a phone: the medication chart (one tap for a dose), a PRN dose with its
protocol, a seizure with rescue medication (test_every_page checks each medicines page)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from ownterms.daily.models import DoseRecord, Seizure
from tests.browser.conftest import PHONE, new_context, sign_in_by_cookie
from tests.cast import Cast
from tests.ownterms.daily import medicines_data


def test_a_worker_records_doses_and_a_seizure_on_a_phone(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    medicines_data.regular(cast)
    rescue = medicines_data.rescue(cast)
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user("team_worker"), live_server.url)
    page = context.new_page()
    base = f"{live_server.url}/o/{cast.organisation.slug}/people/{cast.person.public_id}/daily"

    # Yesterday's chart: both doses are past, so each can be recorded with one tap.
    page.goto(f"{base}/medicines/")
    page.get_by_role("link", name="Previous day").click()
    page.get_by_role("button", name="Given Lamotrigine 08:00").click()
    page.get_by_text("recorded.").first.wait_for()
    assert DoseRecord.objects.filter(outcome="given").count() == 1
    assert page.get_by_text("Recorded by Tariq Teamworker").count() == 1

    # A PRN dose: the protocol is shown beside the choice.
    page.goto(f"{base}/medicines/prn/new/")
    assert page.get_by_text(rescue.prn_protocol).count() >= 1
    page.get_by_label("Buccal midazolam 10 mg").check()
    page.get_by_label("Why it was needed").fill("Tonic-clonic seizure lasting 5 minutes")
    page.get_by_role("button", name="Record the dose").click()
    page.get_by_text("The when-needed dose has been recorded.").wait_for()

    # A seizure with rescue medication by an untrained worker: saved and flagged.
    page.goto(f"{base}/seizures/new/")
    yesterday = cast.today.toordinal() - 1
    from datetime import date

    day = date.fromordinal(yesterday)
    page.locator("[name=on_day]").fill(str(day.day))
    page.locator("[name=on_month]").fill(str(day.month))
    page.locator("[name=on_year]").fill(str(day.year))
    page.get_by_label("Time it started").fill("14:00")
    page.get_by_label("Time it ended").fill("14:06")
    page.get_by_label("Tonic-clonic (convulsive)").check()
    page.get_by_label("Buccal midazolam 10 mg").check()
    page.get_by_label("Time it was given").fill("14:05")
    page.get_by_label("Who gave it").select_option(label="Tariq Teamworker")
    page.get_by_role("button", name="Save the seizure record").click()
    page.get_by_text("given by a worker without valid training").first.wait_for()
    assert Seizure.objects.get().rescue_by_trained_worker is False
    context.close()
