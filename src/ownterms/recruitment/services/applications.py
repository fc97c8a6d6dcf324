"""Applications: applying (public, no account), moving along the stages one step at a time,
rejecting or withdrawing, interviews and the second-stage meeting, checks, the offer, the start
as a member of staff, and considering an applicant for another person. Every write is audited.

Applicants' details are personal data of someone who is not (yet) on our books: the audit says
that they changed, never what they are (``APPLICANT_PRIVATE``), so the retention job's deletion
leaves nothing about them behind but the public id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, User
from ownterms.accounts.services import grant_role
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.core.selectors import setting, today_for
from ownterms.core.setting_keys import RETENTION_DAYS
from ownterms.people.models import CircleMember
from ownterms.recruitment.access import ApplicationAccess, Basis
from ownterms.recruitment.models import (
    ENDED_STAGES,
    STAGE_ORDER,
    Applicant,
    Application,
    Check,
    Meeting,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.recruitment.postcodes import locate
from ownterms.recruitment.services.cohorts import link_trainee_to_applicant
from ownterms.staff.models import StaffMember, TeamMembership
from ownterms.staff.services import add_team_membership, create_staff_member, update_staff_member
from ownterms.vocabulary.models import Skill, Tag

#: Applicant fields the audit records only as "changed".
APPLICANT_PRIVATE = (
    "first_name",
    "last_name",
    "email",
    "email_key",
    "phone",
    "postcode",
    "latitude",
    "longitude",
    "gender",
    "cv",
    "about_me",
    "availability",
)
APPLICANT_DETAILS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "home_area",
    "about_me",
    "available_minutes_per_week",
    "availability",
    "drives",
    "new_to_care",
    "gender",
    "source",
)
ANSWERS = ("yes", "no", "not_sure")
#: A full-time contract from this many minutes a week (37.5 hours).
FULL_TIME_MINUTES = 37 * 60 + 30
RECRUITER = Basis.RECRUITER.value

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def parse_postcode(value: str) -> tuple[str, str]:
    """A UK postcode as (normalised postcode, district): " ls62ab " → ("LS6 2AB", "LS6")."""
    compact = "".join(value.split()).upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError(
            {"postcode": _("Enter a real UK postcode, like LS6 2AB.")}, code="invalid_postcode"
        )
    return f"{match.group(1)} {match.group(2)}", match.group(1)


def keep_until_for(organisation: Any, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=setting(organisation, RETENTION_DAYS, today))


class AlreadyAppliedError(Exception):
    """The applicant has an application for this vacancy already (nothing was changed)."""

    def __init__(self, application: Application) -> None:
        super().__init__(str(application.public_id))
        self.application = application


@dataclass(frozen=True)
class ApplicationDetails:
    """What the public form asks (already parsed)."""

    first_name: str
    last_name: str
    email: str
    postcode: str
    phone: str = ""
    about_me: str = ""
    tags: Sequence[Tag] = ()
    skills: Sequence[Skill] = ()
    available_minutes_per_week: int = 0
    availability: str = ""
    drives: bool = False
    new_to_care: bool = False
    gender: str = ""
    source: str = ""
    #: ``{question public_id: {"answer": "yes"|"no"|"not_sure", "comment": str}}``
    answers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _check_answers(vacancy: Vacancy, answers: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    known = {str(q) for q in vacancy.questions.values_list("public_id", flat=True)}
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        if key not in known or value.get("answer") not in ANSWERS:
            raise ValidationError(_("Answer each question with yes, no or not sure."))
        clean[key] = {"answer": value["answer"], "comment": str(value.get("comment", ""))[:500]}
    return clean


def _applicant_for(organisation_id: int, email: str) -> tuple[Applicant, bool]:
    """The organisation's applicant with this email (locked), else a new one (saved).

    Two submissions at once: the second insert meets the unique constraint, and then finds
    (and waits for) the first one's applicant instead of making another."""
    key = email.strip().casefold()
    found = Applicant.objects.select_for_update().filter(
        organisation_id=organisation_id, email_key=key
    )
    existing = found.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            applicant = Applicant(organisation_id=organisation_id, email=email, first_name="")
            applicant.save()
    except IntegrityError:
        return found.get(), False
    return applicant, True


