"""The evidence of an assessment computed from the organisation's own data: one function per
computed component (hours and money, recruitability, capacity), each returning a frozen
dataclass with the figures, plain-English sentences and the rating they suggest. The assessor
rates; the suggestion is only a starting point. A fixed number of queries, however many staff,
applicants or vacancies there are. Rules: docs/referrals-assessment.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Avg, Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.core import setting_keys
from ownterms.core.selectors import settings_on, today_for, zone_of
from ownterms.core.setting_keys import pounds
from ownterms.people.models import CommissionedPackage
from ownterms.people.selectors import current
from ownterms.recruitment.matching import distance_km
from ownterms.recruitment.models import PostcodeCentroid, Vacancy
from ownterms.recruitment.postcodes import centroids_of, district_of, normalised_or_blank
from ownterms.recruitment.selectors.matching import (
    applicant_pool,
    current_support_workers,
    planned_minutes,
)
from ownterms.referrals.draft import developmental_minutes, draft_comparison, whole
from ownterms.referrals.models import Component, DraftBlock, Rating, Referral, Status
from ownterms.rota.selectors.patterns import MATCH_TOLERANCE_MINUTES, hours_text, nights_text
from ownterms.staff.models import ManagerAssignment, OnCallDuty, TrainingRecord

#: A full-time week, for the team-building estimate.
FULL_TIME_MINUTES = 37 * 60 + 30
#: A sleep-in counts as working time for the 48-hour rule (DOMAIN.md): about ten hours a night.
SLEEP_IN_WORK_MINUTES = 10 * 60
#: A team is never smaller (continuity through leave and sickness) nor larger (the person
#: knows who is coming) than this.
SMALLEST_TEAM, LARGEST_TEAM = 3, 8
#: Within reach: this far by road-free distance between postcode centres, or the same
#: postcode district when either place has no coordinates.
REACH_KM = 16.0
#: A member of staff "could join the team" with at least this much spare a week.
MIN_SPARE_MINUTES = 8 * 60
#: Vacancies filled within this many days count as quick to fill.
QUICK_FILL_DAYS = 8 * 7
#: New people are counted over this many days.
GROWTH_WINDOW_DAYS = 365
#: On-call load is counted over this many weeks.
ON_CALL_WEEKS = 8
#: A caseload or on-call load this much above the average is heavy.
HEAVY_LOAD = 1.5


def figures_of(evidence: Any) -> dict[str, Any]:
    """The evidence as plain JSON (kept in ``ComponentAssessment.figures``)."""
    return dict(dataclasses.asdict(evidence))


def _hours(minutes: int) -> str:
    return hours_text(Fraction(minutes))


def _nights(nights: int) -> str:
    return nights_text(Fraction(nights))


def _money(pence: int) -> str:
    return f"£{pounds(pence)}"


def _with_on_costs(pence: int, percent: int) -> int:
    return round(pence * (100 + percent) / 100)


# -- Hours and money -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    #: Minutes a week (sleep-ins: nights).
    commissioned: int
    planned: int
    #: Planned minus commissioned: positive means the pattern needs more than is commissioned.
    gap: int
    #: The gap at the referral's rate, pence a week.
    gap_pence: int
    commissioned_text: str
    planned_text: str


@dataclass(frozen=True)
class RateCheck:
    kind: str
    label: str
    #: Pence an hour (sleep-ins: a night).
    offered: int
    #: What it costs us: pay (or the sleep-in allowance) with on-costs; 2:1 is two workers.
    costs: int
    margin: int
    viable: bool
    sentence: str


@dataclass(frozen=True)
class HoursEvidence:
    rows: tuple[KindRow, ...]
    has_pattern: bool
    commissioned_minutes: int
    planned_minutes: int
    gap_minutes: int
    gap_sleep_ins: int
    gap_pence: int
    developmental_minutes: int
    developmental_percent: int
    hourly_pay: int
    on_cost_percent: int
    rates: tuple[RateCheck, ...]
    weekly_income: int
    weekly_cost: int
    suggested: str
    sentences: tuple[str, ...]


RATE_FIELDS = {
    "day_minutes": "day_rate_pence",
    "two_to_one_minutes": "two_to_one_rate_pence",
    "waking_night_minutes": "waking_night_rate_pence",
    "sleep_in_nights": "sleep_in_rate_pence",
}


def _amount(kind: str, quantity: int, rate: int) -> int:
    """Pence for ``quantity`` minutes (or nights) at ``rate`` an hour (or a night)."""
    return quantity * rate if kind == "sleep_in_nights" else round(quantity * rate / 60)


def _rate_check(kind: str, label: str, offered: int, costs: int, *, per_night: bool) -> RateCheck:
    margin = offered - costs
    unit = _("a night") if per_night else _("an hour")
    values = {
        "label": label,
        "offered": _money(offered),
        "costs": _money(costs),
        "margin": _money(abs(margin)),
        "unit": unit,
    }
    if offered <= 0:
        sentence = _("%(label)s: no rate is given, and it costs us %(costs)s %(unit)s.") % values
    elif margin < 0:
        sentence = (
            _("%(label)s: %(offered)s %(unit)s is %(margin)s less than it costs us (%(costs)s).")
            % values
        )
    else:
        sentence = (
            _("%(label)s: %(offered)s %(unit)s against a cost of %(costs)s, leaving %(margin)s.")
            % values
        )
    return RateCheck(kind, label, offered, costs, margin, offered > 0 and margin >= 0, sentence)


def hours_evidence(
    referral: Referral,
    blocks: Sequence[DraftBlock],
    values: Mapping[str, int],
) -> HoursEvidence:
    """Commissioned hours by kind against the draft pattern, the gap in hours and money, the
    developmental share, and whether the rates cover what support costs us. No queries."""
    comparison = draft_comparison(referral, blocks)
    assert comparison.commissioned is not None
    labels = {
        "day_minutes": _("Day support (1:1)"),
        "two_to_one_minutes": _("2:1 support"),
        "waking_night_minutes": _("Waking nights"),
        "sleep_in_nights": _("Sleep-ins"),
    }
    rows = []
    for kind, label in labels.items():
        commissioned = whole(getattr(comparison.commissioned, kind))
        planned = whole(getattr(comparison.totals, kind))
        rate = getattr(referral, RATE_FIELDS[kind])
        text = _nights if kind == "sleep_in_nights" else _hours
        rows.append(
            KindRow(
                kind=kind,
                label=str(label),
                commissioned=commissioned,
                planned=planned,
                gap=planned - commissioned,
                gap_pence=_amount(kind, planned - commissioned, rate),
                commissioned_text=text(commissioned),
                planned_text=text(planned),
            )
        )
    by_kind = {row.kind: row for row in rows}
    commissioned_minutes = whole(comparison.commissioned.hours_minutes)
    planned_total = whole(comparison.totals.hours_minutes)
    developmental = developmental_minutes(blocks)
    percent = round(100 * developmental / planned_total) if planned_total else 0

    pay, on_cost = values[setting_keys.HOURLY_PAY], values[setting_keys.ON_COST_PERCENT]
    hour_cost = _with_on_costs(pay, on_cost)
    night_cost = _with_on_costs(values["pay.sleep_in_allowance"], on_cost)
    costs = {
        "day_minutes": hour_cost,
        "two_to_one_minutes": 2 * hour_cost,
        "waking_night_minutes": hour_cost,
        "sleep_in_nights": night_cost,
    }
    rates = tuple(
        _rate_check(
            kind,
            str(labels[kind]),
            getattr(referral, RATE_FIELDS[kind]),
            costs[kind],
            per_night=kind == "sleep_in_nights",
        )
        for kind in labels
        if by_kind[kind].commissioned
    )
    income = sum(
        _amount(r.kind, r.commissioned, getattr(referral, RATE_FIELDS[r.kind])) for r in rows
    )
    cost = sum(_amount(r.kind, r.commissioned, costs[r.kind]) for r in rows)
    gap_minutes = planned_total - commissioned_minutes
    gap_nights = by_kind["sleep_in_nights"].gap
    gap_pence = sum(row.gap_pence for row in rows)

    # Short where any kind needs more than is commissioned of it: 2:1 hours can't become 1:1.
    short = [
        r for r in rows if r.gap > (0 if r.kind == "sleep_in_nights" else MATCH_TOLERANCE_MINUTES)
    ]
    sentences = [
        _("Commissioned: %(hours)s and %(nights)s a week.")
        % {
            "hours": _hours(commissioned_minutes),
            "nights": _nights(by_kind["sleep_in_nights"].commissioned),
        }
    ]
    if not blocks:
        sentences.append(
            _("There is no draft support pattern yet: design it with %(name)s first.")
            % {"name": referral.called}
        )
    else:
        sentences.append(
            _("The draft pattern designed with %(name)s: %(hours)s and %(nights)s a week.")
            % {
                "name": referral.called,
                "hours": _hours(planned_total),
                "nights": _nights(by_kind["sleep_in_nights"].planned),
            }
        )
        if short:
            sentences.append(
                _(
                    "The pattern needs more than is commissioned (%(kinds)s): %(money)s a week "
                    "more at the referral's rates."
                )
                % {
                    "kinds": ", ".join(r.label for r in short),
                    "money": _money(sum(r.gap_pence for r in short)),
                }
            )
        elif gap_minutes < -MATCH_TOLERANCE_MINUTES or gap_nights < 0:
            sentences.append(
                _("The pattern leaves %(hours)s of the commissioned hours unplanned.")
                % {"hours": _hours(-gap_minutes)}
            )
        sentences.append(
            _("%(hours)s of it (%(percent)s%%) is developmental time: new skills, community, work.")
            % {"hours": _hours(developmental), "percent": percent}
        )
    sentences.extend(r.sentence for r in rates)
    if income:
        sentences.append(
            _(
                "Each week the package pays %(income)s and the commissioned support costs "
                "us %(cost)s."
            )
            % {"income": _money(income), "cost": _money(cost)}
        )

    if short or not all(r.viable for r in rates):
        suggested = Rating.NOT_MET
    elif not blocks or developmental == 0:
        suggested = Rating.PARTLY
    else:
        suggested = Rating.MET
    return HoursEvidence(
        rows=tuple(rows),
        has_pattern=bool(blocks),
        commissioned_minutes=commissioned_minutes,
        planned_minutes=planned_total,
        gap_minutes=gap_minutes,
        gap_sleep_ins=gap_nights,
        gap_pence=gap_pence,
        developmental_minutes=developmental,
        developmental_percent=percent,
        hourly_pay=pay,
        on_cost_percent=on_cost,
        rates=rates,
        weekly_income=income,
        weekly_cost=cost,
        suggested=suggested,
        sentences=tuple(str(s) for s in sentences),
    )


# -- Recruitability ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecruitabilityEvidence:
    district: str
    located: bool
    reach_km: float
    workers_needed: int
    worker_minutes: int
    #: Staff within reach with at least ``MIN_SPARE_MINUTES`` spare and every needed skill.
    staff_ready: int
    staff_ready_spare_minutes: int
    #: Staff within reach with spare hours but missing a needed skill.
    staff_need_training: int
    from_staff: int
    applicants_near: int
    applicants_near_with_skills: int
    skills: tuple[str, ...]
    vacancies_counted: int
    median_days_to_fill: float | None
    median_is_organisation_wide: bool
    suggested: str
    sentences: tuple[str, ...]


def workers_needed(referral: Referral) -> tuple[int, int]:
    """(workers, worker-minutes a week): the commissioned hours in worker time (2:1 twice,
    each sleep-in ``SLEEP_IN_WORK_MINUTES``) over a full-time week, rounded up, plus one
    relief worker for nights or 2:1, kept between the smallest and largest team."""
    minutes = (
        referral.day_minutes
        + 2 * referral.two_to_one_minutes
        + referral.waking_night_minutes
        + SLEEP_IN_WORK_MINUTES * referral.sleep_in_nights
    )
    if minutes == 0:
        return 0, 0
    core = -(-minutes // FULL_TIME_MINUTES)
    relief = (
        1
        if referral.sleep_in_nights or referral.waking_night_minutes or referral.two_to_one_minutes
        else 0
    )
    return max(SMALLEST_TEAM, min(LARGEST_TEAM, core + relief)), minutes


Point = tuple[float, float]


class _Places:
    """Where people are: a full postcode's centre, else the centre of its district (the
    average of the district's known postcodes), else only the district."""

    def __init__(self, districts: set[str], postcodes: set[str]) -> None:
        self.districts: dict[str, Point] = {
            row["district"]: (row["lat"], row["lon"])
            for row in PostcodeCentroid.objects.filter(district__in=districts - {""})
            .values("district")
            .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        }
        self.postcodes = centroids_of(postcodes) if postcodes else {}

    def point(self, postcode: str, district: str) -> Point | None:
        return self.postcodes.get(normalised_or_blank(postcode)) or self.districts.get(district)


