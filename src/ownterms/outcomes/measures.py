"""The outcome measures: their names, units, consent category and which way is better.

Pure definitions (no database). ``selectors.measures`` computes each as a monthly series from
the records the system already keeps; only what has no source record is entered here
(``HealthEvent``, ``Connection``, ``CheckIn``, ``MeasureRecord``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.people.models import ConsentCategory


class Measure(StrEnum):
    GOALS_ACHIEVED = "goals_achieved"
    CONNECTIONS = "connections"
    RELATIONSHIPS = "relationships"
    VOLUNTEERING_AND_WORK = "volunteering_and_work"
    ACTIVITIES = "activities"
    TENANCY = "tenancy"
    INCIDENTS = "incidents"
    RESTRICTIVE_PRACTICES = "restrictive_practices"
    PRN_DOSES = "prn_doses"
    PSYCHOTROPIC_MEDICINES = "psychotropic_medicines"
    PSYCHOTROPIC_DOSES = "psychotropic_doses"
    ADMISSIONS = "admissions"
    AE_VISITS = "ae_visits"
    NHS_CONTACTS = "nhs_contacts"
    LIFE_SAYS = "life_says"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    #: Keeping it steady is the good outcome (e.g. the tenancy: 1 = kept).
    STEADY = "steady"


@dataclass(frozen=True)
class Definition:
    measure: Measure
    label: Promise
    #: What one unit is, for the axis and the table ("incidents a month").
    unit: Promise
    category: ConsentCategory
    better: Better
    #: Where the figures come from, for the page and the report.
    source: Promise


_PLANS, _HEALTH = ConsentCategory.PLANS, ConsentCategory.HEALTH

DEFINITIONS: dict[Measure, Definition] = {
    d.measure: d
    for d in (
        Definition(Measure.GOALS_ACHIEVED, _("Goals achieved"), _("goals a month"), _PLANS,
                   Better.HIGHER, _("the person's goals")),
        Definition(Measure.CONNECTIONS, _("Community connections"), _("connections"), _PLANS,
                   Better.HIGHER, _("connections recorded")),
        Definition(Measure.RELATIONSHIPS, _("Friendships and relationships"), _("people"),
                   _PLANS, Better.HIGHER, _("connections recorded")),
        Definition(Measure.VOLUNTEERING_AND_WORK, _("Volunteering and work"),
                   _("hours a week"), _PLANS, Better.HIGHER, _("connections recorded")),
        Definition(Measure.ACTIVITIES, _("Activities in the community"), _("a month"), _PLANS,
                   Better.HIGHER, _("support delivered and daily notes")),
        Definition(Measure.TENANCY, _("Tenancy kept"), _("1 = kept"), _PLANS, Better.STEADY,
                   _("the person's record")),
        Definition(Measure.INCIDENTS, _("Incidents"), _("a month"), _HEALTH, Better.LOWER,
                   _("incident records")),
        Definition(Measure.RESTRICTIVE_PRACTICES, _("Restrictive practices"), _("a month"),
                   _HEALTH, Better.LOWER, _("restrictive practice records")),
        Definition(Measure.PRN_DOSES, _("'When needed' (PRN) doses"), _("doses a month"),
                   _HEALTH, Better.LOWER, _("medicine records")),
        Definition(Measure.PSYCHOTROPIC_MEDICINES, _("Psychotropic medicines"),
                   _("medicines"), _HEALTH, Better.LOWER, _("the medicines list")),
        Definition(Measure.PSYCHOTROPIC_DOSES, _("Psychotropic doses given"),
                   _("doses a month"), _HEALTH, Better.LOWER, _("medicine records")),
        Definition(Measure.ADMISSIONS, _("Hospital admissions"), _("a month"), _HEALTH,
                   Better.LOWER, _("NHS use recorded")),
        Definition(Measure.AE_VISITS, _("A&E visits"), _("a month"), _HEALTH, Better.LOWER,
                   _("NHS use recorded")),
        Definition(Measure.NHS_CONTACTS, _("Other NHS contacts"), _("a month"), _HEALTH,
                   Better.LOWER, _("NHS use recorded")),
        Definition(Measure.LIFE_SAYS, _("What I say about my life"), _("out of 5"), _PLANS,
                   Better.HIGHER, _("the person's check-ins")),
    )
}  # fmt: skip

#: The baseline is the person's first months with us (or of the records, if later).
BASELINE_MONTHS = 3