@transaction.atomic
def apply(
    *,
    vacancy: Vacancy,
    details: ApplicationDetails,
    cv: ContentFile | None = None,  # type: ignore[type-arg]
    now: dt.datetime | None = None,
) -> Application:
    """A public application: the applicant (found by email, case-insensitively, or new) with
    these details, and an application for ``vacancy`` at stage APPLIED.

    Raises ``AlreadyAppliedError`` (nothing changed) when they have applied for it already."""
    now = now or timezone.now()
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if locked.status != VacancyStatus.OPEN:
        raise ValidationError(_("This job is no longer open for applications."))
    postcode, district = parse_postcode(details.postcode)
    answers = _check_answers(locked, details.answers)
    applicant, created = _applicant_for(locked.organisation_id, details.email)
    already = Application.objects.filter(applicant=applicant, vacancy=locked).first()
    if already is not None:
        raise AlreadyAppliedError(already)
    old = None if created else snapshot(applicant, APPLICANT_DETAILS)
    old_tags = set() if created else set(applicant.tags.values_list("pk", flat=True))
    old_skills = set() if created else set(applicant.skills.values_list("pk", flat=True))
    values = {
        "first_name": details.first_name.strip(),
        "last_name": details.last_name.strip(),
        "email": details.email.strip(),
        "phone": details.phone.strip(),
        "postcode": postcode,
        "home_area": district,
        "about_me": details.about_me.strip(),
        "available_minutes_per_week": details.available_minutes_per_week,
        "availability": details.availability.strip(),
        "drives": details.drives,
        "new_to_care": details.new_to_care,
        "gender": details.gender,
        "source": details.source,
    }
    for name, value in values.items():
        setattr(applicant, name, value)
    locate(applicant)  # coordinates for travel, when the postcode is in the centroid table
    applicant.consent_given_at = now
    if applicant.staff_member_id is None:
        applicant.keep_until = keep_until_for(locked.organisation, today_for(locked.organisation))
    old_cv = applicant.cv.name if applicant.cv else ""
    if cv is not None:
        applicant.cv.save(cv.name or "cv", cv, save=False)
        if old_cv:
            storage = applicant.cv.storage
            transaction.on_commit(lambda: storage.delete(old_cv))
    applicant.full_clean(exclude=["email_key"])
    applicant.save()
    applicant.tags.set(
        [tag for tag in details.tags if tag.organisation_id == locked.organisation_id]
    )
    applicant.skills.set(
        [skill for skill in details.skills if skill.organisation_id == locked.organisation_id]
    )
    changes = field_changes(old, applicant, fields=APPLICANT_DETAILS, private=APPLICANT_PRIVATE)
    if old_tags != set(applicant.tags.values_list("pk", flat=True)):
        changes["tags"] = {"changed": True}
    if old_skills != set(applicant.skills.values_list("pk", flat=True)):
        changes["skills"] = {"changed": True}
    if cv is not None:
        changes["cv"] = {"changed": True}
    record_change(
        actor=None,
        organisation=locked.organisation,
        action="recruitment.applicant_add" if created else "recruitment.applicant_update",
        obj=applicant,
        person=None,
        changes=changes,
        basis="applicant",
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organisation_id=locked.organisation_id,
                applicant=applicant,
                vacancy=locked,
                stage=Stage.APPLIED,
                answers=answers,
            )
    except IntegrityError:
        raise AlreadyAppliedError(
            Application.objects.get(applicant=applicant, vacancy=locked)
        ) from None
    StageChange.objects.create(
        application=application, to_stage=Stage.APPLIED, by_label=_("The applicant")
    )
    record_change(
        actor=None,
        organisation=locked.organisation,
        action="recruitment.apply",
        obj=application,
        person=None,
        changes={
            "vacancy": str(locked.public_id),
            "applicant": str(applicant.public_id),
            "stage": {"old": None, "new": Stage.APPLIED.value},
            "answers": {"changed": True} if answers else {},
        },
        basis="applicant",
    )
    link_trainee_to_applicant(applicant)
    return application


