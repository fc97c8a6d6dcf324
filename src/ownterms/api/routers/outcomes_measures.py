"""/api/v1/people/{id}/outcomes… and /api/v1/outcomes/organisation: a person's outcome measures
(monthly series, baseline, trend) for the categories the caller may read, what is recorded here
(NHS use: ``health``; connections and the person's own measures: ``plans``), and the anonymised
organisation report (administrators and managers). Same access rules and services as the
pages."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.core.selectors import today_for, zone_of
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.models import Connection, HealthEvent, MeasureRecord
from ownterms.outcomes.selectors import measures_records as records
from ownterms.outcomes.selectors.measures import Series, person_series
from ownterms.outcomes.selectors.measures_org import organisation_report
from ownterms.outcomes.services import records as services
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import readable_categories

router = Router(tags=["outcomes: measures"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
PAGE = "api.outcomes"

HealthKind = Literal["admission", "ae", "gp", "community", "outpatient", "crisis", "other"]
ConnectionKind = Literal["community", "relationship", "volunteering", "work", "learning"]


class MonthOut(Schema):
    month: dt.date = Field(description="The first day of the month")
    value: float | None = Field(description="None: nothing recorded that month (check-ins)")
    in_baseline: bool


class SeriesOut(Schema):
    key: str = Field(description='A measure, or "recorded:<name>" for the person\'s own')
    label: str
    unit: str
    category: str = Field(description='"plans" or "health"')
    better: str = Field(description='"higher", "lower", "steady" or "" (no better direction)')
    source: str
    baseline: float | None = Field(description="The average of the first 3 months")
    recent: float | None = Field(description="The average of the last 3 complete months")
    trend: str = Field(
        description='"better", "worse", "about_the_same", "higher", "lower" or "not_enough_data"'
    )
    months: list[MonthOut]


class MeasuresOut(Schema):
    today: dt.date
    categories: list[str] = Field(description="The categories the caller may read")
    measures: list[SeriesOut]


class HealthEventOut(Schema):
    public_id: uuid.UUID
    kind: str
    on: dt.date
    until: dt.date | None
    planned: bool
    note: str


class HealthEventIn(Strict):
    kind: HealthKind
    on: dt.date
    until: dt.date | None = Field(None, description="Admissions only: the day they came home")
    planned: bool = Field(False, strict=True)
    note: str = Field("", max_length=1000, strict=True)


class ConnectionOut(Schema):
    public_id: uuid.UUID
    kind: str
    name: str
    started_on: dt.date
    ended_on: dt.date | None
    minutes_per_week: int
    note: str


class ConnectionIn(Strict):
    kind: ConnectionKind
    name: str = Field(min_length=1, max_length=150, strict=True)
    started_on: dt.date
    ended_on: dt.date | None = Field(None, description="The first day it no longer happened")
    minutes_per_week: int = Field(0, ge=0, le=7 * 24 * 60, strict=True)
    note: str = Field("", max_length=500, strict=True)


class MeasureRecordOut(Schema):
    public_id: uuid.UUID
    measure: str
    on: dt.date
    value: Decimal
    note: str


class MeasureRecordIn(Strict):
    measure: str = Field(min_length=1, max_length=40, strict=True)
    on: dt.date
    value: Decimal = Field(max_digits=12, decimal_places=2)
    note: str = Field("", max_length=300, strict=True)


class ReportMeasureOut(Schema):
    key: str
    label: str
    unit: str
    category: str
    people: int = Field(description="People with any figures for it")
    better: int
    worse: int
    about_the_same: int
    not_enough_data: int
    totals: list[float | None] = Field(description="Per month of ``months``, across everyone")


class ReportOut(Schema):
    today: dt.date
    people: int
    months: list[dt.date]
    measures: list[ReportMeasureOut]


def _series_out(series: Series) -> dict[str, Any]:
    return {
        "key": series.key,
        "label": series.label,
        "unit": series.unit,
        "category": series.category,
        "better": series.better,
        "source": series.source,
        "baseline": series.baseline,
        "recent": series.recent,
        "trend": series.trend.value,
        "months": [
            {"month": month, "value": value, "in_baseline": in_baseline}
            for month, value, in_baseline in series.rows()
        ],
    }


@router.get(
    "/people/{uuid:person_id}/outcomes",
    response={200: MeasuresOut, **ERRORS},
    summary="A person's outcome measures: monthly series, baseline and trend",
)
def outcomes_person_measures(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    readable = readable_categories(user, person_id, {ConsentCategory.PLANS, ConsentCategory.HEALTH})
    shown = [c for c in (ConsentCategory.PLANS, ConsentCategory.HEALTH) if c in readable]
    if not shown:
        raise Http404
    access = access_person(user, person_id, category=shown[0], page=PAGE)
    organisation = access.person.organisation
    today = today_for(organisation)
    found = person_series(access.person, today, zone_of(organisation), categories=shown)
    return {
        "today": today,
        "categories": [str(c) for c in shown],
        "measures": [_series_out(s) for s in found],
    }


def _access(
    request: HttpRequest, person_id: uuid.UUID, category: str, *, write: bool = False
) -> PersonAccess:
    return access_person(actor(request), person_id, category=category, write=write, page=PAGE)


@router.get(
    "/people/{uuid:person_id}/outcomes/nhs-use",
    response={200: list[HealthEventOut], **ERRORS},
    summary="A person's NHS use, latest first",
)
def outcomes_list_nhs_use(request: HttpRequest, person_id: uuid.UUID) -> list[HealthEvent]:
    person = _access(request, person_id, ConsentCategory.HEALTH).person
    return list(records.health_events_of(person))


@router.post(
    "/people/{uuid:person_id}/outcomes/nhs-use",
    response={201: HealthEventOut, **WRITE_ERRORS},
    summary="Record NHS use (an admission, A&E visit or other NHS contact)",
)
def outcomes_add_nhs_use(
    request: HttpRequest, person_id: uuid.UUID, payload: HealthEventIn
) -> Status[HealthEvent]:
    access = _access(request, person_id, ConsentCategory.HEALTH, write=True)
    try:
        event = services.add_health_event(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, event)


@router.get(
    "/people/{uuid:person_id}/outcomes/connections",
    response={200: list[ConnectionOut], **ERRORS},
    summary="A person's connections: community, relationships, volunteering, work, learning",
)
def outcomes_list_connections(request: HttpRequest, person_id: uuid.UUID) -> list[Connection]:
    person = _access(request, person_id, ConsentCategory.PLANS).person
    return list(records.connections_of(person))


@router.post(
    "/people/{uuid:person_id}/outcomes/connections",
    response={201: ConnectionOut, **WRITE_ERRORS},
    summary="Add a connection",
)
def outcomes_add_connection(
    request: HttpRequest, person_id: uuid.UUID, payload: ConnectionIn
) -> Status[Connection]:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True)
    try:
        connection = services.add_connection(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, connection)


@router.get(
    "/people/{uuid:person_id}/outcomes/recorded",
    response={200: list[MeasureRecordOut], **ERRORS},
    summary="Values recorded for the person's own measures",
)
def outcomes_list_recorded(request: HttpRequest, person_id: uuid.UUID) -> list[MeasureRecord]:
    person = _access(request, person_id, ConsentCategory.PLANS).person
    return list(records.measure_records_of(person))


@router.post(
    "/people/{uuid:person_id}/outcomes/recorded",
    response={201: MeasureRecordOut, **WRITE_ERRORS},
    summary="Record a value of one of the person's own measures (one per date)",
)
def outcomes_add_recorded(
    request: HttpRequest, person_id: uuid.UUID, payload: MeasureRecordIn
) -> Status[MeasureRecord]:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True)
    try:
        record = services.record_measure(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, record)


@router.get(
    "/outcomes/organisation",
    response={200: ReportOut, **ERRORS},
    summary="The organisation's outcomes: anonymised counts and monthly totals",
)
def outcomes_organisation_report(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    require_report_reader(user)
    organisation = user.organisation
    report = organisation_report(organisation.pk, today_for(organisation), zone_of(organisation))
    return {
        "today": report.today,
        "people": report.people,
        "months": list(report.months),
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "unit": m.unit,
                "category": m.category,
                "people": m.people,
                "better": m.better_count,
                "worse": m.worse_count,
                "about_the_same": m.same_count,
                "not_enough_data": m.not_enough_count,
                "totals": list(m.totals),
            }
            for m in report.measures
        ],
    }
