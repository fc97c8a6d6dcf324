"""Writing behaviour support plans, incidents (ABC) and restrictive practice events.

Every write is audited in its transaction. Once written, a plan, an incident or an event is
changed only through ``amend`` (the original is kept as version 1). Alerts and notifications
name no one and carry no details: they say what happened and link to the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.core.selectors import zone_of
from ownterms.core.tenancy import check_same_organisation
from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    Incident,
    PracticeKind,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.behaviour import (
    ALERTING_KINDS,
    NEVER_AUTHORISED,
    authorisation_for,
    missing_parts,
    team_staff,
)
from ownterms.daily.services.amendments import amend
from ownterms.notifications.services import notify
from ownterms.people.models import Person
from ownterms.people.selectors import person_managers
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import on_call_now, staff_member_of

PLAN_FIELDS = ("hypotheses", "green", "amber", "red", "reduction_plan", "review_on")
PRACTICE_FIELDS = (
    "kind",
    "description",
    "legal_basis",
    "legal_basis_detail",
    "authorised_on",
    "review_on",
    "ends_on",
)
INCIDENT_FIELDS = (
    "starts_at",
    "ends_at",
    "location",
    "activity",
    "people_present",
    "setting_events",
    "antecedent",
    "behaviour",
    "behaviour_minutes",
    "intensity",
    "consequence",
    "strategies_used",
    "injuries",
    "debrief",
    "safeguarding_needed",
    "regulator_notification_needed",
)
EVENT_FIELDS = (
    "kind",
    "starts_at",
    "ends_at",
    "technique",
    "alternatives_tried",
    "injury_checks",
    "person_account",
    "debrief",
)
#: The reason an open (draft) incident's change is given when the writer gives none.
DRAFT_REASON = "Draft updated"

NOTIFY_TOPIC = "daily.behaviour"
#: A clock a few minutes fast on a phone is not an error; a start hours ahead is.
FUTURE_SLACK = dt.timedelta(minutes=10)
#: Set by the service, not typed in (and empty is allowed): left out of ``full_clean``.
_NOT_CHECKED = ["recorded_by", "recorded_by_staff", "shift", "closed_by"]


def _unknown(fields: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")


def _org_slug(person: Person) -> str:
    return str(person.organisation.slug)


def _users_of(staff: Iterable[StaffMember]) -> list[User]:
    return [member.user for member in staff if member.user_id is not None]


def _managers(person: Person, day: dt.date) -> list[User]:
    return _users_of(person_managers(person, today=day).select_related("user"))


def _check_lengths(record: Any) -> None:
    """Free text over its limit is refused (the database would keep it: TextField's
    ``max_length`` is checked only by forms)."""
    errors = {
        field.name: _("This is too long: keep it under %(limit)s characters.")
        % {"limit": f"{field.max_length:,}"}
        for field in record._meta.concrete_fields
        if isinstance(field, models.TextField)
        and field.max_length
        and len(getattr(record, field.name) or "") > field.max_length
    }
    if errors:
        raise ValidationError(errors)


def _check_expected_version(record: Any, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were writing. Your changes have "
                "not been saved: look at the record as it is now and make them again."
            )
        )


# Behaviour support plan --------------------------------------------------------------------


def _check_plan(plan: BehaviourSupportPlan) -> None:
    _check_lengths(plan)
    plan.full_clean(exclude=_NOT_CHECKED, validate_constraints=False)


def create_plan(
    *, actor: User, person: Person, basis: str = "", **fields: Any
) -> BehaviourSupportPlan:
    """The person's behaviour support plan (a person has one; later changes are amendments)."""
    _unknown(fields, PLAN_FIELDS)
    check_same_organisation(actor, person)
    fields.setdefault("reduction_plan", "")
    plan = BehaviourSupportPlan(
        organisation_id=person.organisation_id,
        person=person,
        recorded_by=actor,
        recorded_by_staff=staff_member_of(actor),
        **fields,
    )
    _check_plan(plan)
    exists = _("There is already a behaviour support plan for this person: change that one.")
    if BehaviourSupportPlan.objects.filter(person=person).exists():
        raise ValidationError(exists)
    try:
        with transaction.atomic():
            return create_audited(
                actor=actor,
                organisation=person.organisation,
                action="daily.behavioursupportplan.add",
                obj=plan,
                person=person,
                fields=PLAN_FIELDS,
                basis=basis,
            )
    except IntegrityError as exc:  # a second request created it first
        raise ValidationError(exists) from exc


def amend_plan(
    *,
    actor: User,
    plan: BehaviourSupportPlan,
    changes: Mapping[str, Any],
    reason: str,
    expected_version: int | None = None,
) -> BehaviourSupportPlan:
    _unknown(changes, PLAN_FIELDS)
    check_same_organisation(actor, plan)

    def validate(locked: BehaviourSupportPlan) -> None:
        _check_expected_version(locked, expected_version)
        _check_plan(locked)

    return amend(actor=actor, record=plan, changes=changes, reason=reason, validate=validate)


