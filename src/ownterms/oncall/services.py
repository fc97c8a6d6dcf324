"""Writes for on-call: numbers, building the rota, handing a duty over, the call log.

Every write is keyword-only, in one transaction, audited inside it. Duties are
``staff.models.OnCallDuty`` rows (created through ``staff.services.add_on_call_duty``); the
organisation row is locked while duties change so two builds can't both pass the overlap check.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.core.tenancy import check_same_organisation
from ownterms.leave.selectors import off_between
from ownterms.lib.dates import monday_of
from ownterms.notifications.services import notify
from ownterms.oncall import selectors
from ownterms.oncall.models import CallLog, OnCallNumbers
from ownterms.oncall.planning import Planned, Rotation, plan, slots
from ownterms.people.models import Person
from ownterms.staff.models import OnCallDuty, StaffMember
from ownterms.staff.selectors import staff_member_of
from ownterms.staff.services import add_on_call_duty

MAX_WEEKS = 26
#: How far ahead of the server's clock a call's time may be (a phone's clock may be fast).
CLOCK_SLACK = dt.timedelta(minutes=5)
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")


def when(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """ "Friday 4 December 17:00" in the organisation's time."""
    local = moment.astimezone(zone) if zone else timezone.localtime(moment)
    return f"{date_format(local, 'l j F')} {local:%H:%M}"


