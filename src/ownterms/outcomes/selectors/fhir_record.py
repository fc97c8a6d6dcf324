"""What a FHIR export of one person reads: only the consent categories the reader may read.

``collect`` makes a fixed number of queries (one per kind of record), however long the record:
the person's plan, goals (with the review action each came from), weekly routine and check-ins
for ``plans``; medicines, NHS use and PRN doses per month for ``health``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Count
from django.db.models.functions import TruncMonth

from ownterms.daily.selectors.medicines import prn_per_month
from ownterms.health.models import Medication
from ownterms.outcomes.measures import Measure
from ownterms.outcomes.models import CheckIn, HealthEvent
from ownterms.people.models import ConsentCategory, Person
from ownterms.plans.models import Goal, PersonPlan, RoutineActivity
from ownterms.staff.services import add_months

#: NHS use and PRN doses are exported as monthly counts over this many months (this one included).
MONTHS = 12

#: Which measure each kind of NHS use counts towards.
NHS_MEASURE: dict[str, Measure] = {
    HealthEvent.Kind.ADMISSION: Measure.ADMISSIONS,
    HealthEvent.Kind.AE: Measure.AE_VISITS,
}


@dataclass(frozen=True)
class MonthCount:
    measure: Measure
    #: The first day of the month.
    month: dt.date
    count: int


@dataclass(frozen=True)
class FhirRecord:
    person: Person
    categories: frozenset[str]
    today: dt.date
    plan: PersonPlan | None = None
    goals: list[Goal] = field(default_factory=list)
    routine: list[RoutineActivity] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    medications: list[Medication] = field(default_factory=list)
    counts: list[MonthCount] = field(default_factory=list)


def months_back(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the last ``months`` months, oldest first, this month last."""
    this_month = today.replace(day=1)
    return [add_months(this_month, -back) for back in range(months - 1, -1, -1)]


def _nhs_counts(person: Person, months: list[dt.date]) -> Counter[tuple[Measure, dt.date]]:
    found: Counter[tuple[Measure, dt.date]] = Counter()
    rows = (
        HealthEvent.objects.filter(person=person, on__gte=months[0])
        .annotate(month=TruncMonth("on"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        measure = NHS_MEASURE.get(row["kind"], Measure.NHS_CONTACTS)
        found[(measure, month)] += row["n"]
    return found


def _counts(person: Person, today: dt.date) -> list[MonthCount]:
    """Monthly counts of each measure the person has any of in the period (zeros included,
    so a partner sees the trend, not only the busy months)."""
    months = months_back(today)
    found = _nhs_counts(person, months)
    for key, n in prn_per_month([person.pk], months[0], today).items():
        year, month = (int(part) for part in key.split("-"))
        found[(Measure.PRN_DOSES, dt.date(year, month, 1))] += n
    present = [
        measure
        for measure in (
            Measure.ADMISSIONS,
            Measure.AE_VISITS,
            Measure.NHS_CONTACTS,
            Measure.PRN_DOSES,
        )
        if any(found[(measure, month)] for month in months)
    ]
    return [
        MonthCount(measure=measure, month=month, count=found[(measure, month)])
        for measure in present
        for month in months
    ]


def collect(person: Person, categories: frozenset[str], today: dt.date) -> FhirRecord:
    """The parts of ``person``'s record in ``categories`` (``profile`` is the person)."""
    record = FhirRecord(person=person, categories=categories, today=today)
    if ConsentCategory.PLANS in categories:
        record = replace(
            record,
            plan=PersonPlan.objects.filter(person=person).first(),
            goals=list(
                Goal.objects.filter(person=person)
                .select_related("action__review")
                .order_by("due_on", "title", "pk")
            ),
            routine=list(RoutineActivity.objects.filter(person=person)),
            check_ins=list(CheckIn.objects.filter(person=person).order_by("on", "pk")),
        )
    if ConsentCategory.HEALTH in categories:
        record = replace(
            record,
            medications=list(
                Medication.objects.filter(person=person).order_by("starts_on", "name", "pk")
            ),
            counts=_counts(person, today),
        )
    return record