def _check_practice(practice: AuthorisedPractice) -> None:
    errors: dict[str, str] = {}
    if practice.kind in NEVER_AUTHORISED:
        errors["kind"] = _("Seclusion is never allowed in the community and can't be authorised.")
    if practice.review_on < practice.authorised_on:
        errors["review_on"] = _("The review date must be on or after the date it was authorised.")
    if practice.ends_on is not None and practice.ends_on <= practice.authorised_on:
        errors["ends_on"] = _("The end date must be after the date it was authorised.")
    if errors:
        raise ValidationError(errors)
    practice.full_clean()


@transaction.atomic
def add_authorised_practice(
    *, actor: User, plan: BehaviourSupportPlan, basis: str = "", **fields: Any
) -> AuthorisedPractice:
    """A restrictive practice the plan authorises, with its legal basis and review date."""
    _unknown(fields, PRACTICE_FIELDS)
    check_same_organisation(actor, plan)
    fields.setdefault("legal_basis_detail", "")
    practice = AuthorisedPractice(organisation_id=plan.organisation_id, plan=plan, **fields)
    _check_practice(practice)
    return create_audited(
        actor=actor,
        organisation=plan.organisation,
        action="daily.authorisedpractice.add",
        obj=practice,
        person=plan.person,
        fields=PRACTICE_FIELDS,
        basis=basis,
    )


