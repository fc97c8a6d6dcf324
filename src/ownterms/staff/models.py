"""Staff members and the relationships that give them access: teams, management, on-call."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: A UK postcode outward code ("district"): A9, A99, A9A, AA9, AA99 or AA9A.
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")

#: The longest notice a worker can be asked to give to end an opt-out (three months).
MAX_OPT_OUT_NOTICE_DAYS = 92


def normalise_district(value: str) -> str:
    return "".join(value.split()).upper()


def validate_postcode_district(value: str) -> None:
    if value and not OUTWARD_CODE.match(normalise_district(value)):
        raise ValidationError(
            _("Enter the first part of a UK postcode (the district), for example LS6, M1 or SW1A."),
            code="invalid_district",
        )


class StaffMember(models.Model):
    """An employee of the organisation (support worker or manager)."""

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        BANK = "bank", _("Bank (no set hours)")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        OTHER = "other", _("Another gender")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="staff"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        "accounts.User", on_delete=models.PROTECT, related_name="staff_member"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    photo = models.ImageField(_("photo"), upload_to="staff/photos/", blank=True)
    job_title = models.CharField(_("job title"), max_length=100)
    employment = models.CharField(_("employment"), max_length=10, choices=Employment.choices)
    contract_minutes_per_week = models.PositiveIntegerField(_("contracted minutes a week"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    pay_band = models.CharField(_("pay band"), max_length=40, blank=True)
    opt_out_signed_on = models.DateField(_("48-hour opt-out signed on"), null=True, blank=True)
    opt_out_withdrawal_notice_on = models.DateField(
        _("notice to end the opt-out given on"), null=True, blank=True
    )
    opt_out_notice_days = models.PositiveSmallIntegerField(
        _("notice needed to end the opt-out (days)"), default=7
    )
    # Working Time Regulations: someone who normally works at least 3 hours of their working
    # time at night; the rota engine then keeps their average night working within its limit.
    night_worker = models.BooleanField(_("night worker"), default=False)
    other_employment_minutes_per_week = models.PositiveIntegerField(
        _("declared minutes a week at other employers"), default=0
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    home_area = models.CharField(
        _("home area (postcode district)"),
        max_length=4,
        blank=True,
        validators=[validate_postcode_district],
    )
    tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    profile_appreciated = models.TextField(
        _("what people like and admire about me"), max_length=1500, blank=True
    )
    profile_important = models.TextField(_("what matters to me"), max_length=1500, blank=True)
    profile_how_i_work = models.TextField(_("how I like to work"), max_length=1500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opt_out_withdrawal_notice_on__isnull=True)
                | models.Q(
                    opt_out_signed_on__isnull=False,
                    opt_out_withdrawal_notice_on__gte=models.F("opt_out_signed_on"),
                ),
                name="opt_out_notice_after_signing",
            ),
            models.CheckConstraint(
                condition=models.Q(opt_out_notice_days__lte=MAX_OPT_OUT_NOTICE_DAYS),
                name="opt_out_notice_at_most_three_months",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="staff_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_profile(self) -> bool:
        return bool(self.profile_appreciated or self.profile_important or self.profile_how_i_work)

    @property
    def opt_out_ends_on(self) -> dt.date | None:
        """The first day the opt-out no longer applies, once notice to end it has been given."""
        if self.opt_out_withdrawal_notice_on is None:
            return None
        return self.opt_out_withdrawal_notice_on + dt.timedelta(days=self.opt_out_notice_days)

    def opt_out_in_force_on(self, day: dt.date) -> bool:
        """Signed on or before ``day``, and the notice to end it (if given) not yet run out.

        The Working Time Regulations let a worker end an opt-out with 7 days' notice, or a
        longer period agreed in writing of at most three months.
        """
        if self.opt_out_signed_on is None or self.opt_out_signed_on > day:
            return False
        ends = self.opt_out_ends_on
        return ends is None or day < ends


class TeamMembership(models.Model):
    """A staff member in one person's own team, for a period, approved by the person."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core")
        RELIEF = "relief", _("Relief")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="team")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="team_memberships"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORE)
    approved_by_person = models.BooleanField(_("approved by the person"), default=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["staff_member", "person"])]

    def __str__(self) -> str:
        return f"{self.staff_member} in {self.person}'s team"


class ManagerAssignment(models.Model):
    """A manager responsible for a person, for a period."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="managers")
    manager = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="manager_assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.manager} manages {self.person}"


class OnCallDuty(models.Model):
    """A manager's on-call duty; while it lasts they may read every person's record."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    manager = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="on_call_duties"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="on_call_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.manager} on call from {self.starts_at:%Y-%m-%d %H:%M}"


class TrainingRecord(models.Model):
    """A staff member holds a skill from ``completed_on``, until ``expires_on`` if it lapses."""

    class State(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRING = "expiring", _("Expiring in 30 days")
        EXPIRED = "expired", _("Expired")
        NOT_YET = "not_yet", _("Not started yet")

    EXPIRING_WITHIN = dt.timedelta(days=30)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="training")
    skill = models.ForeignKey("vocabulary.Skill", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skill__name", "-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member}: {self.skill}"

    def state_on(self, day: dt.date) -> TrainingRecord.State:
        """Valid on ``day`` means completed on or before it and expiring after it."""
        if self.completed_on > day:
            return self.State.NOT_YET
        if self.expires_on is None:
            return self.State.VALID
        if self.expires_on <= day:
            return self.State.EXPIRED
        if self.expires_on - day <= self.EXPIRING_WITHIN:
            return self.State.EXPIRING
        return self.State.VALID


class SkillNeed(models.Model):
    """A skill the person's support needs from their team (e.g. epilepsy rescue medication on
    every shift). The team health view counts who in the team holds it."""

    class Coverage(models.TextChoices):
        EVERY_SHIFT = "every_shift", _("On every shift")
        SOME_SHIFTS = "some_shifts", _("On some shifts")

    audit_private_fields: ClassVar[tuple[str, ...]] = ("note",)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="skill_needs"
    )
    skill = models.ForeignKey("vocabulary.Skill", on_delete=models.PROTECT, related_name="+")
    coverage = models.CharField(
        _("how often"), max_length=12, choices=Coverage.choices, default=Coverage.EVERY_SHIFT
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="one_need_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.person} needs {self.skill}"
