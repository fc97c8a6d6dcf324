"""The person's own plan: one-page profile, aspirations and goals, PATH/MAP sessions,
strengths and interests, weekly routine and individual policies (DOMAIN.md "People and plans").

Versioned things (the one-page profile, each individual policy) keep every saved version as its
own immutable row, numbered 1, 2, 3... per person (or policy); the newest is the current one.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProfileVersion(models.Model):
    """One saved version of the person's one-page profile. Never changed once saved."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="profile_versions"
    )
    number = models.PositiveIntegerField()
    appreciated = models.TextField(_("What people appreciate about me"), max_length=4000)
    important = models.TextField(_("What is important to me"), max_length=4000)
    support = models.TextField(_("How best to support me"), max_length=4000)
    review_on = models.DateField(_("review date"))
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Who saved it, as written when saved (kept if the account goes).
    created_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    #: The content is kept in the versions themselves; the audit records only that it changed.
    audit_private_fields: ClassVar[tuple[str, ...]] = ("appreciated", "important", "support")

    class Meta:
        ordering = ["person", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="one_profile_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="profile_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — profile version {self.number}"


class PersonPlan(models.Model):
    """The person's dreams and north star (plans) and strengths, gifts and interests (profile).

    One row per person, changed in place with every change audited (old and new values)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="plan")
    north_star = models.TextField(_("North star"), max_length=2000, blank=True)
    dreams = models.TextField(_("Dreams"), max_length=4000, blank=True)
    strengths = models.TextField(_("Strengths and gifts"), max_length=4000, blank=True)
    interests = models.ManyToManyField("vocabulary.Tag", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person} — plan"


class Goal(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        STOPPED = "stopped", _("Stopped")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    owner = models.CharField(_("who owns it"), max_length=150)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    achieved_on = models.DateField(_("date achieved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "status", "due_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="achieved", achieved_on__isnull=False))
                | (~Q(status="achieved") & Q(achieved_on__isnull=True)),
                name="goal_achieved_date_iff_achieved",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanningSession(models.Model):
    """A record of a PATH or MAP person-centred planning session."""

    class Method(models.TextChoices):
        PATH = "path", _("PATH")
        MAP = "map", _("MAP")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="planning_sessions"
    )
    method = models.CharField(_("method"), max_length=4, choices=Method.choices)
    held_on = models.DateField(_("date of the session"))
    participants = models.CharField(_("who took part"), max_length=1000)
    #: The method's sections (``PATH_SECTIONS`` / ``MAP_SECTIONS`` keys) → what was written.
    sections = models.JSONField(default=dict, blank=True)
    graphic = models.ImageField(
        _("picture of the graphic"), upload_to="plans/graphics/", blank=True
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("sections",)

    class Meta:
        ordering = ["person", "-held_on"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.held_on}"


#: The sections of each method, in the order the graphic is drawn.
PATH_SECTIONS: tuple[tuple[str, str | Promise], ...] = (
    ("north_star", _("The dream (north star)")),
    ("goal", _("The goal: positive and possible, in a year")),
    ("now", _("Now: where we are today")),
    ("enrol", _("Who to enrol")),
    ("stronger", _("How we will keep strong")),
    ("actions", _("Actions for the next few months")),
    ("first_steps", _("First steps: who, what, by when")),
)
MAP_SECTIONS: tuple[tuple[str, str | Promise], ...] = (
    ("history", _("The story so far")),
    ("dreams", _("Dreams")),
    ("nightmares", _("Fears (nightmares)")),
    ("who", _("Who is the person")),
    ("gifts", _("Gifts and strengths")),
    ("needs", _("What the person needs")),
    ("action_plan", _("Action plan")),
)
SECTIONS: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    PlanningSession.Method.PATH: PATH_SECTIONS,
    PlanningSession.Method.MAP: MAP_SECTIONS,
}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RoutineActivity(models.Model):
    """A regular activity, group or place in the person's week, and the support it needs."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Once a month")
        OCCASIONAL = "occasional", _("Now and then")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="routine")
    name = models.CharField(_("activity, group or place"), max_length=150)
    place = models.CharField(_("where"), max_length=200, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    since = models.DateField(_("since"), null=True, blank=True)
    who_goes = models.CharField(_("who usually goes"), max_length=300, blank=True)
    support_needed = models.CharField(_("support needed"), max_length=500, blank=True)
    skill = models.ForeignKey(
        "vocabulary.Skill",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skill the worker needs"),
    )
    interest = models.ForeignKey(
        "vocabulary.Tag",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interest the worker should share"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "day", "starts_at", "name"]
        verbose_name_plural = "routine activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(day__lte=6), name="activity_day_of_week"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_day_display()})"


class Policy(models.Model):
    """An individual policy for one person; its content lives in ``PolicyVersion`` rows."""

    class Kind(models.TextChoices):
        MEDICATION = "medication", _("Medication")
        MONEY = "money", _("Money")
        RISK = "risk", _("Risk")
        VISITORS = "visitors", _("Visitors")
        POSITIVE_RISK = "positive_risk", _("Positive risk-taking")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "created_at"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} policy"


class PolicyVersion(models.Model):
    """One saved version of an individual policy. Never changed once saved."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("the policy"), max_length=8000)
    owner = models.CharField(_("who owns it"), max_length=150)
    review_on = models.DateField(_("review date"))
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="policy_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"