@transaction.atomic
def end_authorised_practice(
    *, actor: User, practice: AuthorisedPractice, ends_on: dt.date, basis: str = ""
) -> AuthorisedPractice:
    """Stops an authorisation from ``ends_on`` (the first day it no longer covers the practice);
    the authorisation is kept."""
    check_same_organisation(actor, practice)
    locked = (
        AuthorisedPractice.objects.select_for_update()
        .select_related("plan__person", "organisation")
        .get(pk=practice.pk)
    )
    if locked.ends_on is not None and locked.ends_on <= timezone.localdate():
        raise ValidationError(_("This authorisation has already ended."))
    old = {"ends_on": locked.ends_on}
    locked.ends_on = ends_on
    try:
        _check_practice(locked)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "ends_on" in error.error_dict:
            raise ValidationError({"ends_on": error.error_dict["ends_on"]}) from error
        raise
    locked.save(update_fields=["ends_on"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="daily.authorisedpractice.end",
        obj=locked,
        person=locked.plan.person,
        changes=field_changes(old, {"ends_on": ends_on}),
        basis=basis,
    )
    return locked


# Incidents (ABC) ---------------------------------------------------------------------------


def _check_not_future(starts_at: dt.datetime | None) -> None:
    if starts_at is not None and starts_at > timezone.now() + FUTURE_SLACK:
        raise ValidationError({"starts_at": _("The start can't be in the future.")})


def _check_incident(incident: Incident) -> None:
    _check_lengths(incident)
    _check_not_future(incident.starts_at)
    if incident.ends_at is not None and incident.ends_at < incident.starts_at:
        raise ValidationError({"ends_at": _("The end must be the same as or after the start.")})
    incident.full_clean(
        exclude=[*_NOT_CHECKED, "safeguarding_needed", "regulator_notification_needed"],
        validate_constraints=False,
    )


def _incident_link(incident: Incident) -> str:
    return reverse(
        "daily:incident_detail",
        kwargs={
            "org": _org_slug(incident.person),
            "person_id": incident.person.public_id,
            "incident_id": incident.public_id,
        },
    )


def _notify_decisions(incident: Incident, before: Mapping[str, bool | None]) -> None:
    """Tells the person's managers when someone decides safeguarding or a regulator
    notification is needed (once per decision); no names or details, just the link."""
    subjects = []
    if incident.safeguarding_needed and not before.get("safeguarding_needed"):
        subjects.append(_("An incident needs a safeguarding referral"))
    if incident.regulator_notification_needed and not before.get("regulator_notification_needed"):
        subjects.append(_("An incident needs a notification to the regulator"))
    if not subjects:
        return
    managers = _managers(incident.person, timezone.localdate())
    for subject in subjects:
        notify(
            users=managers,
            topic=NOTIFY_TOPIC,
            subject=subject,
            body=_(
                "A worker recorded that this is needed for an incident of someone you manage. "
                "Open the incident to see it and decide what to do."
            ),
            link=_incident_link(incident),
        )


@transaction.atomic
def start_incident(*, actor: User, person: Person, basis: str = "", **fields: Any) -> Incident:
    """Saves an incident as open (a draft) as soon as its start is known."""
    _unknown(fields, INCIDENT_FIELDS)
    check_same_organisation(actor, person)
    if fields.get("starts_at") is None:
        raise ValidationError({"starts_at": _("Enter when the incident started.")})
    for name in (
        "location",
        "activity",
        "people_present",
        "setting_events",
        "antecedent",
        "behaviour",
        "consequence",
        "strategies_used",
        "injuries",
        "debrief",
    ):
        fields[name] = fields.get(name) or ""
    incident = Incident(
        organisation_id=person.organisation_id,
        person=person,
        recorded_by=actor,
        recorded_by_staff=staff_member_of(actor),
        status=Incident.Status.OPEN,
        **fields,
    )
    _check_incident(incident)
    created = create_audited(
        actor=actor,
        organisation=person.organisation,
        action="daily.incident.add",
        obj=incident,
        person=person,
        fields=("status", *INCIDENT_FIELDS),
        basis=basis,
    )
    _notify_decisions(created, {})
    return created


def update_incident(
    *,
    actor: User,
    incident: Incident,
    changes: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Incident:
    """Changes an incident through ``amend``. While it is open the reason may be left out
    (“Draft updated”); once closed a reason is required, and it can't be left incomplete."""
    _unknown(changes, INCIDENT_FIELDS)
    check_same_organisation(actor, incident)
    changes = {
        name: ("" if value is None and name not in _NULLABLE else value)
        for name, value in changes.items()
    }
    with transaction.atomic():
        current = Incident.objects.select_for_update().get(pk=incident.pk)
        if not reason.strip():
            if current.status == Incident.Status.CLOSED:
                raise ValidationError(
                    {"reason": _("Say why you are changing this closed incident.")}
                )
            reason = DRAFT_REASON
        before = {
            "safeguarding_needed": current.safeguarding_needed,
            "regulator_notification_needed": current.regulator_notification_needed,
        }

        def validate(locked: Incident) -> None:
            _check_expected_version(locked, expected_version)
            _check_incident(locked)
            if locked.status == Incident.Status.CLOSED:
                missing = missing_parts(locked)
                if missing:
                    raise ValidationError(missing)

        changed = amend(
            actor=actor, record=current, changes=changes, reason=reason, validate=validate
        )
        _notify_decisions(changed, before)
    return changed


_NULLABLE = frozenset(
    {
        "starts_at",
        "ends_at",
        "behaviour_minutes",
        "intensity",
        "safeguarding_needed",
        "regulator_notification_needed",
    }
)


def close_incident(*, actor: User, incident: Incident, now: dt.datetime | None = None) -> Incident:
    """Closes a complete incident; an incomplete one is refused with every missing part."""
    check_same_organisation(actor, incident)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.status == Incident.Status.CLOSED:
            raise ValidationError(_("This incident is already closed."))
        missing = missing_parts(locked)
        if missing:
            raise ValidationError(missing)
        return amend(
            actor=actor,
            record=locked,
            changes={"status": Incident.Status.CLOSED, "closed_at": now, "closed_by": actor},
            reason=_("Closed"),
        )


# Restrictive practice events ---------------------------------------------------------------


def _event_link(event: RestrictivePracticeEvent) -> str:
    return reverse(
        "daily:restrictive_practice_detail",
        kwargs={
            "org": _org_slug(event.person),
            "person_id": event.person.public_id,
            "event_id": event.public_id,
        },
    )


def _day_of(event: RestrictivePracticeEvent) -> dt.date:
    return timezone.localtime(event.starts_at, zone_of(event.person.organisation)).date()


def _check_event(event: RestrictivePracticeEvent) -> None:
    _check_lengths(event)
    _check_not_future(event.starts_at)
    if (
        event.ends_at is not None
        and event.starts_at is not None
        and event.ends_at < event.starts_at
    ):
        raise ValidationError({"ends_at": _("The end must be the same as or after the start.")})
    event.full_clean(exclude=[*_NOT_CHECKED, "staff"], validate_constraints=False)


def _notify_unauthorised(event: RestrictivePracticeEvent) -> None:
    notify(
        users=_managers(event.person, timezone.localdate()),
        topic=NOTIFY_TOPIC,
        subject=_("A restrictive practice not authorised in the plan was used"),
        body=_(
            "A restrictive practice that the behaviour support plan does not authorise was "
            "recorded for someone you manage. Open the record to see it."
        ),
        link=_event_link(event),
    )


def _alert_on_commit(event_id: int) -> None:
    """Once the event is saved: alerts the on-call manager(s) on duty now and the person's
    managers about a prone hold or seclusion, once (``alerted_at`` is set by the first)."""

    def send() -> None:
        now = timezone.now()
        with transaction.atomic():
            claimed = RestrictivePracticeEvent.objects.filter(
                pk=event_id, alerted_at__isnull=True
            ).update(alerted_at=now)
            if not claimed:
                return
            event = RestrictivePracticeEvent.objects.select_related("person__organisation").get(
                pk=event_id
            )
            on_call = _users_of(
                duty.manager
                for duty in on_call_now(event.organisation_id, now=now).select_related(
                    "manager__user"
                )
            )
            if event.kind == PracticeKind.SECLUSION:
                subject = _("Urgent: seclusion was recorded")
            else:
                subject = _("Urgent: a prone (face-down) hold was recorded")
            notify(
                users=[*on_call, *_managers(event.person, timezone.localdate(now))],
                topic=NOTIFY_TOPIC,
                subject=subject,
                body=_(
                    "This needs a manager's attention now. Open the record to see it and "
                    "contact the team."
                ),
                link=_event_link(event),
            )

    transaction.on_commit(send)


def _check_staff(person: Person, day: dt.date, staff: list[StaffMember]) -> None:
    if not staff:
        raise ValidationError({"staff": _("Choose the staff involved.")})
    team = set(team_staff(person, day).values_list("pk", flat=True))
    if any(member.pk not in team for member in staff):
        raise ValidationError(
            {"staff": _("Choose staff from the person's team on the day it happened.")}
        )


@transaction.atomic
def record_restrictive_practice(
    *,
    actor: User,
    person: Person,
    staff: list[StaffMember],
    incident: Incident | None = None,
    basis: str = "",
    **fields: Any,
) -> RestrictivePracticeEvent:
    """Records one use of a restrictive practice. The plan's authorisation of that kind on the
    day is linked; without one the event is flagged and the managers are told. A prone hold or
    seclusion alerts the on-call manager on duty and the managers once it is saved."""
    _unknown(fields, EVENT_FIELDS)
    check_same_organisation(actor, person, incident)
    if incident is not None and incident.person_id != person.pk:
        raise ValidationError({"incident": _("Choose an incident of this person.")})
    for name in ("technique", "alternatives_tried", "injury_checks", "person_account", "debrief"):
        fields[name] = fields.get(name) or ""
    event = RestrictivePracticeEvent(
        organisation_id=person.organisation_id,
        person=person,
        recorded_by=actor,
        recorded_by_staff=staff_member_of(actor),
        incident=incident,
        **fields,
    )
    if event.starts_at is None:
        raise ValidationError({"starts_at": _("Enter when it started.")})
    _check_event(event)
    day = _day_of(event)
    _check_staff(person, day, staff)
    event.authorised_practice = authorisation_for(person, event.kind, day)
    created = create_audited(
        actor=actor,
        organisation=person.organisation,
        action="daily.restrictivepracticeevent.add",
        obj=event,
        person=person,
        fields=("incident", "authorised_practice", *EVENT_FIELDS),
        basis=basis,
    )
    created.staff.set(staff)
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="daily.restrictivepracticeevent.staff",
        obj=created,
        person=person,
        changes={"staff": {"old": [], "new": sorted(member.pk for member in staff)}},
        basis=basis,
    )
    if created.authorised_practice_id is None:
        _notify_unauthorised(created)
    if created.kind in ALERTING_KINDS:
        _alert_on_commit(created.pk)
    return created


def amend_restrictive_practice(
    *,
    actor: User,
    event: RestrictivePracticeEvent,
    changes: Mapping[str, Any],
    reason: str,
    expected_version: int | None = None,
) -> RestrictivePracticeEvent:
    """Changes an event through ``amend``; a new kind or time is matched to the plan again
    (flagged and alerted as when recorded)."""
    _unknown(changes, EVENT_FIELDS)
    check_same_organisation(actor, event)
    with transaction.atomic():
        current = RestrictivePracticeEvent.objects.select_related("person__organisation").get(
            pk=event.pk
        )
        was_authorised = current.authorised_practice_id is not None
        values = dict(changes)
        if {"kind", "starts_at"} & set(values):
            probe = RestrictivePracticeEvent(
                person=current.person,
                kind=values.get("kind", current.kind),
                starts_at=values.get("starts_at", current.starts_at),
            )
            found = authorisation_for(current.person, probe.kind, _day_of(probe))
            if (found.pk if found else None) != current.authorised_practice_id:
                values["authorised_practice"] = found

        def validate(locked: RestrictivePracticeEvent) -> None:
            _check_expected_version(locked, expected_version)
            _check_event(locked)

        changed = amend(
            actor=actor, record=current, changes=values, reason=reason, validate=validate
        )
        if was_authorised and changed.authorised_practice_id is None:
            _notify_unauthorised(changed)
        if changed.kind in ALERTING_KINDS and changed.alerted_at is None:
            _alert_on_commit(changed.pk)
    return changed
