"""A referral coming in: a partner submits it, the office corrects it.

``submit`` creates the referral with its contacts and skills, a reference partners can quote
("R-2026-007", numbered per organisation and year), its first status change (received) and the
audit event, fills who referred from the partner's grant and account (a partner never retypes
who they are), and tells the office it arrived. ``update_details`` is the office's correction
of what was submitted, audited field by field (special-category text only as "changed").

The rules, the same for the form and the API (``check_details``): consent to share recorded
(by the person, or by an attorney or a best-interests decision, said by whom and when); some
support commissioned; hours that fit in a week; a rate for each kind of support commissioned
and none for a kind that is not; a start date not in the past; no second open referral for the
same person. Amounts are pence and hours are minutes here; the form converts what people type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.core.models import Organisation
from ownterms.lib.money import pounds
from ownterms.people.models import CircleMember, CommunicationFormat, Consent
from ownterms.referrals.access import current_grant, is_office, referrals_visible_to
from ownterms.referrals.models import (
    OPEN_STATUSES,
    Referral,
    ReferralContact,
    ReferrerGrant,
    Status,
    StatusChange,
)
from ownterms.referrals.services import notices
from ownterms.vocabulary.models import Skill

MINUTES_PER_WEEK = 7 * 24 * 60
MAX_CONTACTS = 20
MAX_SKILLS = 50
#: Above these a rate is almost certainly pence typed as pounds (or a slip of the keyboard).
MAX_HOURLY_RATE_PENCE = 250_00
MAX_NIGHT_RATE_PENCE = 1_000_00
#: How many times a reference is re-numbered when another submit took it at the same moment.
REFERENCE_ATTEMPTS = 5

#: What a referral says about the person and the support (the form's and the API's fields).
DETAIL_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "communication_summary",
    "communication_formats",
    "consent_to_share",
    "consent_given_by",
    "consent_note",
    "home",
    "town",
    "postcode",
    "housing_note",
    "day_minutes",
    "two_to_one_minutes",
    "two_to_one_when",
    "waking_night_minutes",
    "sleep_in_nights",
    "day_rate_pence",
    "two_to_one_rate_pence",
    "waking_night_rate_pence",
    "sleep_in_rate_pence",
    "funder_name",
    "funder_kind",
    "funding_kind",
    "start_wanted",
    "what_they_want",
    "key_needs",
    "risks",
    "family_and_circle",
    "referrer_role",
    "referrer_phone",
)
#: Who referred: filled from the grant on submission; only the office corrects them.
REFERRER_FIELDS: tuple[str, ...] = (
    "source",
    "referrer_name",
    "referrer_agency",
    "referrer_email",
)
CONTACT_FIELDS: tuple[str, ...] = ("name", "kind", "relationship", "email", "phone")

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:([0-9][A-Z]{2}))?$")
_REFERENCE = re.compile(r"^R-(\d{4})-(\d+)$")

#: Hours and the rate for each kind of support, with the words for the errors.
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("day_minutes", "day_rate_pence", "day"),
    ("two_to_one_minutes", "two_to_one_rate_pence", "2:1"),
    ("waking_night_minutes", "waking_night_rate_pence", "waking night"),
)


@dataclass
class ContactDetails:
    """Someone in the person's life or a professional the referrer names."""

    name: str
    kind: str
    relationship: str
    email: str = ""
    phone: str = ""
    #: An existing contact being corrected (office edits); ``None`` for a new one.
    public_id: uuid.UUID | None = None


@dataclass
class ReferralDetails:
    """What a referral says (``DETAIL_FIELDS``), with its contacts and the skills needed."""

    first_name: str
    last_name: str
    consent_to_share: bool
    consent_given_by: str
    home: str
    funder_name: str
    funder_kind: str
    funding_kind: str
    what_they_want: str
    key_needs: str
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    communication_summary: str = ""
    communication_formats: list[str] = field(default_factory=list)
    consent_note: str = ""
    town: str = ""
    postcode: str = ""
    housing_note: str = ""
    day_minutes: int = 0
    two_to_one_minutes: int = 0
    two_to_one_when: str = ""
    waking_night_minutes: int = 0
    sleep_in_nights: int = 0
    day_rate_pence: int = 0
    two_to_one_rate_pence: int = 0
    waking_night_rate_pence: int = 0
    sleep_in_rate_pence: int = 0
    start_wanted: dt.date | None = None
    risks: str = ""
    family_and_circle: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    contacts: Sequence[ContactDetails] = ()
    skills: Sequence[Skill] = ()

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DETAIL_FIELDS}


