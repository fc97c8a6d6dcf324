"""Referrals and the accept/decline decision (issue 7).

A partner (a council social worker, an NHS team, another provider) refers a person in; the
provider assesses every component of the package on evidence — the hours against a draft
support pattern, whether the person is clear what they want, the family, whether staff can be
recruited for those hours there, and the organisation's own capacity — then decides to accept,
accept with conditions, or decline, with reasons on record. An accepted referral becomes the
person's record, package, funding arrangement, circle and support pattern without retyping.

Partners reach referrals through a ``ReferrerGrant``: time-limited, their own referrals only.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ownterms.funding.models import ArrangementKind, FunderKind
from ownterms.people.models import CircleMember, Consent, Person
from ownterms.rota.models import WEEKDAYS, ShiftKind

MINUTES_PER_DAY = 24 * 60


class Source(models.TextChoices):
    """Who referred (reports count referrals by source)."""

    COUNCIL = "council", _("Council social worker")
    NHS_DISCHARGE = "nhs_discharge", _("NHS hospital discharge team")
    NHS_COMMUNITY = "nhs_community", _("NHS community team")
    PROVIDER = "provider", _("Another provider")
    FAMILY = "family", _("The person or their family")
    OTHER = "other", _("Other")


class ReferrerGrant(models.Model):
    """A partner professional's access to refer people and follow their own referrals, from
    ``starts_on`` until ``ends_on`` (the day it ends gives no access, as everywhere)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="referrer_grants"
    )
    #: "Kent County Council — adult social care", "Maidstone community learning disability team".
    agency = models.CharField(_("agency"), max_length=150)
    source = models.CharField(_("kind of referrer"), max_length=20, choices=Source.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (not included)"))
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="referrer_grant_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency})"


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    INFORMATION_REQUESTED = "information_requested", _("More information requested")
    ASSESSMENT = "assessment", _("Being assessed")
    DECISION = "decision", _("Waiting for a decision")
    TRANSITION = "transition", _("Accepted: planning the move to us")
    ACTIVE = "active", _("Supported now")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The pipeline in order; DECLINED and WITHDRAWN end it from any open status.
STATUS_ORDER: tuple[str, ...] = (
    Status.RECEIVED,
    Status.INFORMATION_REQUESTED,
    Status.ASSESSMENT,
    Status.DECISION,
    Status.TRANSITION,
    Status.ACTIVE,
)
OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.INFORMATION_REQUESTED, Status.ASSESSMENT, Status.DECISION}
)
CLOSED_STATUSES = frozenset({Status.ACTIVE, Status.DECLINED, Status.WITHDRAWN})


