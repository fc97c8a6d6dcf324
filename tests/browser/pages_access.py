"""Browser visits for the organisation, people, staff and audit pages (merged into PAGES).

The browser cast has no person supported; ``_world`` adds one on first use — managed by the
cast's manager, with the cast's worker in the team and a circle member — so every page shows
real content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import Cast


def _world(cast: Cast) -> dict[str, Any]:
    if "person" in cast.objects:
        return cast.objects
    from ownterms.people.models import CircleMember, Consent, Person
    from ownterms.staff.models import ManagerAssignment, StaffMember, TeamMembership

    org = cast.organisation
    long_ago = timezone.localdate() - dt.timedelta(days=365)

    def staff(key: str, title: str) -> StaffMember:
        user = cast.user(key)
        first, _, last = user.display_name.partition(" ")
        return StaffMember.objects.create(
            organisation=org,
            user=user,
            first_name=first,
            last_name=last or first,
            job_title=title,
            employment=StaffMember.Employment.FULL_TIME,
            contract_minutes_per_week=2250,
            starts_on=long_ago,
        )

    manager, worker = staff("manager", "Service manager"), staff("worker", "Support worker")
    person = Person.objects.create(
        organisation=org,
        first_name="Alexandra",
        last_name="Fairweather",
        preferred_name="Alex",
        date_of_birth=dt.date(1994, 5, 17),
        has_communication_needs=True,
        communication_summary="Short sentences, one question at a time; pictures help.",
        home=Person.Home.OWN_TENANCY,
    )
    ManagerAssignment.objects.create(
        organisation=org, person=person, manager=manager, starts_on=long_ago
    )
    TeamMembership.objects.create(
        organisation=org,
        person=person,
        staff_member=worker,
        approved_by_person=True,
        starts_on=long_ago,
    )
    family = CircleMember.objects.create(
        organisation=org,
        person=person,
        name="Carol Fairweather",
        kind=CircleMember.Kind.FAMILY,
        relationship="Mother",
        phone="01632 960123",
    )
    Consent.objects.create(
        organisation=org,
        circle_member=family,
        category="profile",
        given_by=Consent.GivenBy.PERSON,
        starts_on=long_ago,
    )
    cast.objects.update(person=person, worker_staff=worker)
    return cast.objects


def _org(name: str) -> Any:
    def url(cast: Cast) -> str:
        _world(cast)
        return reverse(name, kwargs={"org": cast.organisation.slug})

    return url


def _person(name: str, query: str = "") -> Any:
    def url(cast: Cast) -> str:
        person = _world(cast)["person"]
        path = reverse(name, kwargs={"org": cast.organisation.slug, "person_id": person.public_id})
        return path + query

    return url


def _staff_page(cast: Cast) -> str:
    worker = _world(cast)["worker_staff"]
    return reverse(
        "staff:detail", kwargs={"org": cast.organisation.slug, "staff_id": worker.public_id}
    )


def access_pages() -> dict[str, Any]:
    """The entries for ``tests.browser.pages.PAGES`` (imported there, so no import cycle)."""
    from tests.browser.pages import NotAPage, Visit

    api = NotAPage("JSON API, not a page (tests/ownterms/api covers it)")
    return {
        "core:organisation_home": Visit("manager", _org("core:organisation_home")),
        "people:list": Visit("manager", _org("people:list")),
        "people:detail": Visit("manager", _person("people:detail")),
        "people:edit": Visit("manager", _person("people:edit")),
        "people:who_looked": Visit("manager", _person("people:who_looked")),
        "staff:list": Visit("manager", _org("staff:list")),
        "staff:detail": Visit("manager", _staff_page),
        "audit:list": Visit("administrator", _org("audit:list")),
        "api-v1:list_people": api,
        "api-v1:get_person": api,
        "api-v1:update_person_endpoint": api,
        "api-v1:list_staff": api,
        "api-v1:get_staff_member": api,
    }