def details_of(referral: Referral) -> ReferralDetails:
    """The referral's details as submitted (for the office's edit form)."""
    values = {name: getattr(referral, name) for name in DETAIL_FIELDS}
    values["communication_formats"] = list(referral.communication_formats or [])
    return ReferralDetails(
        **values,
        contacts=[
            ContactDetails(
                **{name: getattr(contact, name) for name in CONTACT_FIELDS},
                public_id=contact.public_id,
            )
            for contact in referral.contacts.all()
        ],
        skills=list(referral.skills.all()),
    )


# Checking ------------------------------------------------------------------------------------


def _tidy(details: ReferralDetails) -> ReferralDetails:
    """Trims one-line text and normalises the postcode (free text keeps its line breaks)."""
    values: dict[str, Any] = {}
    for item in dataclasses.fields(details):
        value = getattr(details, item.name)
        if isinstance(value, str) and item.name not in _MULTILINE:
            value = " ".join(value.split())
        elif isinstance(value, str):
            value = value.strip()
        values[item.name] = value
    postcode = "".join(str(values["postcode"]).split()).upper()
    match = _POSTCODE.match(postcode)
    if match and match.group(2):
        postcode = f"{match.group(1)} {match.group(2)}"
    values["postcode"] = postcode
    values["contacts"] = [
        ContactDetails(
            name=" ".join(contact.name.split()),
            kind=contact.kind.strip(),
            relationship=" ".join(contact.relationship.split()),
            email=contact.email.strip(),
            phone=" ".join(contact.phone.split()),
            public_id=contact.public_id,
        )
        for contact in details.contacts
    ]
    return ReferralDetails(**values)


_MULTILINE = frozenset({"what_they_want", "key_needs", "risks", "family_and_circle"})

_REQUIRED: dict[str, Any] = {
    "first_name": lambda: _("Enter the person's first name."),
    "last_name": lambda: _("Enter the person's last name."),
    "consent_given_by": lambda: _("Say who gave consent to share this referral."),
    "home": lambda: _("Choose where they would live."),
    "funder_name": lambda: _("Enter who is funding the support."),
    "funder_kind": lambda: _("Choose the kind of funder."),
    "funding_kind": lambda: _("Choose the kind of funding."),
    "what_they_want": lambda: _("Tell us what the person wants from life."),
    "key_needs": lambda: _("Tell us the person's key needs."),
}


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_consent(details: ReferralDetails, errors: dict[str, list[str]]) -> None:
    if not details.consent_to_share:
        _add(
            errors,
            "consent_to_share",
            _(
                "We can only take a referral shared with the person's consent, or with a "
                "recorded decision by their attorney or deputy or in their best interests. "
                "Record that first, then refer them."
            ),
        )
    if (
        details.consent_given_by
        in (
            Consent.GivenBy.ATTORNEY,
            Consent.GivenBy.BEST_INTERESTS,
        )
        and not details.consent_note
    ):
        _add(
            errors,
            "consent_note",
            _("Say who made the decision and when (for example: best-interests meeting, 3 March)."),
        )


def _check_support(details: ReferralDetails, errors: dict[str, list[str]]) -> None:
    hours = details.day_minutes + details.two_to_one_minutes + details.waking_night_minutes
    for name in ("day_minutes", "two_to_one_minutes", "waking_night_minutes"):
        if getattr(details, name) < 0:
            _add(errors, name, _("Hours can't be negative."))
    if not 0 <= details.sleep_in_nights <= 7:
        _add(errors, "sleep_in_nights", _("Enter between 0 and 7 sleep-in nights a week."))
    if hours <= 0 and details.sleep_in_nights <= 0:
        _add(
            errors,
            "day_minutes",
            _(
                "Enter the support being commissioned: hours of day support, 2:1 or waking "
                "nights, or sleep-in nights."
            ),
        )
    elif hours > MINUTES_PER_WEEK:
        _add(
            errors,
            "day_minutes",
            _(
                "The day, 2:1 and waking night hours come to %(hours)s hours a week, but a week "
                "has 168. Check the hours."
            )
            % {"hours": f"{hours / 60:g}"},
        )
    for minutes_name, rate_name, words in _KINDS:
        _check_rate(
            errors,
            rate_name,
            getattr(details, rate_name),
            given=getattr(details, minutes_name) > 0,
            words=words,
            ceiling=MAX_HOURLY_RATE_PENCE,
            unit=_("an hour"),
        )
    _check_rate(
        errors,
        "sleep_in_rate_pence",
        details.sleep_in_rate_pence,
        given=details.sleep_in_nights > 0,
        words="sleep-in",
        ceiling=MAX_NIGHT_RATE_PENCE,
        unit=_("a night"),
    )
    if details.two_to_one_minutes > 0 and not details.two_to_one_when:
        _add(errors, "two_to_one_when", _("Say when 2:1 support is needed."))
    elif details.two_to_one_when and details.two_to_one_minutes == 0:
        _add(
            errors,
            "two_to_one_minutes",
            _("You said when 2:1 support is needed: enter the 2:1 hours too."),
        )


