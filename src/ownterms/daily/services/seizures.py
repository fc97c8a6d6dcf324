"""Recording a seizure, with any rescue medication checked against the person's protocol and
the worker's training; a rescue dose also becomes a PRN dose record (so PRN counts include
it). A rescue dose by a worker without valid training is allowed (the person comes first)
but flagged wherever it shows, and the person's managers are told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited
from ownterms.core.tenancy import check_same_organisation
from ownterms.daily.models import Seizure, SeizureType
from ownterms.daily.selectors.medicines import local_zone, shift_of
from ownterms.daily.selectors.seizures import RESCUE_WINDOW, in_team_on, trained_on
from ownterms.daily.services.amendments import amend
from ownterms.daily.services.medicines import CLOCK_SLACK, record_prn
from ownterms.health.models import Medication
from ownterms.notifications.services import notify
from ownterms.people.models import Person
from ownterms.people.selectors import person_managers
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_member_of

SEIZURE_FIELDS = (
    "starts_at",
    "ends_at",
    "seizure_type",
    "description",
    "rescue_medication",
    "rescue_given_at",
    "rescue_given_by",
    "rescue_by_trained_worker",
    "recovery",
    "ambulance_called",
)
SEIZURE_AMEND_FIELDS = (
    "starts_at",
    "ends_at",
    "seizure_type",
    "description",
    "recovery",
    "ambulance_called",
)


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The seizure can't end before it starts.")})
    if starts_at > now + CLOCK_SLACK:
        raise ValidationError({"starts_at": _("The start can't be in the future.")})
    if ends_at > now + CLOCK_SLACK:
        raise ValidationError({"ends_at": _("The end can't be in the future.")})


def _check_rescue_time(seizure: Seizure) -> None:
    given = seizure.rescue_given_at
    if given is None:
        return
    if not (seizure.starts_at <= given <= seizure.ends_at + RESCUE_WINDOW):
        raise ValidationError(
            {
                "rescue_given_at": _(
                    "Rescue medication is given during the seizure or up to an hour after it "
                    "ends: check the times."
                )
            }
        )


def _check_rescue(
    person: Person,
    medication: Medication | None,
    given_at: dt.datetime | None,
    given_by: StaffMember | None,
) -> None:
    if medication is None:
        if given_at is not None or given_by is not None:
            raise ValidationError(
                {"rescue_medication": _("Choose the rescue medicine that was given.")}
            )
        return
    errors: dict[str, str] = {}
    day = timezone.localtime(given_at or timezone.now(), local_zone()).date()
    if (
        medication.person_id != person.pk
        or medication.kind != Medication.Kind.PRN
        or not medication.prn_protocol.strip()
        or not medication.is_current(day)
    ):
        errors["rescue_medication"] = _(
            "Choose one of the person's current when-needed (PRN) medicines, with its protocol."
        )
    if given_at is None:
        errors["rescue_given_at"] = _("Enter when the rescue medication was given.")
    if given_by is None:
        errors["rescue_given_by"] = _("Choose who gave the rescue medication.")
    elif not in_team_on(person, given_by, day):
        errors["rescue_given_by"] = _("Choose a member of the person's team.")
    if errors:
        raise ValidationError(errors)


def record_seizure(
    *,
    actor: User,
    person: Person,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    seizure_type: str,
    description: str = "",
    recovery: str = "",
    ambulance_called: bool = False,
    rescue_medication: Medication | None = None,
    rescue_given_at: dt.datetime | None = None,
    rescue_given_by: StaffMember | None = None,
    rescue_dose: str = "",
    basis: str = "",
    now: dt.datetime | None = None,
) -> Seizure:
    """Records a seizure; with rescue medication, checks it against the person's medicines,
    the seizure's times and the team, records whether the giver held valid training for the
    medicine that day, writes the PRN dose, and tells the managers when they did not."""
    now = now or timezone.now()
    check_same_organisation(actor, person, rescue_medication, rescue_given_by)
    if seizure_type not in SeizureType.values:
        raise ValidationError({"seizure_type": _("Choose the type of seizure.")})
    _check_times(starts_at, ends_at, now)
    _check_rescue(person, rescue_medication, rescue_given_at, rescue_given_by)
    trained: bool | None = None
    if rescue_medication is not None and rescue_given_by is not None and rescue_given_at:
        day = timezone.localtime(rescue_given_at, local_zone()).date()
        trained = trained_on(rescue_given_by, rescue_medication, day)
    staff = staff_member_of(actor)
    seizure = Seizure(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift_of(person, staff, starts_at),
        recorded_by=actor,
        recorded_by_staff=staff,
        starts_at=starts_at,
        ends_at=ends_at,
        seizure_type=seizure_type,
        description=description.strip(),
        recovery=recovery.strip(),
        ambulance_called=ambulance_called,
        rescue_medication=rescue_medication,
        rescue_given_at=rescue_given_at,
        rescue_given_by=rescue_given_by,
        rescue_by_trained_worker=trained,
    )
    _check_rescue_time(seizure)
    with transaction.atomic():
        create_audited(
            actor=actor,
            organisation=person.organisation,
            action="daily.seizure.add",
            obj=seizure,
            person=person,
            fields=SEIZURE_FIELDS,
            basis=basis,
        )
        if rescue_medication is not None and rescue_given_at is not None:
            record_prn(
                actor=actor,
                person=person,
                medication=rescue_medication,
                reason=_("Rescue medication in a seizure"),
                at=rescue_given_at,
                dose=rescue_dose,
                basis=basis,
                now=now,
                seizure=seizure,
                given_by_staff=rescue_given_by,
            )
        if trained is False:
            _tell_managers(person, seizure)
    return seizure


def _tell_managers(person: Person, seizure: Seizure) -> None:
    managers = [m.user for m in person_managers(person).select_related("user")]
    link = reverse(
        "daily:seizure_detail",
        kwargs={
            "org": person.organisation.slug,
            "person_id": person.public_id,
            "seizure_id": seizure.public_id,
        },
    )
    notify(
        users=managers,
        topic="daily.rescue_untrained",
        subject=_("Rescue medication given by someone without valid training"),
        body=_(
            "1 seizure record shows rescue medication given by a worker without valid "
            "training for it that day. Please check the record and follow up."
        ),
        link=link,
    )


def amend_seizure(
    *,
    actor: User,
    record: Seizure,
    changes: Mapping[str, Any],
    reason: str,
    now: dt.datetime | None = None,
) -> Seizure:
    """Corrects a seizure record with a reason (times, type, what happened, recovery,
    ambulance). The rescue medication, who gave it and when are part of the PRN dose record
    and stay as written."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"amend_reason": _("Say why you are changing this record.")})
    unknown = set(changes) - set(SEIZURE_AMEND_FIELDS)
    if unknown:
        raise ValueError(f"not amendable: {sorted(unknown)}")

    def validate(changed: Seizure) -> None:
        if changed.seizure_type not in SeizureType.values:
            raise ValidationError({"seizure_type": _("Choose the type of seizure.")})
        _check_times(changed.starts_at, changed.ends_at, now)
        _check_rescue_time(changed)

    return amend(actor=actor, record=record, changes=changes, reason=reason, validate=validate)
