"""Referral data for the cast, for tests, the permission matrix and the browser suite. Each
helper is idempotent (it returns what exists when called again), because the browser suite
builds every area's data into one cast.

``partner_current`` holds a current referrer grant and referred Jo Bright (the referral the
helpers return); ``partner_expired``'s grant ended yesterday (they referred Sam Old). The
cast's manager is our named contact and would hold Jo's package.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.referrals.models import (
    Component,
    ComponentAssessment,
    DraftBlock,
    Message,
    Rating,
    Referral,
    ReferralContact,
    ReferrerGrant,
    Source,
    Status,
    StatusChange,
)
from tests.cast import Cast


def grant(cast: Cast, member: str = "partner_current") -> ReferrerGrant:
    """The member's referrer grant: current for ``partner_current``, ended yesterday for
    ``partner_expired``."""
    user = cast.user(member)
    assert user is not None
    found = ReferrerGrant.objects.filter(user=user).first()
    if found is not None:
        return found
    today = timezone.localdate()
    expired = member == "partner_expired"
    return ReferrerGrant.objects.create(
        organisation=cast.organisation,
        user=user,
        agency="Brookside County Council — adult social care",
        source=Source.COUNCIL,
        starts_on=today - dt.timedelta(days=400 if expired else 30),
        ends_on=today - dt.timedelta(days=1) if expired else today + dt.timedelta(days=335),
    )


def a_referral(cast: Cast, member: str = "partner_current") -> Referral:
    """The member's referral (Jo Bright for ``partner_current``, Sam Old for
    ``partner_expired``), being assessed, with two contacts, three draft blocks and a message
    thread; received three weeks ago."""
    their_grant = grant(cast, member)
    found = Referral.objects.filter(grant=their_grant).order_by("pk").first()
    if found is not None:
        return found
    expired = member == "partner_expired"
    now = timezone.now()
    received = now - dt.timedelta(days=21)
    referrer = their_grant.user
    manager = cast.user("manager")
    referral = Referral.objects.create(
        organisation=cast.organisation,
        reference="R-TEST-002" if expired else "R-TEST-001",
        status=Status.ASSESSMENT,
        source=their_grant.source,
        grant=their_grant,
        submitted_by=referrer,
        referrer_name=referrer.display_name,
        referrer_role="Social worker",
        referrer_agency=their_grant.agency,
        referrer_email=referrer.email,
        referrer_phone="01632 960 100",
        contact=manager,
        first_name="Sam" if expired else "Jo",
        last_name="Old" if expired else "Bright",
        date_of_birth=dt.date(1999, 3, 2),
        communication_summary="Uses some Makaton; likes time to answer.",
        communication_formats=["easy_read", "makaton"],
        consent_to_share=True,
        consent_given_by="person",
        home="own_tenancy",
        town="Maidstone",
        postcode="ME14 1AA",
        housing_note="A one-bedroom flat with a housing association, from the start date.",
        day_minutes=35 * 60,
        two_to_one_minutes=4 * 60,
        two_to_one_when="Swimming on Saturdays",
        sleep_in_nights=7,
        day_rate_pence=2450,
        two_to_one_rate_pence=4900,
        sleep_in_rate_pence=11000,
        funder_name="Brookside County Council",
        funder_kind="council",
        funding_kind="isf",
        start_wanted=timezone.localdate() + dt.timedelta(days=90),
        what_they_want="Jo wants her own flat, to swim every week and to find paid work.",
        key_needs="Epilepsy: rescue medication; support with money and cooking.",
        risks="Seizures in water: two staff for swimming.",
        family_and_circle="Mum visits weekly and wants to stay involved.",
        proposed_manager=cast.staff["manager"],
        received_at=received,
        status_changed_at=received + dt.timedelta(days=5),
    )
    ReferralContact.objects.create(
        referral=referral, name="Gill Bright", kind="family", relationship="Mum",
        phone="07700 900 123",
    )  # fmt: skip
    ReferralContact.objects.create(
        referral=referral, name="Dr Rao", kind="professional", relationship="GP"
    )
    StatusChange.objects.create(
        referral=referral, from_status="", to_status=Status.RECEIVED, at=received, by=referrer
    )
    StatusChange.objects.create(
        referral=referral,
        from_status=Status.RECEIVED,
        to_status=Status.ASSESSMENT,
        at=received + dt.timedelta(days=5),
        by=manager,
    )
    Message.objects.create(
        referral=referral,
        author=manager,
        author_label=manager.display_name if manager else "",
        from_referrer=False,
        text="Could you share Jo's epilepsy care plan?",
        at=received + dt.timedelta(days=2),
    )
    Message.objects.create(
        referral=referral,
        author=referrer,
        author_label=referrer.display_name,
        from_referrer=True,
        text="Attached to the council portal; the nurse will bring a copy.",
        at=received + dt.timedelta(days=3),
    )
    for weekday, start, end, kind, headcount, activity, developmental in (
        (0, 9 * 60, 17 * 60, "day", 1, "Cooking and the shops", True),
        (5, 10 * 60, 12 * 60, "day", 2, "Swimming", True),
        (0, 22 * 60, 31 * 60, "sleep_in", 1, "", False),
    ):
        DraftBlock.objects.create(
            referral=referral,
            weekday=weekday,
            start_minute=start,
            end_minute=end,
            kind=kind,
            headcount=headcount,
            activity=activity,
            developmental=developmental,
        )
    return referral


def assessed(cast: Cast, ratings: dict[str, str] | None = None) -> Referral:
    """Jo's referral with every component rated (all met unless ``ratings`` says otherwise),
    waiting for a decision."""
    referral = a_referral(cast)
    manager = cast.user("manager")
    assert manager is not None
    chosen = dict.fromkeys(Component, Rating.MET) | (ratings or {})
    for component, rating in chosen.items():
        ComponentAssessment.objects.update_or_create(
            referral=referral,
            component=component,
            defaults={
                "rating": rating,
                "evidence": f"Evidence for {component}.",
                "assessed_by": manager,
                "assessed_by_label": manager.display_name,
                "assessed_at": timezone.now(),
            },
        )
    if referral.status != Status.DECISION:
        Referral.objects.filter(pk=referral.pk).update(status=Status.DECISION)
        referral.refresh_from_db()
    return referral


# -- assessment --
from ownterms.people.models import CommissionedPackage, Person  # noqa: E402
from ownterms.recruitment.models import Applicant, Vacancy, VacancyStatus  # noqa: E402
from ownterms.staff.models import StaffMember, TrainingRecord  # noqa: E402
from ownterms.vocabulary.models import Skill  # noqa: E402

#: Postcode centres around Jo's future flat (ME14 1AA, Maidstone): ME15 is next door, CT1
#: (Canterbury) is about 38 km away.
PLACES = (
    ("ME14 1AA", 51.2790, 0.5230),
    ("ME14 2BB", 51.2830, 0.5300),
    ("ME15 6AA", 51.2620, 0.5280),
    ("CT1 1AA", 51.2800, 1.0800),
)


def places() -> None:
    from ownterms.recruitment.models import PostcodeCentroid

    for postcode, lat, lon in PLACES:
        PostcodeCentroid.objects.get_or_create(
            postcode=postcode,
            defaults={"district": postcode.split()[0], "latitude": lat, "longitude": lon},
        )


def epilepsy(cast: Cast) -> Skill:
    found, _created = Skill.objects.get_or_create(
        organisation=cast.organisation,
        key="epilepsy rescue medication",
        defaults={"name": "Epilepsy rescue medication"},
    )
    return found


def support_worker(
    cast: Cast,
    key: str,
    home_area: str,
    *,
    contract_hours: float = 37.5,
    skills: tuple[Skill, ...] = (),
    expired: bool = False,
) -> StaffMember:
    """A current support worker living in ``home_area`` with valid (or expired) training in
    ``skills``."""
    from ownterms.accounts.models import Role
    from tests.cast import _user

    found = StaffMember.objects.filter(user__email=f"{key}@{cast.organisation.slug}.example")
    if found.exists():
        return found.get()
    user = _user(cast.organisation, key, f"{key.title()} Worker", Role.SUPPORT_WORKER)
    today = timezone.localdate()
    member = StaffMember.objects.create(
        organisation=cast.organisation,
        user=user,
        first_name=key.title(),
        last_name="Worker",
        job_title="Support worker",
        employment=StaffMember.Employment.FULL_TIME,
        contract_minutes_per_week=round(contract_hours * 60),
        starts_on=today - dt.timedelta(days=200),
        home_area=home_area,
    )
    for one in skills:
        TrainingRecord.objects.create(
            organisation=cast.organisation,
            staff_member=member,
            skill=one,
            completed_on=today - dt.timedelta(days=400 if expired else 30),
            expires_on=today - dt.timedelta(days=5) if expired else today + dt.timedelta(days=300),
        )
    return member


def applicant(cast: Cast, key: str, postcode: str, *, skills: tuple[Skill, ...] = ()) -> Applicant:
    from ownterms.recruitment.postcodes import district_of

    found, created = Applicant.objects.get_or_create(
        organisation=cast.organisation,
        email_key=f"{key}@applicants.example",
        defaults={
            "first_name": key.title(),
            "last_name": "Applicant",
            "email": f"{key}@applicants.example",
            "postcode": postcode,
            "home_area": district_of(postcode),
        },
    )
    if created:
        found.skills.set(skills)
    return found


def filled_vacancy(cast: Cast, days: int, area: str) -> Vacancy:
    """A vacancy for Alex in ``area`` opened and filled ``days`` apart (ended last month)."""
    # At noon: late in the evening, a clock change between the two moved the opening onto the
    # next local day (49 days counted as 48 when run at 23:20 on 24 November).
    filled = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    filled -= dt.timedelta(days=30)
    return Vacancy.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        status=VacancyStatus.FILLED,
        kind=Vacancy.Kind.CORE,
        area=area,
        opened_at=filled - dt.timedelta(days=days),
        filled_at=filled,
    )


def new_person(cast: Cast, index: int, starts_on: dt.date) -> Person:
    """Someone whose first package started on ``starts_on``."""
    person = Person.objects.create(
        organisation=cast.organisation,
        first_name=f"New{index}",
        last_name="Person",
        home=Person.Home.OWN_TENANCY,
    )
    CommissionedPackage.objects.create(
        organisation=cast.organisation,
        person=person,
        starts_on=starts_on,
        review_on=starts_on + dt.timedelta(days=180),
        funder_name="Brookside County Council",
        funder_kind="council",
        day_minutes=20 * 60,
    )
    return person


# -- end assessment --
# -- decisions --
#: Referrals of the decisions area, each a copy of Jo's (so pages of one area never change
#: another's): (reference, first name, ratings that recommend the outcome).
DECISION_COPIES: dict[str, tuple[str, str, dict[str, str]]] = {
    "waiting": ("R-TEST-101", "Ash", {}),
    "accept": ("R-TEST-102", "Bea", {}),
    "accept_with_conditions": ("R-TEST-103", "Cal", {"family": "partly"}),
    "decline": ("R-TEST-104", "Dee", {"capacity": "not_met", "recruitability": "not_met"}),
    "converted": ("R-TEST-105", "Eli", {}),
}


def waiting_copy(cast: Cast, key: str = "waiting") -> Referral:
    """A copy of Jo's referral (the same referrer, contacts, draft blocks and rates; another
    first name and reference), every component rated, waiting for a decision."""
    from uuid import uuid4

    reference, first_name, ratings = DECISION_COPIES[key]
    found = Referral.objects.filter(reference=reference).first()
    if found is not None:
        return found
    original = a_referral(cast)
    manager = cast.user("manager")
    assert manager is not None
    copy = Referral.objects.get(pk=original.pk)
    copy.pk = None
    copy.id = None
    copy.public_id = uuid4()
    copy.reference = reference
    copy.first_name = first_name
    copy.status = Status.DECISION
    copy.person = None
    copy.save()
    for contact in original.contacts.all():
        ReferralContact.objects.create(
            referral=copy,
            name=contact.name,
            kind=contact.kind,
            relationship=contact.relationship,
            email=contact.email,
            phone=contact.phone,
        )
    for block in original.draft_blocks.all():
        DraftBlock.objects.create(
            referral=copy,
            weekday=block.weekday,
            start_minute=block.start_minute,
            end_minute=block.end_minute,
            kind=block.kind,
            headcount=block.headcount,
            activity=block.activity,
            developmental=block.developmental,
        )
    for component, rating in (dict.fromkeys(Component, Rating.MET) | ratings).items():
        ComponentAssessment.objects.create(
            referral=copy,
            component=component,
            rating=rating,
            evidence=f"Evidence for {component}.",
            assessed_by=manager,
            assessed_by_label=manager.display_name,
            assessed_at=timezone.now(),
        )
    return copy


def decided_copy(cast: Cast, outcome: str = "accept") -> Referral:
    """A copy of Jo's referral decided as the app recommended (``outcome``: accept,
    accept_with_conditions or decline), by the cast's manager."""
    from ownterms.referrals.services.decisions import decide

    referral = waiting_copy(cast, outcome)
    if referral.status != Status.DECISION:
        return referral
    manager = cast.user("manager")
    assert manager is not None
    decide(
        actor=manager,
        referral=referral,
        outcome=outcome,
        reasons="The draft pattern fits the hours and a team can be built nearby.",
        conditions="A second worker trained in rescue medication before swimming starts."
        if outcome == "accept_with_conditions"
        else "",
        decline_reasons=["capacity", "recruitability"] if outcome == "decline" else [],
    )
    referral.refresh_from_db()
    return referral


def converted_copy(cast: Cast) -> Referral:
    """A copy of Jo's referral accepted with the person's record created (support planned to
    start today)."""
    from ownterms.referrals.services.conversion import create_record

    referral = waiting_copy(cast, "converted")
    manager = cast.user("manager")
    assert manager is not None
    if referral.status == Status.DECISION:
        from ownterms.referrals.services.decisions import decide

        decide(actor=manager, referral=referral, outcome="accept", reasons="All met.")
        referral.refresh_from_db()
    if referral.person_id is None:
        create_record(
            actor=manager,
            referral=referral,
            starts_on=timezone.localdate(),
            manager=cast.staff["manager"],
        )
        referral.refresh_from_db()
    return referral


# -- end decisions --