def _check_rate(
    errors: dict[str, list[str]],
    name: str,
    pence: int,
    *,
    given: bool,
    words: str,
    ceiling: int,
    unit: str,
) -> None:
    if pence < 0:
        _add(errors, name, _("A rate can't be negative."))
    elif given and pence == 0:
        _add(errors, name, _("Enter the %(kind)s rate offered.") % {"kind": words})
    elif not given and pence > 0:
        _add(
            errors,
            name,
            _(
                "There is a %(kind)s rate but no %(kind)s support: enter the support or "
                "clear the rate."
            )
            % {"kind": words},
        )
    elif pence > ceiling:
        _add(
            errors,
            name,
            _("%(amount)s %(unit)s is more than we would expect: check the rate, in pounds.")
            % {"amount": pounds(pence), "unit": unit},
        )


def _check_dates(
    details: ReferralDetails, errors: dict[str, list[str]], before: Referral | None
) -> None:
    today = timezone.localdate()
    born = details.date_of_birth
    if born is not None and born > today:
        _add(errors, "date_of_birth", _("The date of birth can't be in the future."))
    elif born is not None and born.year < today.year - 120:
        _add(errors, "date_of_birth", _("Check the year of birth."))
    start = details.start_wanted
    unchanged = before is not None and before.start_wanted == start
    if start is not None and start < today and not unchanged:
        _add(errors, "start_wanted", _("The start date wanted can't be in the past."))
    elif start is not None and start > today + dt.timedelta(days=3 * 366):
        _add(errors, "start_wanted", _("The start date wanted is more than three years away."))


