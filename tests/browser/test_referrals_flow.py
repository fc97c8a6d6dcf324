"""A referral from end to end in a real browser, phone width: a partner with a current grant
refers someone through the form and follows it under "My referrals"; the manager assesses it
(a draft pattern block, every part rated with evidence), marks it ready and accepts it with
conditions; the partner sees the decision and reads the letter; the office then makes the
person's record from the referral, and the person, their package and their support pattern
exist with nothing typed again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import (
    Component,
    ComponentAssessment,
    Decision,
    Outcome,
    Rating,
    Referral,
    Status,
)
from ownterms.rota.models import PatternBlock, SupportPattern
from tests.browser.conftest import (
    PHONE,
    axe_violations,
    follow,
    new_context,
    sign_in_by_cookie,
)
from tests.cast import Cast
from tests.ownterms.referrals import data


def _signed_in(
    browser: Browser, cast: Cast, who: str, base_url: str
) -> tuple[BrowserContext, Page]:
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user(who), base_url)
    return context, context.new_page()


def _fill_date(page: Page, name: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=name)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _refer(page: Page, start: dt.date) -> None:
    """The partner fills in the referral form as a person would."""
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    _fill_date(page, "Date of birth", dt.date(2000, 4, 9))
    page.get_by_label("How to communicate with them").fill("Short sentences; likes pictures.")
    page.get_by_label("Consent to share this referral with us has been given and recorded").check()
    page.get_by_role("group", name="Who gave consent?").get_by_label("The person").check()
    page.get_by_role("group", name="Where would they live?").get_by_label("Own tenancy").check()
    page.get_by_label("Town or city").fill("Maidstone")
    page.get_by_label("Postcode").fill("me14 3cd")
    page.get_by_label("Day support at 1:1 (hours a week)").fill("30")
    page.get_by_label("Day rate (£ an hour)").fill("24.50")
    page.get_by_label("Sleep-in nights a week").fill("2")
    page.get_by_label("Sleep-in rate (£ a night)").fill("95")
    page.get_by_label("Funder", exact=True).fill("Brookside County Council")
    page.get_by_role("group", name="Kind of funder").get_by_label(
        "Council (adult social care)"
    ).check()
    page.get_by_role("group", name="Kind of funding").get_by_label(
        "Individual service fund"
    ).check()
    _fill_date(page, "Start date wanted", start)
    page.get_by_label("What the person wants from life").fill(
        "Priya wants a flat near her sister and to volunteer at the library."
    )
    page.get_by_label("Key needs").fill("Support with cooking and with money.")
    page.get_by_label("Your role").fill("Social worker")


def _rate(page: Page, label: str, rating: str, evidence: str) -> None:
    """Rate one part: answer its questions (the first answer each), then the rating."""
    # The hidden ": part" is its own span, so the accessible name has a space before the colon.
    page.get_by_role("link", name=re.compile(rf"^Rate this part\s*: {re.escape(label)}$")).click()
    expect(page.get_by_role("heading", name=label, level=1)).to_be_visible()
    form = page.locator("main form")
    groups = form.locator("fieldset")
    for index in range(groups.count()):
        group = groups.nth(index)
        if group.locator("legend").inner_text().strip() == "Rating":
            continue
        group.get_by_role("radio").first.check()
    form.get_by_role("group", name="Rating").get_by_label(rating, exact=True).check()
    form.get_by_label("Evidence", exact=True).fill(evidence)
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_text(f"“{label}” has been rated.")).to_be_visible()


def test_a_referral_from_the_form_to_the_persons_record(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    data.grant(cast)
    today = timezone.localdate()
    start = today + dt.timedelta(days=60)
    base = f"{live_server.url}/o/{cast.organisation.slug}/referrals"

    # 1. The partner refers Priya at phone width and sees the referral under "My referrals".
    partner, their_page = _signed_in(browser, cast, "partner_current", live_server.url)
    their_page.goto(f"{base}/mine/")
    expect(their_page.get_by_role("heading", name="My referrals")).to_be_visible()
    their_page.get_by_role("link", name="Refer someone").click()
    assert axe_violations(their_page) == []
    _refer(their_page, start)
    their_page.get_by_role("button", name="Send the referral").click()
    expect(their_page.get_by_text("Thank you: we have your referral.")).to_be_visible()
    assert axe_violations(their_page) == []
    referral = Referral.objects.get(first_name="Priya", last_name="Shah")
    assert referral.status == Status.RECEIVED
    assert referral.grant == data.grant(cast)
    assert (referral.day_minutes, referral.day_rate_pence) == (30 * 60, 2450)
    assert (referral.sleep_in_nights, referral.sleep_in_rate_pence) == (2, 9500)
    assert referral.start_wanted == start
    their_page.goto(f"{base}/mine/")
    card = their_page.locator(".govuk-summary-card").filter(has_text="Priya Shah")
    expect(card).to_contain_text(referral.reference)
    expect(card).to_contain_text(referral.get_status_display())
    assert axe_violations(their_page) == []

    # 2. The manager opens it, starts the assessment and designs a draft pattern block.
    office, page = _signed_in(browser, cast, "manager", live_server.url)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", name="Priya Shah", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("link", name="The assessment").click()
    expect(page.get_by_role("heading", name="Assessment of Priya Shah")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Design the draft support pattern").click()
    expect(page.get_by_role("heading", name="Draft support pattern")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("combobox", name="Day").select_option(label="Tuesday")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("15:00")
    page.get_by_role("group", name="Kind of support").get_by_label("Day", exact=True).check()
    page.get_by_role("group", name="Workers").get_by_label("1:1 (one worker)").check()
    page.get_by_label("What we're doing (optional)").fill("Volunteering at the library")
    page.get_by_label("Developmental time: new skills, community or work").check()
    page.get_by_role("button", name="Add the block").click()
    expect(page.get_by_text("The block has been added to the draft pattern.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Back to the assessment"))

    # 3. Every part rated with evidence; one partly met makes it "accept with conditions".
    for number, component in enumerate(Component):
        rating = "Partly met" if component == Component.CAPACITY else "Met"
        _rate(page, str(component.label), rating, f"Evidence for {component.label}: checked.")
        if number == 0:
            assert axe_violations(page) == []
    assert ComponentAssessment.objects.filter(referral=referral).count() == len(Component)
    page.get_by_role("button", name="Ready for a decision").click()
    expect(
        page.get_by_text("The assessment is complete: it is ready for a decision.")
    ).to_be_visible()
    follow(page, page.get_by_role("link", name="Record the decision"))
    assert axe_violations(page) == []
    page.get_by_role("group", name="Your decision").get_by_label("Accept with conditions").check()
    page.get_by_label("Conditions (for “Accept with conditions”)").fill(
        "A second manager in post by the start date."
    )
    page.get_by_label("The reasons, in words").fill(
        "The hours, funding and Priya's wishes fit what we do well."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == Status.TRANSITION
    decision = Decision.objects.get(referral=referral)
    assert decision.outcome == Outcome.ACCEPT_WITH_CONDITIONS
    assert decision.conditions == "A second manager in post by the start date."

    # 4. The partner sees the decision in words and opens the letter.
    their_page.goto(f"{base}/mine/")
    their_page.get_by_role("link", name="Priya Shah").click()
    expect(their_page.get_by_text("We can support them, with conditions.")).to_be_visible()
    expect(their_page.get_by_text("A second manager in post by the start date.")).to_be_visible()
    assert axe_violations(their_page) == []
    their_page.get_by_role("link", name="The decision letter").click()
    expect(their_page.locator("main")).to_contain_text("Priya")
    expect(their_page.locator("main")).to_contain_text(
        "A second manager in post by the start date."
    )
    assert axe_violations(their_page) == []
    partner.close()

    # 5. The office makes Priya's record from the referral: nothing typed again.
    page.goto(f"{base}/{referral.public_id}/")
    page.get_by_role("link", name="Planning the move to us").click()
    expect(page.get_by_role("heading", name="Planning Priya Shah's move to us")).to_be_visible()
    assert axe_violations(page) == []
    _fill_date(page, "Support is planned to start on", start)
    page.get_by_label("The manager who will hold it").select_option(
        label=cast.staff["manager"].name
    )
    page.get_by_role("button", name="Create the person's record").click()
    expect(page.get_by_text("Priya's record is ready: nothing needs typing again.")).to_be_visible()
    assert axe_violations(page) == []
    office.close()

    person = Person.objects.get(organisation=cast.organisation, first_name="Priya")
    assert (person.last_name, person.date_of_birth) == ("Shah", dt.date(2000, 4, 9))
    assert (person.town, person.communication_summary) == (
        "Maidstone",
        "Short sentences; likes pictures.",
    )
    referral.refresh_from_db()
    assert referral.person == person
    package = CommissionedPackage.objects.get(person=person)
    assert (package.day_minutes, package.sleep_in_nights) == (30 * 60, 2)
    assert package.funder_name == "Brookside County Council"
    assert package.starts_on == start
    pattern = SupportPattern.objects.get(person=person)
    blocks = [
        (b.weekday, b.start_minute, b.end_minute, b.kind, b.headcount, b.activity)
        for b in PatternBlock.objects.filter(pattern=pattern)
    ]
    assert blocks == [(1, 10 * 60, 15 * 60, "day", 1, "Volunteering at the library")]
    assert Rating.PARTLY in set(
        ComponentAssessment.objects.filter(referral=referral).values_list("rating", flat=True)
    )
