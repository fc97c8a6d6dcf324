"""Writes for the pre-employment training and mentoring route: cohorts, their sessions, the
trainees on them, attendance, and the link from a trainee to the applicant they became.

Every write is keyword-only, in one transaction, audited inside it (trainees are not people we
support: the events name no person; object ids are public ids, never names).

A trainee's status moves informed → enrolled → completed, or enrolled → left. "Left" is only
for someone who enrolled: a person told about the route who never joined stays "informed", so
the route's report can count who enrolled from the status alone. Two corrections are allowed:
completed → enrolled (recorded by mistake) and left → enrolled (came back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.recruitment.models import (
    Applicant,
    Attendance,
    Cohort,
    CohortSession,
    Trainee,
)
from ownterms.staff.models import StaffMember

Status = Trainee.Status

#: The moves a trainee's status may make (see the module's docstring).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.INFORMED: frozenset({Status.ENROLLED}),
    Status.ENROLLED: frozenset({Status.COMPLETED, Status.LEFT}),
    Status.COMPLETED: frozenset({Status.ENROLLED}),
    Status.LEFT: frozenset({Status.ENROLLED}),
}
#: Who is on a session's register: everyone who enrolled (those who left keep their history).
ON_REGISTER = frozenset({Status.ENROLLED, Status.COMPLETED, Status.LEFT})

COHORT_FIELDS = ("name", "starts_on", "ends_on", "place", "mentor")


def _clean_text(value: str) -> str:
    return " ".join(value.split())


def _check_cohort(
    organisation_id: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    mentor: StaffMember | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter a name for the cohort, like “Spring 2026”.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day must be on or after the first day.")]
    if mentor is not None and mentor.organisation_id != organisation_id:
        errors["mentor"] = [_("Choose a member of staff of this organisation.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_cohort(
    *,
    actor: User,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
    mentor: StaffMember | None = None,
) -> Cohort:
    name, place = _clean_text(name), _clean_text(place)
    _check_cohort(actor.organisation_id, name, starts_on, ends_on, mentor)
    cohort = Cohort(
        organisation=actor.organisation,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        mentor=mentor,
    )
    return create_audited(
        actor=actor,
        organisation=actor.organisation,
        action="recruitment.cohort_create",
        obj=cohort,
        person=None,
        fields=COHORT_FIELDS,
    )


@transaction.atomic
def update_cohort(
    *,
    actor: User,
    cohort: Cohort,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
    mentor: StaffMember | None = None,
) -> Cohort:
    check_same_organisation(actor, cohort)
    name, place = _clean_text(name), _clean_text(place)
    _check_cohort(cohort.organisation_id, name, starts_on, ends_on, mentor)
    outside = cohort.sessions.exclude(on__range=(starts_on, ends_on))
    if outside.exists():
        raise ValidationError(
            {
                "starts_on": [
                    _("Some sessions fall outside these dates: move or keep the dates around them.")
                ]
            }
        )
    before = snapshot(cohort, COHORT_FIELDS)
    cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
    cohort.place, cohort.mentor = place, mentor
    cohort.full_clean()
    cohort.save()
    changes = field_changes(before, cohort, fields=COHORT_FIELDS)
    if changes:
        record_change(
            actor=actor,
            organisation=cohort.organisation,
            action="recruitment.cohort_update",
            obj=cohort,
            person=None,
            changes=changes,
        )
    return cohort


@transaction.atomic
def add_session(*, actor: User, cohort: Cohort, on: dt.date, topic: str) -> CohortSession:
    check_same_organisation(actor, cohort)
    topic = _clean_text(topic)
    errors: dict[str, list[str]] = {}
    if not topic:
        errors["topic"] = [_("Enter what the session is about.")]
    if not cohort.starts_on <= on <= cohort.ends_on:
        errors["on"] = [
            _("Choose a day between the cohort's first day (%(first)s) and last (%(last)s).")
            % {"first": f"{cohort.starts_on:%d/%m/%Y}", "last": f"{cohort.ends_on:%d/%m/%Y}"}
        ]
    if errors:
        raise ValidationError(errors)
    session = CohortSession(cohort=cohort, on=on, topic=topic)
    return create_audited(
        actor=actor,
        organisation=cohort.organisation,
        action="recruitment.cohort_session_create",
        obj=session,
        person=None,
        fields=("cohort", "on", "topic"),
    )


def _applicant_for_email(organisation_id: int, email: str) -> Applicant | None:
    """The organisation's applicant with this email address who is not yet a trainee."""
    if not email:
        return None
    return Applicant.objects.filter(
        organisation_id=organisation_id, email_key=email.strip().casefold(), trainee__isnull=True
    ).first()


