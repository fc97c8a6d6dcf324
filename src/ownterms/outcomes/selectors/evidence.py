"""The regulator's evidence pack: what the system already holds, under the Care Quality
Commission's headings, for a period — anonymised counts, each with a link to where it comes
from. A few aggregate queries per heading, however many people and months (docs/outcomes-
reports.md says how each figure is counted).

A figure with nothing to count says "not enough data yet" (``Item.value`` is ``None``), never
0 % or an error; a table with no rows says the same.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ownterms.audit.models import AuditEvent
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    Incident,
    PracticeKind,
    RestrictivePracticeEvent,
)
from ownterms.health.models import Medication
from ownterms.outcomes.models import CheckIn, Review, WtfcRound
from ownterms.people.models import Person
from ownterms.plans.models import Goal, Policy, PolicyVersion, ProfileVersion
from ownterms.rota.models import Assignment, Delivery, Shift
from ownterms.staff.models import StaffMember, TrainingRecord
from ownterms.staff.services import add_months

#: The longest period the pack covers, in months.
MAX_MONTHS = 36


class Table(StrEnum):
    SUMMARY = "summary"
    STAFFING = "staffing"
    INCIDENTS = "incidents"
    RESTRICTIVE = "restrictive"
    AUTHORISED = "authorised"
    REVIEWS = "reviews"
    POLICIES = "policies"
    AUDIT = "audit"


@dataclass(frozen=True)
class Item:
    label: str
    #: The figure as shown; ``None`` when there is not enough data yet.
    value: str | None
    #: Where it comes from: a page of the app.
    evidence_url: str
    evidence_label: str
    detail: str = ""


@dataclass(frozen=True)
class Rows:
    key: Table
    caption: str
    header: tuple[str, ...]
    rows: list[tuple[str | int, ...]]
    #: The first column holds months ("2025-01"), shown as "Jan 2025".
    monthly: bool = False

    @property
    def shown(self) -> list[tuple[Any, ...]]:
        """The rows for a page, months as dates (the template formats them)."""
        if not self.monthly:
            return list(self.rows)
        return [(dt.date.fromisoformat(f"{row[0]}-01"), *row[1:]) for row in self.rows]


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    question: str
    items: list[Item]
    tables: list[Rows] = field(default_factory=list)


@dataclass(frozen=True)
class Pack:
    organisation: Organisation
    starts_on: dt.date
    ends_on: dt.date
    headings: list[Heading]

    def table(self, key: Table) -> Rows:
        if key == Table.SUMMARY:
            return Rows(
                Table.SUMMARY,
                _("Every figure in the pack"),
                (_("Heading"), _("Figure"), _("Value"), _("Evidence")),
                [
                    (heading.title, item.label, item.value or _("Not enough data yet"),
                     item.evidence_url)
                    for heading in self.headings
                    for item in heading.items
                ],
            )  # fmt: skip
        return next(rows for h in self.headings for rows in h.tables if rows.key == key)


@dataclass(frozen=True)
class Period:
    organisation: Organisation
    starts_on: dt.date
    ends_on: dt.date
    zone: zoneinfo.ZoneInfo
    org_slug: str

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.starts_on, dt.time.min, tzinfo=self.zone)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min, self.zone)

    def months(self) -> list[dt.date]:
        month, last = self.starts_on.replace(day=1), self.ends_on.replace(day=1)
        found = []
        while month <= last:
            found.append(month)
            month = add_months(month, 1)
        return found

    def url(self, *names: str, query: str = "") -> str:
        """The first of ``names`` that the app serves (the people list otherwise)."""
        for name in (*names, "people:list"):
            try:
                path = reverse(name, kwargs={"org": self.org_slug})
            except NoReverseMatch:
                continue
            return f"{path}?{query}" if query else path
        raise NoReverseMatch(names)


def percent(part: int, whole: int) -> str | None:
    return None if not whole else f"{round(100 * part / whole)}%"


def of(part: int, whole: int) -> str | None:
    """ "12 of 15 (80%)", or ``None`` when there is nothing to count."""
    share = percent(part, whole)
    return None if share is None else _("%(part)d of %(whole)d (%(share)s)") % {
        "part": part, "whole": whole, "share": share,
    }  # fmt: skip


def count(value: int, *, zero_is_data: bool = True) -> str | None:
    return str(value) if value or zero_is_data else None


def _month_key(value: dt.date | dt.datetime) -> str:
    return f"{value:%Y-%m}"


def _by_month(
    queryset: QuerySet[Any], period: Period, columns: tuple[str, ...]
) -> list[tuple[str | int, ...]]:
    """One row per month of the period (zeros included) from rows with ``month`` and
    ``columns``; no rows at all when nothing happened in the whole period."""
    found = {_month_key(row["month"]): row for row in queryset}
    if not found:
        return []
    return [
        (_month_key(month), *(found.get(_month_key(month), {}).get(c, 0) for c in columns))
        for month in period.months()
    ]


def _total(rows: list[tuple[str | int, ...]], column: int) -> int:
    return sum(int(row[column]) for row in rows)


# -- Safe staffing and rota fill ---------------------------------------------------------------
def staffing(period: Period) -> Heading:
    # One row per shift (its workers counted in the same query), added up by month here: a
    # correlated count per shift inside a GROUP BY is far slower on SQLite.
    months: dict[str, list[int]] = {}
    for on, status, headcount, workers, worked in (
        Shift.objects.filter(
            organisation=period.organisation, on__gte=period.starts_on, on__lte=period.ends_on
        )
        .annotate(
            workers=Count("assignments"),
            worked=Exists(Delivery.objects.filter(shift=OuterRef("pk"))),
        )
        .values_list("on", "status", "headcount", "workers", "worked")
    ):
        month = months.setdefault(_month_key(on), [0, 0, 0, 0])
        if status == Shift.Status.CANCELLED:
            month[3] += 1
            continue
        month[0] += 1
        month[1] += workers >= headcount
        month[2] += bool(worked)
    rows: list[tuple[str | int, ...]] = (
        [(_month_key(m), *months.get(_month_key(m), [0, 0, 0, 0])) for m in period.months()]
        if months
        else []
    )
    places = Assignment.objects.filter(
        shift__organisation=period.organisation,
        shift__on__gte=period.starts_on,
        shift__on__lte=period.ends_on,
        shift__status=Shift.Status.PLANNED,
    ).aggregate(
        total=Count("pk"),
        bank=Count("pk", filter=Q(staff_member__employment=StaffMember.Employment.BANK)),
    )
    total_planned = _total(rows, 1)
    week = period.url("rota:week")
    return Heading(
        key="staffing",
        title=_("Safe staffing and rota fill"),
        question=_("Are there enough suitable staff on every shift?"),
        items=[
            Item(_("Shifts fully covered (enough workers on the rota)"),
                 of(_total(rows, 2), total_planned), week, _("The rota")),
            Item(_("Shifts confirmed as worked"), of(_total(rows, 3), total_planned),
                 period.url("rota:delivered"), _("Delivered hours")),
            Item(_("Shifts cancelled"), count(_total(rows, 4)) if rows else None, week,
                 _("The rota")),
            Item(_("Rota places filled by bank staff"), of(places["bank"], places["total"]),
                 period.url("rota:open_shifts"), _("Open shifts")),
            Item(_("Agency workers"), _("Not recorded"), period.url("staff:list"),
                 _("Staff"), _("Own Terms does not record agency workers: every worker on the "
                               "rota is a member of staff.")),
        ],
        tables=[
            Rows(Table.STAFFING, _("Shifts each month"),
                 (_("Month"), _("Planned"), _("Fully covered"), _("Confirmed worked"),
                  _("Cancelled")), rows, monthly=True),
        ],
    )  # fmt: skip


# -- Learning from incidents -------------------------------------------------------------------
def incidents(period: Period) -> Heading:
    closed = Q(status=Incident.Status.CLOSED)
    monthly = (
        Incident.objects.filter(
            organisation=period.organisation, starts_at__gte=period.start, starts_at__lt=period.end
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=period.zone))
        .values("month")
        .annotate(
            incidents=Count("pk"),
            closed=Count("pk", filter=closed),
            debriefed=Count("pk", filter=closed & ~Q(debrief="")),
            safeguarding=Count("pk", filter=Q(safeguarding_needed=True)),
            notified=Count("pk", filter=Q(regulator_notification_needed=True)),
        )
        .order_by("month")
    )
    rows = _by_month(monthly, period, ("incidents", "closed", "debriefed", "safeguarding",
                                       "notified"))  # fmt: skip
    trends = period.url("daily:trends")
    total = _total(rows, 1)
    return Heading(
        key="incidents",
        title=_("Learning from incidents"),
        question=_("Are incidents recorded, looked into and learned from?"),
        items=[
            Item(_("Incidents recorded"), count(total) if rows else None, trends,
                 _("Daily records: trends")),
            Item(_("Incidents closed with a debrief written"), of(_total(rows, 3), total),
                 trends, _("Daily records: trends")),
            Item(_("Safeguarding referrals flagged"), count(_total(rows, 4)) if rows else None,
                 trends, _("Daily records: trends")),
            Item(_("Notifications to the regulator flagged"),
                 count(_total(rows, 5)) if rows else None, trends, _("Daily records: trends")),
        ],
        tables=[
            Rows(Table.INCIDENTS, _("Incidents each month"),
                 (_("Month"), _("Incidents"), _("Closed"), _("With a debrief"),
                  _("Safeguarding flagged"), _("Notification flagged")), rows, monthly=True),
        ],
    )  # fmt: skip


# -- Reducing restrictive practice -------------------------------------------------------------
def restrictive_practice(period: Period) -> Heading:
    org, end = period.organisation, period.ends_on
    monthly = (
        RestrictivePracticeEvent.objects.filter(
            organisation=org, starts_at__gte=period.start, starts_at__lt=period.end
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=period.zone))
        .values("month")
        .annotate(
            events=Count("pk"),
            not_authorised=Count("pk", filter=Q(authorised_practice__isnull=True)),
            prone=Count("pk", filter=Q(kind=PracticeKind.PRONE)),
            debriefed=Count("pk", filter=~Q(debrief="")),
        )
        .order_by("month")
    )
    rows = _by_month(monthly, period, ("events", "not_authorised", "prone", "debriefed"))
    current = AuthorisedPractice.objects.filter(organisation=org, authorised_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=end)
    )
    labels = dict(PracticeKind.choices)
    authorised = [
        (str(labels.get(row["kind"], row["kind"])), row["n"], row["overdue"])
        for row in current.values("kind")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(review_on__lt=end)))
        .order_by("kind")
    ]
    plans = BehaviourSupportPlan.objects.filter(organisation=org).aggregate(
        n=Count("pk"), overdue=Count("pk", filter=Q(review_on__lt=end))
    )
    psychotropics = (
        Medication.objects.filter(organisation=org, is_psychotropic=True, starts_on__lte=end)
        .filter(Q(stops_on__isnull=True) | Q(stops_on__gt=end))
        .aggregate(n=Count("pk"), overdue=Count("pk", filter=Q(review_on__lt=end)))
    )
    trends, people = period.url("daily:trends"), period.url("people:list")
    total = _total(rows, 1)
    return Heading(
        key="restrictive",
        title=_("Reducing restrictive practice"),
        question=_("Is restrictive practice rare, authorised, reviewed and falling?"),
        items=[
            Item(_("Restrictive practices used"), count(total) if rows else None, trends,
                 _("Daily records: trends")),
            Item(_("Used without an authorisation"), of(_total(rows, 2), total), trends,
                 _("Daily records: trends")),
            Item(_("Prone (face-down) holds"), count(_total(rows, 3)) if rows else None,
                 trends, _("Daily records: trends")),
            Item(_("Authorised practices past their review date"),
                 of(sum(r[2] for r in authorised), sum(r[1] for r in authorised)), people,
                 _("Each person's behaviour support plan")),
            Item(_("Behaviour support plans past their review date"),
                 of(plans["overdue"], plans["n"]), people,
                 _("Each person's behaviour support plan")),
            Item(_("Psychotropic medicines past their STOMP review"),
                 of(psychotropics["overdue"], psychotropics["n"]), people,
                 _("Each person's medicines")),
        ],
        tables=[
            Rows(Table.RESTRICTIVE, _("Restrictive practices each month"),
                 (_("Month"), _("Used"), _("Not authorised"), _("Prone holds"),
                  _("With a debrief")), rows, monthly=True),
            Rows(Table.AUTHORISED, _("Authorised practices at the end of the period"),
                 (_("Practice"), _("Authorised"), _("Past their review date")),
                 list(authorised)),
        ],
    )  # fmt: skip


# -- Person-centred care -----------------------------------------------------------------------
def person_centred(period: Period) -> Heading:
    org, start, end = period.organisation, period.starts_on, period.ends_on
    held = Q(held_on__gte=start, held_on__lte=end)
    reviews = (
        Review.objects.filter(organisation=org, held_on__gte=start, held_on__lte=end)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(
            held=Count("pk", filter=held),
            on_time=Count("pk", filter=held & Q(held_on__lte=F("due_on"))),
        )
        .order_by("month")
    )
    rows = [(*row, int(row[1]) - int(row[2])) for row in _by_month(reviews, period,
                                                                  ("held", "on_time"))]  # fmt: skip
    overdue = Review.objects.filter(
        organisation=org, status=Review.Status.PLANNED, due_on__lt=end
    ).count()
    goals = Goal.objects.filter(organisation=org).aggregate(
        achieved=Count("pk", filter=Q(achieved_on__gte=start, achieved_on__lte=end)),
        live=Count("pk", filter=Q(status__in=(Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS))),
    )
    year_before = add_months(end, -12)
    people = (
        Person.objects.filter(organisation=org, status=Person.Status.ACTIVE)
        .annotate(
            has_profile=Exists(ProfileVersion.objects.filter(person=OuterRef("pk"),
                                                         review_on__gte=end)),
            has_goal=Exists(Goal.objects.filter(person=OuterRef("pk"), status__in=(
                Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS))),
            was_reviewed=Exists(Review.objects.filter(
                person=OuterRef("pk"), held_on__gt=year_before, held_on__lte=end)),
        )
        .aggregate(
            n=Count("pk"),
            profile=Count("pk", filter=Q(has_profile=True)),
            goal=Count("pk", filter=Q(has_goal=True)),
            reviewed=Count("pk", filter=Q(was_reviewed=True)),
        )
    )  # fmt: skip
    check_ins = CheckIn.objects.filter(organisation=org, on__gte=start, on__lte=end).aggregate(
        n=Count("pk"), people=Count("person", distinct=True)
    )
    rounds = WtfcRound.objects.filter(organisation=org, held_on__gte=start, held_on__lte=end)
    changes = rounds.aggregate(n=Count("pk", distinct=True), themes=Count("themes"))
    list_url = period.url("people:list")
    wtfc = period.url("outcomes:wtfc_rounds")
    total_held = _total(rows, 1)
    return Heading(
        key="person_centred",
        title=_("Person-centred care"),
        question=_("Do people lead their own plans, and are their lives getting better?"),
        items=[
            Item(_("Person-centred reviews held on time"), of(_total(rows, 2), total_held),
                 list_url, _("Each person's reviews")),
            Item(_("Reviews past their due date, not yet held"), count(overdue), list_url,
                 _("Each person's reviews")),
            Item(_("People with a review in the 12 months to the end of the period"),
                 of(people["reviewed"], people["n"]), list_url, _("Each person's reviews")),
            Item(_("People with a one-page profile in date"), of(people["profile"], people["n"]),
                 list_url, _("Each person's profile")),
            Item(_("People with a goal they are working on"), of(people["goal"], people["n"]),
                 list_url, _("Each person's goals")),
            Item(_("Goals achieved"), count(goals["achieved"]), list_url,
                 _("Each person's goals")),
            Item(_("Easy-read check-ins (people who gave one)"),
                 _("%(n)d (%(people)d people)") % check_ins if check_ins["n"] else None,
                 list_url, _("Each person's check-ins")),
            Item(_("Working together for change: rounds held (themes)"),
                 _("%(n)d (%(themes)d themes)") % changes if changes["n"] else None, wtfc,
                 _("Working together for change")),
        ],
        tables=[
            Rows(Table.REVIEWS, _("Person-centred reviews held each month"),
                 (_("Month"), _("Held"), _("On time"), _("Late")), rows, monthly=True),
        ],
    )  # fmt: skip


# -- Governance --------------------------------------------------------------------------------
def governance(period: Period) -> Heading:
    org, end = period.organisation, period.ends_on
    kinds = dict(AuditEvent.Kind.choices)
    audit = [
        (str(kinds.get(row["kind"], row["kind"])), row["n"])
        for row in AuditEvent.objects.filter(
            organisation=org, occurred_at__gte=period.start, occurred_at__lt=period.end
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    ]
    latest = PolicyVersion.objects.filter(policy=OuterRef("pk")).order_by("-number")
    labels = dict(Policy.Kind.choices)
    policies = [
        (str(labels.get(row["kind"], row["kind"])), row["n"], row["overdue"])
        for row in Policy.objects.filter(organisation=org, person__status=Person.Status.ACTIVE)
        .annotate(review_on=Subquery(latest.values("review_on")[:1]))
        .values("kind")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(review_on__lt=end)))
        .order_by("kind")
    ]
    renewed = TrainingRecord.objects.filter(
        staff_member=OuterRef("staff_member"), skill=OuterRef("skill"), completed_on__lte=end
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=end))
    lapsed = TrainingRecord.objects.filter(
        staff_member=OuterRef("pk"), completed_on__lte=end, expires_on__lte=end
    ).filter(~Exists(renewed))
    staff = (
        StaffMember.objects.filter(organisation=org, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=end))
        .annotate(has_lapsed=Exists(lapsed))
        .aggregate(n=Count("pk"), lapsed=Count("pk", filter=Q(has_lapsed=True)))
    )
    range_query = f"date_from={period.starts_on.isoformat()}&date_to={end.isoformat()}"
    audit_url = period.url("audit:list", query=range_query)
    return Heading(
        key="governance",
        title=_("Governance"),
        question=_("Does the organisation know what happens, and keep its checks up to date?"),
        items=[
            Item(_("Audit trail entries (changes, views, sign-ins)"),
                 count(sum(n for _k, n in audit)) if audit else None, audit_url,
                 _("The audit trail")),
            Item(_("Individual policies past their review date"),
                 of(sum(r[2] for r in policies), sum(r[1] for r in policies)),
                 period.url("people:list"), _("Each person's policies")),
            Item(_("Staff with all their training in date"),
                 of(staff["n"] - staff["lapsed"], staff["n"]),
                 period.url("staff:list", query="training=attention"),
                 _("Staff whose training needs attention")),
        ],
        tables=[
            Rows(Table.AUDIT, _("Audit trail entries by kind"), (_("Kind"), _("Entries")),
                 list(audit)),
            Rows(Table.POLICIES, _("Individual policies by kind"),
                 (_("Policy"), _("Current"), _("Past their review date")), list(policies)),
        ],
    )  # fmt: skip


HEADINGS: tuple[Callable[[Period], Heading], ...] = (
    staffing,
    incidents,
    restrictive_practice,
    person_centred,
    governance,
)


def evidence_pack(organisation: Organisation, starts_on: dt.date, ends_on: dt.date) -> Pack:
    period = Period(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        zone=zone_of(organisation),
        org_slug=organisation.slug,
    )
    return Pack(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        headings=[build(period) for build in HEADINGS],
    )


def as_mapping(pack: Pack) -> Mapping[str, Any]:
    """The pack as plain data (for the API)."""
    return {
        "starts_on": pack.starts_on,
        "ends_on": pack.ends_on,
        "headings": [
            {
                "key": heading.key,
                "title": heading.title,
                "items": [
                    {
                        "label": item.label,
                        "value": item.value,
                        "evidence_url": item.evidence_url,
                        "detail": item.detail,
                    }
                    for item in heading.items
                ],
                "tables": [
                    {"key": rows.key.value, "caption": rows.caption, "header": list(rows.header),
                     "rows": [list(row) for row in rows.rows]}
                    for rows in heading.tables
                ],
            }
            for heading in pack.headings
        ],
    }  # fmt: skip
