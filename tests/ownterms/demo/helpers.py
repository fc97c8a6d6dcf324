"""Shared by the demo tests."""

from __future__ import annotations

from ownterms.core.models import Organisation
from ownterms.people.models import Person
from ownterms.staff.selectors import team_health


def levels(org: Organisation) -> dict[str, int]:
    """How many of the organisation's skill needs are at each team health level."""
    counts: dict[str, int] = {}
    for person in Person.objects.filter(organisation=org):
        for cover in team_health(person):
            counts[cover.level] = counts.get(cover.level, 0) + 1
    return counts
