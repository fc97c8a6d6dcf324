"""The person's health summary: conditions, allergies, key professionals and medication.

Nothing here is ever deleted: conditions, allergies and contacts are marked removed (with who
and when), medicines are stopped with a stop date, and a change of dose or timing stops the
old entry and starts a new one that points back to it. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthItem(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Condition(HealthItem):
    """A diagnosed condition, for example epilepsy."""

    name = models.CharField(_("condition"), max_length=150)
    notes = models.CharField(_("notes"), max_length=1000, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("notes",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Allergy(HealthItem):
    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")
        LIFE_THREATENING = "life_threatening", _("Life-threatening (anaphylaxis)")
        UNKNOWN = "unknown", _("Not known")

    substance = models.CharField(_("allergic to"), max_length=150)
    reaction = models.CharField(_("reaction"), max_length=500, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)

    class Meta:
        ordering = ["substance"]
        verbose_name_plural = "allergies"

    def __str__(self) -> str:
        return self.substance


class HealthContact(HealthItem):
    """The GP or another key professional: a contact, not someone who signs in."""

    class Role(models.TextChoices):
        GP = "gp", _("GP")
        NURSE = "nurse", _("Community or learning disability nurse")
        PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
        NEUROLOGIST = "neurologist", _("Neurologist or epilepsy specialist")
        PHARMACIST = "pharmacist", _("Pharmacist")
        DENTIST = "dentist", _("Dentist")
        THERAPIST = "therapist", _("Therapist (speech, occupational, physio)")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        OTHER = "other", _("Other")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation_name = models.CharField(_("practice or organisation"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Medication(models.Model):
    """One medicine as prescribed from ``starts_on``; stopped (never deleted) on ``stops_on``.

    A psychotropic (STOMP) must say why it is given and when it will be reviewed.
    """

    class Route(models.TextChoices):
        ORAL = "oral", _("By mouth")
        BUCCAL = "buccal", _("Buccal (inside the cheek)")
        NASAL = "nasal", _("Nasal")
        RECTAL = "rectal", _("Rectal")
        TOPICAL = "topical", _("On the skin")
        INHALED = "inhaled", _("Inhaled")
        INJECTION = "injection", _("Injection")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        PRN = "prn", _("When needed (PRN)")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("medicine"), max_length=150)
    dose = models.CharField(_("dose"), max_length=100)
    route = models.CharField(_("how it is taken"), max_length=20, choices=Route.choices)
    kind = models.CharField(_("regular or when needed"), max_length=10, choices=Kind.choices)
    frequency = models.CharField(_("how often, and at what times"), max_length=200)
    prn_protocol = models.CharField(
        _("when to give it (PRN protocol)"), max_length=1000, blank=True
    )
    starts_on = models.DateField(_("started on"))
    stops_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=300, blank=True)
    is_psychotropic = models.BooleanField(_("psychotropic (STOMP)"), default=False)
    psychotropic_reason = models.CharField(_("why it is prescribed"), max_length=500, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    #: The training a worker needs to give it (e.g. "Epilepsy rescue medication"); a seizure
    #: record checks the worker's training against it.
    training_skill = models.ForeignKey(
        "vocabulary.Skill",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training needed to give it"),
    )
    #: The entry this one replaced (a change of dose or timing).
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("prn_protocol", "psychotropic_reason")

    class Meta:
        ordering = ["name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stops_on__isnull=True)
                | models.Q(stops_on__gte=models.F("starts_on")),
                name="medication_stops_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(is_psychotropic=False)
                | (models.Q(review_on__isnull=False) & ~models.Q(psychotropic_reason="")),
                name="psychotropic_has_reason_and_review",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="prn") | ~models.Q(prn_protocol=""),
                name="prn_has_protocol",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}"

    def is_current(self, today: dt.date) -> bool:
        return self.starts_on <= today and (self.stops_on is None or self.stops_on > today)

    def review_overdue(self, today: dt.date) -> bool:
        return self.is_psychotropic and self.review_on is not None and self.review_on < today