def _near(here: Point | None, district: str, there: Point | None, their_district: str) -> bool:
    if here is not None and there is not None:
        return distance_km(here[0], here[1], there[0], there[1]) <= REACH_KM
    return bool(district) and district == their_district


def _median_days(
    referral: Referral, places: _Places, here: Point | None, district: str
) -> tuple[float | None, bool, int]:
    zone = zone_of(referral.organisation)
    nearby: list[int] = []
    everywhere: list[int] = []
    for area, postcode, opened, filled in Vacancy.objects.filter(
        organisation_id=referral.organisation_id,
        opened_at__isnull=False,
        filled_at__isnull=False,
    ).values_list("area", "person__postcode", "opened_at", "filled_at"):
        if opened is None or filled is None:
            continue
        days = (filled.astimezone(zone).date() - opened.astimezone(zone).date()).days
        if days < 0:
            continue
        everywhere.append(days)
        their_district = area.upper() or district_of(postcode)
        if _near(here, district, places.point(postcode, their_district), their_district):
            nearby.append(days)
    if nearby:
        return statistics.median(nearby), False, len(nearby)
    if everywhere:
        return statistics.median(everywhere), True, len(everywhere)
    return None, False, 0


def recruitability_evidence(
    referral: Referral, *, today: dt.date, now: dt.datetime
) -> RecruitabilityEvidence:
    """Current staff with spare contracted hours and the needed skills within reach, applicants
    in the area, how long vacancies nearby took to fill, and the team-building estimate."""
    organisation = referral.organisation
    district = district_of(referral.postcode)
    needed, worker_minutes = workers_needed(referral)
    skills = {s.pk: s.name for s in referral.skills.all()}

    staff = current_support_workers(organisation, today).distinct()
    rows = list(staff.order_by("pk").values_list("pk", "contract_minutes_per_week", "home_area"))
    planned = planned_minutes(staff.values("pk"), now)
    held: dict[int, set[int]] = {}
    for staff_id, skill_id in (
        TrainingRecord.objects.filter(
            staff_member__in=staff.values("pk"), skill_id__in=skills, completed_on__lte=today
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .values_list("staff_member_id", "skill_id")
    ):
        held.setdefault(staff_id, set()).add(skill_id)
    pool = list(
        applicant_pool(organisation)
        .filter(staff_member__isnull=True)
        .prefetch_related("skills")
        .order_by("pk")
    )
    vacancy_rows = Vacancy.objects.filter(
        organisation_id=organisation.pk, opened_at__isnull=False, filled_at__isnull=False
    ).values_list("area", "person__postcode")
    vacancy_places = list(vacancy_rows)
    districts = (
        {district}
        | {home.upper() for _pk, _minutes, home in rows}
        | {a.home_area.upper() or district_of(a.postcode) for a in pool}
        | {area.upper() or district_of(postcode) for area, postcode in vacancy_places}
    )
    postcodes = {referral.postcode, *(postcode for _area, postcode in vacancy_places)}
    places = _Places(districts, {p for p in postcodes if p})
    here = places.point(referral.postcode, district)

    ready = ready_spare = need_training = 0
    for pk, contract, home in rows:
        spare = contract - planned.get(pk, 0)
        if spare < MIN_SPARE_MINUTES:
            continue
        if not _near(here, district, places.point("", home.upper()), home.upper()):
            continue
        if set(skills) <= held.get(pk, set()):
            ready += 1
            ready_spare += spare
        else:
            need_training += 1
    near = near_skilled = 0
    for applicant in pool:
        theirs = applicant.home_area.upper() or district_of(applicant.postcode)
        point = (
            (applicant.latitude, applicant.longitude)
            if applicant.latitude is not None and applicant.longitude is not None
            else places.point(applicant.postcode, theirs)
        )
        if _near(here, district, point, theirs):
            near += 1
            if set(skills) <= {s.pk for s in applicant.skills.all()}:
                near_skilled += 1
    median, organisation_wide, counted = _median_days(referral, places, here, district)
    from_staff = min(ready, needed)

    sentences = []
    if not district:
        sentences.append(_("The referral gives no postcode, so nobody can be counted as nearby."))
    if needed:
        sentences.append(
            ngettext(
                "%(n)s worker is needed (%(hours)s of work a week).",
                "%(n)s workers are needed (%(hours)s of work a week).",
                needed,
            )
            % {"n": needed, "hours": _hours(worker_minutes)}
        )
    estimate = _("%(staff)s of the %(needed)s workers needed could come from current staff") % {
        "staff": from_staff,
        "needed": needed,
    }
    if median is not None:
        weeks = max(1, round(median / 7))
        if organisation_wide:
            estimate += "; " + ngettext(
                "we have no filled vacancies near %(district)s, and across the organisation "
                "vacancies took a median of %(weeks)s week to fill",
                "we have no filled vacancies near %(district)s, and across the organisation "
                "vacancies took a median of %(weeks)s weeks to fill",
                weeks,
            ) % {"weeks": weeks, "district": district or _("this place")}
        else:
            estimate += "; " + ngettext(
                "similar vacancies nearby took a median of %(weeks)s week to fill",
                "similar vacancies nearby took a median of %(weeks)s weeks to fill",
                weeks,
            ) % {"weeks": weeks}
    else:
        estimate += "; " + _("we have no filled vacancies yet to learn from")
    sentences.append(estimate + ".")
    if need_training:
        sentences.append(
            ngettext(
                "%(n)s more member of staff nearby has spare hours but needs training in: "
                "%(skills)s.",
                "%(n)s more members of staff nearby have spare hours but need training in: "
                "%(skills)s.",
                need_training,
            )
            % {"n": need_training, "skills": ", ".join(sorted(skills.values()))}
        )
    sentences.append(
        ngettext(
            "%(n)s applicant not yet hired lives within reach",
            "%(n)s applicants not yet hired live within reach",
            near,
        )
        % {"n": near}
        + (
            " " + _("(%(n)s say they have the skills needed).") % {"n": near_skilled}
            if skills
            else "."
        )
    )

    quick = median is not None and median <= QUICK_FILL_DAYS
    if from_staff >= needed or (from_staff + near >= needed and quick):
        suggested = Rating.MET
    elif from_staff + near == 0:
        suggested = Rating.NOT_MET
    else:
        suggested = Rating.PARTLY
    return RecruitabilityEvidence(
        district=district,
        located=here is not None,
        reach_km=REACH_KM,
        workers_needed=needed,
        worker_minutes=worker_minutes,
        staff_ready=ready,
        staff_ready_spare_minutes=ready_spare,
        staff_need_training=need_training,
        from_staff=from_staff,
        applicants_near=near,
        applicants_near_with_skills=near_skilled,
        skills=tuple(sorted(skills.values())),
        vacancies_counted=counted,
        median_days_to_fill=median,
        median_is_organisation_wide=organisation_wide,
        suggested=suggested,
        sentences=tuple(str(s) for s in sentences),
    )


# -- Capacity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityEvidence:
    new_people: int
    #: With this referral accepted.
    new_people_with_this: int
    warn_at: int
    stop_at: int
    manager: str
    manager_caseload: int | None
    average_caseload: float | None
    manager_on_call: int | None
    average_on_call: float | None
    suggested: str
    sentences: tuple[str, ...]


def new_people_count(referral: Referral, today: dt.date) -> int:
    """People new in the last 12 months: those whose first commissioned package starts in the
    window (or later: already accepted), and referrals accepted and being planned that have no
    package yet. This referral is not counted."""
    since = today - dt.timedelta(days=GROWTH_WINDOW_DAYS)
    started = set(
        CommissionedPackage.objects.filter(organisation_id=referral.organisation_id)
        .values("person_id")
        .annotate(first=Min("starts_on"))
        .filter(first__gt=since)
        .values_list("person_id", flat=True)
    )
    planning = (
        Referral.objects.filter(organisation_id=referral.organisation_id, status=Status.TRANSITION)
        .exclude(pk=referral.pk)
        .values_list("person_id", flat=True)
    )
    return len(started) + sum(1 for person_id in planning if person_id not in started)


def capacity_evidence(
    referral: Referral, values: Mapping[str, int], *, today: dt.date, now: dt.datetime
) -> CapacityEvidence:
    """New people against the growth guardrail, the proposed manager's caseload and on-call
    load against the average."""
    warn, stop = (
        values["growth.warn_new_people_per_year"],
        values["growth.max_new_people_per_year"],
    )
    count = new_people_count(referral, today)
    caseloads = dict(
        ManagerAssignment.objects.filter(organisation_id=referral.organisation_id)
        .filter(current(today))
        .values("manager_id")
        .annotate(people=Count("person", distinct=True))
        .values_list("manager_id", "people")
    )
    duties = dict(
        OnCallDuty.objects.filter(
            organisation_id=referral.organisation_id,
            starts_at__gte=now - dt.timedelta(weeks=ON_CALL_WEEKS),
            starts_at__lt=now,
        )
        .values("manager_id")
        .annotate(n=Count("pk"))
        .values_list("manager_id", "n")
    )
    manager = referral.proposed_manager
    average_caseload = (sum(caseloads.values()) / len(caseloads)) if caseloads else None
    average_on_call = (sum(duties.values()) / len(duties)) if duties else None
    caseload = caseloads.get(manager.pk, 0) if manager else None
    on_call = duties.get(manager.pk, 0) if manager else None

    sentences = [
        ngettext(
            "%(n)s new person in the last 12 months; with %(name)s it would be %(with)s "
            "(we warn at %(warn)s and stop at %(stop)s a year).",
            "%(n)s new people in the last 12 months; with %(name)s it would be %(with)s "
            "(we warn at %(warn)s and stop at %(stop)s a year).",
            count,
        )
        % {"n": count, "name": referral.called, "with": count + 1, "warn": warn, "stop": stop}
    ]
    heavy = False
    if manager is None:
        sentences.append(_("No manager has been proposed to hold this package yet."))
    else:
        sentences.append(
            ngettext(
                "%(manager)s manages %(n)s person now",
                "%(manager)s manages %(n)s people now",
                caseload or 0,
            )
            % {"manager": manager.name, "n": caseload}
            + (
                "; " + _("the average is %(avg)s.") % {"avg": f"{average_caseload:.1f}"}
                if average_caseload is not None
                else "."
            )
        )
        sentences.append(
            ngettext(
                "%(manager)s was on call %(n)s time in the last %(weeks)s weeks",
                "%(manager)s was on call %(n)s times in the last %(weeks)s weeks",
                on_call or 0,
            )
            % {"manager": manager.first_name, "n": on_call, "weeks": ON_CALL_WEEKS}
            + (
                "; " + _("the average is %(avg)s.") % {"avg": f"{average_on_call:.1f}"}
                if average_on_call is not None
                else "."
            )
        )
        heavy = (
            average_caseload is not None
            and (caseload or 0) + 1 > HEAVY_LOAD * average_caseload
            and (caseload or 0) >= 2
        ) or (
            average_on_call is not None
            and (on_call or 0) > HEAVY_LOAD * average_on_call
            and (on_call or 0) >= 2
        )
        if heavy:
            sentences.append(_("That is a heavy load next to the other managers'."))
    if count + 1 > stop:
        suggested = Rating.NOT_MET
    elif count + 1 >= warn or manager is None or heavy:
        suggested = Rating.PARTLY
    else:
        suggested = Rating.MET
    return CapacityEvidence(
        new_people=count,
        new_people_with_this=count + 1,
        warn_at=warn,
        stop_at=stop,
        manager=manager.name if manager else "",
        manager_caseload=caseload,
        average_caseload=average_caseload,
        manager_on_call=on_call,
        average_on_call=average_on_call,
        suggested=suggested,
        sentences=tuple(str(s) for s in sentences),
    )


# -- Everything at once --------------------------------------------------------------------------


ComputedEvidence = HoursEvidence | RecruitabilityEvidence | CapacityEvidence


@dataclass(frozen=True)
class Evidence:
    hours: HoursEvidence
    recruitability: RecruitabilityEvidence
    capacity: CapacityEvidence

    def of(self, component: str) -> ComputedEvidence | None:
        if component == Component.HOURS:
            return self.hours
        if component == Component.RECRUITABILITY:
            return self.recruitability
        if component == Component.CAPACITY:
            return self.capacity
        return None


def draft_blocks_of(referral: Referral) -> list[DraftBlock]:
    return list(DraftBlock.objects.filter(referral=referral).order_by("weekday", "start_minute"))


def evidence_for(
    referral: Referral,
    *,
    blocks: Sequence[DraftBlock] | None = None,
    now: dt.datetime | None = None,
) -> Evidence:
    """Every computed component's evidence for ``referral``."""
    now = now or timezone.now()
    today = today_for(referral.organisation)
    values = settings_on(referral.organisation, today)
    found = draft_blocks_of(referral) if blocks is None else list(blocks)
    return Evidence(
        hours=hours_evidence(referral, found, values),
        recruitability=recruitability_evidence(referral, today=today, now=now),
        capacity=capacity_evidence(referral, values, today=today, now=now),
    )


def component_figures(referral: Referral, component: str) -> dict[str, Any]:
    """The figures kept with a rating: the component's computed evidence (only that one is
    computed), or nothing for the judgement components (their answers are kept instead)."""
    now = timezone.now()
    today = today_for(referral.organisation)
    if component == Component.HOURS:
        values = settings_on(referral.organisation, today)
        return figures_of(hours_evidence(referral, draft_blocks_of(referral), values))
    if component == Component.RECRUITABILITY:
        return figures_of(recruitability_evidence(referral, today=today, now=now))
    if component == Component.CAPACITY:
        values = settings_on(referral.organisation, today)
        return figures_of(capacity_evidence(referral, values, today=today, now=now))
    return {}