@transaction.atomic
def add_trainee(
    *,
    actor: User,
    cohort: Cohort | None,
    first_name: str,
    last_name: str,
    email: str = "",
    informed_on: dt.date,
    status: str = Status.INFORMED,
    today: dt.date | None = None,
) -> Trainee:
    """Someone told about the route (or already enrolled on it). When an applicant with the
    same email address exists, the trainee is linked to them straight away."""
    check_same_organisation(actor, cohort)
    today = today or timezone.localdate()
    first_name, last_name = _clean_text(first_name), _clean_text(last_name)
    email = email.strip()
    errors: dict[str, list[str]] = {}
    if not first_name:
        errors["first_name"] = [_("Enter their first name.")]
    if not last_name:
        errors["last_name"] = [_("Enter their last name.")]
    if informed_on > today:
        errors["informed_on"] = [_("The day they were told can't be in the future.")]
    if status not in (Status.INFORMED, Status.ENROLLED):
        errors["status"] = [_("A new trainee is either told about the route or enrolled.")]
    if (
        email
        and cohort is not None
        and Trainee.objects.filter(cohort=cohort, email__iexact=email).exists()
    ):
        errors["email"] = [_("Someone with this email address is already on this cohort.")]
    if errors:
        raise ValidationError(errors)
    trainee = Trainee(
        organisation=actor.organisation,
        cohort=cohort,
        first_name=first_name,
        last_name=last_name,
        email=email,
        informed_on=informed_on,
        status=status,
        applicant=_applicant_for_email(actor.organisation_id, email),
    )
    return create_audited(
        actor=actor,
        organisation=actor.organisation,
        action="recruitment.trainee_create",
        obj=trainee,
        person=None,
        fields=("cohort", "first_name", "last_name", "email", "informed_on", "status", "applicant"),
    )


@transaction.atomic
def change_trainee_status(*, actor: User, trainee: Trainee, status: str) -> Trainee:
    check_same_organisation(actor, trainee)
    locked = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if status == locked.status:
        return locked
    if status not in TRANSITIONS.get(locked.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    _("%(name)s can't go from “%(old)s” to “%(new)s”.")
                    % {
                        "name": locked.first_name,
                        "old": Status(locked.status).label,
                        "new": Status(status).label if status in Status.values else status,
                    }
                ]
            }
        )
    old = locked.status
    locked.status = status
    locked.save(update_fields=["status"])
    record_change(
        actor=actor,
        organisation=actor.organisation,
        action="recruitment.trainee_status",
        obj=locked,
        person=None,
        changes={"status": {"old": old, "new": status}},
    )
    return locked


def register_of(session: CohortSession) -> list[Trainee]:
    """The trainees on ``session``'s register: everyone on the cohort who enrolled."""
    return list(
        Trainee.objects.filter(cohort_id=session.cohort_id, status__in=ON_REGISTER).order_by(
            "first_name", "last_name", "pk"
        )
    )


def _save_register(
    actor: User, session: CohortSession, register: list[Trainee], present: set[int]
) -> int:
    """Writes one session's register (``present`` holds trainee pks); returns the changes."""
    existing = {a.trainee_id: a for a in Attendance.objects.filter(session=session)}
    changes: dict[str, dict[str, bool | None]] = {}
    new_rows: list[Attendance] = []
    changed_rows: list[Attendance] = []
    for trainee in register:
        here = trainee.pk in present
        row = existing.get(trainee.pk)
        if row is None:
            new_rows.append(Attendance(session=session, trainee=trainee, present=here))
            changes[str(trainee.public_id)] = {"old": None, "new": here}
        elif row.present != here:
            changes[str(trainee.public_id)] = {"old": row.present, "new": here}
            row.present = here
            changed_rows.append(row)
    Attendance.objects.bulk_create(new_rows)
    Attendance.objects.bulk_update(changed_rows, ["present"])
    if changes:
        record_change(
            actor=actor,
            organisation=actor.organisation,
            action="recruitment.cohort_attendance",
            obj=session,
            person=None,
            changes=changes,
        )
    return len(changes)