def clean_phone(field: str, value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return ""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 7 <= digits <= 15:
        raise ValidationError(
            {field: _("Enter a phone number, like 07700 900123 or +44 113 496 0000.")}
        )
    return value


def _same(organisation: Organisation, *rows: User | StaffMember) -> None:
    if any(row.organisation_id != organisation.pk for row in rows):
        raise ValidationError(_("These records belong to different organisations."))


# Numbers ---------------------------------------------------------------------------------


@transaction.atomic
def save_numbers(
    *, actor: User, organisation: Organisation, on_call_phone: str, office_phone: str
) -> OnCallNumbers:
    _same(organisation, actor)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name, value in (("on_call_phone", on_call_phone), ("office_phone", office_phone)):
        try:
            cleaned[name] = clean_phone(name, value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    row, _created = OnCallNumbers.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    old = {"on_call_phone": row.on_call_phone, "office_phone": row.office_phone}
    row.on_call_phone, row.office_phone = cleaned["on_call_phone"], cleaned["office_phone"]
    row.updated_by = actor
    row.save()
    changes = field_changes(old, cleaned)
    if changes:
        record_change(
            actor=actor,
            organisation=organisation,
            action="on_call.numbers",
            obj=row,
            person=None,
            changes=changes,
        )
    return row


# Building the rota -----------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    planned: Planned
    duty: OnCallDuty


@dataclass(frozen=True)
class Preview:
    planned: list[Planned]
    clashes: list[Clash]

    @property
    def gaps(self) -> list[Planned]:
        return [p for p in self.planned if p.candidate is None]


def preview_rota(
    *,
    organisation: Organisation,
    starts_on: dt.date,
    weeks: int,
    weekend_team: list[StaffMember],
    weekday_team: list[StaffMember],
    rotation: Rotation,
    now: dt.datetime | None = None,
) -> Preview:
    """The fair plan for ``weeks`` weeks from the week of ``starts_on`` (slots that already
    started are left out), and the existing duties it would overlap. Reads only."""
    now = now or timezone.now()
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            {"weeks": _("Build between 1 and %(most)s weeks.") % {"most": MAX_WEEKS}}
        )
    if not weekend_team and not weekday_team:
        raise ValidationError(
            {"weekend_team": _("Choose the managers for weekends, weekday nights, or both.")}
        )
    _same(organisation, *weekend_team, *weekday_team)
    zone = zone_of(organisation)
    wanted = [
        slot
        for slot in slots(
            monday_of(starts_on),
            weeks,
            zone,
            weekends=bool(weekend_team),
            weekdays=bool(weekday_team),
        )
        if slot.starts_at > now
    ]
    if not wanted:
        raise ValidationError({"starts_on": _("Every on-call slot in those weeks has started.")})
    first, last = wanted[0].starts_at.date(), wanted[-1].ends_at.date()
    members = {m.pk: m for m in [*weekend_team, *weekday_team]}
    found = {c.key: c for c in selectors.candidates(organisation, members.values(), first, last)}
    history = selectors.year_history(organisation, {first.year, last.year})
    planned = plan(
        wanted,
        weekend_team=[found[m.pk] for m in weekend_team],
        weekday_team=[found[m.pk] for m in weekday_team],
        history=history,
        rotation=rotation,
    )
    existing = list(
        selectors.duties_between(organisation.pk, wanted[0].starts_at, wanted[-1].ends_at)
    )
    clashes = [
        Clash(item, duty)
        for item in planned
        for duty in existing
        if duty.starts_at < item.slot.ends_at and duty.ends_at > item.slot.starts_at
    ]
    return Preview(planned=planned, clashes=clashes)


def clash_error(clashes: list[Clash], zone: dt.tzinfo) -> ValidationError:
    shown = sorted({c.duty.pk: c.duty for c in clashes}.values(), key=lambda d: d.starts_at)
    lines = [
        _("%(name)s is already on call from %(start)s to %(end)s.")
        % {"name": d.manager.name, "start": when(d.starts_at, zone), "end": when(d.ends_at, zone)}
        for d in shown[:5]
    ]
    more = len(shown) - 5
    if more > 0:
        lines.append(_("And %(count)s more.") % {"count": more})
    return ValidationError(
        [
            _(
                "Only one manager can be on call at a time, and these weeks already have "
                "duties. Start the build after them, or hand those duties over instead."
            ),
            *lines,
        ]
    )


@transaction.atomic
def build_rota(
    *,
    actor: User,
    organisation: Organisation,
    starts_on: dt.date,
    weeks: int,
    weekend_team: list[StaffMember],
    weekday_team: list[StaffMember],
    rotation: Rotation,
) -> list[OnCallDuty]:
    """Creates the duties of the fair plan; refuses (creating nothing) if any would overlap a
    duty already on the rota. Slots nobody is free for stay empty."""
    _same(organisation, actor)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    preview = preview_rota(
        organisation=organisation,
        starts_on=starts_on,
        weeks=weeks,
        weekend_team=weekend_team,
        weekday_team=weekday_team,
        rotation=rotation,
    )
    if preview.clashes:
        raise clash_error(preview.clashes, zone_of(organisation))
    members = {m.pk: m for m in [*weekend_team, *weekday_team]}
    return [
        add_on_call_duty(
            actor=actor,
            manager=members[item.candidate.key],
            starts_at=item.slot.starts_at,
            ends_at=item.slot.ends_at,
        )
        for item in preview.planned
        if item.candidate is not None
    ]


# Handing a duty over ---------------------------------------------------------------------


@transaction.atomic
def hand_over(
    *,
    actor: User,
    duty: OnCallDuty,
    to: StaffMember,
    seen_manager: uuid.UUID,
    now: dt.datetime | None = None,
) -> OnCallDuty:
    """Gives ``duty`` to ``to``. A duty under way is split: the current holder's part ends
    now and ``to`` takes the rest. Both are notified. Returns the duty ``to`` now holds."""
    now = now or timezone.now()
    check_same_organisation(actor, duty, to)
    Organisation.objects.select_for_update().filter(pk=duty.organisation_id).first()
    locked = OnCallDuty.objects.select_related("manager", "manager__user").get(pk=duty.pk)
    zone = zone_of(locked.organisation)
    if locked.manager.public_id != seen_manager:
        raise ValidationError(
            _("%(name)s took this duty since you opened the page; nothing was changed.")
            % {"name": locked.manager.name}
        )
    if locked.ends_at <= now:
        raise ValidationError(_("This duty is over, so it can't be handed over."))
    if to.pk == locked.manager_id:
        raise ValidationError({"to": _("Choose someone other than the manager on this duty.")})
    if to.pk not in set(
        selectors.on_call_managers(locked.organisation_id, timezone.localdate()).values_list(
            "pk", flat=True
        )
    ):
        raise ValidationError({"to": _("Choose a current manager.")})
    start = max(locked.starts_at, now)
    first, last = start.astimezone(zone).date(), locked.ends_at.astimezone(zone).date()
    if off_between(locked.organisation_id, first, last).filter(staff_member=to).exists():
        raise ValidationError(
            {"to": _("%(name)s is on leave during this duty.") % {"name": to.name}}
        )
    previous = locked.manager
    if locked.starts_at < now:
        old_end = locked.ends_at
        locked.ends_at = now
        locked.save(update_fields=["ends_at"])
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="on_call.hand_over",
            obj=locked,
            person=None,
            changes={"ends_at": {"old": old_end.isoformat(), "new": now.isoformat()}},
        )
        taken = add_on_call_duty(actor=actor, manager=to, starts_at=now, ends_at=old_end)
    else:
        locked.manager = to
        locked.save(update_fields=["manager"])
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="on_call.hand_over",
            obj=locked,
            person=None,
            changes={"manager": {"old": previous.pk, "new": to.pk}},
        )
        taken = locked
    period = {"start": when(taken.starts_at, zone), "end": when(taken.ends_at, zone)}
    link = reverse("oncall:rota", kwargs={"org": locked.organisation.slug})
    notify(
        users=[to.user],
        topic="on_call",
        subject=_("You are on call from %(start)s") % period,
        body=_("%(from)s handed you the on-call duty from %(start)s to %(end)s.")
        % {**period, "from": previous.name},
        link=link,
    )
    notify(
        users=[previous.user],
        topic="on_call",
        subject=_("Your on-call duty went to %(name)s") % {"name": to.name},
        body=_("%(name)s is now on call from %(start)s to %(end)s instead of you.")
        % {**period, "name": to.name},
        link=link,
    )
    return taken