# -- Moving along the stages ---------------------------------------------------------------


def next_stage(stage: str) -> Stage | None:
    """The stage after ``stage`` in ``STAGE_ORDER`` (None at the end or when it has ended)."""
    if stage in ENDED_STAGES or stage not in STAGE_ORDER:
        return None
    index = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def _label(stage: str) -> str:
    return str(Stage(stage).label)


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy", "vacancy__person", "applicant", "organisation")
        .get(pk=application.pk)
    )


def _check_open(application: Application) -> None:
    if application.stage in ENDED_STAGES:
        raise ValidationError(
            _("This application has ended (%(stage)s): it can't be changed.")
            % {"stage": _label(application.stage)},
            code="ended",
        )


def _record_move(
    *,
    actor: User,
    application: Application,
    from_stage: str,
    note: str = "",
    action: str = "recruitment.move",
    extra: Mapping[str, Any] | None = None,
) -> None:
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=application.stage,
        note=note,
        by=actor,
        by_label=actor.display_name or actor.email,
    )
    record_change(
        actor=actor,
        organisation=application.organisation,
        action=action,
        obj=application,
        person=None,
        changes={"stage": {"old": from_stage, "new": application.stage}, **(extra or {})},
        basis=RECRUITER,
    )


def _says_yes(application: Application) -> bool:
    return application.meetings.filter(stage=Stage.MEETING, decision=Meeting.Decision.YES).exists()


def _vetoed(application: Application) -> bool:
    return Veto.objects.filter(
        vacancy_id=application.vacancy_id, applicant_id=application.applicant_id
    ).exists()


def checks_missing(application: Application) -> list[str]:
    """The labels of the required checks not yet cleared (failed ones count as missing)."""
    cleared = set(
        application.checks.filter(cleared_on__isnull=False, failed=False).values_list(
            "kind", flat=True
        )
    )
    return [
        str(label)
        for value, label in Check.Kind.choices
        if value in Check.REQUIRED and value not in cleared
    ]


@transaction.atomic
def advance(
    *,
    actor: User,
    application: Application,
    to_stage: str,
    note: str = "",
    offered_minutes_per_week: int | None = None,
    starts_on: dt.date | None = None,
) -> Application:
    """Moves the application one step on to ``to_stage`` (which must be the next stage).

    The second stage needs the person's (or family's) "yes" before the checks; the offer needs
    every required check cleared, the hours and the start date. Starting is ``start``."""
    locked = _lock(application)
    _check_open(locked)
    if to_stage == locked.stage:
        raise ValidationError(
            _("It is already at “%(stage)s”.") % {"stage": _label(to_stage)}, code="same"
        )
    following = next_stage(locked.stage)
    if to_stage in (Stage.REJECTED, Stage.WITHDRAWN):
        raise ValidationError(_("Use “Not taken forward” or “Withdrew” to end an application."))
    if following is None or to_stage != following:
        raise ValidationError(
            _("Stages can't be skipped: the next stage is “%(stage)s”.")
            % {"stage": _label(following) if following else "-"},
            code="skipped",
        )
    if to_stage == Stage.STARTED:
        start(actor=actor, application=locked)
        locked.refresh_from_db()
        return locked
    extra: dict[str, Any] = {}
    if to_stage == Stage.CHECKS:
        if _vetoed(locked):
            raise ValidationError(
                _("%(name)s said this applicant is not for them.")
                % {"name": locked.vacancy.person.called},
                code="vetoed",
            )
        if not _says_yes(locked):
            raise ValidationError(
                _(
                    "Record the second-stage meeting with the person (or their family) and "
                    "their yes, in their words, before the checks."
                ),
                code="no_yes",
            )
    if to_stage == Stage.OFFER:
        missing = checks_missing(locked)
        if missing:
            raise ValidationError(
                _("These checks must be cleared before an offer: %(checks)s.")
                % {"checks": ", ".join(missing)},
                code="checks",
            )
        errors: dict[str, str] = {}
        if offered_minutes_per_week is None:
            errors["offered_minutes_per_week"] = _("Enter the hours a week offered.")
        elif offered_minutes_per_week > 7 * 24 * 60:
            errors["offered_minutes_per_week"] = _("A week has only 168 hours.")
        if starts_on is None:
            errors["starts_on"] = _("Enter the start date.")
        if errors:
            raise ValidationError(errors)
        locked.offered_minutes_per_week = offered_minutes_per_week
        locked.starts_on = starts_on
        extra = {
            "offered_minutes_per_week": {"old": None, "new": offered_minutes_per_week},
            "starts_on": {"old": None, "new": starts_on.isoformat() if starts_on else None},
        }
    from_stage = locked.stage
    locked.stage = to_stage
    locked.save()
    if to_stage == Stage.CHECKS:
        have = set(locked.checks.values_list("kind", flat=True))
        Check.objects.bulk_create(
            [Check(application=locked, kind=kind) for kind in Check.Kind.values if kind not in have]
        )
    _record_move(actor=actor, application=locked, from_stage=from_stage, note=note, extra=extra)
    return locked


