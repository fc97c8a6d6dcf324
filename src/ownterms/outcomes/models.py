"""Outcomes and person-centred reviews (issue 8): is each person's life getting better, in their
own words and in numbers.

- A ``Review`` (scheduled from the plan's review dates, or unplanned) gathers what is working
  and not working from each perspective (``ReviewPoint``), what matters for the future, the
  questions, whether the budget is working, and ``Action``s with an owner and a date that flow
  into the person's goals. The person contributes in easy read (a ``CheckIn`` tied to the
  review: smiley scales and their own words, verbatim).
- *Working together for change*: a ``WtfcRound`` groups everyone's top two working / not
  working and hopes (``ReviewPoint.top_two``) into ``Theme``s with an "I statement", root causes
  and success measures.
- Outcome measures are mostly computed from records already kept (goals, incidents,
  restrictive practices, doses, …). What only this app records: ``HealthEvent`` (admissions,
  A&E, other NHS contacts), ``Connection`` (community, relationships, volunteering, work),
  regular easy-read ``CheckIn``s, and ``MeasureRecord`` for a measure with no source record
  (one value per person, measure and date).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Perspective(models.TextChoices):
    PERSON = "person", _("The person")
    FAMILY = "family", _("Family and friends")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Others (professionals, advocates)")


class Review(models.Model):
    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        UNPLANNED = "unplanned", _("Unplanned")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    class BudgetWorking(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "what_matters",
        "questions",
        "budget_note",
    )

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    #: The date it is due (scheduled: from the plan's review date) or planned for.
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    #: Why an unplanned review was called.
    reason = models.CharField(_("why now"), max_length=300, blank=True)
    what_matters = models.TextField(_("what matters for the future"), max_length=6000, blank=True)
    questions = models.TextField(_("questions to answer"), max_length=4000, blank=True)
    budget_working = models.CharField(
        _("is the budget working?"), max_length=10, choices=BudgetWorking.choices, blank=True
    )
    budget_note = models.CharField(_("about the budget"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "-due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="held", held_on__isnull=False)
                | (~Q(status="held") & Q(held_on__isnull=True)),
                name="review_held_date_iff_held",
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.person_id} due {self.due_on}"


class Participant(models.Model):
    """Someone who took part, from one perspective (the person themselves included)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="participants")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)
    role = models.CharField(_("role or relationship"), max_length=150, blank=True)
    circle_member = models.ForeignKey(
        "people.CircleMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_member = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "perspective", "name"]

    def __str__(self) -> str:
        return self.name


class ReviewPoint(models.Model):
    """One thing said in the review from one perspective. ``verbatim`` marks the person's own
    words recorded exactly; ``top_two`` the two working / not working (and the hopes) chosen
    for working together for change."""

    class Kind(models.TextChoices):
        WORKING = "working", _("Working")
        NOT_WORKING = "not_working", _("Not working")
        FUTURE = "future", _("Hopes for the future")

    audit_private_fields: ClassVar[tuple[str, ...]] = ("text",)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="points")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("what was said"), max_length=2000)
    verbatim = models.BooleanField(_("in the person's own words"), default=False)
    top_two = models.BooleanField(_("one of the top two"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["review", "kind", "perspective", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.perspective})"


class Action(models.Model):
    """An action agreed at a review, with an owner and a date; it becomes a goal."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who will do it"), max_length=150)
    due_on = models.DateField(_("by when"))
    goal = models.OneToOneField(
        "plans.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )

    class Meta:
        ordering = ["review", "due_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(owner=""), name="action_has_an_owner")]

    def __str__(self) -> str:
        return self.text


#: What an easy-read check-in asks about, each on a smiley scale (1 very unhappy … 5 very happy).
SMILEY_MIN, SMILEY_MAX = 1, 5
CHECK_IN_TOPICS: tuple[tuple[str, Promise], ...] = (
    ("home", _("My home")),
    ("people", _("My friends and family")),
    ("doing", _("Things I do")),
    ("staff", _("My staff")),
    ("health", _("My health")),
    ("money", _("My money")),
    ("life", _("My life")),
)


class CheckIn(models.Model):
    """What the person says about their life, in easy read: a smiley (1 to 5) per topic and their
    own words, verbatim. Regular, or part of a review."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("own_words", "answers")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="check_ins")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )
    on = models.DateField(_("date"))
    #: topic (``CHECK_IN_TOPICS``) → 1..5; a topic the person skipped is absent.
    answers = models.JSONField(default=dict, blank=True)
    own_words = models.TextField(_("in my own words"), max_length=4000, blank=True)
    #: Who helped the person answer ("with Sam, my support worker"), if anyone.
    helped_by = models.CharField(_("who helped"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-on", "pk"]

    def __str__(self) -> str:
        return f"check-in {self.person_id} {self.on}"


class HealthEvent(models.Model):
    """A use of NHS services: an admission, an A&E visit, another NHS contact."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Hospital admission")
        AE = "ae", _("A&E visit")
        GP = "gp", _("GP appointment")
        COMMUNITY = "community", _("NHS community team contact")
        OUTPATIENT = "outpatient", _("Outpatient appointment")
        CRISIS = "crisis", _("Crisis or mental health team")
        OTHER = "other", _("Other NHS contact")

    audit_private_fields: ClassVar[tuple[str, ...]] = ("note",)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="health_events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    #: For admissions: the day they came home.
    until = models.DateField(_("until"), null=True, blank=True)
    planned = models.BooleanField(_("planned"), default=False)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-on", "pk"]
        indexes = [models.Index(fields=["person", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("on")),
                name="health_event_until_after_on",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Connection(models.Model):
    """A community connection, relationship, volunteering or work: counted while current."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community group or place")
        RELATIONSHIP = "relationship", _("Friendship or relationship")
        VOLUNTEERING = "volunteering", _("Volunteering")
        WORK = "work", _("Paid work")
        LEARNING = "learning", _("Learning (college, course)")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="connections"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("who or what"), max_length=150)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until (not included)"), null=True, blank=True)
    #: Hours a week, for volunteering and work.
    minutes_per_week = models.PositiveIntegerField(_("hours a week (minutes)"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="connection_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MeasureRecord(models.Model):
    """A value of a measure the system has no source record for (e.g. a person's own goal
    measure), at most one per person, measure and date."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="measure_records"
    )
    measure = models.CharField(_("measure"), max_length=40)
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "measure", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "measure", "on"], name="one_measure_value_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.on}"


class WtfcRound(models.Model):
    """One round of working together for change over the reviews held in a period."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("reviews from"))
    ends_on = models.DateField(_("reviews until (not included)"))
    held_on = models.DateField(_("workshop held on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="wtfc_round_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme found across people's top twos, with what the organisation will change."""

    round = models.ForeignKey(WtfcRound, on_delete=models.CASCADE, related_name="themes")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("theme"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewPoint.Kind.choices)
    #: "I want staff who know me before they support me on their own."
    i_statement = models.CharField(_("I statement"), max_length=500)
    root_causes = models.TextField(_("root causes"), max_length=4000, blank=True)
    success_measures = models.TextField(
        _("how we will know it worked"), max_length=4000, blank=True
    )
    points = models.ManyToManyField(ReviewPoint, related_name="themes", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.title
