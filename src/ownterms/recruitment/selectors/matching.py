"""Loading matching's candidates and vacancies from the database into ``recruitment.matching``'s
frozen dataclasses, in a fixed number of queries however many there are.

Who is a candidate
------------------
- **Applicants in the pool**: every applicant of the organisation who has not started with us
  and has not withdrawn every application. An applicant not taken forward for one person stays
  in the pool, so they can be considered for other people without applying again; their ended
  application makes only that pair ineligible.
- **Current staff with spare hours**: staff whose contract is current on the day, who hold the
  support worker role, and whose spare minutes are above 0. They are placed by distance like
  applicants when their point is known (``staff_places``). Spare = contracted minutes a week
  minus the average weekly minutes of the live rota's planned shifts they work over the next
  4 weeks (from now). Bank staff (no contracted hours) have none to spare. An applicant record
  linked to a staff member (``Applicant.staff_member``) is shown as the staff member (its
  vetoes and applications count for them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ownterms.accounts.models import Role
from ownterms.core import setting_keys
from ownterms.core.models import Organisation
from ownterms.core.selectors import settings_on, today_for
from ownterms.people.selectors import current
from ownterms.recruitment import matching
from ownterms.recruitment.matching import (
    Applied,
    Candidate,
    Factor,
    Kind,
    Place,
    Term,
    Wants,
)
from ownterms.recruitment.models import (
    Applicant,
    Application,
    Stage,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.recruitment.postcodes import (
    centroids_of,
    district_centroids,
    district_of,
    normalised_or_blank,
)
from ownterms.rota.models import Assignment, Shift
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.vocabulary.models import Tag

#: How far ahead a staff member's planned shifts are averaged.
PLANNED_WEEKS = 4

WORDS = matching.Words(gettext=gettext, ngettext=ngettext)


def weights_of(organisation: Organisation, on: dt.date | None = None) -> dict[Factor, int]:
    """The organisation's matching weights on ``on`` (one query)."""
    values = settings_on(organisation, on)
    return {factor: values[setting_keys.MATCH_WEIGHTS[factor]] for factor in matching.FACTORS}


def _terms(tags: Iterable[Tag], kind: str) -> frozenset[Term]:
    return frozenset(Term(t.key, t.label) for t in tags if t.kind == kind)


# -- Vacancies -----------------------------------------------------------------------------------


def open_vacancies(organisation: Organisation) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(organisation=organisation, status=VacancyStatus.OPEN)


def wants_of(vacancies: QuerySet[Vacancy]) -> list[Wants]:
    """The vacancies as ``Wants`` (5 queries: vacancies, their tags twice, skills, postcode
    centroids)."""
    rows = list(
        vacancies.select_related("person")
        .prefetch_related("wanted_tags", "avoided_tags", "skills")
        .order_by("pk")
    )
    centroids = centroids_of(v.person.postcode for v in rows if v.person.postcode)
    found = []
    for v in rows:
        point = centroids.get(normalised_or_blank(v.person.postcode))
        wanted, avoided = list(v.wanted_tags.all()), list(v.avoided_tags.all())
        found.append(
            Wants(
                id=v.pk,
                public_id=str(v.public_id),
                person_id=v.person_id,
                person=v.person.called,
                minutes_per_week=v.minutes_per_week,
                interests=_terms(wanted, Tag.Kind.INTEREST),
                traits=_terms(wanted, Tag.Kind.TRAIT),
                avoided_interests=_terms(avoided, Tag.Kind.INTEREST),
                avoided_traits=_terms(avoided, Tag.Kind.TRAIT),
                skills=frozenset(Term(s.key, s.name) for s in v.skills.all()),
                personal_care=v.personal_care,
                place=Place(
                    district=v.area or district_of(v.person.postcode),
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                ),
                kind=v.kind,
                status=v.status,
            )
        )
    return found


# -- Applicants ----------------------------------------------------------------------------------


def applicant_pool(organisation: Organisation) -> QuerySet[Applicant]:
    """Applicants who have not started with us and have not withdrawn every application."""
    theirs = Application.objects.filter(applicant=OuterRef("pk"))
    return Applicant.objects.filter(organisation=organisation).filter(
        ~Exists(theirs.filter(stage=Stage.STARTED)),
        Exists(theirs.exclude(stage=Stage.WITHDRAWN)) | ~Exists(theirs),
    )


def _applications(
    organisation: Organisation, condition: Q
) -> tuple[dict[int, list[Applied]], dict[int, list[Applied]]]:
    """Applicant id → their applications, and staff member id → the applications of the
    applicant record linked to them (one query)."""
    by_applicant: dict[int, list[Applied]] = defaultdict(list)
    by_staff: dict[int, list[Applied]] = defaultdict(list)
    for applicant_id, staff_id, vacancy_id, stage, preferred, first in (
        Application.objects.filter(organisation=organisation)
        .filter(condition)
        .order_by("pk")
        .values_list(
            "applicant_id",
            "applicant__staff_member_id",
            "vacancy_id",
            "stage",
            "vacancy__person__preferred_name",
            "vacancy__person__first_name",
        )
    ):
        applied = Applied(vacancy_id, preferred or first, stage)
        by_applicant[applicant_id].append(applied)
        if staff_id is not None:
            by_staff[staff_id].append(applied)
    return by_applicant, by_staff