@transaction.atomic
def reject(*, actor: User, application: Application, reason: str) -> Application:
    """Not taken forward, at any stage, with the reason (kept with the stage it ended at)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is not taken forward.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason to 2,000 characters or fewer.")})
    locked = _lock(application)
    _check_open(locked)
    from_stage = locked.stage
    locked.ended_at_stage = from_stage
    locked.stage = Stage.REJECTED
    locked.rejection_reason = reason
    locked.save()
    _record_move(
        actor=actor,
        application=locked,
        from_stage=from_stage,
        note=reason,
        action="recruitment.reject",
        extra={"rejection_reason": {"changed": True}},
    )
    return locked


@transaction.atomic
def withdraw(*, actor: User, application: Application, note: str = "") -> Application:
    """The applicant withdrew (at any stage)."""
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note to 2,000 characters or fewer.")})
    locked = _lock(application)
    _check_open(locked)
    from_stage = locked.stage
    locked.ended_at_stage = from_stage
    locked.stage = Stage.WITHDRAWN
    locked.save()
    _record_move(
        actor=actor,
        application=locked,
        from_stage=from_stage,
        note=note.strip(),
        action="recruitment.withdraw",
    )
    return locked


# -- Meetings, checks, the person's view -----------------------------------------------------


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    application: Application,
    held_on: dt.date,
    decision: str,
    decision_words: str = "",
    notes: str = "",
    interviewers: Iterable[StaffMember] = (),
    person_attended: bool = False,
    family: Iterable[CircleMember] = (),
) -> Meeting:
    """The interview (at INTERVIEW) or the second-stage meeting (at MEETING), with the
    decision; at the second stage, the person's or family's decision in their words."""
    locked = _lock(application)
    _check_open(locked)
    if locked.stage not in (Stage.INTERVIEW, Stage.MEETING):
        raise ValidationError(
            _("Meetings are recorded at the interview or the second stage; this is at “%(s)s”.")
            % {"s": _label(locked.stage)}
        )
    if held_on > today_for(locked.organisation):
        raise ValidationError({"held_on": _("The meeting can't be in the future.")})
    if decision not in Meeting.Decision.values:
        raise ValidationError({"decision": _("Choose yes, no or not sure yet.")})
    chosen = list(interviewers)
    circle = list(family)
    if any(member.organisation_id != locked.organisation_id for member in chosen):
        raise ValidationError({"interviewers": _("Choose managers from your organisation.")})
    if any(member.person_id != locked.vacancy.person_id for member in circle):
        raise ValidationError({"family": _("Choose people from the person's circle.")})
    if locked.stage == Stage.MEETING:
        errors: dict[str, str] = {}
        if not person_attended and not circle:
            errors["person_attended"] = _(
                "Say whether the person was there, or who from the family."
            )
        if not decision_words.strip():
            errors["decision_words"] = _("Write their decision as they said it, in their words.")
        if errors:
            raise ValidationError(errors)
    meeting = Meeting(
        application=locked,
        stage=locked.stage,
        held_on=held_on,
        person_attended=person_attended if locked.stage == Stage.MEETING else False,
        decision=decision,
        decision_words=decision_words.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    meeting.interviewers.set(chosen)
    if locked.stage == Stage.MEETING:
        meeting.family.set(circle)
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="recruitment.meeting_add",
        obj=meeting,
        person=None,
        changes={
            **field_changes(None, meeting),
            "application": str(locked.public_id),
            "interviewers": [str(member.public_id) for member in chosen],
            "family": [str(member.public_id) for member in circle],
        },
        basis=RECRUITER,
    )
    return meeting


def _deciders_of(actor: User, access: ApplicationAccess) -> list[CircleMember]:
    if access.basis is not Basis.FAMILY:
        return []
    return list(
        access.application.vacancy.deciders.filter(
            user=actor, person=access.application.vacancy.person
        )
    )


@transaction.atomic
def record_their_view(
    *, actor: User, access: ApplicationAccess, decision: str, words: str
) -> Meeting:
    """What the person (or a family member they chose) thinks of a second-stage applicant,
    in their words: a meeting at the second stage recorded by them."""
    if access.basis not in (Basis.PERSON, Basis.FAMILY):
        raise ValidationError(_("Only the person and the family they chose say this here."))
    locked = _lock(access.application)
    if locked.stage != Stage.MEETING:
        raise ValidationError(_("This applicant is no longer at the meeting stage."))
    if decision not in Meeting.Decision.values:
        raise ValidationError({"decision": _("Choose yes, no or not sure yet.")})
    words = words.strip()
    if len(words) > 3000:
        raise ValidationError({"words": _("Keep it to 3,000 characters or fewer.")})
    family = _deciders_of(actor, access)
    meeting = Meeting.objects.create(
        application=locked,
        stage=Stage.MEETING,
        held_on=today_for(locked.organisation),
        person_attended=access.basis is Basis.PERSON,
        decision=decision,
        decision_words=words,
        recorded_by=actor,
    )
    meeting.family.set(family)
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="recruitment.their_view",
        obj=meeting,
        person=locked.vacancy.person,
        changes={**field_changes(None, meeting), "application": str(locked.public_id)},
        basis=access.basis.value,
    )
    return meeting


@transaction.atomic
def say_not_for_me(*, actor: User, access: ApplicationAccess, reason: str = "") -> Veto:
    """The person (or family) does not want this applicant in their team."""
    if access.basis not in (Basis.PERSON, Basis.FAMILY):
        raise ValidationError(_("Only the person and the family they chose say this here."))
    reason = reason.strip()
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep it to 300 characters or fewer.")})
    application = access.application
    veto, created = Veto.objects.get_or_create(
        vacancy=application.vacancy, applicant=application.applicant, defaults={"reason": reason}
    )
    if created:
        record_change(
            actor=actor,
            organisation=application.organisation,
            action="recruitment.veto",
            obj=application,
            person=application.vacancy.person,
            changes={"veto": {"old": False, "new": True}, "reason": {"changed": True}},
            basis=access.basis.value,
        )
    return veto


@transaction.atomic
def update_check(
    *,
    actor: User,
    application: Application,
    kind: str,
    requested_on: dt.date | None,
    cleared_on: dt.date | None,
    failed: bool = False,
    note: str = "",
) -> Check:
    """A pre-employment check's dates (or that it failed) while the application is at CHECKS."""
    locked = _lock(application)
    _check_open(locked)
    if locked.stage != Stage.CHECKS:
        raise ValidationError(_("Checks are recorded at the pre-employment checks stage."))
    if kind not in Check.Kind.values:
        raise ValidationError({"kind": _("Choose a check.")})
    today = today_for(locked.organisation)
    errors: dict[str, str] = {}
    if requested_on is not None and requested_on > today:
        errors["requested_on"] = _("The date requested can't be in the future.")
    if cleared_on is not None and cleared_on > today:
        errors["cleared_on"] = _("The date cleared can't be in the future.")
    if cleared_on is not None and requested_on is not None and cleared_on < requested_on:
        errors["cleared_on"] = _("A check is cleared on or after the day it was requested.")
    if failed and cleared_on is not None:
        errors["failed"] = _("A failed check can't be cleared: leave the date cleared empty.")
    if errors:
        raise ValidationError(errors)
    check, _created = Check.objects.select_for_update().get_or_create(application=locked, kind=kind)
    old = snapshot(check, ("requested_on", "cleared_on", "failed", "note"))
    check.requested_on = requested_on
    check.cleared_on = cleared_on
    check.failed = failed
    check.note = note.strip()[:300]
    check.save()
    changes = field_changes(old, check, fields=("requested_on", "cleared_on", "failed", "note"))
    if changes:
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="recruitment.check_update",
            obj=locked,
            person=None,
            changes={"check": kind, **changes},
            basis=RECRUITER,
        )
    return check