def _check_lists(
    details: ReferralDetails, organisation_id: int, errors: dict[str, list[str]]
) -> None:
    formats = set(details.communication_formats)
    if not formats <= set(CommunicationFormat.values):
        _add(errors, "communication_formats", _("Choose format needs from the list."))
    if len(details.skills) > MAX_SKILLS or any(
        skill.organisation_id != organisation_id for skill in details.skills
    ):
        _add(errors, "skills", _("Choose skills from this organisation's list."))
    if len(details.contacts) > MAX_CONTACTS:
        _add(
            errors,
            "contacts",
            _("Name at most %(n)s contacts; tell us about others in the text.")
            % {"n": MAX_CONTACTS},
        )
        return
    kinds = set(CircleMember.Kind.values)
    for index, contact in enumerate(details.contacts):
        prefix = f"contacts.{index}."
        if not contact.name:
            _add(errors, prefix + "name", _("Enter the contact's name."))
        if not contact.relationship:
            _add(errors, prefix + "relationship", _("Say who they are to the person."))
        if contact.kind not in kinds:
            _add(errors, prefix + "kind", _("Choose what kind of contact they are."))
        row = ReferralContact(**{name: getattr(contact, name) for name in CONTACT_FIELDS})
        try:
            row.clean_fields(exclude=["referral", "kind", "name", "relationship"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    _add(errors, prefix + name, message)


def check_details(
    details: ReferralDetails,
    *,
    organisation_id: int,
    before: Referral | None = None,
    referrer: dict[str, Any] | None = None,
) -> ReferralDetails:
    """The details tidied, or a ``ValidationError`` naming every field that is wrong (keys are
    the fields' names; a contact's are ``contacts.<index>.<field>``). ``before`` is the
    referral being corrected."""
    details = _tidy(details)
    errors: dict[str, list[str]] = {}
    for name, message in _REQUIRED.items():
        if not getattr(details, name):
            _add(errors, name, message())
    _check_consent(details, errors)
    _check_support(details, errors)
    _check_dates(details, errors, before)
    _check_lists(details, organisation_id, errors)
    for name in _MULTILINE:
        limit = getattr(Referral._meta.get_field(name), "max_length", None)
        length = len(getattr(details, name))
        if limit is not None and length > limit and name not in errors:
            _add(
                errors,
                name,
                _("Keep this to at most %(limit)s characters (it has %(length)s).")
                % {"limit": limit, "length": length},
            )
    if details.postcode and not _POSTCODE.match("".join(details.postcode.split())):
        _add(errors, "postcode", _("Enter a UK postcode like ME14 1AA, or its first part, ME14."))
    # Lengths, choices and formats, as the model defines them.
    trial = Referral(**details.values(), **(referrer or {}))
    exclude = [
        item.name
        for item in Referral._meta.concrete_fields
        if item.name not in DETAIL_FIELDS and item.name not in (referrer or {})
    ]
    try:
        trial.clean_fields(exclude=[*exclude, *errors])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                _add(errors, name, message)
    if errors:
        raise ValidationError(errors)
    return details


def _duplicate_of(details: ReferralDetails, organisation_id: int) -> Referral | None:
    """An open referral of the organisation for the same person: the same names and date of
    birth (or the same names, when either leaves the date out)."""
    found = Referral.objects.filter(
        organisation_id=organisation_id,
        status__in=OPEN_STATUSES,
        first_name__iexact=details.first_name,
        last_name__iexact=details.last_name,
    )
    if details.date_of_birth is not None:
        found = found.filter(Q(date_of_birth=details.date_of_birth) | Q(date_of_birth__isnull=True))
    return found.order_by("received_at", "pk").first()


def _refuse_duplicate(actor: User, duplicate: Referral) -> None:
    if referrals_visible_to(actor).filter(pk=duplicate.pk).exists():
        message = _(
            "There is already an open referral for %(name)s (%(reference)s). Add to that one "
            "with a message instead of referring them again."
        ) % {"name": duplicate.name, "reference": duplicate.reference}
    else:
        message = _(
            "We already have an open referral for someone with this name and date of birth. "
            "Please contact us rather than referring them again."
        )
    raise ValidationError({NON_FIELD_ERRORS: [message]})


# Submitting ----------------------------------------------------------------------------------


def _next_reference(organisation_id: int, year: int) -> str:
    taken = Referral.objects.filter(
        organisation_id=organisation_id, reference__startswith=f"R-{year}-"
    ).values_list("reference", flat=True)
    numbers = [int(match.group(2)) for ref in taken if (match := _REFERENCE.match(ref))]
    return f"R-{year}-{max(numbers, default=0) + 1:03d}"


def _save_contacts(referral: Referral, contacts: Sequence[ContactDetails]) -> None:
    ReferralContact.objects.bulk_create(
        [
            ReferralContact(
                referral=referral, **{name: getattr(contact, name) for name in CONTACT_FIELDS}
            )
            for contact in contacts
        ]
    )


def submit(*, actor: User, details: ReferralDetails) -> Referral:
    """A partner's new referral (they need a current grant), or a ``ValidationError``."""
    grant = current_grant(actor)
    if grant is None:
        raise PermissionDenied(_("Your access to refer people has ended."))
    details = check_details(details, organisation_id=grant.organisation_id)
    referrer = {
        "source": grant.source,
        "referrer_name": actor.display_name or actor.email,
        "referrer_agency": grant.agency,
        "referrer_email": actor.email,
    }
    return _numbered(actor, grant, details, referrer, basis="referrer")


def record_for_referrer(
    *, actor: User, details: ReferralDetails, referrer: dict[str, Any]
) -> Referral:
    """A referral the office received by phone, email or post and types in for the referrer
    (who has no grant, so follows it through the office), or a ``ValidationError``."""
    if not is_office(actor):
        raise PermissionDenied(_("Only the office records referrals for a referrer."))
    details = check_details(details, organisation_id=actor.organisation_id, referrer=referrer)
    return _numbered(actor, None, details, referrer, basis="office")


def _numbered(
    actor: User,
    grant: ReferrerGrant | None,
    details: ReferralDetails,
    referrer: dict[str, Any],
    *,
    basis: str,
) -> Referral:
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _create(actor, grant, details, referrer, basis=basis)
        except IntegrityError:
            # Another submit took the same reference at the same moment: number it again.
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _create(
    actor: User,
    grant: ReferrerGrant | None,
    details: ReferralDetails,
    referrer: dict[str, Any],
    *,
    basis: str,
) -> Referral:
    # One submit at a time per organisation: the duplicate check and the numbering hold.
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    duplicate = _duplicate_of(details, organisation.pk)
    if duplicate is not None:
        _refuse_duplicate(actor, duplicate)
    now = timezone.now()
    referral = Referral(
        organisation=organisation,
        reference=_next_reference(organisation.pk, timezone.localdate().year),
        status=Status.RECEIVED,
        grant=grant,
        submitted_by=actor,
        received_at=now,
        status_changed_at=now,
        **referrer,
        **details.values(),
    )
    referral.save()
    _save_contacts(referral, details.contacts)
    referral.skills.set(details.skills)
    StatusChange.objects.create(
        referral=referral, from_status="", to_status=Status.RECEIVED, at=now, by=actor
    )
    changes = field_changes(None, referral)
    changes["contacts"] = {"new": len(details.contacts)}
    changes["skills"] = {"new": sorted(skill.name for skill in details.skills)}
    record_change(
        actor=actor,
        organisation=organisation,
        action="referral.submit",
        obj=referral,
        person=None,
        changes=changes,
        basis=basis,
    )
    notices.referral_arrived(referral)
    return referral


# The office's corrections -------------------------------------------------------------------


def _update_contacts(referral: Referral, contacts: Sequence[ContactDetails]) -> dict[str, Any]:
    """Corrects, adds and removes contacts (one left out is removed); what changed, in words
    for the audit (names of people only, never their details)."""
    existing = {contact.public_id: contact for contact in referral.contacts.all()}
    kept: set[uuid.UUID] = set()
    changed: list[str] = []
    added: list[ReferralContact] = []
    for contact in contacts:
        row = existing.get(contact.public_id) if contact.public_id else None
        if row is None:
            added.append(
                ReferralContact(
                    referral=referral,
                    **{name: getattr(contact, name) for name in CONTACT_FIELDS},
                )
            )
            continue
        kept.add(row.public_id)
        updates = {
            name: getattr(contact, name)
            for name in CONTACT_FIELDS
            if getattr(contact, name) != getattr(row, name)
        }
        if updates:
            for name, value in updates.items():
                setattr(row, name, value)
            row.save(update_fields=list(updates))
            changed.append(row.name)
    removed = [row for key, row in existing.items() if key not in kept]
    ReferralContact.objects.filter(pk__in=[row.pk for row in removed]).delete()
    ReferralContact.objects.bulk_create(added)
    summary: dict[str, Any] = {}
    if added:
        summary["added"] = [row.name for row in added]
    if changed:
        summary["changed"] = changed
    if removed:
        summary["removed"] = [row.name for row in removed]
    return summary


@transaction.atomic
def update_details(
    *,
    actor: User,
    referral: Referral,
    details: ReferralDetails,
    referrer: dict[str, Any] | None = None,
) -> Referral:
    """The office corrects what was submitted (and, in ``referrer``, who referred: the
    ``REFERRER_FIELDS``). Audited; nothing changes when nothing differs."""
    if not is_office(actor) or referral.organisation_id != actor.organisation_id:
        raise PermissionDenied
    referrer = {name: value for name, value in (referrer or {}).items() if name in REFERRER_FIELDS}
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise ValidationError(_("This referral is closed; its details can no longer change."))
    details = check_details(
        details, organisation_id=locked.organisation_id, before=locked, referrer=referrer
    )
    fields = [*DETAIL_FIELDS, *referrer]
    old = snapshot(locked, fields)
    for name, value in {**details.values(), **referrer}.items():
        setattr(locked, name, value)
    changes = field_changes(old, locked, fields=fields)
    before_skills = set(locked.skills.values_list("name", flat=True))
    after_skills = {skill.name for skill in details.skills}
    if before_skills != after_skills:
        locked.skills.set(details.skills)
        changes["skills"] = {"old": sorted(before_skills), "new": sorted(after_skills)}
    contacts = _update_contacts(locked, details.contacts)
    if contacts:
        changes["contacts"] = contacts
    if changes:
        locked.save()
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="referral.update",
            obj=locked,
            person=locked.person,
            changes=changes,
            basis="office",
        )
    return locked