def _check_present(
    session: CohortSession, register: list[Trainee], present: Iterable[Trainee], today: dt.date
) -> set[int]:
    if session.on > today:
        raise ValidationError(
            {"present": [_("This session hasn't happened yet: take the register on the day.")]}
        )
    allowed = {t.pk for t in register}
    chosen = {t.pk for t in present}
    if chosen - allowed:
        raise ValidationError(
            {"present": [_("Only trainees on this cohort who enrolled can be marked present.")]}
        )
    return chosen


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    session: CohortSession,
    present: Iterable[Trainee],
    today: dt.date | None = None,
) -> int:
    """Takes ``session``'s register: the trainees in ``present`` were there, everyone else on
    the register was not. Returns how many marks changed."""
    check_same_organisation(actor, session.cohort)
    register = register_of(session)
    chosen = _check_present(session, register, present, today or timezone.localdate())
    return _save_register(actor, session, register, chosen)


@transaction.atomic
def record_attendance_grid(
    *,
    actor: User,
    cohort: Cohort,
    present: Mapping[int, Iterable[Trainee]],
    today: dt.date | None = None,
) -> int:
    """The whole cohort's grid at once: ``present`` maps each session's pk to who was there.
    Sessions not named are left as they were."""
    check_same_organisation(actor, cohort)
    sessions = {s.pk: s for s in cohort.sessions.all()}
    if set(present) - set(sessions):
        raise ValidationError({"present": [_("These sessions are not on this cohort.")]})
    register = list(
        Trainee.objects.filter(cohort=cohort, status__in=ON_REGISTER).order_by(
            "first_name", "last_name", "pk"
        )
    )
    today = today or timezone.localdate()
    changed = 0
    for session_pk, here in present.items():
        chosen = _check_present(sessions[session_pk], register, here, today)
        changed += _save_register(actor, sessions[session_pk], register, chosen)
    return changed


def _link(actor: User | None, trainee: Trainee, applicant: Applicant | None, how: str) -> Trainee:
    old = trainee.applicant.public_id if trainee.applicant is not None else None
    trainee.applicant = applicant
    trainee.save(update_fields=["applicant"])
    record_change(
        actor=actor,
        organisation=trainee.organisation,
        action="recruitment.trainee_applicant",
        obj=trainee,
        person=None,
        changes={
            "applicant": {
                "old": str(old) if old else None,
                "new": str(applicant.public_id) if applicant else None,
            },
            "how": how,
        },
    )
    return trainee


@transaction.atomic
def link_trainee_to_applicant(applicant: Applicant) -> Trainee | None:
    """After an application: links the organisation's trainee with the applicant's email
    address (the one told about the route most recently, when there are several) to the
    applicant, unless either is linked already. Returns the trainee linked, or None."""
    if not applicant.email_key or Trainee.objects.filter(applicant=applicant).exists():
        return None
    trainee = (
        Trainee.objects.select_for_update()
        .filter(
            organisation_id=applicant.organisation_id,
            email__iexact=applicant.email_key,
            applicant__isnull=True,
        )
        .order_by("-informed_on", "-pk")
        .first()
    )
    if trainee is None:
        return None
    return _link(None, trainee, applicant, "email")


@transaction.atomic
def link_trainee(*, actor: User, trainee: Trainee, applicant: Applicant | None) -> Trainee:
    """A recruiter links the trainee to an applicant by hand (or removes the link: None)."""
    check_same_organisation(actor, trainee, applicant)
    if applicant is not None:
        taken = Trainee.objects.filter(applicant=applicant).exclude(pk=trainee.pk).first()
        if taken is not None:
            raise ValidationError(
                {"email": [_("This applicant is already linked to %(name)s.") % {"name": taken}]}
            )
    if trainee.applicant_id == (applicant.pk if applicant else None):
        return trainee
    return _link(actor, trainee, applicant, "by hand")
