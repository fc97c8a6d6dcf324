"""From an accepted referral to a supported person, without retyping.

``create_record`` makes, in one transaction and through each app's own services (their checks
and audit included): the person (``REFERRED`` while the move is planned), their circle from the
referral's contacts, the commissioned package, the funding arrangement with its funder (the
weekly amount priced from the hours and rates) and rates, the support pattern from the draft
blocks (the referral's skills on every block, and as the person's skill needs), and the
manager who holds it. A second call (a double click) finds the record and changes nothing.

``start_support`` marks the day support began: the referral becomes ``ACTIVE`` and so does
the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.funding.models import FunderKind, FundingArrangement
from ownterms.funding.services import arrangements as funding
from ownterms.lib.dates import monday_of
from ownterms.people import services as people
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import Decision, DraftBlock, Referral, Status
from ownterms.referrals.selectors.conversion import planned_start, weekly_pence, weekly_rates
from ownterms.referrals.services.pipeline import move
from ownterms.rota.models import SkillMode
from ownterms.rota.services import patterns as rota
from ownterms.staff import services as staff
from ownterms.staff.models import SkillNeed, StaffMember

#: The first review of a new package, weeks after it starts.
REVIEW_AFTER = dt.timedelta(weeks=12)
#: The furthest ahead a planned start may be.
LONGEST_PLAN = dt.timedelta(days=2 * 366)
BASIS = "office"

#: The package's kinds of funder for the funding app's (the package has no "other").
PACKAGE_FUNDER = {
    FunderKind.COUNCIL: CommissionedPackage.FunderKind.COUNCIL,
    FunderKind.ICB: CommissionedPackage.FunderKind.ICB,
    FunderKind.EDUCATION: CommissionedPackage.FunderKind.EDUCATION,
    FunderKind.PERSON: CommissionedPackage.FunderKind.SELF,
}
#: The person's record fields carried from the referral, as they were submitted.
PERSON_FROM_REFERRAL = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "communication_summary",
    "communication_formats",
    "home",
    "town",
    "postcode",
)
PACKAGE_FROM_REFERRAL = (
    "funder_name",
    "day_minutes",
    "two_to_one_minutes",
    "waking_night_minutes",
    "sleep_in_nights",
)


@dataclass(frozen=True)
class Conversion:
    person: Person
    #: False when the record already existed (nothing was changed).
    created: bool


def _accepted(referral: Referral) -> Decision:
    decision = Decision.objects.filter(referral=referral).first()
    if decision is None or not decision.accepted:
        raise ValidationError(_("Only an accepted referral becomes a person's record."))
    return decision


def _check_plan(referral: Referral, decision: Decision, starts_on: dt.date) -> None:
    decided_on = timezone.localtime(decision.decided_at).date()
    if starts_on < decided_on:
        raise ValidationError(
            {
                "starts_on": _("Support can't start before the decision (%(day)s).")
                % {"day": decided_on.strftime("%-d %B %Y")}
            }
        )
    if starts_on > timezone.localdate() + LONGEST_PLAN:
        raise ValidationError({"starts_on": _("Choose a start within the next two years.")})
    if referral.funder_kind not in PACKAGE_FUNDER:
        raise ValidationError(
            _(
                "The referral's funder is of another kind than a council, the NHS, education "
                "or the person: record the package on the person's record by hand."
            )
        )


def _blocks(referral: Referral) -> list[rota.BlockInput]:
    skills = list(referral.skills.all())
    return [
        rota.BlockInput(
            week=1,
            weekday=block.weekday,
            start_minute=block.start_minute,
            end_minute=block.end_minute,
            kind=block.kind,
            headcount=block.headcount,
            skills=skills,
            # A pair shares the skills: one of them holding each is enough.
            skill_mode=SkillMode.AT_LEAST_ONE if block.headcount == 2 else SkillMode.EACH,
            activity=block.activity,
        )
        for block in DraftBlock.objects.filter(referral=referral).order_by(
            "weekday", "start_minute"
        )
    ]


def _funding(
    actor: User, referral: Referral, person: Person, starts_on: dt.date, review_on: dt.date
) -> FundingArrangement:
    arrangement = funding.create_arrangement(
        actor=actor,
        person=person,
        basis=BASIS,
        kind=referral.funding_kind,
        starts_on=starts_on,
        review_on=review_on,
        notes=_("Created from referral %(reference)s.") % {"reference": referral.reference},
    )
    funding.add_source(
        actor=actor,
        arrangement=arrangement,
        funder_kind=referral.funder_kind,
        funder_name=referral.funder_name,
        weekly_pence=weekly_pence(referral),
        starts_on=starts_on,
        basis=BASIS,
    )
    for kind, _quantity, pence in weekly_rates(referral):
        funding.add_rate(
            actor=actor,
            arrangement=arrangement,
            kind=kind,
            pence=pence,
            starts_on=starts_on,
            basis=BASIS,
        )
    return arrangement


@transaction.atomic
def create_record(
    *, actor: User, referral: Referral, starts_on: dt.date, manager: StaffMember
) -> Conversion:
    """The person's record and everything around it from the accepted ``referral``, with
    support planned to start on ``starts_on`` and ``manager`` holding it. Safe to repeat."""
    check_same_organisation(actor, referral, manager)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.person_id is not None:
        referral.person = locked.person
        return Conversion(person=locked.person, created=False)  # type: ignore[arg-type]
    if locked.status != Status.TRANSITION:
        raise ValidationError(
            _("Only an accepted referral, while the move is planned, becomes a person's record.")
        )
    decision = _accepted(locked)
    _check_plan(locked, decision, starts_on)
    review_on = max(starts_on + REVIEW_AFTER, timezone.localdate())
    person = people.create_person(
        actor=actor,
        organisation=locked.organisation,
        basis=BASIS,
        status=Person.Status.REFERRED,
        **{name: getattr(locked, name) for name in PERSON_FROM_REFERRAL},
    )
    for contact in locked.contacts.order_by("pk"):
        people.add_circle_member(
            actor=actor,
            person=person,
            name=contact.name,
            kind=contact.kind,
            relationship=contact.relationship,
            email=contact.email,
            phone=contact.phone,
        )
    people.add_package(
        actor=actor,
        person=person,
        basis=BASIS,
        starts_on=starts_on,
        review_on=review_on,
        funder_kind=PACKAGE_FUNDER[FunderKind(locked.funder_kind)],
        reference=locked.reference,
        **{name: getattr(locked, name) for name in PACKAGE_FROM_REFERRAL},
    )
    _funding(actor, locked, person, starts_on, review_on)
    rota.save_pattern(
        actor=actor,
        person=person,
        weeks=1,
        anchor_monday=monday_of(starts_on),
        note=_("From referral %(reference)s.") % {"reference": locked.reference},
    )
    for block in _blocks(locked):
        rota.add_block(actor=actor, person=person, data=block)
    for skill in locked.skills.all():
        staff.add_skill_need(
            actor=actor, person=person, skill=skill, coverage=SkillNeed.Coverage.EVERY_SHIFT
        )
    staff.assign_manager(
        actor=actor, person=person, manager=manager, starts_on=timezone.localdate()
    )
    locked.person = person
    locked.save(update_fields=["person", "updated_at"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referral.person_created",
        obj=locked,
        person=person,
        changes={
            "person": {"old": None, "new": str(person.public_id)},
            "starts_on": {"old": None, "new": starts_on.isoformat()},
        },
    )
    referral.person = person
    return Conversion(person=person, created=True)


@transaction.atomic
def start_support(*, actor: User, referral: Referral) -> Referral:
    """Support has started: the referral and the person become active. Refused before the
    planned start day or before the record exists; nothing happens when already active."""
    check_same_organisation(actor, referral)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status == Status.ACTIVE:
        return locked
    person = Person.objects.filter(pk=locked.person_id).first() if locked.person_id else None
    if locked.status != Status.TRANSITION or person is None:
        raise ValidationError(_("Create the person's record first."))
    starts_on = planned_start(person) or timezone.localdate()
    if starts_on > timezone.localdate():
        raise ValidationError(
            _("Support is planned to start on %(day)s: mark it started from that day.")
            % {"day": starts_on.strftime("%-d %B %Y")}
        )
    note = _("Support started on %(day)s.") % {"day": starts_on.strftime("%-d %B %Y")}
    move(locked, Status.ACTIVE, actor=actor, note=note)
    if person.status != Person.Status.ACTIVE:
        people.update_person(actor=actor, person=person, basis=BASIS, status=Person.Status.ACTIVE)
    referral.status = locked.status
    return locked
