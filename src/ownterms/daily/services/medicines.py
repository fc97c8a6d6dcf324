"""Writing the medication administration record: dose times, regular and PRN doses, stock
counts, and amending a dose. Every write is audited in its transaction; nothing is deleted.

A regular dose is recorded once: the service refuses a second record of the same dose with a
clear message, and the database's unique constraint catches two taps that race (the loser
gets the same message and nothing else is lost)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.daily.models import (
    DoseOutcome,
    DoseRecord,
    DoseSchedule,
    Incident,
    MissedDoseAlert,
    StockCount,
)
from ownterms.daily.selectors.doses_due import DueDose, doses_due
from ownterms.daily.selectors.medicines import (
    INCIDENT_LINK_WINDOW,
    local_zone,
    missed_doses,
    shift_of,
    workers_at,
)
from ownterms.daily.services.amendments import amend
from ownterms.health.models import Medication
from ownterms.notifications.services import notify
from ownterms.people.models import Person
from ownterms.people.selectors import person_managers
from ownterms.staff.selectors import staff_member_of

#: How far ahead of the clock a dose or count may be timed (a phone's clock a little fast).
CLOCK_SLACK = dt.timedelta(minutes=5)
#: The most times a day a medicine may be scheduled.
MAX_TIMES = 12
DOSE_FIELDS = ("person", "medication", "due_at", "at", "outcome", "dose", "reason", "incident")
#: What an amendment of a dose may change (never whose dose, or which dose it was).
DOSE_AMEND_FIELDS = ("outcome", "at", "dose", "reason", "incident")


def _times_text(times: Iterable[dt.time]) -> list[str]:
    return [f"{time:%H:%M}" for time in sorted(times)]


@transaction.atomic
def set_dose_times(
    *,
    actor: User,
    medication: Medication,
    times: Iterable[dt.time],
    from_day: dt.date,
    basis: str = "",
    today: dt.date | None = None,
) -> list[DoseSchedule]:
    """The times of day ``medication`` is due from ``from_day``: times no longer wanted stop
    that day, new ones start that day, unchanged ones carry on. Past days keep the times that
    applied then, and no dose record is touched."""
    check_same_organisation(actor, medication)
    wanted = sorted(set(times))
    if medication.kind != Medication.Kind.REGULAR:
        raise ValidationError(_("Only a regular medicine has dose times."))
    if not wanted:
        raise ValidationError({"times": _("Enter at least one time, for example 08:00.")})
    if len(wanted) > MAX_TIMES:
        raise ValidationError(
            {"times": _("Enter at most %(count)s times a day.") % {"count": MAX_TIMES}}
        )
    if from_day < (today or timezone.localdate()):
        raise ValidationError(
            {"from_day": _("The new times can start today or later: past days keep theirs.")}
        )
    if medication.stops_on is not None and from_day >= medication.stops_on:
        raise ValidationError({"from_day": _("The medicine has stopped by then.")})
    if from_day < medication.starts_on:
        from_day = medication.starts_on
    rows = list(
        DoseSchedule.objects.select_for_update()
        .filter(medication=medication, ends_on__isnull=True)
        .order_by("time")
    )
    before = _times_text(row.time for row in rows)
    kept = {row.time for row in rows}
    for row in rows:
        if row.time in wanted:
            continue
        # A time that had not started yet by ``from_day`` never applies at all.
        row.ends_on = max(from_day, row.starts_on or from_day)
        row.save(update_fields=["ends_on"])
    DoseSchedule.objects.bulk_create(
        [
            DoseSchedule(
                organisation_id=medication.organisation_id,
                medication=medication,
                time=time,
                starts_on=from_day,
            )
            for time in wanted
            if time not in kept
        ]
    )
    after = _times_text(wanted)
    if before != after:
        record_change(
            actor=actor,
            organisation=medication.organisation,
            action="daily.dose_times.set",
            obj=medication,
            person=medication.person,
            changes={"times": {"old": before, "new": after}, "from": from_day.isoformat()},
            basis=basis,
        )
    return list(
        DoseSchedule.objects.filter(medication=medication, ends_on__isnull=True).order_by("time")
    )


def _check_medication(person: Person, medication: Medication, kind: str) -> None:
    if medication.person_id != person.pk:
        raise ValidationError({"medication": _("Choose one of this person's medicines.")})
    if kind == Medication.Kind.PRN and (
        medication.kind != Medication.Kind.PRN or not medication.prn_protocol.strip()
    ):
        raise ValidationError(
            {
                "medication": _(
                    "This medicine has no PRN protocol, so it can't be given when needed. "
                    "Ask a manager to add the protocol to the health summary first."
                )
            }
        )
    if kind == Medication.Kind.REGULAR and medication.kind != Medication.Kind.REGULAR:
        raise ValidationError({"medication": _("This is not a regular medicine.")})


def _check_at(at: dt.datetime, now: dt.datetime, field: str = "at") -> None:
    if at > now + CLOCK_SLACK:
        raise ValidationError({field: _("The time can't be in the future.")})


def _duplicate(record: DoseRecord) -> ValidationError:
    who = record.recorded_by.display_name if record.recorded_by else _("someone")
    when = timezone.localtime(record.created_at)
    return ValidationError(
        _(
            "This dose has already been recorded (%(outcome)s, by %(who)s at %(when)s). "
            "Nothing was changed: to correct it, amend that record."
        )
        % {
            "outcome": record.get_outcome_display().lower(),
            "who": who,
            "when": when.strftime("%H:%M"),
        },
        code="duplicate",
    )


def _existing(medication: Medication, due_at: dt.datetime) -> DoseRecord | None:
    return (
        DoseRecord.objects.filter(medication=medication, due_at=due_at)
        .select_related("recorded_by")
        .first()
    )


def _check_reason(outcome: str, reason: str) -> None:
    if outcome not in DoseOutcome.values:
        raise ValidationError({"outcome": _("Choose given, refused or not given.")})
    if outcome != DoseOutcome.GIVEN and not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the dose was refused or not given.")}, code="reason"
        )


def record_dose(
    *,
    actor: User,
    person: Person,
    medication: Medication,
    due_at: dt.datetime,
    outcome: str,
    reason: str = "",
    dose: str = "",
    at: dt.datetime | None = None,
    basis: str = "",
    now: dt.datetime | None = None,
) -> DoseRecord:
    """Records a regular dose due at ``due_at`` as given, refused or not given (a reason is
    needed unless given). Refuses a dose that is not due then, one in the future, and a dose
    already recorded (also when two records race)."""
    now = now or timezone.now()
    at = at or now
    check_same_organisation(actor, person, medication)
    _check_medication(person, medication, Medication.Kind.REGULAR)
    _check_reason(outcome, reason)
    _check_at(at, now)
    zone = local_zone()
    day = timezone.localtime(due_at, zone).date()
    if due_at > now + dt.timedelta(hours=12):
        raise ValidationError(_("This dose is not due yet."))
    due = {
        d.due_at for d in doses_due([person.pk], day, day, zone) if d.medication.pk == medication.pk
    }
    existing = _existing(medication, due_at)
    if existing is not None:
        raise _duplicate(existing)
    if due_at not in due:
        raise ValidationError(_("This medicine is not due at that time on that day."))
    staff = staff_member_of(actor)
    record = DoseRecord(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift_of(person, staff, at),
        recorded_by=actor,
        recorded_by_staff=staff,
        medication=medication,
        due_at=due_at,
        at=at,
        outcome=outcome,
        dose=dose.strip() or (medication.dose if outcome == DoseOutcome.GIVEN else ""),
        reason=reason.strip(),
    )
    try:
        with transaction.atomic():
            # ``create_audited`` validates the constraint first; the insert catches a race.
            return _create(actor, person, record, basis)
    except IntegrityError:
        existing = _existing(medication, due_at)
        if existing is None:
            raise
        raise _duplicate(existing) from None
    except ValidationError as error:
        existing = _existing(medication, due_at)
        if existing is not None:
            raise _duplicate(existing) from None
        raise error


def _create(actor: User, person: Person, record: DoseRecord, basis: str) -> DoseRecord:
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="daily.dose.add",
        obj=record,
        person=person,
        fields=DOSE_FIELDS,
        basis=basis,
    )


def _check_incident(person: Person, incident: Incident | None, at: dt.datetime) -> None:
    if incident is None:
        return
    if incident.person_id != person.pk or not (
        at - INCIDENT_LINK_WINDOW <= incident.starts_at <= at + CLOCK_SLACK
    ):
        raise ValidationError(
            {"incident": _("Choose an incident of this person from the 24 hours before the dose.")}
        )


@transaction.atomic
def record_prn(
    *,
    actor: User,
    person: Person,
    medication: Medication,
    reason: str,
    at: dt.datetime | None = None,
    dose: str = "",
    incident: Incident | None = None,
    basis: str = "",
    now: dt.datetime | None = None,
    seizure: Any = None,
    given_by_staff: Any = None,
) -> DoseRecord:
    """Records a when-needed (PRN) dose: the medicine needs its PRN protocol and the dose a
    reason; it may be linked to an incident of the person from the 24 hours before it."""
    now = now or timezone.now()
    at = at or now
    check_same_organisation(actor, person, medication)
    _check_medication(person, medication, Medication.Kind.PRN)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the dose was needed.")})
    _check_at(at, now)
    day = timezone.localtime(at, local_zone()).date()
    if not medication.is_current(day):
        raise ValidationError({"medication": _("This medicine was not prescribed on that day.")})
    _check_incident(person, incident, at)
    staff = given_by_staff or staff_member_of(actor)
    record = DoseRecord(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift_of(person, staff, at),
        recorded_by=actor,
        recorded_by_staff=staff_member_of(actor),
        medication=medication,
        due_at=None,
        at=at,
        outcome=DoseOutcome.GIVEN,
        dose=dose.strip() or medication.dose,
        reason=reason.strip(),
        incident=incident,
        seizure=seizure,
    )
    return _create(actor, person, record, basis)


@transaction.atomic
def record_stock_count(
    *,
    actor: User,
    person: Person,
    medication: Medication,
    quantity: int,
    counted_at: dt.datetime | None = None,
    note: str = "",
    basis: str = "",
    now: dt.datetime | None = None,
) -> StockCount:
    now = now or timezone.now()
    counted_at = counted_at or now
    check_same_organisation(actor, person, medication)
    if medication.person_id != person.pk:
        raise ValidationError({"medication": _("Choose one of this person's medicines.")})
    if quantity < 0:
        raise ValidationError({"quantity": _("Enter how many, 0 or more.")})
    _check_at(counted_at, now, "counted_at")
    staff = staff_member_of(actor)
    count = StockCount(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift_of(person, staff, counted_at),
        recorded_by=actor,
        recorded_by_staff=staff,
        medication=medication,
        counted_at=counted_at,
        quantity=quantity,
        note=note.strip(),
    )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="daily.stock_count.add",
        obj=count,
        person=person,
        fields=("medication", "counted_at", "quantity", "note"),
        basis=basis,
    )


def amend_dose(
    *,
    actor: User,
    record: DoseRecord,
    changes: Mapping[str, Any],
    reason: str,
    now: dt.datetime | None = None,
) -> DoseRecord:
    """Corrects a dose record (outcome, time, dose, reason, linked incident) with a reason; the
    version before is kept. Which medicine and which due dose it was never change."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"amend_reason": _("Say why you are changing this record.")})
    unknown = set(changes) - set(DOSE_AMEND_FIELDS)
    if unknown:
        raise ValueError(f"not amendable: {sorted(unknown)}")
    if record.seizure_id is not None and set(changes) & {"outcome", "at", "incident"}:
        raise ValidationError(
            _("This rescue dose belongs to a seizure record: amend the seizure record instead.")
        )

    def validate(changed: DoseRecord) -> None:
        _check_at(changed.at, now)
        if changed.is_prn:
            if changed.outcome != DoseOutcome.GIVEN:
                raise ValidationError({"outcome": _("A when-needed dose is recorded as given.")})
            if not changed.reason.strip():
                raise ValidationError({"reason": _("Say why the dose was needed.")})
            _check_incident(changed.person, changed.incident, changed.at)
        else:
            if changed.incident_id is not None:
                raise ValidationError({"incident": _("Only a PRN dose links to an incident.")})
            _check_reason(changed.outcome, changed.reason)

    return amend(actor=actor, record=record, changes=changes, reason=reason, validate=validate)