# -- Starting, and considering for another person ------------------------------------------


def _employment(vacancy: Vacancy, minutes: int) -> str:
    if vacancy.kind == Vacancy.Kind.RELIEF:
        return StaffMember.Employment.BANK
    if minutes >= FULL_TIME_MINUTES:
        return StaffMember.Employment.FULL_TIME
    return StaffMember.Employment.PART_TIME


def _new_user(actor: User, applicant: Applicant) -> User:
    if User.objects.filter(email__iexact=applicant.email.strip()).exists():
        raise ValidationError(
            _(
                "There is already an account with %(email)s. Ask an administrator to link it, "
                "or change the applicant's email address."
            )
            % {"email": applicant.email}
        )
    user = User.objects.create_user(
        email=applicant.email.strip(),
        password=None,  # unusable: they set their own from the invitation
        display_name=applicant.name,
        organisation=applicant.organisation,
    )
    record_change(
        actor=actor,
        organisation=applicant.organisation,
        action="user.create",
        obj=user,
        person=None,
        changes=field_changes(None, {"email": user.email, "display_name": user.display_name}),
        basis=RECRUITER,
    )
    # Only administrators grant roles; starting a hired applicant as a support worker is the
    # one role this service grants, as the system, with the start audited under the actor.
    grant_role(actor=None, user=user, role=Role.SUPPORT_WORKER)
    return user


