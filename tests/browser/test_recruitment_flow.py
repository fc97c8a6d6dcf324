"""Recruiting to the person from end to end in a real browser, phone width: the manager writes a
vacancy from Alex's wishes and sends the advert for approval; Alex approves it in easy read; an
applicant with no account applies from the public advert; the manager interviews, Alex's mother
says yes in her words, the checks are cleared, the offer made and the applicant started, so the
rota engine now offers them for Alex's shifts. A second applicant, not taken forward for Alex, is
considered for Bilal instead; the cross-match ranks every open vacancy for them in plain words,
suggests them for Bilal, and stops suggesting them once Bilal says "not for me"."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ownterms.plans.models import ProfileVersion, RoutineActivity
from ownterms.recruitment.forms.applications import MIN_SECONDS
from ownterms.recruitment.models import Application, Stage, Vacancy, VacancyStatus, Veto
from ownterms.rota import engine_adapter
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership
from ownterms.vocabulary.models import Tag
from tests.browser.conftest import PHONE, axe_violations, new_context, sign_in_by_cookie
from tests.cast import Cast
from tests.ownterms.recruitment import data
from tests.ownterms.rota.factories import shift

REQUIRED_CHECKS = (
    "DBS check (enhanced, adults' barred list)",
    "First reference",
    "Second reference",
    "Right to work in the UK",
    "Proof of identity",
)


def _alex_wishes(cast: Cast) -> None:
    """What we already know about Alex, for the new vacancy to start from."""
    org = cast.organisation
    type(cast.person).objects.filter(pk=cast.person.pk).update(postcode="LS6 2AB")
    swimming = data.tag(cast, Tag.Kind.INTEREST, "Swimming")
    data.tag(cast, Tag.Kind.TRAIT, "Calm")
    data.tag(cast, Tag.Kind.TRAIT, "Talkative")
    RoutineActivity.objects.create(
        organisation=org,
        person=cast.person,
        name="Swimming at the baths",
        day=1,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        interest=swimming,
    )
    ProfileVersion.objects.create(
        organisation=org,
        person=cast.person,
        number=1,
        appreciated="Good at jigsaws.",
        important="People who are calm around me.",
        support="Go slowly.",
        review_on=cast.today,
    )
    SkillNeed.objects.create(
        organisation=org, person=cast.person, skill=data.skill(cast, "Driving")
    )


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


def _apply(
    browser: Browser, advert_url: str, vacancy: Vacancy, first: str, last: str, *, axe: bool
) -> None:
    """An applicant with no account applies from the public advert."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(advert_url)
    if axe:
        assert axe_violations(page) == []
    page.get_by_role("button", name="Apply for this job").click()
    expect(page.get_by_role("heading", name="Apply for this job")).to_be_visible()
    opened = time.monotonic()  # the form's signed "opened at" was made before this
    if axe:
        assert axe_violations(page) == []
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email address").fill(f"{first}.{last}@example.org".lower())
    page.get_by_label("Postcode").fill("ls6 2ab")
    page.get_by_label("About you").fill("I swim on Sundays and like quiet places 🏊")
    page.get_by_role("group", name="Which of these describe you?").get_by_label("Calm").check()
    page.get_by_role("group", name="What do you enjoy?").get_by_label("Swimming").check()
    page.get_by_role("group", name="Skills you have").get_by_label("Driving").check()
    page.get_by_label("About how many hours a week could you work?").fill("20")
    page.get_by_label("I drive and have a car").check()
    for question in vacancy.questions.order_by("order", "pk"):
        page.get_by_role("group", name=question.text).get_by_label("Yes", exact=True).check()
    page.get_by_label("I agree to you keeping my application as described above").check()
    # The form refuses anything sent within MIN_SECONDS of opening it (a robot): wait that out.
    left = MIN_SECONDS + 0.2 - (time.monotonic() - opened)
    if left > 0:
        page.wait_for_timeout(left * 1000)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    if axe:
        assert axe_violations(page) == []
    context.close()


