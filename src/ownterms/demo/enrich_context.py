"""Demo: where each person lives, their communication format needs, and the support
commissioned for them (packages, effective-dated, some superseded, one or two coming up)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ownterms.core.models import Organisation
from ownterms.people.models import CommissionedPackage, CommunicationFormat, Person

TOWN = "Porthaven"
STREETS = (
    "Gull Terrace",
    "Anchor Road",
    "Ropewalk Lane",
    "Chandlers Row",
    "Lighthouse View",
    "Mariners Close",
    "Net Loft Street",
    "Slipway Court",
    "Tidewater Avenue",
    "Quay Hill",
)
POSTCODES = ("PH1", "PH2", "PH3", "PH4")
HOUSING_PROVIDERS = ("Porthaven Homes", "Quayside Housing Association", "Estuary Living Trust")
SUPPORT_PROVIDER = "Harbour Lane Support"
FUNDERS = (
    ("Porthaven Council adult social care", CommissionedPackage.FunderKind.COUNCIL),
    ("Porthaven Council adult social care", CommissionedPackage.FunderKind.COUNCIL),
    ("Harbourside Integrated Care Board", CommissionedPackage.FunderKind.ICB),
    ("Porthaven Council and Harbourside ICB", CommissionedPackage.FunderKind.JOINT),
)
DAY_HOURS = (56, 70, 84, 105, 105, 112, 126, 140)
FORMAT_SETS: tuple[tuple[str, ...], ...] = (
    (CommunicationFormat.EASY_READ, CommunicationFormat.PICTURES),
    (CommunicationFormat.MAKATON, CommunicationFormat.PICTURES),
    (CommunicationFormat.EASY_READ,),
    (CommunicationFormat.LARGE_PRINT, CommunicationFormat.PLAIN_ENGLISH),
    (CommunicationFormat.BSL,),
    (CommunicationFormat.AUDIO, CommunicationFormat.EASY_READ),
    (CommunicationFormat.PICTURES, CommunicationFormat.OTHER),
)


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(POSTCODES)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _home(person: Person, rng: random.Random, index: int) -> None:
    person.address_line_1 = f"{rng.randint(1, 60)} {rng.choice(STREETS)}"
    person.address_line_2 = f"Flat {rng.randint(1, 12)}" if rng.random() < 0.3 else ""
    person.town = TOWN
    person.postcode = _postcode(rng)
    if person.home == Person.Home.WITH_FAMILY:
        person.tenancy = Person.Tenancy.FAMILY_HOME
        person.housing_provider = ""
        return
    roll = rng.random()
    if index % 11 == 5:
        # A few tenancies held with the support provider itself: flagged on the record.
        person.tenancy = Person.Tenancy.ASSURED
        person.housing_provider = SUPPORT_PROVIDER
        person.housing_provider_is_support_provider = True
        return
    if roll < 0.62:
        person.tenancy = Person.Tenancy.ASSURED
    elif roll < 0.74:
        person.tenancy = Person.Tenancy.SHARED_OWNERSHIP
    elif roll < 0.84:
        person.tenancy = Person.Tenancy.LICENCE
    elif roll < 0.94:
        person.tenancy = Person.Tenancy.OWNER
    else:
        person.tenancy = Person.Tenancy.OTHER
    if person.tenancy in (Person.Tenancy.OWNER, Person.Tenancy.OTHER):
        person.housing_provider = ""
    else:
        person.housing_provider = rng.choice(HOUSING_PROVIDERS)


def _packages(
    person: Person, rng: random.Random, today: date, index: int
) -> list[CommissionedPackage]:
    funder, kind = rng.choice(FUNDERS)
    age = (today - person.date_of_birth).days // 365 if person.date_of_birth else 40
    if age < 25 and rng.random() < 0.5:
        funder, kind = (
            "Porthaven Council and education (EHC plan)",
            CommissionedPackage.FunderKind.EDUCATION,
        )
    reference = f"{kind.upper()[:3]}-{rng.randint(10000, 99999)}"
    day = rng.choice(DAY_HOURS)
    two_to_one = rng.choice((4, 6, 10, 14)) if rng.random() < 0.25 else 0
    waking = 70 if rng.random() < 0.12 else 0
    sleep_ins = 0 if waking else (7 if day >= 84 else rng.choice((0, 3, 7)))
    # The day hours (with any 2:1) must fit in a day beside the night: at most 16 hours a day
    # beside a sleep-in, 14 beside a 10-hour waking night, or no support pattern can match.
    most = ((98 if waking else 112) - two_to_one) // 7 * 7
    day = min(day, most)
    earlier_start = today - timedelta(days=rng.randint(500, 1100))
    current_start = today - timedelta(days=rng.randint(40, 330))

    def package(start: date, day_hours: int, review: date, **extra: int) -> CommissionedPackage:
        return CommissionedPackage(
            organisation_id=person.organisation_id,
            person=person,
            starts_on=start,
            review_on=review,
            funder_name=funder,
            funder_kind=kind,
            reference=reference,
            day_minutes=day_hours * 60,
            two_to_one_minutes=extra.get("two_to_one", 0) * 60,
            waking_night_minutes=extra.get("waking", 0) * 60,
            sleep_in_nights=extra.get("sleep_ins", 0),
        )

    # Reviews are mostly ahead; every seventh person's review is overdue.
    review = current_start + timedelta(days=365)
    if index % 7 == 3:
        review = today - timedelta(days=rng.randint(5, 40))
    elif review < today:
        review = today + timedelta(days=rng.randint(20, 200))
    rows = [
        package(
            earlier_start,
            max(day - 14, 42),
            earlier_start + timedelta(days=365),
            sleep_ins=sleep_ins,
        ),
        package(
            current_start,
            day,
            review,
            two_to_one=two_to_one,
            waking=waking,
            sleep_ins=sleep_ins,
        ),
    ]
    if index % 9 == 2:
        upcoming = today + timedelta(days=rng.randint(14, 60))
        rows.append(
            package(
                upcoming,
                min(day + 7, most),
                upcoming + timedelta(days=180),
                two_to_one=two_to_one,
                waking=waking,
                sleep_ins=sleep_ins,
            )
        )
    return rows


def enrich_context(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    packages: list[CommissionedPackage] = []
    with_formats = 0
    for index, person in enumerate(people):
        _home(person, rng, index)
        if person.has_communication_needs and rng.random() < 0.85:
            formats = set(rng.choice(FORMAT_SETS))
            person.communication_formats = [v for v in CommunicationFormat.values if v in formats]
            with_formats += 1
        if person.status != Person.Status.REFERRED:
            packages.extend(_packages(person, rng, today, index))
    Person.objects.bulk_update(
        people,
        [
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "tenancy",
            "housing_provider",
            "housing_provider_is_support_provider",
            "communication_formats",
        ],
        batch_size=500,
    )
    CommissionedPackage.objects.bulk_create(packages, batch_size=500)
    return {"packages": len(packages), "people_with_format_needs": with_formats}
