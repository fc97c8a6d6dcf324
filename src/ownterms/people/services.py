"""Changing a person's record and their circle. Every write is audited in its transaction.

Withdrawing or ending a consent ends that circle member's sessions at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.accounts.services import end_sessions_for
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.models import Organisation
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.dates import check_end_not_before_start
from ownterms.lib.photos import PreparedPhoto
from ownterms.lib.versions import changed_since
from ownterms.people.models import (
    CircleMember,
    CommissionedPackage,
    CommunicationFormat,
    Consent,
    Person,
)

PERSON_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "has_communication_needs",
    "communication_summary",
    "communication_formats",
    "home",
    "status",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "tenancy",
    "housing_provider",
    "housing_provider_is_support_provider",
)

CIRCLE_MEMBER_EDITABLE_FIELDS = (
    "name",
    "kind",
    "relationship",
    "is_paid",
    "role",
    "email",
    "phone",
)

PACKAGE_FIELDS = (
    "starts_on",
    "review_on",
    "ends_on",
    "funder_name",
    "funder_kind",
    "reference",
    "day_minutes",
    "two_to_one_minutes",
    "waking_night_minutes",
    "sleep_in_nights",
)

#: The hours of one week: 1:1, 2:1 and waking-night hours are all hours of the person's week.
MINUTES_IN_A_WEEK = 7 * 24 * 60


def _check_communication(person: Person) -> None:
    """Format needs come from the fixed list, once each; any need means "has needs"."""
    formats = person.communication_formats
    if not isinstance(formats, list) or not all(isinstance(item, str) for item in formats):
        raise ValidationError({"communication_formats": _("Choose format needs from the list.")})
    unknown = [item for item in formats if item not in CommunicationFormat.values]
    if unknown:
        raise ValidationError({"communication_formats": _("Choose format needs from the list.")})
    if len(set(formats)) != len(formats):
        raise ValidationError({"communication_formats": _("Choose each format need once.")})
    # Kept in the order of the list, so the banner and exports read the same everywhere.
    person.communication_formats = [v for v in CommunicationFormat.values if v in formats]
    if person.communication_formats or person.communication_summary.strip():
        person.has_communication_needs = True


class EditConflictError(Exception):
    """Someone else changed the record since the editor loaded it."""


@transaction.atomic
def create_person(
    *, actor: User, organisation: Organisation, basis: str = "", **fields: Any
) -> Person:
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if actor.organisation_id != organisation.pk:
        raise ValidationError(_("These records belong to different organisations."))
    person = Person(organisation=organisation, **fields)
    _check_communication(person)
    return create_audited(
        actor=actor,
        organisation=organisation,
        action="person.create",
        obj=person,
        person=person,
        fields=PERSON_EDITABLE_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_person(
    *,
    actor: User,
    person: Person,
    basis: str,
    expected_updated_at: dt.datetime | None = None,
    photo: PreparedPhoto | None = None,
    remove_photo: bool = False,
    **changes: Any,
) -> Person:
    """Changes the person's core fields. With ``expected_updated_at`` (from the form the
    editor loaded) a concurrent change raises ``EditConflictError`` instead of being overwritten.

    ``photo`` (checked and re-encoded by ``prepare_photo``) replaces the photo; ``remove_photo``
    removes it. The audit records only that the photo changed; the old file is deleted once
    the change has committed."""
    unknown = set(changes) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, person)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(locked, PERSON_EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(locked, name, value)
    old_photo = locked.photo.name or ""
    new_photo = ""
    try:
        if photo is not None:
            locked.photo.save(photo.file_name, ContentFile(photo.content), save=False)
            new_photo = locked.photo.name or ""
        elif remove_photo and old_photo:
            locked.photo = ""
        photo_changed = (locked.photo.name or "") != old_photo
        _check_communication(locked)
        locked.full_clean()
        diff = field_changes(old, locked, fields=PERSON_EDITABLE_FIELDS)
        if photo_changed:
            diff = {**diff, "photo": {"changed": True}}
        if not diff:
            return locked
        locked.save()
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="person.update",
            obj=locked,
            person=locked,
            changes=diff,
            basis=basis,
        )
    except BaseException:
        if new_photo:
            locked.photo.storage.delete(new_photo)
        raise
    if photo_changed and old_photo:
        storage = locked.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return locked


@transaction.atomic
def add_circle_member(
    *,
    actor: User,
    person: Person,
    name: str,
    kind: str,
    relationship: str,
    user: User | None = None,
    is_paid: bool = False,
    role: str = "",
    email: str = "",
    phone: str = "",
) -> CircleMember:
    check_same_organisation(actor, person, user)
    member = CircleMember(
        organisation_id=person.organisation_id,
        person=person,
        user=user,
        name=name,
        kind=kind,
        relationship=relationship,
        is_paid=is_paid,
        role=role,
        email=email,
        phone=phone,
    )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="circle.add",
        obj=member,
        person=person,
    )


@transaction.atomic
def give_consent(
    *,
    actor: User,
    circle_member: CircleMember,
    category: str,
    given_by: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    decision_note: str = "",
) -> Consent:
    check_same_organisation(actor, circle_member)
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    if given_by == Consent.GivenBy.BEST_INTERESTS and not decision_note.strip():
        raise ValidationError(
            {"decision_note": _("Say where the best-interests decision is recorded.")}
        )
    consent = Consent(
        organisation_id=circle_member.organisation_id,
        circle_member=circle_member,
        category=category,
        given_by=given_by,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_note=decision_note,
    )
    return create_audited(
        actor=actor,
        organisation=circle_member.organisation,
        action="consent.give",
        obj=consent,
        person=circle_member.person,
    )


@transaction.atomic
def withdraw_consent(*, actor: User, consent: Consent) -> Consent:
    """Withdraws the consent now; the circle member loses that access and their sessions."""
    check_same_organisation(actor, consent)
    locked = Consent.objects.select_for_update().select_related("circle_member").get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        return locked
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="consent.withdraw",
        obj=locked,
        person=locked.circle_member.person,
        changes=field_changes({"withdrawn_at": None}, {"withdrawn_at": locked.withdrawn_at}),
    )
    if locked.circle_member.user is not None:
        end_sessions_for(locked.circle_member.user, reason="consent_withdrawn")
    return locked


@transaction.atomic
def end_consent(*, actor: User, consent: Consent, ends_on: dt.date | None = None) -> Consent:
    """Ends a consent or partner grant on ``ends_on`` (default today: at once)."""
    check_same_organisation(actor, consent)
    locked = Consent.objects.select_for_update().select_related("circle_member").get(pk=consent.pk)
    ends_on = ends_on or timezone.localdate()
    check_end_not_before_start(locked.starts_on, ends_on)
    old = {"ends_on": locked.ends_on}
    locked.ends_on = ends_on
    locked.save(update_fields=["ends_on"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="consent.end",
        obj=locked,
        person=locked.circle_member.person,
        changes=field_changes(old, {"ends_on": ends_on}),
    )
    if ends_on <= timezone.localdate() and locked.circle_member.user is not None:
        end_sessions_for(locked.circle_member.user, reason="consent_ended")
    return locked


@transaction.atomic
def update_circle_member(
    *, actor: User, circle_member: CircleMember, basis: str = "", **changes: Any
) -> CircleMember:
    """Changes who a circle member is (name, kind, relationship, paid, role, contact details)."""
    unknown = set(changes) - set(CIRCLE_MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, circle_member)
    locked = (
        CircleMember.objects.select_for_update().select_related("person").get(pk=circle_member.pk)
    )
    old = snapshot(locked, CIRCLE_MEMBER_EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    diff = field_changes(old, locked, fields=CIRCLE_MEMBER_EDITABLE_FIELDS)
    if not diff:
        return locked
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="circle.update",
        obj=locked,
        person=locked.person,
        changes=diff,
        basis=basis,
    )
    return locked


def _check_package(package: CommissionedPackage, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if package.ends_on is not None and package.ends_on <= package.starts_on:
        errors.setdefault("ends_on", []).append(_("The end date must be after the start date."))
    if package.review_on < package.starts_on:
        errors.setdefault("review_on", []).append(
            _("The review date must be on or after the start date.")
        )
    elif package.review_on < today:
        errors.setdefault("review_on", []).append(_("The review date must not be in the past."))
    if package.ends_on is not None and package.review_on > package.ends_on:
        errors.setdefault("review_on", []).append(
            _("The review date must be on or before the end date.")
        )
    for name in ("day_minutes", "two_to_one_minutes", "waking_night_minutes", "sleep_in_nights"):
        value = getattr(package, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.setdefault(name, []).append(_("Enter a whole number, 0 or more."))
    if errors:
        raise ValidationError(errors)
    if package.sleep_in_nights > 7:
        errors["sleep_in_nights"] = [_("A week has at most 7 sleep-in nights.")]
    hours = package.day_minutes + package.two_to_one_minutes + package.waking_night_minutes
    if hours > MINUTES_IN_A_WEEK:
        errors["day_minutes"] = [
            _("1:1, 2:1 and waking night hours together can't be more than 168 hours a week.")
        ]
    if hours == 0 and package.sleep_in_nights == 0:
        errors["day_minutes"] = [_("Enter the hours or sleep-ins the package commissions.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_package(
    *, actor: User, person: Person, basis: str = "", **fields: Any
) -> CommissionedPackage:
    """Records a commissioned package from ``starts_on``; it supersedes the one before it
    from that date. A package must start after every package already recorded for the person
    (one starting on or before an existing one would overlap it: refused)."""
    unknown = set(fields) - set(PACKAGE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, person)
    # Lock the person so two packages can't be added for them at once.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    package = CommissionedPackage(
        organisation_id=person.organisation_id, person=person, created_by=actor, **fields
    )
    _check_package(package, timezone.localdate())
    latest = CommissionedPackage.objects.filter(person=person).order_by("-starts_on").first()
    if latest is not None and package.starts_on <= latest.starts_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "This would overlap the package from %(date)s: a new package must start "
                    "after it."
                )
                % {"date": latest.starts_on.strftime("%-d %B %Y")}
            }
        )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="package.add",
        obj=package,
        person=person,
        fields=PACKAGE_FIELDS,
        basis=basis,
    )
