"""Behaviour support plans, incidents recorded as ABC, and restrictive practice events."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models.records import DailyRecord

TEXT = 20000


class PracticeKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical intervention (standing or seated hold)")
    SUPINE = "supine", _("Supine hold (face up, on the floor)")
    PRONE = "prone", _("Prone hold (face down)")
    MECHANICAL = "mechanical", _("Mechanical restraint (belt, splint, harness)")
    CHEMICAL = "chemical", _("Medication to manage behaviour (chemical restraint)")
    ENVIRONMENTAL = "environmental", _("Environmental (locked door, items kept away)")
    SECLUSION = "seclusion", _("Seclusion")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    BEST_INTERESTS = "best_interests", _("Mental Capacity Act best-interests decision")
    DOLS = "dols", _("Deprivation of Liberty authorisation (DoLS or LPS)")
    COURT_OF_PROTECTION = "court_of_protection", _("Court of Protection order")
    MENTAL_HEALTH_ACT = "mental_health_act", _("Mental Health Act")
    CONSENT = "consent", _("The person's own informed consent")
    OTHER = "other", _("Other")


class BehaviourSupportPlan(DailyRecord):
    """The person's positive behaviour support plan (one current plan; amended, never lost)."""

    hypotheses = models.TextField(_("what we think the behaviour is for"), max_length=TEXT)
    green = models.TextField(_("proactive strategies (green)"), max_length=TEXT)
    amber = models.TextField(_("early warning signs and de-escalation (amber)"), max_length=TEXT)
    red = models.TextField(_("reactive strategies (red)"), max_length=TEXT)
    reduction_plan = models.TextField(
        _("plan to reduce restrictive practices"), max_length=TEXT, blank=True
    )
    review_on = models.DateField(_("review date"))

    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "hypotheses",
        "green",
        "amber",
        "red",
        "reduction_plan",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person"], name="one_behaviour_plan_per_person")
        ]

    def __str__(self) -> str:
        return f"Behaviour support plan {self.public_id}"


class AuthorisedPractice(models.Model):
    """A restrictive practice the plan authorises, with its legal basis, until ``ends_on``."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        BehaviourSupportPlan, on_delete=models.CASCADE, related_name="authorised_practices"
    )
    kind = models.CharField(_("practice"), max_length=15, choices=PracticeKind.choices)
    description = models.CharField(_("what is authorised, and when"), max_length=1000)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    legal_basis_detail = models.CharField(_("reference or details"), max_length=500, blank=True)
    authorised_on = models.DateField(_("authorised on"))
    review_on = models.DateField(_("review date"))
    #: The first day it is no longer authorised.
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "authorised_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_legal_basis_display()})"


class Incident(DailyRecord):
    """An incident recorded as ABC (antecedent, behaviour, consequence).

    Saved as a draft while it is written; it can be closed only when every part is filled in.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    starts_at = models.DateTimeField(_("started"))
    ends_at = models.DateTimeField(_("ended"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=300, blank=True)
    activity = models.CharField(_("what was happening"), max_length=300, blank=True)
    people_present = models.CharField(_("who was there"), max_length=500, blank=True)
    setting_events = models.TextField(
        _("setting events (poor sleep, illness, a change of routine)"), max_length=TEXT, blank=True
    )
    antecedent = models.TextField(_("what happened just before (A)"), max_length=TEXT, blank=True)
    behaviour = models.TextField(_("what the person did (B)"), max_length=TEXT, blank=True)
    behaviour_minutes = models.PositiveIntegerField(
        _("how long, in minutes"), null=True, blank=True
    )
    intensity = models.PositiveSmallIntegerField(
        _("intensity (1 low to 5 high)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    consequence = models.TextField(_("what happened after (C)"), max_length=TEXT, blank=True)
    strategies_used = models.TextField(
        _("strategies used from the behaviour support plan"), max_length=TEXT, blank=True
    )
    injuries = models.TextField(_("injuries (to anyone)"), max_length=TEXT, blank=True)
    debrief = models.TextField(_("debrief"), max_length=TEXT, blank=True)
    #: ``None`` until someone has decided.
    safeguarding_needed = models.BooleanField(
        _("safeguarding referral needed"), null=True, blank=True
    )
    regulator_notification_needed = models.BooleanField(
        _("notification to the regulator needed"), null=True, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "setting_events",
        "antecedent",
        "behaviour",
        "consequence",
        "strategies_used",
        "injuries",
        "debrief",
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="incident_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Incident {self.public_id}"


class RestrictivePracticeEvent(DailyRecord):
    """One use of a restrictive practice; flagged when the plan did not authorise it."""

    incident = models.ForeignKey(
        Incident,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restrictive_practices",
    )
    kind = models.CharField(_("practice"), max_length=15, choices=PracticeKind.choices)
    starts_at = models.DateTimeField(_("started"))
    ends_at = models.DateTimeField(_("ended"))
    staff = models.ManyToManyField("staff.StaffMember", related_name="+", verbose_name=_("staff"))
    technique = models.TextField(_("technique used"), max_length=TEXT)
    alternatives_tried = models.TextField(_("what was tried first"), max_length=TEXT)
    injury_checks = models.TextField(_("injury checks"), max_length=TEXT)
    person_account = models.TextField(_("the person's account"), max_length=TEXT, blank=True)
    debrief = models.TextField(_("debrief"), max_length=TEXT, blank=True)
    #: The authorisation it was used under; empty when none covered it.
    authorised_practice = models.ForeignKey(
        AuthorisedPractice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Set once the on-call manager has been alerted (a prone hold).
    alerted_at = models.DateTimeField(null=True, blank=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "technique",
        "alternatives_tried",
        "injury_checks",
        "person_account",
        "debrief",
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="restrictive_practice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Restrictive practice {self.public_id}"

    @property
    def unauthorised(self) -> bool:
        return self.authorised_practice_id is None
