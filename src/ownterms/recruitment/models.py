"""Recruiting to the person (issue 6): a vacancy belongs to one person's team and is built from
what they want; applicants self-select, meet managers who know the person, then the person
and/or their family, whose view decides; checks, an offer, and the start as a staff member.

An applicant applies once and may be considered for several vacancies (one ``Application``
each) without applying again. Unsuccessful applicants are deleted after the organisation's
retention period (``recruitment.retention_days``), and the deletion is audited.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ownterms.staff.models import validate_postcode_district


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    #: The advert waits for the person (or the family they chose) to approve it.
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for the person's approval")
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Vacancy(models.Model):
    """A place in one person's team, described by what the person wants."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core team")
        RELIEF = "relief", _("Relief")

    class Voice(models.TextChoices):
        #: "I love swimming and need someone active who..."
        PERSON = "person", _("In my words (I, me)")
        #: "Sam loves swimming and needs someone active who..."
        THIRD = "third", _("About me (they, their)")

    class PersonalCare(models.TextChoices):
        NONE = "", _("No preference stated")
        WOMAN = "woman", _("I would like a woman to help with personal care")
        MAN = "man", _("I would like a man to help with personal care")
        NOT_NEEDED = "not_needed", _("No personal care in this role")

    #: The person's words and the organisation's notes: the audit says only that they changed.
    audit_private_fields: ClassVar[tuple[str, ...]] = ("in_my_words", "approval_words")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="vacancies")
    status = models.CharField(
        _("status"), max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    kind = models.CharField(_("core or relief"), max_length=10, choices=Kind.choices)
    #: Hours a week asked for (0 for relief with no set hours).
    minutes_per_week = models.PositiveIntegerField(_("hours a week (minutes)"), default=0)
    #: When, in plain words ("Tuesdays and Thursdays 9:00 to 15:00, one weekend in three").
    pattern_text = models.CharField(_("when the support is"), max_length=500, blank=True)
    #: The support pattern's blocks the vacancy is for, when built from the pattern.
    blocks = models.ManyToManyField("rota.PatternBlock", related_name="+", blank=True)
    area = models.CharField(
        _("area (postcode district)"),
        max_length=4,
        blank=True,
        validators=[validate_postcode_district],
    )
    #: Traits and interests the person looks for in a worker.
    wanted_tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    #: Traits that would not suit the person ("very talkative").
    avoided_tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    #: Skills the worker needs (driving, epilepsy rescue medication).
    skills = models.ManyToManyField("vocabulary.Skill", related_name="+", blank=True)
    personal_care = models.CharField(
        _("personal care"), max_length=12, choices=PersonalCare.choices, blank=True
    )
    voice = models.CharField(
        _("how the advert speaks"), max_length=10, choices=Voice.choices, default=Voice.PERSON
    )
    #: What the person wants to say to applicants, in their words (part of the advert).
    in_my_words = models.TextField(_("in my words"), max_length=3000, blank=True)
    #: The family members (circle) the person chose to decide with; they see the second stage.
    deciders = models.ManyToManyField("people.CircleMember", related_name="+", blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_label = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    #: What the person (or family) said when approving, in their words.
    approval_words = models.TextField(_("what they said"), max_length=2000, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    filled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name_plural = "vacancies"
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Vacancy for {self.person}"

    @property
    def is_public(self) -> bool:
        return self.status == VacancyStatus.OPEN


class Question(models.Model):
    """A self-selection question on the advert, built from the wishes ("Would you enjoy
    swimming twice a week?"); applicants answer yes, no or not sure, with a comment."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="questions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["vacancy", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Source(models.TextChoices):
    """Where an applicant heard of us (workforce figures)."""

    WEBSITE = "website", _("Our website")
    JOB_BOARD = "job_board", _("A job board")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WORD_OF_MOUTH = "word_of_mouth", _("Someone I know")
    TRAINING_ROUTE = "training_route", _("Our training for people new to care")
    STAFF = "staff", _("Already works here")
    OTHER = "other", _("Somewhere else")


class Applicant(models.Model):
    """Someone who applied (no account). One per email address per organisation: a second
    application from the same address adds to the first applicant."""

    #: What applicants tell us about themselves: the audit says only that it changed.
    audit_private_fields: ClassVar[tuple[str, ...]] = ("about_me", "availability")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), max_length=254)
    #: ``email`` lower-cased and trimmed: the same person applying twice is found by it.
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    home_area = models.CharField(
        _("home area (postcode district)"),
        max_length=4,
        blank=True,
        validators=[validate_postcode_district],
    )
    #: From the postcode centroid table, when the postcode is known there.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    about_me = models.TextField(_("about me"), max_length=5000, blank=True)
    #: Traits and interests the applicant describes themselves with.
    tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    #: Skills the applicant says they have (checked at interview, not yet training records).
    skills = models.ManyToManyField("vocabulary.Skill", related_name="+", blank=True)
    available_minutes_per_week = models.PositiveIntegerField(
        _("hours a week I can work (minutes)"), default=0
    )
    availability = models.CharField(_("when I can work"), max_length=500, blank=True)
    drives = models.BooleanField(_("I drive and have a car"), default=False)
    new_to_care = models.BooleanField(_("I am new to care work"), default=False)
    gender = models.CharField(_("gender"), max_length=12, blank=True)
    source = models.CharField(
        _("where you heard of us"), max_length=20, choices=Source.choices, blank=True
    )
    cv = models.FileField(_("CV"), upload_to="recruitment/cv/", blank=True)
    #: An existing staff member being matched (filling a new person's team from current staff).
    staff_member = models.OneToOneField(
        "staff.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant",
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    #: Deleted after this day unless hired (set from ``recruitment.retention_days``).
    keep_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email_key"], name="one_applicant_per_email"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.email_key = self.email.strip().casefold()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Stage(models.TextChoices):
    """An application's stages, in order; ``REJECTED`` and ``WITHDRAWN`` end it early."""

    APPLIED = "applied", _("Applied")
    SCREENED = "screened", _("Screened")
    INTERVIEW = "interview", _("Interview with managers")
    MEETING = "meeting", _("Meeting with the person")
    CHECKS = "checks", _("Pre-employment checks")
    OFFER = "offer", _("Offer made")
    STARTED = "started", _("Started")
    REJECTED = "rejected", _("Not taken forward")
    WITHDRAWN = "withdrawn", _("Withdrew")


#: The stages an application moves through, one step at a time.
STAGE_ORDER: tuple[Stage, ...] = (
    Stage.APPLIED,
    Stage.SCREENED,
    Stage.INTERVIEW,
    Stage.MEETING,
    Stage.CHECKS,
    Stage.OFFER,
    Stage.STARTED,
)
ENDED_STAGES = frozenset({Stage.STARTED, Stage.REJECTED, Stage.WITHDRAWN})


class Application(models.Model):
    """One applicant for one vacancy, and where it has got to."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("answers", "rejection_reason")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.APPLIED
    )
    #: Answers to the vacancy's questions: ``{question public_id: {"answer": "yes"|"no"|
    #: "not_sure", "comment": str}}``.
    answers = models.JSONField(default=dict, blank=True)
    #: The stage it was at when rejected or withdrawn.
    ended_at_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    rejection_reason = models.TextField(_("why"), max_length=2000, blank=True)
    #: Set when a manager considered the applicant for this vacancy from another application.
    considered_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_minutes_per_week = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    #: The staff member the applicant became (stage ``STARTED``).
    staff_member = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "vacancy"], name="one_application_per_vacancy"
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["rejected", "withdrawn"]) | ~Q(ended_at_stage=""),
                name="ended_application_says_where",
            ),
        ]
        indexes = [models.Index(fields=["vacancy", "stage"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.vacancy}"


class StageChange(models.Model):
    """The history of an application: every move, who made it and why. Never changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    note = models.TextField(max_length=2000, blank=True)
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_stage or 'start'} → {self.to_stage}"


class Meeting(models.Model):
    """An interview with managers who know the person (stage ``INTERVIEW``), or the second
    stage with the person and/or family (``MEETING``), whose decision is in their words."""

    class Decision(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNSURE = "unsure", _("Not sure yet")

    audit_private_fields: ClassVar[tuple[str, ...]] = ("notes", "decision_words")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="meetings")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    held_on = models.DateField(_("held on"))
    #: Managers at an interview.
    interviewers = models.ManyToManyField("staff.StaffMember", related_name="+", blank=True)
    person_attended = models.BooleanField(_("the person was there"), default=False)
    #: Family members at the second stage.
    family = models.ManyToManyField("people.CircleMember", related_name="+", blank=True)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    #: The person's or family's decision as they said it ("She made me laugh. Yes.").
    decision_words = models.TextField(_("in their words"), max_length=3000, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=["interview", "meeting"]), name="meeting_at_a_meeting_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.held_on}"


class Check(models.Model):
    """A pre-employment check as a checklist item with dates."""

    class Kind(models.TextChoices):
        DBS = "dbs", _("DBS check (enhanced, adults' barred list)")
        REFERENCE_1 = "reference_1", _("First reference")
        REFERENCE_2 = "reference_2", _("Second reference")
        RIGHT_TO_WORK = "right_to_work", _("Right to work in the UK")
        IDENTITY = "identity", _("Proof of identity")
        HEALTH = "health", _("Health declaration")

    #: Checks an offer cannot start without.
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"dbs", "reference_1", "reference_2", "right_to_work", "identity"}
    )

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("check"), max_length=16, choices=Kind.choices)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    #: A failed check ends the application (with a reason) rather than clearing.
    failed = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_check_per_kind"),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(cleared_on__gte=models.F("requested_on")),
                name="check_cleared_after_requested",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Veto(models.Model):
    """The person (or family) does not want this applicant for their team: cross-matching
    never suggests the pair."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="vetoes")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="vetoes")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "applicant"], name="one_veto_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.applicant} not for {self.vacancy}"


class FormAttempt(models.Model):
    """One sending of the public application form, kept for an hour for the rate limit. In the
    database so the limit holds across every web process (a per-process cache would not). The
    client is a keyed hash of their address, never the address itself."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    client = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)
    #: An application was made (the hourly limit on applications counts these).
    accepted = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "client", "at"], name="form_attempt_client_at")
        ]

    def __str__(self) -> str:
        return f"{self.client[:8]} at {self.at:%Y-%m-%d %H:%M}"


class PostcodeCentroid(models.Model):
    """The centre of a UK postcode (open data, e.g. ONS Postcode Directory / Code-Point Open
    derived CSV), for travel distances. Not per organisation: it is public data."""

    postcode = models.CharField(max_length=8, unique=True)  # normalised: "LS6 2AB"
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.postcode


class Cohort(models.Model):
    """A pre-employment training and mentoring route for people new to care."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    mentor = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CohortSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        ordering = ["cohort", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.on})"


class Trainee(models.Model):
    """Someone on a training route: informed → enrolled → completed (or left); when they
    apply they become an applicant, so the route's report can follow them into jobs."""

    class Status(models.TextChoices):
        INFORMED = "informed", _("Told about the route")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        LEFT = "left", _("Left the route")

    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="trainees"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INFORMED)
    informed_on = models.DateField(_("told about the route on"))
    applicant = models.OneToOneField(
        Applicant, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainee"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Attendance(models.Model):
    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} at {self.session}"
