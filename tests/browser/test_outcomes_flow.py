"""Outcomes from end to end in a real browser, phone width: the manager plans an unplanned
review for Alex, adds who took part, what Alex said in their own words and an action with an
owner and a date, and marks it held, so the action becomes a goal in Alex's plan; Alex records
an easy-read check-in by choosing faces (radio buttons, by their words and by keyboard) and sees
it in "My check-ins"; the manager downloads Alex's FHIR file from the outcomes pages, and this
test checks it independently against the published R4 models (``fhirclient``). Then Alex's mum,
whose consent covers plans but not health, reads the easy-read outcome report without the
health lines; and the community nurse, a partner whose grant covers health only, reads the
health measures and opens the commissioner's PDF, but not the organisation report. Those two
sign in by cookie into the same live server (a few seconds)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from django.utils import timezone
from fhirclient.models.bundle import Bundle
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ownterms.audit.models import AuditEvent
from ownterms.outcomes.models import Action, CheckIn, HealthEvent, Review, ReviewPoint
from ownterms.people.models import Consent, ConsentCategory
from ownterms.plans.models import Goal
from tests.browser.conftest import (
    PHONE,
    axe_violations,
    follow,
    new_context,
    sign_in_by_cookie,
)
from tests.cast import Cast

POINT = "I want to go to the football with my cousin."
ACTION = "Find a season ticket for Alex and a seat for a supporter"


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


def _hold_a_review(page: Page, base: str, today: dt.date, due: dt.date) -> Review:
    page.goto(f"{base}/reviews/")
    expect(page.get_by_role("heading", name="Reviews of Alex", exact=False)).to_be_visible()
    assert axe_violations(page) == []
    follow(page, page.get_by_role("link", name="Plan an unplanned review"))
    assert axe_violations(page) == []
    _fill_date(page, "When should the review happen?", today)
    page.get_by_label("Why is a review needed now?").fill("Alex wants to go to more matches")
    page.get_by_role("button", name="Plan the review").click()
    expect(page.get_by_text("The review has been planned.")).to_be_visible()
    assert axe_violations(page) == []
    review = Review.objects.get(reason="Alex wants to go to more matches")
    assert review.kind == Review.Kind.UNPLANNED

    follow(page, page.get_by_role("link", name="Change who took part"))
    assert axe_violations(page) == []
    page.get_by_role("group", name="Who took part?").get_by_label("Someone else").check()
    page.get_by_label("Their name").fill("Pat Green")
    page.get_by_label("Whose view did they give?").select_option(
        label="Others (professionals, advocates)"
    )
    page.get_by_label("Role or relationship").fill("Advocate")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Added to who took part.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Back to the review"))

    follow(
        page, page.get_by_role("link", name="Add or change what was said, and choose the top two")
    )
    assert axe_violations(page) == []
    page.get_by_role("group", name="Whose view is it?").get_by_label("The person").check()
    page.get_by_role("group", name="What is it about?").get_by_label("Hopes for the future").check()
    page.get_by_label("What was said").fill(POINT)
    page.get_by_label("These are the person's own words, exactly as they said them").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("The point has been added.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Back to the review").first)

    follow(page, page.get_by_role("link", name="Add or change actions"))
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Action (optional)").fill(ACTION)
    page.get_by_label("Who will do it?").fill("Sam with Alex")
    _fill_date(page, "By when?", due)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action has been added.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Back to the review"))
    expect(page.get_by_text("Becomes a goal when the review is held")).to_be_visible()

    follow(page, page.get_by_role("link", name="Mark the review as held"))
    assert axe_violations(page) == []
    _fill_date(page, "When was the review held?", today)
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("The review has been recorded as held.")).to_be_visible()
    assert axe_violations(page) == []
    review.refresh_from_db()
    return review


def _face(page: Page, topic: str, word: str) -> Locator:
    """A face's radio button by its word (a chosen face's label starts with a tick)."""
    group = page.get_by_role("group", name=topic)
    return group.get_by_role("radio", name=re.compile(rf"^{re.escape(word)}$"))


def _check_in(browser: Browser, cast: Cast, base: str, live_url: str) -> None:
    """Alex chooses faces by their words, and one by keyboard, and sees the check-in."""
    alex, page = _signed_in(browser, cast, "person_user", live_url)
    page.goto(f"{base}/check-ins/")
    expect(page.get_by_role("heading", name="My check-ins")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tell us how things are now").click()
    expect(page.get_by_role("heading", name="How are things?")).to_be_visible()
    assert axe_violations(page) == []
    _face(page, "My home", "Very happy").check()
    _face(page, "My staff", "Happy").check()
    # By keyboard: the radios take focus, and the arrow keys move the choice along the faces.
    _face(page, "My money", "Unhappy").check()
    _face(page, "My money", "Unhappy").focus()
    page.keyboard.press("ArrowRight")
    expect(_face(page, "My money", "OK")).to_be_checked()
    expect(_face(page, "My money", "Unhappy")).not_to_be_checked()
    page.get_by_label("In my own words").fill("Football is the best bit of my week ⚽")
    page.get_by_label("Who helped me?").fill("Sam, my support worker")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Thank you. Your check-in has been saved.")).to_be_visible()
    assert axe_violations(page) == []
    if page.get_by_role("heading", name="My check-ins").count() == 0:
        page.goto(f"{base}/check-ins/")
    expect(page.get_by_role("heading", name="My check-ins")).to_be_visible()
    entry = page.locator(".ownterms-check-in").first
    expect(entry).to_contain_text("My home: Very happy")
    expect(entry).to_contain_text("My staff: Happy")
    expect(entry).to_contain_text("My money: OK")
    expect(entry).to_contain_text("Football is the best bit of my week ⚽")
    alex.close()


def _validate(bundle: dict[str, Any]) -> Bundle:
    """Strict R4 parse (unknown elements, wrong types and missing required elements raise), and
    nothing dropped on the way."""
    parsed = Bundle(copy.deepcopy(bundle), strict=True)
    assert parsed.as_json() == bundle
    return parsed


def _family_reads_the_easy_read_report(browser: Browser, cast: Cast, base: str, url: str) -> None:
    """Mum's consent covers plans (recorded here) but not health: she reads what Alex said at
    the check-in, and nothing about A&E."""
    member = cast.user("circle_with_consent")
    Consent.objects.create(
        organisation=cast.organisation,
        circle_member=member.circle_memberships.get(person=cast.person),  # type: ignore[union-attr]
        category=ConsentCategory.PLANS,
        given_by=Consent.GivenBy.PERSON,
        starts_on=cast.today - dt.timedelta(days=30),
    )
    mum, page = _signed_in(browser, cast, "circle_with_consent", url)
    page.goto(f"{base}/outcomes/")
    expect(page.get_by_role("heading", name="Life, community and goals")).to_be_visible()
    expect(page.get_by_role("heading", name="Health, medicines and behaviour")).to_have_count(0)
    page.get_by_role("link", name="The easy-read report").click()
    expect(page.get_by_role("heading", name="Alex's life this year")).to_be_visible()
    assert axe_violations(page) == []
    expect(page.get_by_text("You said your life is", exact=False)).to_be_visible()
    expect(page.get_by_text("A&E", exact=False)).to_have_count(0)
    assert page.goto(f"{base}/outcomes/nhs-use/").status == 404
    mum.close()
    assert AuditEvent.objects.filter(
        actor=member, person=cast.person, page="person.outcomes.easy_read", basis="circle_consent"
    ).exists()


def _partner_reads_the_health_measures(browser: Browser, cast: Cast, base: str, url: str) -> None:
    """The nurse's grant covers health: the health measures and the commissioner's PDF, not
    what Alex said at the check-in, nor the organisation report."""
    nurse, page = _signed_in(browser, cast, "partner_current", url)
    page.goto(f"{base}/outcomes/")
    expect(page.get_by_role("heading", name="Health, medicines and behaviour")).to_be_visible()
    expect(page.get_by_role("heading", name="Life, community and goals")).to_have_count(0)
    expect(page.get_by_role("caption").filter(has_text="A&E visits").first).to_be_attached()
    assert axe_violations(page) == []
    pdf = page.request.get(f"{base}/outcomes/report.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    org = f"{url}/o/{cast.organisation.slug}"
    assert page.goto(f"{org}/outcomes/organisation/").status == 404
    nurse.close()
    assert AuditEvent.objects.filter(
        actor=cast.user("partner_current"),
        person=cast.person,
        page="person.outcomes.pdf",
        basis="partner_grant",
    ).exists()


def test_a_review_a_check_in_and_the_fhir_file(
    browser: Browser, live_server: Any, cast: Cast, tmp_path: Path
) -> None:
    today = timezone.localdate()
    due = today + dt.timedelta(days=42)
    org = cast.organisation.slug
    base = f"{live_server.url}/o/{org}/people/{cast.person.public_id}"

    # 1. The manager plans and holds an unplanned review; its action becomes a goal.
    office, page = _signed_in(browser, cast, "manager", live_server.url)
    review = _hold_a_review(page, base, today, due)
    assert review.status == Review.Status.HELD and review.held_on == today
    assert [(p.name, p.role) for p in review.participants.all()] == [("Pat Green", "Advocate")]
    point = ReviewPoint.objects.get(review=review)
    assert (point.text, point.verbatim, point.perspective) == (POINT, True, "person")
    action = Action.objects.get(review=review)
    assert (action.text, action.owner, action.due_on) == (ACTION, "Sam with Alex", due)
    assert action.goal is not None
    goal = Goal.objects.get(pk=action.goal.pk, person=cast.person)
    assert goal.owner == "Sam with Alex" and goal.due_on == due
    row = page.get_by_role("row").filter(has_text=ACTION)
    expect(row.locator(".govuk-tag")).to_have_text(goal.get_status_display())

    # 2. Alex records an easy-read check-in.
    _check_in(browser, cast, base, live_server.url)
    check_in = CheckIn.objects.get(person=cast.person)
    assert check_in.answers["home"] == 5 and check_in.answers["staff"] == 4
    assert check_in.answers["money"] == 3 and check_in.answers.get("health") is None
    assert check_in.helped_by == "Sam, my support worker"

    # 3. The manager downloads the FHIR file from Alex's outcomes pages.
    page.goto(f"{base}/outcomes/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Share the record with health partners (FHIR)").click()
    expect(page.get_by_role("heading", name="Share with a partner (FHIR)")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the FHIR file").click()
    saved = tmp_path / "bundle.json"
    waiting.value.save_as(saved)
    office.close()

    bundle = json.loads(saved.read_text(encoding="utf-8"))
    parsed = _validate(bundle)
    assert parsed.resource_type == "Bundle"
    entries = [entry["resource"] for entry in bundle["entry"]]
    ids = {f"urn:uuid:{item['id']}" for item in entries}
    assert all(entry["fullUrl"] in ids for entry in bundle["entry"])
    (patient,) = [item for item in entries if item["resourceType"] == "Patient"]
    assert patient["name"][0]["given"][0] == cast.person.first_name
    goals = [item for item in entries if item["resourceType"] == "Goal"]
    ours = [g for g in goals if g["description"]["text"] == goal.title]
    assert len(ours) == 1
    assert ours[0]["subject"]["reference"] == f"urn:uuid:{patient['id']}"

    # 4. The family member and the partner read what their consent covers, and no more.
    HealthEvent.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind=HealthEvent.Kind.AE,
        on=today - dt.timedelta(days=100),
    )
    _family_reads_the_easy_read_report(browser, cast, base, live_server.url)
    _partner_reads_the_health_measures(browser, cast, base, live_server.url)