# -- the missed-dose alert --------------------------------------------------------------------

#: How far back the alert looks for doses that became missed.
ALERT_LOOKBACK = dt.timedelta(hours=24)


def alert_missed_doses(now: dt.datetime) -> int:
    """Tells the workers on the person's shift at each dose's due time and the person's
    managers about regular doses that became missed in the last 24 hours; once per dose
    (``MissedDoseAlert``), safe to run again. A dose recorded late, however late, is not
    missed. Messages carry counts and a link only. Returns how many doses were alerted."""
    people = list(
        Person.objects.filter(
            pk__in=Medication.objects.filter(kind=Medication.Kind.REGULAR).values("person_id")
        ).select_related("organisation")
    )
    by_id = {person.pk: person for person in people}
    missed = missed_doses(list(by_id), now, within=ALERT_LOOKBACK)
    if not missed:
        return 0
    done = set(
        MissedDoseAlert.objects.filter(
            medication_id__in={d.medication.pk for d in missed},
            due_at__gte=min(d.due_at for d in missed),
        ).values_list("medication_id", "due_at")
    )
    alerted = 0
    per_person: dict[int, list[DueDose]] = {}
    for dose in missed:
        if (dose.medication.pk, dose.due_at) not in done:
            per_person.setdefault(dose.person_id, []).append(dose)
    for person_id, doses in per_person.items():
        alerted += _alert_person(by_id[person_id], doses, now)
    return alerted