class Referral(models.Model):
    """One person referred in, with the support being commissioned. The person's details are
    the minimum needed to decide; they become a ``Person`` only when the referral is accepted."""

    #: Special-category text: the audit records only that it changed.
    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "communication_summary",
        "what_they_want",
        "key_needs",
        "risks",
        "family_and_circle",
        "consent_note",
        "closed_note",
    )

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    #: "R-2026-007": the number partners quote (unique within the organisation).
    reference = models.CharField(_("reference"), max_length=20)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    source = models.CharField(_("kind of referrer"), max_length=20, choices=Source.choices)

    # Who referred: a partner's grant when they submitted it themselves; the fields keep what
    # was said at the time (a grant ends; the referral's history stays).
    grant = models.ForeignKey(
        ReferrerGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referrer_name = models.CharField(_("referrer's name"), max_length=150)
    referrer_role = models.CharField(_("referrer's role"), max_length=150, blank=True)
    referrer_agency = models.CharField(_("agency"), max_length=150)
    referrer_email = models.EmailField(_("referrer's email"))
    referrer_phone = models.CharField(_("referrer's phone"), max_length=40, blank=True)
    #: The partner's one named contact at the provider.
    contact = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("our contact"),
    )

    # The person: the minimum needed to decide.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    communication_summary = models.CharField(
        _("how to communicate with them"), max_length=500, blank=True
    )
    #: Values of ``people.models.CommunicationFormat``.
    communication_formats = models.JSONField(_("format needs"), default=list, blank=True)
    consent_to_share = models.BooleanField(_("the person agreed to this referral being shared"))
    consent_given_by = models.CharField(
        _("consent given by"), max_length=20, choices=Consent.GivenBy.choices
    )
    consent_note = models.CharField(_("consent record"), max_length=500, blank=True)

    # Where they would live.
    home = models.CharField(_("where they would live"), max_length=20, choices=Person.Home.choices)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    #: A full postcode or just its district ("ME14"): recruitability works from the district.
    postcode = models.CharField(_("postcode or district"), max_length=10, blank=True)
    housing_note = models.CharField(_("about the home"), max_length=500, blank=True)

    # The support commissioned, per week (whole minutes; sleep-ins as nights).
    day_minutes = models.PositiveIntegerField(_("day hours at 1:1 (minutes a week)"), default=0)
    two_to_one_minutes = models.PositiveIntegerField(_("hours at 2:1 (minutes a week)"), default=0)
    two_to_one_when = models.CharField(_("when 2:1 is needed"), max_length=300, blank=True)
    waking_night_minutes = models.PositiveIntegerField(
        _("waking night hours (minutes a week)"), default=0
    )
    sleep_in_nights = models.PositiveSmallIntegerField(
        _("sleep-in nights a week"), default=0, validators=[MaxValueValidator(7)]
    )
    #: Rates offered, pence an hour (day, 2:1 per hour of the pair, waking night) or a night.
    day_rate_pence = models.PositiveIntegerField(_("day rate (pence an hour)"), default=0)
    two_to_one_rate_pence = models.PositiveIntegerField(_("2:1 rate (pence an hour)"), default=0)
    waking_night_rate_pence = models.PositiveIntegerField(
        _("waking night rate (pence an hour)"), default=0
    )
    sleep_in_rate_pence = models.PositiveIntegerField(_("sleep-in rate (pence a night)"), default=0)
    funder_name = models.CharField(_("funder"), max_length=150)
    funder_kind = models.CharField(_("kind of funder"), max_length=20, choices=FunderKind.choices)
    funding_kind = models.CharField(
        _("kind of funding"), max_length=20, choices=ArrangementKind.choices
    )
    start_wanted = models.DateField(_("start date wanted"), null=True, blank=True)

    # What the referrer tells us.
    what_they_want = models.TextField(_("what the person wants from life"), max_length=4000)
    key_needs = models.TextField(_("key needs"), max_length=4000)
    risks = models.TextField(_("risks"), max_length=4000, blank=True)
    family_and_circle = models.TextField(_("family and circle"), max_length=4000, blank=True)
    #: Skills the team would need (epilepsy rescue medication, driving): recruitability uses them.
    skills = models.ManyToManyField("vocabulary.Skill", related_name="+", blank=True)

    #: The manager who would hold the package (capacity weighs their caseload).
    proposed_manager = models.ForeignKey(
        "staff.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("manager who would hold it"),
    )
    #: The person's record, once accepted (created from this referral, never retyped).
    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )
    #: Why it was withdrawn (declines keep their reasons on the ``Decision``).
    closed_note = models.CharField(_("why"), max_length=500, blank=True)
    received_at = models.DateTimeField()
    status_changed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sleep_in_nights__lte=7), name="referral_at_most_seven_sleep_ins"
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="one_reference_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.called}"

    @property
    def called(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def name(self) -> str:
        return f"{self.called} {self.last_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralContact(models.Model):
    """Family, circle and professionals the referrer names; they become the person's circle."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=CircleMember.Kind.choices)
    relationship = models.CharField(_("relationship"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["referral", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class StatusChange(models.Model):
    """Every move through the pipeline, with who and why (the partner sees these)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["referral", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


class Message(models.Model):
    """A message between the provider and the referrer on one referral (asking for and giving
    more information). Both sides read the whole thread."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("text",)

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    from_referrer = models.BooleanField()
    text = models.TextField(_("message"), max_length=4000)
    at = models.DateTimeField()

    class Meta:
        ordering = ["referral", "at", "pk"]

    def __str__(self) -> str:
        return f"message on {self.referral_id} at {self.at:%Y-%m-%d %H:%M}"


class DraftBlock(models.Model):
    """A block of the draft support pattern designed with the person during the assessment;
    the same shape as ``rota.PatternBlock``, which it becomes on acceptance."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="draft_blocks")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start_minute = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MINUTES_PER_DAY - 1)]
    )
    #: Up to 2880: past 1440 ends the next day.
    end_minute = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(2 * MINUTES_PER_DAY)]
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ShiftKind.choices)
    headcount = models.PositiveSmallIntegerField(
        _("workers"), choices=((1, _("1:1")), (2, _("2:1"))), default=1
    )
    activity = models.CharField(_("what we're doing"), max_length=120, blank=True)
    #: Time for new skills, community or work — the hours must leave room for it.
    developmental = models.BooleanField(_("developmental (new skills, community, work)"))

    class Meta:
        ordering = ["referral", "weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="draft_block_weekday"),
            models.CheckConstraint(
                condition=Q(end_minute__gt=F("start_minute"), end_minute__lte=2880),
                name="draft_block_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"day {self.weekday} {self.start_minute}-{self.end_minute}"


class Component(models.TextChoices):
    """What is weighed before accepting a package (DOMAIN.md, "Accepting or declining")."""

    HOURS = "hours", _("Hours and money")
    CLARITY = "clarity", _("Clarity and achievability")
    FAMILY = "family", _("Family vision and partnership")
    RECRUITABILITY = "recruitability", _("Staff for these hours in this place")
    CAPACITY = "capacity", _("Our capacity")


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class ComponentAssessment(models.Model):
    """One component rated with its evidence and who assessed it. ``answers`` holds the
    structured questions' answers; ``figures`` the numbers the app computed when it was rated
    (kept so the decision can be read later as it was made)."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("evidence",)

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    component = models.CharField(max_length=20, choices=Component.choices)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    evidence = models.TextField(_("evidence"), max_length=6000)
    answers = models.JSONField(default=dict, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    assessed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_by_label = models.CharField(max_length=200)
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["referral", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "component"], name="one_assessment_per_component"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.component}: {self.rating}"


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    ACCEPT_WITH_CONDITIONS = "accept_with_conditions", _("Accept with conditions")
    DECLINE = "decline", _("Decline")


class DeclineReason(models.TextChoices):
    """Why a package was declined, for the reports (the letter says it in words)."""

    HOURS = "hours", _("The hours or money are not enough for safe, good support")
    CLARITY = "clarity", _("What support is wanted is not yet clear or achievable")
    FAMILY = "family", _("We could not build a shared vision or partnership with the family")
    RECRUITABILITY = "recruitability", _("We could not recruit a team for these hours there")
    CAPACITY = "capacity", _("We do not have the capacity to start well now")
    OTHER = "other", _("Another reason")


class Decision(models.Model):
    """The decision on a referral: what the app recommended, what was decided (it may differ,
    with a reason), the conditions or reasons, and the letter sent."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("reasons", "conditions", "differs_because")

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="decision")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recommended = models.CharField(max_length=24, choices=Outcome.choices)
    outcome = models.CharField(_("decision"), max_length=24, choices=Outcome.choices)
    differs_because = models.TextField(
        _("why the decision differs from the recommendation"), max_length=2000, blank=True
    )
    conditions = models.TextField(_("conditions"), max_length=4000, blank=True)
    #: The reasons in words, for the letter ("we are not the best provider for Sam because…").
    reasons = models.TextField(_("reasons"), max_length=4000)
    #: Values of ``DeclineReason`` (reports); empty unless declined.
    decline_reasons = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=F("recommended")) | ~Q(differs_because=""),
                name="decision_differs_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.outcome}"

    @property
    def accepted(self) -> bool:
        return self.outcome != Outcome.DECLINE
