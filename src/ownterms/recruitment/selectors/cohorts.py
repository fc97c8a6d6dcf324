"""Reads for the training route: cohorts, one cohort's page (sessions, trainees, the
attendance grid), a trainee, and the route's report. Each read is a fixed number of queries
however many trainees or sessions there are."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.audit.services import _record_view
from ownterms.people.access import uuid_or_404
from ownterms.recruitment.access import require_recruiter
from ownterms.recruitment.models import (
    Application,
    Attendance,
    Cohort,
    CohortSession,
    Stage,
    Trainee,
)
from ownterms.recruitment.services.cohorts import ON_REGISTER
from ownterms.staff.models import StaffMember

Status = Trainee.Status


def record_trainee_access(actor: User, obj: Cohort | Trainee, page: str) -> AuditEvent | None:
    """A recruiter saw trainees' names (a cohort page or a trainee's page): one access event,
    deduplicated like a person's record."""
    return _record_view(
        actor=actor,
        action="trainee.view",
        obj=obj,
        person=None,
        page=page,
        basis="recruiter",
    )


def cohorts_of(organisation_id: int) -> QuerySet[Cohort]:
    """The organisation's cohorts, newest first, with their counts."""
    return (
        Cohort.objects.filter(organisation_id=organisation_id)
        .select_related("mentor")
        .annotate(
            session_count=Count("sessions", distinct=True),
            trainee_count=Count("trainees", distinct=True),
            enrolled_count=Count(
                "trainees", filter=Q(trainees__status=Status.ENROLLED), distinct=True
            ),
            completed_count=Count(
                "trainees", filter=Q(trainees__status=Status.COMPLETED), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
    )


def access_cohort(actor: User, cohort_id: uuid.UUID | str) -> Cohort:
    """A cohort of the actor's organisation, for recruiters; else 404."""
    require_recruiter(actor)
    cohort = (
        Cohort.objects.filter(
            organisation_id=actor.organisation_id, public_id=uuid_or_404(cohort_id)
        )
        .select_related("mentor")
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def access_session(actor: User, cohort: Cohort, session_id: uuid.UUID | str) -> CohortSession:
    session = CohortSession.objects.filter(cohort=cohort, public_id=uuid_or_404(session_id)).first()
    if session is None:
        raise Http404
    return session


def access_trainee(actor: User, trainee_id: uuid.UUID | str) -> Trainee:
    require_recruiter(actor)
    trainee = (
        Trainee.objects.filter(
            organisation_id=actor.organisation_id, public_id=uuid_or_404(trainee_id)
        )
        .select_related("cohort", "applicant")
        .first()
    )
    if trainee is None:
        raise Http404
    return trainee


def mentors_of(
    organisation_id: int, today: dt.date, keep: StaffMember | None = None
) -> QuerySet[StaffMember]:
    """Staff who can mentor: everyone employed today (and ``keep``, a cohort's mentor who may
    have left since)."""
    employed = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if keep is not None:
        employed |= Q(pk=keep.pk)
    return StaffMember.objects.filter(employed, organisation_id=organisation_id).order_by(
        "first_name", "last_name", "pk"
    )


def _started() -> Exists:
    return Exists(
        Application.objects.filter(applicant_id=OuterRef("applicant_id"), stage=Stage.STARTED)
    )


def rate(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage (None when there is no whole)."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class TraineeRow:
    trainee: Trainee
    present: int
    marked: int
    started: bool

    @property
    def attendance_rate(self) -> int | None:
        return rate(self.present, self.marked)


@dataclass(frozen=True)
class GridCell:
    session: CohortSession
    present: bool | None  # None: not on that session's register yet


@dataclass(frozen=True)
class GridRow:
    trainee: Trainee
    cells: list[GridCell]
    on_register: bool


@dataclass
class CohortPage:
    cohort: Cohort
    sessions: list[CohortSession]
    trainees: list[TraineeRow]
    grid: list[GridRow] = field(default_factory=list)
    #: Sessions whose register has been taken.
    taken: set[int] = field(default_factory=set)


def trainees_with_rates(cohort: Cohort) -> list[TraineeRow]:
    found = (
        Trainee.objects.filter(cohort=cohort)
        .select_related("applicant")
        .annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True)),
            marked_count=Count("attendance"),
            has_started=_started(),
        )
        .order_by("first_name", "last_name", "pk")
    )
    return [
        TraineeRow(
            trainee=t,
            present=t.present_count,
            marked=t.marked_count,
            started=bool(t.has_started),
        )
        for t in found
    ]


def cohort_page(cohort: Cohort) -> CohortPage:
    """Everything the cohort's page shows, in four queries."""
    sessions = list(cohort.sessions.order_by("on", "pk"))
    rows = trainees_with_rates(cohort)
    marks = {
        (a.session_id, a.trainee_id): a.present
        for a in Attendance.objects.filter(session__cohort=cohort).only(
            "session_id", "trainee_id", "present"
        )
    }
    grid = [
        GridRow(
            trainee=row.trainee,
            cells=[GridCell(s, marks.get((s.pk, row.trainee.pk))) for s in sessions],
            on_register=row.trainee.status in ON_REGISTER,
        )
        for row in rows
    ]
    return CohortPage(
        cohort=cohort,
        sessions=sessions,
        trainees=rows,
        grid=grid,
        taken={session_pk for session_pk, _trainee in marks},
    )


def session_register(session: CohortSession) -> list[tuple[Trainee, bool | None]]:
    """The session's register: each enrolled trainee and whether they were there (None: not
    marked yet)."""
    marks = dict(Attendance.objects.filter(session=session).values_list("trainee_id", "present"))
    trainees = Trainee.objects.filter(cohort_id=session.cohort_id, status__in=ON_REGISTER).order_by(
        "first_name", "last_name", "pk"
    )
    return [(t, marks.get(t.pk)) for t in trainees]


def trainee_attendance(trainee: Trainee) -> list[tuple[CohortSession, bool | None]]:
    if trainee.cohort_id is None:
        return []
    marks = dict(Attendance.objects.filter(trainee=trainee).values_list("session_id", "present"))
    sessions = CohortSession.objects.filter(cohort_id=trainee.cohort_id).order_by("on", "pk")
    return [(s, marks.get(s.pk)) for s in sessions]


def trainee_applications(trainee: Trainee) -> list[Application]:
    if trainee.applicant_id is None:
        return []
    return list(
        Application.objects.filter(applicant_id=trainee.applicant_id)
        .select_related("vacancy", "vacancy__person")
        .order_by("-created_at", "pk")
    )


# The route's report --------------------------------------------------------------------------


@dataclass
class ReportRow:
    label: str
    cohort: Cohort | None = None
    informed: int = 0
    enrolled: int = 0
    completed: int = 0
    left: int = 0
    applied: int = 0
    started: int = 0

    def add(self, status: str, applied: bool, started: bool) -> None:
        self.informed += 1
        self.enrolled += status in ON_REGISTER
        self.completed += status == Status.COMPLETED
        self.left += status == Status.LEFT
        self.applied += applied
        self.started += started

    def percent(self, count: int) -> int | None:
        return rate(count, self.informed)

    @property
    def cells(self) -> list[tuple[int, int | None]]:
        """(count, % of those informed) for enrolled, completed, applied and started."""
        return [
            (n, self.percent(n))
            for n in (self.enrolled, self.completed, self.applied, self.started)
        ]


@dataclass
class RouteReport:
    rows: list[ReportRow]
    total: ReportRow


def route_report(organisation_id: int) -> RouteReport:
    """Per cohort and overall: how many were told about the route, enrolled, completed,
    applied (linked to an applicant) and went into jobs (an application at stage STARTED).
    Two queries."""
    rows: dict[int | None, ReportRow] = {
        cohort.pk: ReportRow(label=cohort.name, cohort=cohort)
        for cohort in Cohort.objects.filter(organisation_id=organisation_id).order_by(
            "-starts_on", "pk"
        )
    }
    total = ReportRow(label=_("All cohorts"))
    trainees = (
        Trainee.objects.filter(organisation_id=organisation_id)
        .annotate(has_started=_started())
        .values_list("cohort_id", "status", "applicant_id", "has_started")
    )
    for cohort_id, status, applicant_id, started in trainees:
        row = rows.get(cohort_id)
        if row is None:
            row = rows[None] = ReportRow(label=_("Not in a cohort yet"))
        applied = applicant_id is not None
        row.add(status, applied, applied and bool(started))
        total.add(status, applied, applied and bool(started))
    return RouteReport(rows=list(rows.values()), total=total)


def report_headings() -> list[str]:
    return [_("Enrolled"), _("Completed"), _("Applied"), _("Went into a job")]


def report_csv_rows(report: RouteReport) -> list[list[str]]:
    """The report as CSV rows: a heading row, one row per cohort, then the total."""
    header = [_("Cohort"), _("Told about the route")]
    for heading in report_headings():
        header += [heading, _("%(what)s (%% of those told)") % {"what": heading}]
    body = []
    for row in [*report.rows, report.total]:
        cells = [row.label, str(row.informed)]
        for count, percent in row.cells:
            cells += [str(count), "" if percent is None else str(percent)]
        body.append(cells)
    return [header, *body]