def _vetoes(organisation: Organisation) -> tuple[dict[int, dict[int, str]], dict[int, int]]:
    """Applicant id → {vacancy id: reason}, and applicant id → staff member id (one query)."""
    vetoes: dict[int, dict[int, str]] = defaultdict(dict)
    staff_of: dict[int, int] = {}
    for vacancy_id, applicant_id, staff_id, reason in Veto.objects.filter(
        vacancy__organisation=organisation
    ).values_list("vacancy_id", "applicant_id", "applicant__staff_member_id", "reason"):
        vetoes[applicant_id][vacancy_id] = reason
        if staff_id is not None:
            staff_of[applicant_id] = staff_id
    return vetoes, staff_of


def applicant_candidates(
    organisation: Organisation,
    applicants: QuerySet[Applicant],
    *,
    skip_staff: Iterable[int] = (),
) -> list[Candidate]:
    """Applicants as candidates (6 queries: applicants, tags, skills, applications, vetoes,
    postcode centroids). ``skip_staff``: staff member ids already candidates as staff."""
    skipped = set(skip_staff)
    rows = [
        a
        for a in applicants.prefetch_related("tags", "skills").order_by("pk")
        if a.staff_member_id is None or a.staff_member_id not in skipped
    ]
    applications, _by_staff = _applications(organisation, Q(applicant__in=applicants.values("pk")))
    vetoes, _staff = _vetoes(organisation)
    centroids = centroids_of(a.postcode for a in rows if a.latitude is None and a.postcode)
    found = []
    for a in rows:
        tags = list(a.tags.all())
        latitude, longitude = a.latitude, a.longitude
        if latitude is None or longitude is None:
            point = centroids.get(normalised_or_blank(a.postcode))
            latitude, longitude = point if point else (None, None)
        found.append(
            Candidate(
                kind=Kind.APPLICANT,
                id=a.pk,
                public_id=str(a.public_id),
                first_name=a.first_name,
                name=a.name,
                interests=_terms(tags, Tag.Kind.INTEREST),
                traits=_terms(tags, Tag.Kind.TRAIT),
                skills=frozenset(Term(s.key, s.name) for s in a.skills.all()),
                drives=a.drives,
                available_minutes=a.available_minutes_per_week,
                gender=a.gender,
                place=Place(
                    district=a.home_area.upper() or district_of(a.postcode),
                    latitude=latitude,
                    longitude=longitude,
                ),
                vetoes=dict(vetoes.get(a.pk, {})),
                applications=tuple(applications.get(a.pk, [])),
            )
        )
    return found


# -- Staff ---------------------------------------------------------------------------------------


def current_support_workers(organisation: Organisation, today: dt.date) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(organisation=organisation).filter(
        current(today), user__role_grants__role=Role.SUPPORT_WORKER
    )


def planned_minutes(staff_ids: QuerySet[StaffMember, Any], now: dt.datetime) -> dict[int, int]:
    """Staff id → the average weekly minutes of their planned live-rota shifts over the next
    ``PLANNED_WEEKS`` weeks (one query; real elapsed time)."""
    totals: dict[int, float] = defaultdict(float)
    until = now + dt.timedelta(weeks=PLANNED_WEEKS)
    for staff_id, starts_at, ends_at in Assignment.objects.filter(
        staff_member__in=staff_ids,
        shift__status=Shift.Status.PLANNED,
        shift__starts_at__gte=now,
        shift__starts_at__lt=until,
    ).values_list("staff_member_id", "shift__starts_at", "shift__ends_at"):
        totals[staff_id] += (ends_at - starts_at).total_seconds() / 60
    return {staff_id: round(minutes / PLANNED_WEEKS) for staff_id, minutes in totals.items()}


def staff_places(staff: QuerySet[StaffMember], rows: Iterable[StaffMember]) -> dict[int, Place]:
    """Where staff live, for travel (at most 3 queries). Staff have a home district, not a
    postcode: the point is the centre of the postcode they applied with (their hired applicant
    record's coordinates, or its postcode's centroid), while that lies in their home district
    (a move makes it stale); else the middle of their home district, when the postcode table
    knows it (said so in the words); else the district only."""
    linked = list(
        Applicant.objects.filter(staff_member__in=staff.values("pk")).values_list(
            "staff_member_id", "latitude", "longitude", "postcode"
        )
    )
    centroids = centroids_of(postcode for _id, lat, _lon, postcode in linked if lat is None)
    applied: dict[int, tuple[float, float, str]] = {}
    for staff_id, latitude, longitude, postcode in linked:
        point = (
            (latitude, longitude)
            if latitude is not None and longitude is not None
            else centroids.get(normalised_or_blank(postcode))
        )
        if staff_id is not None and point is not None:
            applied[staff_id] = (point[0], point[1], district_of(postcode))
    rows = list(rows)
    middles = district_centroids(member.home_area for member in rows)
    places = {}
    for member in rows:
        district = member.home_area.upper()
        found = applied.get(member.pk)
        if found is not None and (not district or found[2] == district):
            places[member.pk] = Place(district or found[2], found[0], found[1])
        elif district in middles:
            latitude, longitude = middles[district]
            places[member.pk] = Place(district, latitude, longitude, district_centre=True)
        else:
            places[member.pk] = Place(district=district)
    return places


