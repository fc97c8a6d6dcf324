"""The person supported, and the circle of people they choose to share with."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunicationFormat(models.TextChoices):
    """Format needs under the Accessible Information Standard (a fixed list)."""

    EASY_READ = "easy_read", _("Easy read")
    LARGE_PRINT = "large_print", _("Large print")
    PICTURES = "pictures", _("Pictures or symbols")
    MAKATON = "makaton", _("Makaton")
    BSL = "bsl", _("British Sign Language interpreter")
    BRAILLE = "braille", _("Braille")
    AUDIO = "audio", _("Audio")
    PLAIN_ENGLISH = "plain_english", _("Plain English")
    OTHER = "other", _("Other (say how in 'how to communicate with me')")


class Person(models.Model):
    """A person the organisation supports (or has been asked to support)."""

    class Tenancy(models.TextChoices):
        ASSURED = "assured", _("Assured tenancy")
        SHARED_OWNERSHIP = "shared_ownership", _("Shared ownership")
        OWNER = "owner", _("Owner")
        LICENCE = "licence", _("Licence")
        FAMILY_HOME = "family_home", _("Family home")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        ACTIVE = "active", _("Supported now")
        ENDED = "ended", _("Support ended")

    class Home(models.TextChoices):
        OWN_TENANCY = "own_tenancy", _("Own tenancy")
        WITH_FAMILY = "with_family", _("Lives with family")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="people"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/photos/", blank=True)
    has_communication_needs = models.BooleanField(_("has communication needs"), default=False)
    communication_summary = models.CharField(
        _("how to communicate with me"), max_length=500, blank=True
    )
    #: Values of ``CommunicationFormat`` (a list; empty when none).
    communication_formats = models.JSONField(_("format needs"), default=list, blank=True)
    home = models.CharField(_("where I live"), max_length=20, choices=Home.choices)
    address_line_1 = models.CharField(_("address line 1"), max_length=150, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=150, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    tenancy = models.CharField(
        _("tenancy type"), max_length=20, choices=Tenancy.choices, blank=True
    )
    housing_provider = models.CharField(_("housing provider"), max_length=150, blank=True)
    housing_provider_is_support_provider = models.BooleanField(
        _("the housing provider is also the support provider"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    user = models.OneToOneField(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The person's own sign-in, if they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: Special-category free text: the audit records only that it changed.
    audit_private_fields: ClassVar[tuple[str, ...]] = ("communication_summary",)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.called} {self.last_name}"

    @property
    def called(self) -> str:
        """The name the person goes by: their preferred name, else their first name."""
        return self.preferred_name or self.first_name

    @property
    def lives_with_family(self) -> bool:
        return self.home == self.Home.WITH_FAMILY

    @property
    def communication_format_labels(self) -> list[str]:
        labels = dict(CommunicationFormat.choices)
        return [str(labels[value]) for value in self.communication_formats if value in labels]

    @property
    def address_lines(self) -> list[str]:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return [part for part in parts if part]


class ConsentCategory(models.TextChoices):
    """What a page or endpoint shows; consent to share is given per category."""

    PROFILE = "profile", _("About me")
    ROTA = "rota", _("Who is coming")
    PLANS = "plans", _("Plans and goals")
    HEALTH = "health", _("Health")
    DAILY = "daily", _("Daily notes and incidents")
    MONEY = "money", _("Money")


class CircleMember(models.Model):
    """Someone in the person's circle of support, paid or not; partner professionals too."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Family")
        FRIEND = "friend", _("Friend")
        NEIGHBOUR = "neighbour", _("Neighbour")
        ADVOCATE = "advocate", _("Advocate")
        PROFESSIONAL = "professional", _("Professional")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle")
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circle_memberships",
        help_text="Their sign-in, if they have one.",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    relationship = models.CharField(_("relationship"), max_length=100)
    is_paid = models.BooleanField(_("paid"), default=False)
    role = models.CharField(_("role in the circle"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class Consent(models.Model):
    """The person's consent to share one category of their record with one circle member."""

    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person")
        ATTORNEY = "attorney", _("Attorney or deputy")
        BEST_INTERESTS = "best_interests", _("Best-interests decision (Mental Capacity Act)")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle_member = models.ForeignKey(
        CircleMember, on_delete=models.CASCADE, related_name="consents"
    )
    category = models.CharField(max_length=10, choices=ConsentCategory.choices)
    given_by = models.CharField(max_length=20, choices=GivenBy.choices)
    decision_note = models.CharField(
        _("decision record"),
        max_length=500,
        blank=True,
        help_text="Who decided and where the best-interests decision is recorded.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("decision_note",)

    class Meta:
        ordering = ["category"]
        indexes = [models.Index(fields=["circle_member", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="consent_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.circle_member} — {self.category}"


class CommissionedPackage(models.Model):
    """The support commissioned for the person per week ("the package"), from ``starts_on``.

    Rows are never changed: a package for a later date supersedes the previous one from that
    date (the previous row keeps its own dates; ``effective_until`` is worked out from the
    next one). Hours are stored as whole minutes per week, sleep-ins as nights per week.
    """

    class FunderKind(models.TextChoices):
        COUNCIL = "council", _("Council (adult social care)")
        ICB = "icb", _("Integrated care board (NHS)")
        JOINT = "joint", _("Joint (council and NHS)")
        EDUCATION = "education", _("Education")
        SELF = "self", _("Self-funded")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="packages")
    starts_on = models.DateField(_("starts on"))
    review_on = models.DateField(_("review date"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    funder_name = models.CharField(_("funder"), max_length=150)
    funder_kind = models.CharField(_("kind of funder"), max_length=20, choices=FunderKind.choices)
    reference = models.CharField(_("funder's reference"), max_length=100, blank=True)
    day_minutes = models.PositiveIntegerField(_("day hours at 1:1 (minutes a week)"), default=0)
    two_to_one_minutes = models.PositiveIntegerField(_("hours at 2:1 (minutes a week)"), default=0)
    waking_night_minutes = models.PositiveIntegerField(
        _("waking night hours (minutes a week)"), default=0
    )
    sleep_in_nights = models.PositiveSmallIntegerField(_("sleep-in nights a week"), default=0)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "starts_on"], name="one_package_per_person_and_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="package_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("starts_on")),
                name="package_review_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(sleep_in_nights__lte=7), name="package_at_most_seven_sleep_ins"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} from {self.starts_on}"