# The call log ----------------------------------------------------------------------------


def _taken_by(actor: User, received_at: dt.datetime) -> StaffMember:
    mine = staff_member_of(actor)
    if mine is not None:
        return mine
    duty = (
        OnCallDuty.objects.filter(
            organisation_id=actor.organisation_id,
            starts_at__lte=received_at,
            ends_at__gt=received_at,
        )
        .select_related("manager")
        .order_by("starts_at")
        .first()
    )
    if duty is None:
        raise ValidationError(
            {"received_at": _("Nobody was on call then, and you have no staff record.")}
        )
    return duty.manager


@transaction.atomic
def log_call(
    *,
    actor: User,
    received_at: dt.datetime,
    caller: str,
    person: Person | None,
    what_happened: str,
    action_taken: str,
    follow_up_needed: bool,
    follow_up_owner: StaffMember | None,
    follow_up_due: dt.date | None,
) -> CallLog:
    """Records a call taken on call (by the actor, or, for office users without a staff
    record, by whoever was on call then); the follow-up owner is told there is one."""
    check_same_organisation(actor, person, follow_up_owner)
    errors: dict[str, list[str]] = {}
    if received_at > timezone.now() + CLOCK_SLACK:
        errors["received_at"] = [_("The call can't be in the future.")]
    if not caller.strip():
        errors["caller"] = [_("Enter who rang: their name and who they are.")]
    if not what_happened.strip():
        errors["what_happened"] = [_("Enter what happened.")]
    if follow_up_needed:
        if follow_up_owner is None:
            errors["follow_up_owner"] = [_("Choose who will follow this up.")]
        if follow_up_due is None:
            errors["follow_up_due"] = [_("Enter the date the follow-up is due.")]
        elif follow_up_due < timezone.localtime(received_at).date():
            errors["follow_up_due"] = [_("The follow-up can't be due before the call.")]
    else:
        follow_up_owner, follow_up_due = None, None
    if errors:
        raise ValidationError(errors)
    call = create_audited(
        actor=actor,
        organisation=actor.organisation,
        action="on_call.call",
        obj=CallLog(
            organisation_id=actor.organisation_id,
            received_at=received_at,
            taken_by=_taken_by(actor, received_at),
            caller=caller.strip(),
            person=person,
            what_happened=what_happened.strip(),
            action_taken=action_taken.strip(),
            follow_up_needed=follow_up_needed,
            follow_up_owner=follow_up_owner,
            follow_up_due=follow_up_due,
            created_by=actor,
        ),
        person=person,
    )
    if follow_up_owner is not None and follow_up_owner.user_id != actor.pk:
        notify(
            users=[follow_up_owner.user],
            topic="on_call",
            subject=_("A call from on call needs your follow-up"),
            body=_("%(name)s logged a call on call and asked you to follow it up by %(due)s.")
            % {
                "name": actor.display_name or actor.email,
                "due": date_format(follow_up_due, "j F Y") if follow_up_due else "",
            },
            link=reverse(
                "oncall:call_detail",
                kwargs={"org": actor.organisation.slug, "call_id": call.public_id},
            ),
        )
    return call


@transaction.atomic
def close_follow_up(*, actor: User, call: CallLog, outcome: str) -> CallLog:
    """Marks the call's follow-up done with what came of it."""
    check_same_organisation(actor, call)
    locked = (
        CallLog.objects.select_for_update(of=("self",))
        .select_related("follow_up_done_by")
        .get(pk=call.pk)
    )
    if not locked.follow_up_needed:
        raise ValidationError(_("This call needs no follow-up."))
    if locked.follow_up_done_at is not None:
        by = locked.follow_up_done_by
        raise ValidationError(
            _("%(name)s marked this follow-up done at %(when)s; nothing was changed.")
            % {
                "name": (by.display_name or by.email) if by else _("Someone"),
                "when": when(locked.follow_up_done_at),
            }
        )
    if not outcome.strip():
        raise ValidationError({"follow_up_outcome": _("Enter what came of the follow-up.")})
    old = {"follow_up_done_at": None, "follow_up_done_by": None, "follow_up_outcome": ""}
    locked.follow_up_done_at = timezone.now()
    locked.follow_up_done_by = actor
    locked.follow_up_outcome = outcome.strip()
    locked.full_clean()
    locked.save(
        update_fields=["follow_up_done_at", "follow_up_done_by", "follow_up_outcome", "updated_at"]
    )
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="on_call.follow_up_done",
        obj=locked,
        person=locked.person,
        changes=field_changes(
            old,
            {
                "follow_up_done_at": locked.follow_up_done_at,
                "follow_up_done_by": actor.pk,
                "follow_up_outcome": locked.follow_up_outcome,
            },
            private=CallLog.audit_private_fields,
        ),
    )
    return locked