def staff_candidates(
    organisation: Organisation, today: dt.date, now: dt.datetime
) -> list[Candidate]:
    """Current support workers with spare contracted hours (at most 10 queries: staff, tags,
    training, planned shifts, teams, applications, vetoes, and where they live)."""
    staff = current_support_workers(organisation, today)
    rows = list(staff.prefetch_related("tags").order_by("pk").distinct())
    planned = planned_minutes(staff.values("pk"), now)
    skills: dict[int, set[Term]] = defaultdict(set)
    for staff_id, key, name in (
        TrainingRecord.objects.filter(staff_member__in=staff.values("pk"), completed_on__lte=today)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .values_list("staff_member_id", "skill__key", "skill__name")
    ):
        skills[staff_id].add(Term(key, name))
    teams: dict[int, set[int]] = defaultdict(set)
    for staff_id, person_id in (
        TeamMembership.objects.filter(staff_member__in=staff.values("pk"))
        .filter(current(today))
        .values_list("staff_member_id", "person_id")
    ):
        teams[staff_id].add(person_id)
    _by_applicant, staff_applications = _applications(
        organisation, Q(applicant__staff_member__in=staff.values("pk"))
    )
    vetoes, staff_of = _vetoes(organisation)
    places = staff_places(staff, rows)
    staff_vetoes: dict[int, dict[int, str]] = defaultdict(dict)
    for applicant_id, staff_id in staff_of.items():
        staff_vetoes[staff_id].update(vetoes[applicant_id])
    found = []
    for member in rows:
        spare = member.contract_minutes_per_week - planned.get(member.pk, 0)
        if spare <= 0:
            continue
        tags = list(member.tags.all())
        found.append(
            Candidate(
                kind=Kind.STAFF,
                id=member.pk,
                public_id=str(member.public_id),
                first_name=member.first_name,
                name=member.name,
                interests=_terms(tags, Tag.Kind.INTEREST),
                traits=_terms(tags, Tag.Kind.TRAIT),
                skills=frozenset(skills.get(member.pk, set())),
                available_minutes=spare,
                contract_minutes=member.contract_minutes_per_week,
                planned_minutes=planned.get(member.pk, 0),
                gender=member.gender,
                place=places[member.pk],
                vetoes=dict(staff_vetoes.get(member.pk, {})),
                applications=tuple(staff_applications.get(member.pk, [])),
                teams=frozenset(teams.get(member.pk, set())),
            )
        )
    return found


# -- What the pages and the API read ---------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    weights: dict[Factor, int]
    vacancies: list[Wants]
    candidates: list[Candidate]


def pool(
    organisation: Organisation,
    vacancies: QuerySet[Vacancy],
    *,
    applicants: QuerySet[Applicant] | None = None,
    with_staff: bool = True,
    now: dt.datetime | None = None,
) -> Pool:
    """The weights, the vacancies and the candidates, in a fixed number of queries."""
    now = now or timezone.now()
    today = today_for(organisation)
    staff = staff_candidates(organisation, today, now) if with_staff else []
    people = applicant_candidates(
        organisation,
        applicants if applicants is not None else applicant_pool(organisation),
        skip_staff=(c.id for c in staff),
    )
    return Pool(
        weights=weights_of(organisation, today),
        vacancies=wants_of(vacancies),
        candidates=[*people, *staff],
    )


def vacancy_matches(organisation: Organisation, vacancy: Vacancy) -> list[matching.Match]:
    """Every candidate against ``vacancy``, ranked."""
    found = pool(organisation, Vacancy.objects.filter(pk=vacancy.pk))
    return matching.for_vacancy(found.vacancies[0], found.candidates, found.weights, WORDS)


def applicant_matches(organisation: Organisation, applicant: Applicant) -> list[matching.Match]:
    """Every open vacancy against ``applicant``, ranked."""
    found = pool(
        organisation,
        open_vacancies(organisation),
        applicants=Applicant.objects.filter(pk=applicant.pk),
        with_staff=False,
    )
    if not found.candidates:
        return []
    return matching.for_candidate(found.candidates[0], found.vacancies, found.weights, WORDS)


def cross_match(
    organisation: Organisation, *, minimum: int = matching.DEFAULT_MINIMUM
) -> matching.CrossMatch:
    """The suggested assignment of the pool to the open vacancies."""
    found = pool(organisation, open_vacancies(organisation))
    return matching.cross_match(
        found.vacancies, found.candidates, found.weights, WORDS, minimum=minimum
    )