@dataclass(frozen=True)
class Started:
    application: Application
    staff_member: StaffMember
    membership: TeamMembership
    #: A new account was made (it needs an invitation to set a password).
    new_user: User | None


@transaction.atomic
def start(*, actor: User, application: Application) -> Started:
    """The offer accepted: the applicant becomes a member of staff (a new account with no
    usable password, the staff record from the offer and what they told us) in the person's
    team, approved by the person; the vacancy is filled. Nothing is typed again."""
    locked = _lock(application)
    _check_open(locked)
    if locked.stage != Stage.OFFER:
        raise ValidationError(
            _("Only an offer can start: this application is at “%(stage)s”.")
            % {"stage": _label(locked.stage)},
            code="skipped",
        )
    if locked.offered_minutes_per_week is None or locked.starts_on is None:
        raise ValidationError(_("Record the hours and start date of the offer first."))
    applicant = Applicant.objects.select_for_update().get(pk=locked.applicant_id)
    vacancy = locked.vacancy
    new_user: User | None = None
    member = applicant.staff_member
    if member is None:
        new_user = _new_user(actor, applicant)
        member = create_staff_member(
            actor=actor,
            user=new_user,
            first_name=applicant.first_name,
            last_name=applicant.last_name,
            job_title=_("Support worker"),
            employment=_employment(vacancy, locked.offered_minutes_per_week),
            contract_minutes_per_week=locked.offered_minutes_per_week,
            starts_on=locked.starts_on,
        )
        tags = list(applicant.tags.all())
        extra: dict[str, Any] = {
            "interests": [tag.label for tag in tags if tag.kind == Tag.Kind.INTEREST],
            "traits": [tag.label for tag in tags if tag.kind == Tag.Kind.TRAIT],
        }
        if applicant.home_area:
            extra["home_area"] = applicant.home_area
        if applicant.gender in StaffMember.Gender.values:
            extra["gender"] = applicant.gender
        member = update_staff_member(actor=actor, staff_member=member, **extra)
    membership = add_team_membership(
        actor=actor,
        person=vacancy.person,
        staff_member=member,
        kind=(
            TeamMembership.Kind.RELIEF
            if vacancy.kind == Vacancy.Kind.RELIEF
            else TeamMembership.Kind.CORE
        ),
        approved_by_person=True,
        starts_on=locked.starts_on,
    )
    from_stage = locked.stage
    locked.stage = Stage.STARTED
    locked.staff_member = member
    locked.save()
    _record_move(
        actor=actor,
        application=locked,
        from_stage=from_stage,
        action="recruitment.start",
        extra={"staff_member": str(member.public_id)},
    )
    old_keep = applicant.keep_until
    applicant.staff_member = member
    applicant.keep_until = None
    applicant.save()
    record_change(
        actor=actor,
        organisation=applicant.organisation,
        action="recruitment.applicant_update",
        obj=applicant,
        person=None,
        changes={
            "staff_member": {"old": None, "new": str(member.public_id)},
            "keep_until": {"old": old_keep.isoformat() if old_keep else None, "new": None},
        },
        basis=RECRUITER,
    )
    filled = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if filled.status != VacancyStatus.FILLED:
        old_status = filled.status
        filled.status = VacancyStatus.FILLED
        filled.filled_at = timezone.now()
        filled.save(update_fields=["status", "filled_at", "updated_at"])
        record_change(
            actor=actor,
            organisation=filled.organisation,
            action="recruitment.vacancy_filled",
            obj=filled,
            person=filled.person,
            changes={"status": {"old": old_status, "new": filled.status}},
            basis=RECRUITER,
        )
    locked.refresh_from_db()
    return Started(locked, member, membership, new_user)