def _move(page: Page, label: str) -> None:
    page.get_by_role("button", name=f"Move to: {label}").click()
    expect(page.get_by_text(f"Moved to “{label}”.")).to_be_visible()


def test_recruiting_to_the_person(browser: Browser, live_server: Any, cast: Cast) -> None:
    _alex_wishes(cast)
    today = timezone.localdate()
    org = cast.organisation.slug
    base = f"{live_server.url}/o/{org}/recruitment"
    mother = cast.circle["circle_with_consent"]

    # 1. The manager writes the vacancy from Alex's wishes and sends it for approval.
    office, page = _signed_in(browser, cast, "manager", live_server.url)
    page.goto(f"{base}/vacancies/new/?person={cast.person.public_id}")
    expect(page.get_by_role("heading", name="New vacancy for Alex")).to_be_visible()
    assert axe_violations(page) == []
    expect(page.get_by_text("From the routine:")).to_be_visible()
    wanted = page.get_by_role("group", name="What the worker should be like")
    expect(
        page.get_by_role("group", name="Interests to share").get_by_label("Swimming")
    ).to_be_checked()
    expect(wanted.get_by_label("Calm")).to_be_checked()
    expect(wanted.get_by_label("Talkative")).not_to_be_checked()
    expect(
        page.get_by_role("group", name="Skills the worker needs").get_by_label("Driving")
    ).to_be_checked()
    expect(page.get_by_label("Area (postcode district)")).to_have_value("LS6")
    page.get_by_role("group", name="What would not suit").get_by_label("Talkative").check()
    page.get_by_label("Hours a week").fill("20")
    page.get_by_label("When the support is").fill("Tuesdays and Thursdays, 9am to 3pm")
    page.get_by_role("textbox", name="In my words").fill(
        "I like a calm morning and a swim. I want someone who listens."
    )
    page.get_by_role("group", name="Family members who decide with the person").get_by_label(
        f"{mother.name} (Mother)"
    ).check()
    page.get_by_role("button", name="Save the vacancy").click()
    expect(page.get_by_text("The vacancy is saved as a draft")).to_be_visible()
    assert axe_violations(page) == []
    vacancy = Vacancy.objects.get(person=cast.person)
    assert vacancy.status == VacancyStatus.DRAFT
    assert {t.label for t in vacancy.wanted_tags.all()} == {"Swimming", "Calm"}
    assert [t.label for t in vacancy.avoided_tags.all()] == ["Talkative"]
    assert [s.name for s in vacancy.skills.all()] == ["Driving"]
    assert vacancy.questions.exists()
    page.get_by_role("button", name="Send the advert for approval").click()
    expect(page.get_by_text("The advert has been sent for approval.")).to_be_visible()

    # 2. Alex reads the advert in easy read and approves it, in their words.
    alex, their_page = _signed_in(browser, cast, "person_user", live_server.url)
    their_page.goto(f"{base}/vacancies/{vacancy.public_id}/")
    expect(their_page.get_by_role("heading", name="Your vacancy")).to_be_visible()
    assert axe_violations(their_page) == []
    their_page.get_by_role("link", name="Read and answer").click()
    expect(their_page.get_by_role("heading", name="The advert for Alex's team")).to_be_visible()
    assert axe_violations(their_page) == []
    their_page.get_by_label("Yes, put the advert out").check()
    their_page.get_by_label("What do you want to say?").fill("Yes. I like the swimming bit.")
    their_page.get_by_role("button", name="Send my answer").click()
    expect(their_page.get_by_text("Thank you. The advert is now open.")).to_be_visible()
    alex.close()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.approval_words == "Yes. I like the swimming bit."

    # 3. Two people with no account apply from the public advert.
    advert_url = f"{live_server.url}/jobs/{org}/{vacancy.public_id}/"
    _apply(browser, advert_url, vacancy, "Robin", "Reed", axe=True)
    _apply(browser, advert_url, vacancy, "Kit", "Lane", axe=False)
    robin = Application.objects.get(vacancy=vacancy, applicant__email="robin.reed@example.org")
    kit = Application.objects.get(vacancy=vacancy, applicant__email="kit.lane@example.org")
    assert robin.stage == kit.stage == Stage.APPLIED

    # 4. The manager screens and interviews Robin; Alex's mother says yes; checks, offer, start.
    page.goto(f"{base}/vacancies/{vacancy.public_id}/applications/")
    expect(page.get_by_role("heading", name="Applicants for Alex's team")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Robin Reed").click()
    expect(page.get_by_role("heading", name="Robin Reed")).to_be_visible()
    assert axe_violations(page) == []
    _move(page, "Screened")
    _move(page, "Interview with managers")
    page.get_by_role("link", name="Record the interview").click()
    expect(page.get_by_role("heading", name="Interview")).to_be_visible()
    assert axe_violations(page) == []
    _fill_date(page, "Date of the meeting", today)
    page.get_by_role("group", name="Decision").get_by_label("Yes", exact=True).check()
    page.get_by_label("Notes (optional)").fill("Calm, and swims every week.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("The meeting has been recorded.")).to_be_visible()
    _move(page, "Meeting with the person")

    family, their_page = _signed_in(browser, cast, "circle_with_consent", live_server.url)
    their_page.goto(f"{base}/vacancies/{vacancy.public_id}/applications/")
    expect(
        their_page.get_by_role("heading", name="People who want to work with Alex")
    ).to_be_visible()
    assert axe_violations(their_page) == []
    their_page.get_by_role("link", name="Tell us what you think of Robin").click()
    expect(their_page.get_by_role("heading", name="Robin", exact=True)).to_be_visible()
    assert axe_violations(their_page) == []
    their_page.get_by_role("group", name="Do you want them in your team?").get_by_label(
        "Yes", exact=True
    ).check()
    their_page.get_by_label("Say why, in your words").fill("Alex smiled all through. Yes please.")
    their_page.get_by_role("button", name="Save what I think").click()
    expect(
        their_page.get_by_text("Thank you. We have written down what you think.")
    ).to_be_visible()
    family.close()

    page.reload()
    _move(page, "Pre-employment checks")
    for number, check in enumerate(REQUIRED_CHECKS):
        page.get_by_role("link", name=check).click()
        expect(page.get_by_role("heading", name=check)).to_be_visible()
        if number == 0:
            assert axe_violations(page) == []
        _fill_date(page, "Requested on", today - dt.timedelta(days=10))
        _fill_date(page, "Cleared on", today - dt.timedelta(days=2))
        page.get_by_role("button", name="Save the check").click()
        expect(page.get_by_text("The check has been saved.")).to_be_visible()
    starts_on = today + dt.timedelta(days=7)
    page.get_by_role("link", name="Make an offer").click()
    expect(page.get_by_role("heading", name="Make an offer")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Hours a week offered").fill("22.5")
    _fill_date(page, "Start date", starts_on)
    page.get_by_role("button", name="Save the offer").click()
    expect(page.get_by_text("The offer has been recorded.")).to_be_visible()
    page.get_by_role("link", name="Start as a member of staff").click()
    expect(page.get_by_role("heading", name="Start as a member of staff")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_text("Robin Reed is now in Alex's team.")).to_be_visible()

    # 5. Robin is on Alex's team, the vacancy is filled, and the rota engine offers Robin.
    robin.refresh_from_db()
    assert robin.stage == Stage.STARTED
    member = StaffMember.objects.get(
        organisation=cast.organisation, user__email="robin.reed@example.org"
    )
    assert robin.staff_member == member
    assert member.contract_minutes_per_week == 22 * 60 + 30
    membership = TeamMembership.objects.get(person=cast.person, staff_member=member)
    assert membership.approved_by_person
    assert membership.starts_on == starts_on and membership.ends_on is None
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    alex_shift = shift(cast.person, starts_on, 9, 6, activity="Swimming")
    built = engine_adapter.build_problem(
        organisation=cast.organisation,
        people=[cast.person],
        first_day=starts_on,
        last_day=starts_on,
    )
    [engine_shift] = [s for s in built.problem.shifts if s.id == str(alex_shift.public_id)]
    assert str(member.public_id) in engine_shift.eligible

    # 6. Kit is not taken forward at the interview, then considered for Bilal instead.
    bilal_vacancy = data.another_vacancy(cast)
    page.goto(f"{base}/vacancies/{vacancy.public_id}/applications/")
    page.get_by_role("link", name="Kit Lane").click()
    _move(page, "Screened")
    _move(page, "Interview with managers")
    page.get_by_role("link", name="Not taken forward").click()
    expect(page.get_by_role("heading", name="Not taken forward")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Why is the application not taken forward?").fill(
        "Only free at weekends; Alex needs weekdays."
    )
    page.get_by_role("button", name="Save: not taken forward").click()
    expect(page.get_by_text("The application is not taken forward.")).to_be_visible()
    page.get_by_role("link", name="Consider them for another person").click()
    expect(page.get_by_role("heading", name="Consider for another person")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Bilal's team").check()
    page.get_by_role("button", name="Consider them").click()
    expect(page.get_by_text("They are now an applicant for this vacancy too.")).to_be_visible()

    # 7. Cross-matching. Bilal's vacancy asks for 10 hours and someone who loves swimming, as
    # Kit does. Kit's page ranks every open vacancy for them, each factor in plain words.
    Vacancy.objects.filter(pk=bilal_vacancy.pk).update(minutes_per_week=10 * 60)
    bilal_vacancy.wanted_tags.set([data.tag(cast, Tag.Kind.INTEREST, "Swimming")])
    bilals_team = "Bilal's team (relief, 10 hours a week)"
    page.get_by_role("link", name="Their details, CV and other applications").click()
    page.get_by_role("link", name="Every open vacancy, scored for Kit").click()
    expect(page.get_by_role("heading", name="Every open vacancy, best first")).to_be_visible()
    assert axe_violations(page) == []
    card = page.locator(".govuk-summary-card").filter(has_text=bilals_team)
    expect(card).to_contain_text("Score: ")
    for words in (
        "Both love swimming",
        "Can work all 10 hours a week (has 20 hours)",
        "No particular skills needed",
    ):
        expect(card.get_by_text(words, exact=True)).to_be_visible()
    # The organisation's suggested assignment pairs Kit with Bilal's team, and says why.
    page.goto(f"{base}/vacancies/")
    page.get_by_role("link", name="Suggested assignment").click()
    expect(page.get_by_role("heading", name="Suggested assignment")).to_be_visible()
    assert axe_violations(page) == []
    pair = page.locator(".govuk-summary-card").filter(has_text=f"{bilals_team}: Kit Lane")
    expect(pair).to_have_count(1)
    expect(pair.get_by_text("Both love swimming", exact=True)).to_be_visible()
    # Bilal's family meet Kit and say "not for me": the assignment no longer suggests Kit for
    # Bilal, and Kit's page says why they are not eligible.
    Veto.objects.create(vacancy=bilal_vacancy, applicant=kit.applicant, reason="Too loud for Bilal")
    page.reload()
    expect(page.get_by_text(f"{bilals_team}: Kit Lane")).to_have_count(0)
    page.goto(f"{base}/applicants/{kit.applicant.public_id}/matches/")
    card = page.locator(".govuk-summary-card").filter(has_text=bilals_team)
    expect(card.get_by_text("Not eligible")).to_be_visible()
    expect(card.get_by_text("Bilal said not for me: Too loud for Bilal")).to_be_visible()
    office.close()

    kit.refresh_from_db()
    assert kit.stage == Stage.REJECTED and kit.ended_at_stage == Stage.INTERVIEW
    assert kit.rejection_reason == "Only free at weekends; Alex needs weekdays."
    considered = Application.objects.get(vacancy=bilal_vacancy, applicant=kit.applicant)
    assert considered.stage == Stage.SCREENED
    assert considered.considered_from == kit