def _alert_person(person: Person, doses: list[DueDose], now: dt.datetime) -> int:
    with transaction.atomic():
        fresh: list[DueDose] = []
        for dose in doses:
            try:
                with transaction.atomic():
                    MissedDoseAlert.objects.create(
                        organisation_id=person.organisation_id,
                        medication=dose.medication,
                        due_at=dose.due_at,
                        alerted_at=now,
                    )
            except IntegrityError:
                continue  # another run alerted it
            fresh.append(dose)
        if not fresh:
            return 0
        recipients: dict[int, tuple[User, int]] = {}
        managers = [m.user for m in person_managers(person).select_related("user")]
        for dose in fresh:
            for user in [*workers_at(person, dose.due_at), *managers]:
                _, count = recipients.get(user.pk, (user, 0))
                recipients[user.pk] = (user, count + 1)
        by_count: dict[int, list[User]] = {}
        for user, count in recipients.values():
            by_count.setdefault(count, []).append(user)
        day = timezone.localtime(fresh[0].due_at, local_zone()).date()
        link = (
            reverse(
                "daily:mar",
                kwargs={"org": person.organisation.slug, "person_id": person.public_id},
            )
            + f"?day={day.isoformat()}"
        )
        for count, users in by_count.items():
            notify(
                users=users,
                topic="daily.missed_dose",
                subject=ngettext(
                    "A medicine dose was missed", "%(count)d medicine doses were missed", count
                )
                % {"count": count},
                body=ngettext(
                    "%(count)d regular dose was not recorded within 2 hours of its time. "
                    "Please check the medication chart.",
                    "%(count)d regular doses were not recorded within 2 hours of their time. "
                    "Please check the medication chart.",
                    count,
                )
                % {"count": count},
                link=link,
            )
        MissedDoseAlert.objects.filter(
            medication__in=[d.medication for d in fresh], due_at__in=[d.due_at for d in fresh]
        ).update(recipients=len(recipients))
    return len(fresh)