@transaction.atomic
def consider_for(*, actor: User, application: Application, vacancy: Vacancy) -> Application:
    """Considers the applicant for another person's open vacancy, without applying again: a new
    application at SCREENED (the self-selection questions are asked at the interview)."""
    source = Application.objects.select_related("applicant", "vacancy").get(pk=application.pk)
    if vacancy.organisation_id != source.organisation_id or vacancy.status != VacancyStatus.OPEN:
        raise ValidationError({"vacancy": _("Choose an open vacancy.")})
    if vacancy.pk == source.vacancy_id:
        raise ValidationError({"vacancy": _("Choose another person's vacancy.")})
    if Application.objects.filter(applicant=source.applicant, vacancy=vacancy).exists():
        raise ValidationError(
            {
                "vacancy": _("%(name)s is already an applicant for this vacancy.")
                % {"name": source.applicant.first_name}
            }
        )
    if Veto.objects.filter(vacancy=vacancy, applicant=source.applicant).exists():
        raise ValidationError(
            {
                "vacancy": _("%(name)s said this applicant is not for them.")
                % {"name": vacancy.person.called}
            }
        )
    try:
        with transaction.atomic():
            created = Application.objects.create(
                organisation_id=source.organisation_id,
                applicant=source.applicant,
                vacancy=vacancy,
                stage=Stage.SCREENED,
                considered_from=source,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "vacancy": _("%(name)s is already an applicant for this vacancy.")
                % {"name": source.applicant.first_name}
            }
        ) from None
    created.organisation = source.organisation
    _record_move(
        actor=actor,
        application=created,
        from_stage="",
        note=_("Considered from the application for %(name)s's team.")
        % {"name": source.vacancy.person.called},
        action="recruitment.consider",
        extra={
            "considered_from": str(source.public_id),
            "vacancy": str(vacancy.public_id),
        },
    )
    return created
