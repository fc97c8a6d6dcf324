"""/api/v1/cohorts and /api/v1/recruitment-figures: the training route for people new to care
and the workforce figures, read-only, for recruiters (trainees' names are personal data;
everyone else gets 404, as on the pages)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page
from ownterms.recruitment.access import require_recruiter
from ownterms.recruitment.selectors import cohorts as cohort_selectors
from ownterms.recruitment.selectors.figures import PERIODS, Figures, figures
from ownterms.recruitment.selectors.figures import Outcome as HireOutcome

router = Router(tags=["recruitment: training route and figures"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class MentorOut(Schema):
    public_id: uuid.UUID
    name: str


class CohortOut(Schema):
    public_id: uuid.UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    mentor: MentorOut | None
    sessions: int
    trainees: int
    enrolled: int
    completed: int


class SessionOut(Schema):
    public_id: uuid.UUID
    on: dt.date
    topic: str
    register_taken: bool


class TraineeOut(Schema):
    public_id: uuid.UUID
    first_name: str
    last_name: str
    status: str = Field(description='"informed", "enrolled", "completed" or "left"')
    informed_on: dt.date
    sessions_marked: int
    sessions_present: int
    attendance_percent: int | None
    applied: bool = Field(description="Linked to a job application")
    started: bool = Field(description="An application of theirs reached STARTED")


class CohortDetailOut(CohortOut):
    session_list: list[SessionOut]
    trainee_list: list[TraineeOut]


class ReportRowOut(Schema):
    cohort: uuid.UUID | None = Field(description="None for the total and trainees in no cohort")
    label: str
    informed: int
    enrolled: int
    completed: int
    left: int
    applied: int
    started: int


class ReportOut(Schema):
    rows: list[ReportRowOut]
    total: ReportRowOut


class FiguresQuery(Schema):
    months: int = Field(12, description="The period: the last 3, 6 or 12 months")


class HireOut(Schema):
    vacancy: uuid.UUID
    person: str
    opened_on: dt.date
    outcome: str = Field(description='"hired", "open" (days so far) or "ended" (no start)')
    days: int
    ended_on: dt.date | None


class StageOut(Schema):
    stage: str
    reached: int
    went_on: int | None
    rejected_here: int
    withdrew_here: int


class SourceOut(Schema):
    source: str = Field(description='The applicant\'s answer; "" when they did not say')
    applicants: int
    started: int


class PersonVacanciesOut(Schema):
    person: str
    open: int
    awaiting_approval: int
    filled: int


class FiguresOut(Schema):
    months: int
    since: dt.date
    today: dt.date
    median_days_to_hire: float | None
    time_to_hire: list[HireOut]
    stages: list[StageOut]
    sources: list[SourceOut]
    open_per_person: list[PersonVacanciesOut]


def _cohort_out(cohort: Any) -> dict[str, Any]:
    mentor = cohort.mentor
    return {
        "public_id": cohort.public_id,
        "name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "place": cohort.place,
        "mentor": {"public_id": mentor.public_id, "name": mentor.name} if mentor else None,
        "sessions": cohort.session_count,
        "trainees": cohort.trainee_count,
        "enrolled": cohort.enrolled_count,
        "completed": cohort.completed_count,
    }


@router.get("/cohorts", response={200: Page[CohortOut], **ERRORS}, summary="Training route cohorts")
def list_cohorts(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    user = actor(request)
    require_recruiter(user)
    page = paginate(cohort_selectors.cohorts_of(user.organisation_id), paging)
    page["items"] = [_cohort_out(cohort) for cohort in page["items"]]  # type: ignore[attr-defined]
    return page


@router.get(
    "/cohorts/report",
    response={200: ReportOut, **ERRORS},
    summary="The training route's report: told, enrolled, completed, applied, into jobs",
)
def get_cohorts_report(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    require_recruiter(user)
    report = cohort_selectors.route_report(user.organisation_id)

    def row(found: cohort_selectors.ReportRow) -> dict[str, Any]:
        return {
            "cohort": found.cohort.public_id if found.cohort else None,
            "label": found.label,
            "informed": found.informed,
            "enrolled": found.enrolled,
            "completed": found.completed,
            "left": found.left,
            "applied": found.applied,
            "started": found.started,
        }

    return {"rows": [row(r) for r in report.rows], "total": row(report.total)}


@router.get(
    "/cohorts/{uuid:cohort_id}",
    response={200: CohortDetailOut, **ERRORS},
    summary="A cohort with its sessions and its trainees' statuses",
)
def get_cohort(request: HttpRequest, cohort_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    cohort = cohort_selectors.access_cohort(user, cohort_id)
    cohort_selectors.record_trainee_access(user, cohort, "api.cohort")
    counted = cohort_selectors.cohorts_of(user.organisation_id).get(pk=cohort.pk)
    page = cohort_selectors.cohort_page(cohort)
    return {
        **_cohort_out(counted),
        "session_list": [
            {
                "public_id": s.public_id,
                "on": s.on,
                "topic": s.topic,
                "register_taken": s.pk in page.taken,
            }
            for s in page.sessions
        ],
        "trainee_list": [
            {
                "public_id": row.trainee.public_id,
                "first_name": row.trainee.first_name,
                "last_name": row.trainee.last_name,
                "status": row.trainee.status,
                "informed_on": row.trainee.informed_on,
                "sessions_marked": row.marked,
                "sessions_present": row.present,
                "attendance_percent": row.attendance_rate,
                "applied": row.trainee.applicant_id is not None,
                "started": row.started,
            }
            for row in page.trainees
        ],
    }


def _figures_out(found: Figures) -> dict[str, Any]:
    return {
        "months": found.months,
        "since": found.since,
        "today": found.today,
        "median_days_to_hire": found.median_days,
        "time_to_hire": [
            {
                "vacancy": row.vacancy.public_id,
                "person": row.person_name,
                "opened_on": row.opened_on,
                "outcome": HireOutcome(row.outcome).value,
                "days": row.days,
                "ended_on": row.ended_on,
            }
            for row in found.hires
        ],
        "stages": [
            {
                "stage": row.stage.value,
                "reached": row.reached,
                "went_on": row.went_on,
                "rejected_here": row.rejected_here,
                "withdrew_here": row.withdrew_here,
            }
            for row in found.stages
        ],
        "sources": [
            {"source": row.source, "applicants": row.applicants, "started": row.started}
            for row in found.sources
        ],
        "open_per_person": [
            {
                "person": row.name,
                "open": row.open,
                "awaiting_approval": row.awaiting,
                "filled": row.filled,
            }
            for row in found.people
        ],
    }


@router.get(
    "/recruitment-figures",
    response={200: FiguresOut, **ERRORS},
    summary="Workforce figures: time to hire, stage conversion, sources, vacancies per person",
)
def get_recruitment_figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    user = actor(request)
    require_recruiter(user)
    # Checked after access, so that only recruiters learn what the endpoint accepts.
    if query.months not in PERIODS:
        raise ValidationError(
            [{"loc": ("query", "months"), "msg": _("Choose 3, 6 or 12 months."), "type": "value"}]
        )
    return _figures_out(figures(user.organisation, query.months))
